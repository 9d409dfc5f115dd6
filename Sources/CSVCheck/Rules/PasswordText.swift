/// Decoding and describing single characters of a password, for messages that say what class a
/// character is without showing it, and the search for the mailbox's name behind PWD006.
enum PasswordText {
    /// The scalar starting at byte `i`, and its length in bytes; `nil` and 1 for a byte that
    /// does not start a valid UTF-8 sequence.
    static func decode(_ bytes: UnsafeRawBufferPointer, at i: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            value = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        if i + length > bytes.count { return (nil, 1) }
        for k in 1..<length {
            let byte = bytes[i + k]
            if byte & 0xC0 != 0x80 { return (nil, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, length)
    }

    /// The class of a disallowed character, with an article: "a control character", "a non-ASCII
    /// letter", ...
    static func describe(_ scalar: Unicode.Scalar?) -> String {
        guard let scalar else { return "an invalid UTF-8 byte" }
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return "a line break"
        case 0x09: return "a tab"
        case 0x00..<0x20, 0x7F..<0xA0: return "a control character"
        default: break
        }
        if scalar.properties.isWhitespace { return "a non-ASCII space" }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return "a non-ASCII letter"
        case .decimalNumber, .letterNumber, .otherNumber:
            return "a non-ASCII digit"
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return "a combining mark"
        case .format:
            return "an invisible formatting character"
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
            .modifierSymbol, .otherSymbol:
            return "a non-ASCII symbol"
        default:
            return "a non-ASCII character"
        }
    }

    /// PWD006 on a normalized password: the local part, or a piece of it between `.`, `-` or
    /// `_` (only when there is such a separator), of at least 4 characters.
    ///
    /// A text that contains the whole local part contains each of its pieces, so the whole is
    /// searched only when no piece is long enough. Pieces are measured while the separators are
    /// looked for: a piece's characters are its bytes less its UTF-8 continuation bytes.
    static func containsName(
        _ text: UnsafeBufferPointer<UInt8>, localPart: UnsafeRawBufferPointer, fold: UnsafeMutablePointer<UInt8>,
        windows: UInt64
    ) -> Bool {
        let length = localPart.count
        let minimum = PasswordRules.minimumNameLength
        let name = localPart.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if length < 8 || length > 64 { return containsNameBytewise(text, name, length, fold, windows) }
        // ASCII, 8 bytes at a time: a bitmap of the separators, without a branch per byte. The
        // words are read at 0, 8, 16, ... and the last one ends at `length` (it may overlap the
        // one before, which sets the same bits again).
        let raw = UnsafeRawPointer(name)
        let last = length - 8
        var any: UInt64 = 0
        var separators: UInt64 = 0
        if length <= 32 {
            // A fixed four words: no loop exit to mispredict.
            for k in 0..<4 {
                let offset = min(8 * k, last)
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
                any |= word
                separators |= separatorBits(word) << UInt64(offset)
            }
        } else {
            var offset = 0
            while true {
                let word = raw.loadUnaligned(fromByteOffset: min(offset, last), as: UInt64.self).littleEndian
                any |= word
                separators |= separatorBits(word) << UInt64(min(offset, last))
                offset += 8
                if offset >= length { break }
            }
        }
        if any & 0x8080_8080_8080_8080 != 0 { return containsNameBytewise(text, name, length, fold, windows) }
        var start = 0
        var longPieces = 0
        while separators != 0 {
            let i = separators.trailingZeroBitCount
            if i - start >= minimum {
                longPieces += 1
                if contains(text, name + start, i - start, fold, windows) { return true }
            }
            start = i + 1
            separators &= separators &- 1
        }
        // The last piece; without any separator it is the whole local part.
        if length - start >= minimum {
            longPieces += 1
            if contains(text, name + start, length - start, fold, windows) { return true }
        }
        return longPieces == 0 && contains(text, name, length, fold, windows)
    }

    /// The separators `.`, `-` and `_` among the 8 bytes of `word` (little-endian), one bit per
    /// byte; meaningful for ASCII bytes only.
    @inline(__always)
    private static func separatorBits(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let ones: UInt64 = 0x0101_0101_0101_0101
        // A lane's top bit is set after `+ low` exactly when the (ASCII) byte differs from the
        // separator.
        let dot = ((word ^ (0x2E &* ones)) & low) &+ low
        let hyphen = ((word ^ (0x2D &* ones)) & low) &+ low
        let underscore = ((word ^ (0x5F &* ones)) & low) &+ low
        let lanes = ~(dot & hyphen & underscore) & 0x8080_8080_8080_8080
        return ((lanes >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// ``containsName(_:localPart:fold:)`` one byte at a time, for short and non-ASCII local
    /// parts.
    private static func containsNameBytewise(
        _ text: UnsafeBufferPointer<UInt8>, _ name: UnsafePointer<UInt8>, _ length: Int, _ fold: UnsafeMutablePointer<UInt8>,
        _ windows: UInt64
    ) -> Bool {
        let minimum = PasswordRules.minimumNameLength
        var start = 0
        var continuations = 0  // in the current piece
        var allContinuations = 0
        var longPieces = 0
        for i in 0..<length {
            let byte = name[i]
            if byte == 0x2E || byte == 0x2D || byte == 0x5F {
                if i - start - continuations >= minimum {
                    longPieces += 1
                    if contains(text, name + start, i - start, fold, windows) { return true }
                }
                start = i + 1
                continuations = 0
            } else if byte & 0xC0 == 0x80 {
                continuations += 1
                allContinuations += 1
            }
        }
        // The last piece; without any separator it is the whole local part, searched below.
        if start > 0 && length - start - continuations >= minimum {
            longPieces += 1
            if contains(text, name + start, length - start, fold, windows) { return true }
        }
        return longPieces == 0 && length - allContinuations >= minimum && contains(text, name, length, fold, windows)
    }

    /// Whether the normalized `text` contains `needle[0..<m]` (`m` at least 4) once normalized:
    /// the needle's first three normalized bytes are looked up in `windows` (a Bloom filter of
    /// the text's 3-byte windows, see ``BannedIndex/scan(_:_:first:last:)``), then its first four
    /// are compared as one word at each position.
    private static func contains(
        _ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafePointer<UInt8>, _ m: Int, _ fold: UnsafeMutablePointer<UInt8>,
        _ windows: UInt64
    ) -> Bool {
        let n = text.count
        if m > n { return false }
        let head =
            UInt32(fold[Int(needle[0])]) | UInt32(fold[Int(needle[1])]) << 8 | UInt32(fold[Int(needle[2])]) << 16
            | UInt32(fold[Int(needle[3])]) << 24
        let bits = BannedIndex.windowBits(product: BannedIndex.trigramProduct(head & 0xFF_FFFF))
        if windows & bits != bits { return false }
        let base = UnsafeRawPointer(text.baseAddress!)
        outer: for i in 0...(n - m) where base.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian == head {
            for k in 4..<m where text[i + k] != fold[Int(needle[k])] { continue outer }
            return true
        }
        return false
    }

    /// Calls `body` with the UTF-8 bytes of `text`, or an empty buffer for `nil`; without
    /// copying for native strings.
    static func withUTF8<R>(of text: String?, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard let text else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
