/// PWD006: whether a normalized password contains the mailbox's name (see
/// ``PasswordRules/check(password:localPart:tenant:banned:)``).
enum PasswordName {
    /// PWD006 on a normalized password: the local part, or a piece of it between `.`, `-` or
    /// `_` (only when there is such a separator), of at least 4 characters.
    ///
    /// A text that contains the whole local part contains each of its pieces, so the whole is
    /// searched only when no piece is long enough. Pieces are measured while the separators are
    /// looked for: a piece's characters are its bytes less its UTF-8 continuation bytes.
    ///
    /// - Parameters:
    ///   - text: The normalized password, followed by ``BannedPasswords/padding`` zero bytes.
    ///   - localPart: The local part as given.
    ///   - fold: The normalization of every byte (``PasswordTables/fold``).
    static func containsName(
        _ text: UnsafeBufferPointer<UInt8>, localPart: UnsafeRawBufferPointer, fold: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        let length = localPart.count
        let minimum = PasswordRules.minimumNameLength
        let name = localPart.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if length < 8 || length > 64 { return containsNameBytewise(text, name, length, fold) }
        // ASCII: a bitmap of the separators (bit `i` for byte `i`), without a branch per byte;
        // the last word or vector ends at `length` and may overlap the one before, which sets
        // the same bits again.
        let raw = UnsafeRawPointer(name)
        var high: UInt64 = 0
        var separators: UInt64 = 0
        if length < 16 {
            let head = raw.loadUnaligned(as: UInt64.self).littleEndian
            let tail = raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self).littleEndian
            high = head | tail
            separators = separatorBits(head) | separatorBits(tail) << UInt64(length - 8)
        } else if length <= 32 {
            let (headBits, headAny) = separatorBits(vector: raw)
            let (tailBits, tailAny) = separatorBits(vector: raw + (length - 16))
            high = headAny | tailAny
            separators = headBits | tailBits << UInt64(length - 16)
        } else {
            var offset = 0
            while true {
                let start = min(offset, length - 16)
                let (bits, any) = separatorBits(vector: raw + start)
                high |= any
                separators |= bits << UInt64(start)
                offset += 16
                if offset >= length { break }
            }
        }
        if high & 0x8080_8080_8080_8080 != 0 { return containsNameBytewise(text, name, length, fold) }
        var start = 0
        var longPieces = 0
        while separators != 0 {
            let i = separators.trailingZeroBitCount
            if i - start >= minimum {
                longPieces += 1
                if contains(text, name + start, i - start, fold) { return true }
            }
            start = i + 1
            separators &= separators &- 1
        }
        // The last piece; without any separator it is the whole local part.
        if length - start >= minimum {
            longPieces += 1
            if contains(text, name + start, length - start, fold) { return true }
        }
        return longPieces == 0 && contains(text, name, length, fold)
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
        return laneBits(lanes >> 7)
    }

    /// The separators among the 16 bytes at `bytes`, one bit per byte, and the bytes' two
    /// 8-byte halves or-ed together (for the ASCII test of their top bits).
    @inline(__always)
    private static func separatorBits(vector bytes: UnsafeRawPointer) -> (bits: UInt64, any: UInt64) {
        let v = bytes.loadUnaligned(as: SIMD16<UInt8>.self)
        let found =
            (v .== SIMD16<UInt8>(repeating: 0x2E)) .| (v .== SIMD16<UInt8>(repeating: 0x2D))
            .| (v .== SIMD16<UInt8>(repeating: 0x5F))
        let lanes = unsafeBitCast(found, to: SIMD2<UInt64>.self)
        let halves = unsafeBitCast(v, to: SIMD2<UInt64>.self)
        return (laneBits(lanes[0] & 0x0101_0101_0101_0101) | laneBits(lanes[1] & 0x0101_0101_0101_0101) << 8,
                halves[0] | halves[1])
    }

    /// The low bits of the 8 lanes of `lanes` (each 0 or 1) as an 8-bit number, lane 0 lowest.
    @inline(__always)
    private static func laneBits(_ lanes: UInt64) -> UInt64 { (lanes &* 0x0102_0408_1020_4080) >> 56 }

    /// ``containsName(_:localPart:fold:)`` one byte at a time, for short and non-ASCII local
    /// parts.
    private static func containsNameBytewise(
        _ text: UnsafeBufferPointer<UInt8>, _ name: UnsafePointer<UInt8>, _ length: Int, _ fold: UnsafeMutablePointer<UInt8>
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
                    if contains(text, name + start, i - start, fold) { return true }
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
            if contains(text, name + start, length - start, fold) { return true }
        }
        return longPieces == 0 && length - allContinuations >= minimum && contains(text, name, length, fold)
    }

    /// Whether the normalized `text` contains `needle[0..<m]` (`m` at least 4) once normalized:
    /// its first four normalized bytes are looked for 16 positions at a time
    /// (``PasswordWindows/mayContain(_:_:head:)``), then, where that finds them, compared as one
    /// word at each position with the rest byte by byte.
    @inline(__always)
    private static func contains(
        _ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafePointer<UInt8>, _ m: Int, _ fold: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        let n = text.count
        if m > n { return false }
        let head = normalizedHead(needle, fold)
        if !PasswordWindows.mayContain(text.baseAddress!, n, head: head) { return false }
        return contains(text, needle, m, fold, head: head)
    }

    /// The first four bytes at `needle`, normalized, as `b0 | b1 << 8 | b2 << 16 | b3 << 24`:
    /// for four ASCII letters (the usual start of a name) their lowercase in one word, else
    /// byte by byte through `fold`.
    @inline(__always)
    private static func normalizedHead(_ needle: UnsafePointer<UInt8>, _ fold: UnsafeMutablePointer<UInt8>) -> UInt32 {
        let word = UnsafeRawPointer(needle).loadUnaligned(as: UInt32.self).littleEndian
        let lower = word | 0x2020_2020
        // A lane's top bit is set in `fromA` when the lowercased byte is at least `a`, in
        // `pastZ` when it is past `z` (ASCII lanes, so no carry crosses a lane).
        let fromA = lower &+ 0x1F1F_1F1F
        let pastZ = lower &+ 0x0505_0505
        if (fromA & ~pastZ & ~word) & 0x8080_8080 == 0x8080_8080 { return lower }
        return UInt32(fold[Int(needle[0])]) | UInt32(fold[Int(needle[1])]) << 8 | UInt32(fold[Int(needle[2])]) << 16
            | UInt32(fold[Int(needle[3])]) << 24
    }

    /// The exact end of ``contains(_:_:_:_:)``, once the prefilter found `head` (the needle's
    /// first four normalized bytes) somewhere.
    @inline(never)
    private static func contains(
        _ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafePointer<UInt8>, _ m: Int, _ fold: UnsafeMutablePointer<UInt8>,
        head: UInt32
    ) -> Bool {
        let n = text.count
        let base = UnsafeRawPointer(text.baseAddress!)
        outer: for i in 0...(n - m) where base.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian == head {
            for k in 4..<m where text[i + k] != fold[Int(needle[k])] { continue outer }
            return true
        }
        return false
    }
}
