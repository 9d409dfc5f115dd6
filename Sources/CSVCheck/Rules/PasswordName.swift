import CSupport

/// PWD006: whether a normalized password contains the mailbox's name (see
/// ``PasswordRules/check(password:localPart:tenant:banned:)``).
enum PasswordName {
    /// PWD006 on a normalized password: the local part, or a piece of it between `.`, `-` or
    /// `_` (only when there is such a separator), of at least 4 characters.
    ///
    /// A text that contains the whole local part contains each of its pieces, so the whole is
    /// searched only when no piece is long enough. A piece's characters are its bytes less its
    /// UTF-8 continuation bytes: for a local part of 8 to 32 bytes the separators and those are
    /// found as bitmaps (``csvcheck_local_part_separators``, ``csvcheck_local_part_bits``), for a
    /// shorter or longer one byte by byte.
    ///
    /// - Parameters:
    ///   - text: The normalized password, followed by ``BannedPasswords/padding`` zero bytes.
    ///   - localPart: The local part as given.
    ///   - fold: The normalization of every byte (``PasswordTables/fold``).
    @inline(__always)
    static func containsName(
        _ text: UnsafeBufferPointer<UInt8>, localPart: UnsafeRawBufferPointer, fold: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        let length = localPart.count
        let name = localPart.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if length < 8 || length > 32 { return containsNameBytewise(text, name, length, fold) }
        // Bit `i` for byte `i` (shared with the prefilter); characters are counted only for a
        // non-ASCII local part.
        var separators: UInt64 = 0
        var continuations: UInt64 = 0
        if csvcheck_local_part_separators(name, length, &separators) == 0 {
            csvcheck_local_part_bits(name, length, &separators, &continuations)
        }
        let minimum = PasswordRules.minimumNameLength
        let search = NameSearch(text, fold: fold)
        var start = 0
        var searched = false
        while separators != 0 {
            let i = separators.trailingZeroBitCount
            if csvcheck_local_part_characters(continuations, start, i) >= minimum {
                searched = true
                if search.occurs(name + start, i &- start) { return true }
            }
            start = i &+ 1
            separators &= separators &- 1
        }
        // The last piece; without any separator it is the whole local part.
        if csvcheck_local_part_characters(continuations, start, length) >= minimum {
            return search.occurs(name + start, length &- start)
        }
        return !searched && csvcheck_local_part_characters(continuations, 0, length) >= minimum
            && search.occurs(name, length)
    }

    /// The search of one normalized password for the pieces of a local part: each piece's
    /// first four normalized bytes are looked for 16 positions at a time
    /// (``PasswordWindows/mayContain(_:_:head:)``, in one step for a password of up to 19
    /// bytes), and a piece whose first four bytes are found is then compared in full.
    private struct NameSearch {
        let text: UnsafeBufferPointer<UInt8>
        let fold: UnsafeMutablePointer<UInt8>

        /// The search of `text`, which must be followed by ``BannedPasswords/padding`` bytes.
        @inline(__always)
        init(_ text: UnsafeBufferPointer<UInt8>, fold: UnsafeMutablePointer<UInt8>) {
            self.text = text
            self.fold = fold
        }

        /// Whether the text contains `needle[0..<m]` (`m` at least 4) once normalized.
        @inline(__always)
        func occurs(_ needle: UnsafePointer<UInt8>, _ m: Int) -> Bool {
            let n = text.count
            if m > n { return false }
            let head = csvcheck_password_head(needle, fold)
            let bytes = text.baseAddress!
            let found =
                n <= 19
                ? PasswordWindows.mayContain16(bytes, head: head) : PasswordWindows.mayContain(bytes, n, head: head)
            return found && contains(text, needle, m, fold, head: head)
        }
    }

    /// ``containsName(_:localPart:fold:)`` one byte at a time, for local parts under 8 or over
    /// 32 bytes.
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
        let head = csvcheck_password_head(needle, fold)
        if !PasswordWindows.mayContain(text.baseAddress!, n, head: head) { return false }
        return contains(text, needle, m, fold, head: head)
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
