/// Tests of 8 bytes at a time in a 64-bit word (little-endian: lane `i` is the byte at offset
/// `i`). A lane result has the top bit of each passing lane set and every other bit clear.
enum ByteLanes {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// The lanes equal to `byte`; exact for any bytes (no carry crosses a lane).
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let t = word ^ (UInt64(byte) &* ones)
        return ~(((t & low) &+ low) | t) & high
    }

    /// The lanes below `bound` (at most 0x80); exact for any bytes: a byte with its top bit set
    /// is never below, and `(byte & 0x7F) + (0x80 - bound)` cannot carry out of its lane.
    @inline(__always)
    static func below(_ word: UInt64, _ bound: UInt8) -> UInt64 {
        ~(((word & low) &+ UInt64(0x80 - bound) &* ones) | word) & high
    }

    /// The lanes equal to the ASCII `byte`; meaningful only when every byte of `word` is ASCII.
    @inline(__always)
    static func equalASCII(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        ~((word ^ (UInt64(byte) &* ones)) &+ low) & high
    }

    /// The lanes in `lower...upper` (ASCII bounds); meaningful only when every byte of `word` is
    /// ASCII: then neither sum carries out of a lane.
    @inline(__always)
    static func inRangeASCII(_ word: UInt64, _ lower: UInt8, _ upper: UInt8) -> UInt64 {
        (word &+ UInt64(0x80 - lower) &* ones) & ~(word &+ UInt64(0x7F - upper) &* ones) & high
    }

    /// One bit per lane: bit `i` set when lane `i` of `lanes` (a lane result) is set.
    @inline(__always)
    static func bits(_ lanes: UInt64) -> UInt64 {
        ((lanes >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// The offset of the last `byte` in `bytes`, or -1; 8 bytes at a time from the end.
    @inline(__always)
    static func lastIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer) -> Int {
        var end = bytes.count
        if end >= 8 {
            while end >= 8 {
                let lanes = equal(bytes.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self).littleEndian, byte)
                if lanes != 0 { return end - 8 + (63 - lanes.leadingZeroBitCount) >> 3 }
                end -= 8
            }
            if end == 0 { return -1 }
            // The first `end` bytes, from a word read at 0 whose other lanes were searched.
            let word = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
            let lanes = equal(word, byte) & (UInt64.max &>> UInt64(64 - 8 * end))
            return lanes == 0 ? -1 : (63 - lanes.leadingZeroBitCount) >> 3
        }
        var i = end - 1
        while i >= 0 && bytes[i] != byte { i -= 1 }
        return i
    }

    /// The offset of the first byte of `bytes` at 0x80 or over (not ASCII), or nil; 8 bytes at
    /// a time.
    @inline(__always)
    static func firstNonASCII(in bytes: UnsafeRawBufferPointer) -> Int? {
        let count = bytes.count
        var offset = 0
        while offset &+ 8 <= count {
            let lanes = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian & high
            if lanes != 0 { return offset &+ lanes.trailingZeroBitCount >> 3 }
            offset &+= 8
        }
        while offset < count {
            if bytes[offset] >= 0x80 { return offset }
            offset &+= 1
        }
        return nil
    }

    /// The bitmap of the offsets of `byte` in `bytes` (at most 64 bytes): bit `i` for offset `i`.
    @inline(__always)
    static func positions(of byte: UInt8, in bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var result: UInt64 = 0
        if count < 8 {
            for i in 0..<count where bytes[i] == byte { result |= 1 &<< UInt64(i) }
            return result
        }
        var offset = 0
        repeat {
            // The last word is read at `count - 8`, overlapping the one before.
            let start = min(offset, count - 8)
            let word = bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self).littleEndian
            result |= bits(equal(word, byte)) &<< UInt64(start)
            offset += 8
        } while offset < count
        return result
    }
}
