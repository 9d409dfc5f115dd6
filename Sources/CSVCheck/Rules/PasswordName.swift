import CSupport

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
    @inline(__always)
    static func containsName(
        _ text: UnsafeBufferPointer<UInt8>, localPart: UnsafeRawBufferPointer, fold: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        let length = localPart.count
        let name = localPart.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if length < 8 || length > 32 { return containsNameBytewise(text, name, length, fold) }
        // ASCII: a bitmap of the separators (bit `i` for byte `i`), the first 16 bytes in one
        // compare (under 16 bytes, the first 8 and the last 8), the rest in the last 8 bytes or
        // the last 16, which overlap the first ones and set the same bits again.
        let raw = UnsafeRawPointer(name)
        let tops: UInt64 = 0x8080_8080_8080_8080
        var separators: UInt64
        if length < 16 {
            let head = raw.loadUnaligned(as: UInt64.self)
            let tail = raw.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
            if (head | tail) & tops != 0 { return containsNameBytewise(text, name, length, fold) }
            let bits = separatorBits(unsafeBitCast(SIMD2<UInt64>(head, tail), to: SIMD16<UInt8>.self))
            separators = bits & 0xFF | (bits >> 8) &<< UInt64(length &- 8)
        } else {
            let head = raw.loadUnaligned(as: SIMD16<UInt8>.self)
            let halves = unsafeBitCast(head, to: SIMD2<UInt64>.self)
            var any = halves[0] | halves[1]
            separators = separatorBits(head)
            if length <= 24 {
                // One word (not a second vector: the compiler would do the two vectors' bit
                // gathering as emulated vector multiplies).
                let tail = raw.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
                any |= tail
                separators |= separatorBits(word: tail) &<< UInt64(length &- 8)
            } else {
                let tail = raw.loadUnaligned(fromByteOffset: length &- 16, as: SIMD16<UInt8>.self)
                let tailHalves = unsafeBitCast(tail, to: SIMD2<UInt64>.self)
                any |= tailHalves[0] | tailHalves[1]
                separators |= separatorBits(tail) &<< UInt64(length &- 16)
            }
            if any & tops != 0 { return containsNameBytewise(text, name, length, fold) }
        }
        let search = NameSearch(text, fold: fold)
        var start = 0
        var searched = false
        while separators != 0 {
            let i = separators.trailingZeroBitCount
            if i &- start >= PasswordRules.minimumNameLength {
                searched = true
                if search.occurs(name + start, i &- start) { return true }
            }
            start = i &+ 1
            separators &= separators &- 1
        }
        // The last piece; without any separator it is the whole local part.
        if length &- start >= PasswordRules.minimumNameLength {
            return search.occurs(name + start, length &- start)
        }
        return !searched && search.occurs(name, length)
    }

    /// Whether the normalized password `text` (`count` bytes, 4 to 35, followed by
    /// ``BannedPasswords/padding`` bytes) certainly does not contain the name of `localPart`
    /// (as ``containsName(_:localPart:fold:)`` would find it); `false` means "not known".
    ///
    /// The prefilter of the fast path (``PasswordRules/passes(password:localPart:tenant:banned:)``,
    /// which calls the C function directly; this wrapper is for the tests),
    /// in C with SSE2 (`csvcheck_password_name_absent`): for an ASCII local part of 8 to 32 bytes
    /// with a piece of 4 characters or more, the separators come from one compare and each
    /// piece's first four normalized bytes are looked for at 16 positions per compare, with the
    /// password's four loads shared by every piece. Most local parts of a clean batch are ruled
    /// out by it alone.
    @inline(__always)
    static func certainlyAbsent(
        _ text: UnsafeMutablePointer<UInt8>, _ count: Int, localPart: UnsafeRawBufferPointer,
        fold: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        csvcheck_password_name_absent(
            text, count, localPart.baseAddress!.assumingMemoryBound(to: UInt8.self), localPart.count, fold) != 0
    }

    /// The separators `.`, `-` and `_` among the 16 bytes `v`, one bit per byte (bit `i` for
    /// `v[i]`). Each half's compare lanes (0 or 0xFF) are gathered into 8 bits by one multiply:
    /// the top bit of lane `k` lands on bit `56 + k`.
    @inline(__always)
    private static func separatorBits(_ v: SIMD16<UInt8>) -> UInt64 {
        let found =
            (v .== SIMD16<UInt8>(repeating: 0x2E)) .| (v .== SIMD16<UInt8>(repeating: 0x2D))
            .| (v .== SIMD16<UInt8>(repeating: 0x5F))
        let lanes = unsafeBitCast(found, to: SIMD2<UInt64>.self)
        // The two halves take different shifts, which keeps the compiler from doing the two
        // multiplies as one (emulated) vector multiply.
        let low = ((lanes[0] & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56
        let high = ((lanes[1] & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 48 & 0xFF00
        return low | high
    }

    /// The separators among the 8 bytes of `word` (little-endian), one bit per byte; meaningful
    /// for ASCII bytes only.
    @inline(__always)
    private static func separatorBits(word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let ones: UInt64 = 0x0101_0101_0101_0101
        // A lane's top bit is set after `+ low` exactly when the (ASCII) byte differs from the
        // separator.
        let dot = ((word ^ (0x2E &* ones)) & low) &+ low
        let hyphen = ((word ^ (0x2D &* ones)) & low) &+ low
        let underscore = ((word ^ (0x5F &* ones)) & low) &+ low
        let lanes = ~(dot & hyphen & underscore) & 0x8080_8080_8080_8080
        return (lanes &* 0x0002_0408_1020_4081) >> 56
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
            let head = normalizedHead(needle, fold)
            let bytes = text.baseAddress!
            let found =
                n <= 19
                ? PasswordWindows.mayContain16(bytes, head: head) : PasswordWindows.mayContain(bytes, n, head: head)
            return found && contains(text, needle, m, fold, head: head)
        }
    }

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
