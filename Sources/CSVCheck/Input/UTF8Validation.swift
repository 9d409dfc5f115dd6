/// Strict UTF-8 validation over raw bytes, with an ASCII fast path.
///
/// Strict means Unicode's well-formed UTF-8 (Table 3-7): overlong forms, surrogates
/// (U+D800-U+DFFF), scalars above U+10FFFF, stray continuation bytes and truncated sequences are
/// all invalid.
public enum UTF8Validation {
    /// The high bit of every byte of a 64-bit word.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Finds the first ill-formed sequence.
    ///
    /// The reported length is that of the *maximal subpart* (Unicode's "U+FFFD substitution of
    /// maximal subparts"): the longest prefix of a well-formed sequence that starts there, or 1.
    /// A decoder that writes one U+FFFD per reported sequence and resumes after it matches
    /// Swift's `String(decoding:as:)` and ICU.
    ///
    /// - Parameters:
    ///   - buffer: The bytes to check.
    ///   - start: Where to start; must be a sequence boundary (0 ... `buffer.count`).
    /// - Returns: The offset (relative to `buffer`) and length of the first ill-formed sequence,
    ///   or `nil` when the bytes from `start` on are well-formed. A sequence cut by the end of
    ///   `buffer` is reported (with the length of what is there).
    /// - Complexity: O(*n*); ASCII runs are checked 8 bytes at a time.
    public static func firstInvalid(
        in buffer: UnsafeRawBufferPointer, from start: Int = 0
    ) -> (offset: Int, length: Int)? {
        guard let base = buffer.baseAddress else { return nil }
        let count = buffer.count
        precondition(start >= 0 && start <= count, "start out of range")
        var index = start
        while index < count {
            // ASCII fast path: 8 bytes per step while no byte has its high bit set.
            while index + 8 <= count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let high = word & highBits
                if high != 0 {
                    index += high.trailingZeroBitCount >> 3
                    break
                }
                index += 8
            }
            guard index < count else { return nil }
            let lead = base.load(fromByteOffset: index, as: UInt8.self)
            if lead < 0x80 {
                index += 1
                continue
            }
            let length = sequenceLength(base, index, count, lead)
            if length < 0 { return (index, -length) }
            index += length
        }
        return nil
    }

    /// Whether every byte is ASCII (below 0x80).
    ///
    /// Whole 32-byte blocks, then 8-byte words, the last of them the buffer's last 8 bytes
    /// (overlapping the word before); a buffer under 8 bytes is read as its first and last 4
    /// (or 2) bytes. No byte is tested alone in a loop: on the dirty benchmark file, whose
    /// values are 10 to 40 bytes, the byte loop over their ends mispredicted about twice a call
    /// in callgrind's branch simulation.
    ///
    /// - Complexity: O(*n*), 32 bytes per step.
    public static func isASCII(_ buffer: UnsafeRawBufferPointer) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        let count = buffer.count
        if count < 8 {
            if count >= 4 {
                let bits = base.loadUnaligned(as: UInt32.self) | base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
                return bits & 0x8080_8080 == 0
            }
            if count >= 2 {
                let bits = base.loadUnaligned(as: UInt16.self) | base.loadUnaligned(fromByteOffset: count &- 2, as: UInt16.self)
                return bits & 0x8080 == 0
            }
            return count == 0 || base.load(as: UInt8.self) < 0x80
        }
        var index = 0
        var accumulated: UInt64 = 0
        while index &+ 32 <= count {
            accumulated |= base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
            if accumulated & highBits != 0 { return false }
            index &+= 32
        }
        while index &+ 8 < count {
            accumulated |= base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        // The last 8 bytes (at least 8 are there), overlapping the words before them.
        accumulated |= base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        return accumulated & highBits == 0
    }

    /// Whether the ill-formed sequence at `offset` (as reported by ``firstInvalid(in:from:)``)
    /// is only a well-formed prefix cut by the end of `buffer`: more bytes might complete it.
    public static func isTruncated(
        in buffer: UnsafeRawBufferPointer, offset: Int, length: Int
    ) -> Bool {
        guard offset + length == buffer.count, length > 0 else { return false }
        let lead = buffer[offset]
        return lead >= 0xC2 && lead <= 0xF4
    }

    /// The scalar value of the sequence at `index` and its length in bytes; an ill-formed
    /// sequence reads as U+FFFD with the length of its maximal subpart, as `String(decoding:as:)`
    /// repairs it.
    @inline(__always)
    static func scalar(in buffer: UnsafeRawBufferPointer, at index: Int) -> (value: UInt32, length: Int) {
        let base = buffer.baseAddress!
        let lead = buffer[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length = sequenceLength(base, index, buffer.count, lead)
        if length < 0 { return (0xFFFD, -length) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(buffer[index + k] & 0x3F) }
        return (value, length)
    }

    /// The length of the well-formed sequence whose lead byte (at least 0x80) is at `index`, or
    /// minus the length of its maximal ill-formed subpart.
    @inline(__always)
    static func sequenceLength(
        _ base: UnsafeRawPointer, _ index: Int, _ count: Int, _ lead: UInt8
    ) -> Int {
        // Expected continuation count and the allowed range of the first continuation byte.
        let needed: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: needed = 1
        case 0xE0: needed = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED: needed = 2; high = 0x9F
        case 0xF0: needed = 3; low = 0x90
        case 0xF1...0xF3: needed = 3
        case 0xF4: needed = 3; high = 0x8F
        default: return -1  // 0x80-0xC1 (stray continuation, overlong lead), 0xF5-0xFF
        }
        var matched = 0
        while matched < needed {
            let position = index + 1 + matched
            guard position < count else { return -(1 + matched) }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            guard byte >= low && byte <= high else { return -(1 + matched) }
            matched += 1
            low = 0x80
            high = 0xBF
        }
        return 1 + needed
    }
}
