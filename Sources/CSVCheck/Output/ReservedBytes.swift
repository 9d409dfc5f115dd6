/// A write position inside room an ``OutputSink`` reserved (``OutputSink/writeReserved(atMost:_:)``):
/// the renderers' per-diagnostic path, which writes a whole diagnostic with one capacity check
/// and one flush test instead of one per piece.
///
/// Nothing is checked: the caller reserves room for the most each write can take, which
/// ``jsonBound(_:)``, ``decimalBound`` and a static string's `utf8CodeUnitCount` give. No write
/// touches a byte past the most it may take (the JSON copy stores 16 bytes at a time, but only
/// while 16 or more bytes of text are left to write).
struct ReservedBytes {
    /// Where the next byte goes; a write moves it past what it wrote.
    var position: UnsafeMutablePointer<UInt8>

    /// The most bytes ``writeDecimal(_:)`` writes (`-9223372036854775808`); also the most it
    /// touches (it stores eight digits at a time, see ``writeUpToEightDigits(_:)``).
    static let decimalBound = 20

    /// The most bytes ``writeJSONString(_:)`` writes for a string of `utf8Count` bytes: every
    /// byte escaped as `\u00XX`, and the quotes.
    @inline(__always)
    static func jsonBound(_ utf8Count: Int) -> Int { 6 &* utf8Count &+ 2 }

    init(_ position: UnsafeMutablePointer<UInt8>) { self.position = position }

    /// Appends one byte.
    @inline(__always)
    mutating func write(byte: UInt8) {
        position.initialize(to: byte)
        position += 1
    }

    /// Appends the bytes of a literal (a constant size once inlined, so a few plain moves).
    @inline(__always)
    mutating func write(_ string: StaticString) {
        string.withUTF8Buffer { write(bytes: $0) }
    }

    /// Appends a byte `count` times (padding).
    @inline(__always)
    mutating func write(byte: UInt8, count: Int) {
        guard count > 0 else { return }
        position.initialize(repeating: byte, count: count)
        position += count
    }

    /// Appends raw bytes.
    @inline(__always)
    mutating func write(bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        UnsafeMutableRawPointer(position).copyMemory(from: source, byteCount: bytes.count)
        position += bytes.count
    }

    /// The digit pairs `00` to `99`, for writing decimals two digits at a time.
    private static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Appends an integer in decimal, `-` first when negative; any `Int`, `Int.min` included.
    @inline(__always)
    mutating func writeDecimal(_ value: Int) {
        let magnitude = UInt64(UInt(bitPattern: value))
        if magnitude < 10 {
            write(byte: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude))
        } else if magnitude < 100 {
            // A column, mostly: one pair of the table.
            UnsafeMutableRawPointer(position).copyMemory(from: Self.digitPairs.utf8Start + Int(magnitude) &* 2, byteCount: 2)
            position += 2
        } else if magnitude < 100_000_000 {
            writeUpToEightDigits(magnitude)
        } else {
            // Negative, or nine digits or more (an offset past 100 MB): rare.
            writeDecimalByPairs(value)
        }
    }

    /// Appends an integer in decimal two digits at a time: the general path, for any `Int`,
    /// and the reference the tests compare ``writeDecimal(_:)`` with.
    mutating func writeDecimalByPairs(_ value: Int) {
        if value < 0 { write(byte: UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // The digit count (by comparisons below 10^8, the numbers of a file), then the digits
        // from the last, two at a time.
        var digits: Int
        if magnitude < 10_000 {
            digits = magnitude < 100 ? (magnitude < 10 ? 1 : 2) : (magnitude < 1000 ? 3 : 4)
        } else if magnitude < 100_000_000 {
            digits = magnitude < 1_000_000 ? (magnitude < 100_000 ? 5 : 6) : (magnitude < 10_000_000 ? 7 : 8)
        } else {
            digits = 9
            var rest = magnitude / 1_000_000_000
            while rest > 0 {
                rest /= 10
                digits += 1
            }
        }
        let end = position + digits
        var cursor = end
        let pairs = Self.digitPairs.utf8Start
        while magnitude >= 100 {
            let quotient = magnitude / 100
            let pair = Int(magnitude &- quotient &* 100) &* 2
            magnitude = quotient
            cursor -= 2
            UnsafeMutableRawPointer(cursor).copyMemory(from: pairs + pair, byteCount: 2)
        }
        if magnitude >= 10 {
            let pair = Int(magnitude) &* 2
            cursor -= 2
            cursor[0] = pairs[pair]
            cursor[1] = pairs[pair &+ 1]
        } else {
            cursor -= 1
            cursor[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
        }
        position = end
    }

    /// Appends a string as a JSON string literal, quotes included; see
    /// ``OutputSink/writeJSONString(_:)`` for the escaping.
    @inline(__always)
    mutating func writeJSONString(_ string: String) {
        write(byte: UInt8(ascii: "\""))
        withUTF8(of: string) { writeJSONEscaped($0) }
        write(byte: UInt8(ascii: "\""))
    }

    /// Copies the leading bytes of `utf8` that need no work, 16 at a time, for the escaping
    /// writers whose escapes are rare (text, GitHub): whole blocks while `needsWork(block, 0)`
    /// is false; then, when every block so far was clean and fewer than 16 bytes are left, the
    /// last 16 bytes of the text stored over the copies of the `16 - rest` before them, if
    /// `needsWork(block, 16 - rest)` (the lanes from `16 - rest` on) is false.
    /// - Returns: The offset from which the caller goes on byte by byte (`utf8.count` when the
    ///   whole text was copied).
    @inline(__always)
    mutating func copyClearBlocks(
        _ utf8: UnsafeBufferPointer<UInt8>, needsWork: (SIMD16<UInt8>, Int) -> Bool
    ) -> Int {
        guard let start = utf8.baseAddress else { return 0 }
        let count = utf8.count
        var offset = 0
        while count - offset >= 16 {
            let block = UnsafeRawPointer(start + offset).loadUnaligned(as: SIMD16<UInt8>.self)
            if needsWork(block, 0) { break }
            UnsafeMutableRawPointer(position).storeBytes(of: block, as: SIMD16<UInt8>.self)
            position += 16
            offset += 16
        }
        let rest = count - offset
        if rest > 0, rest < 16, count >= 16 {
            let back = 16 - rest
            let block = UnsafeRawPointer(start + count - 16).loadUnaligned(as: SIMD16<UInt8>.self)
            if !needsWork(block, back) {
                UnsafeMutableRawPointer(position - back).storeBytes(of: block, as: SIMD16<UInt8>.self)
                position += rest
                return count
            }
        }
        return offset
    }

    /// Appends UTF-8 bytes escaped for the inside of a JSON string literal (no quotes).
    ///
    /// Sixteen bytes at a time: each block is stored as it is, and when one of its bytes needs
    /// escaping the position moves only up to that byte, which is then escaped. The last
    /// partial block is read as the 16 bytes that end the text, when those were all copied as
    /// they are, so a text of 16 bytes or more makes no byte-at-a-time pass unless it has a byte
    /// to escape near its end.
    mutating func writeJSONEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let start = utf8.baseAddress else { return }
        let end = start + utf8.count
        var source = start
        var target = position
        // Bytes from `verbatim` up to `source` were copied unchanged, ending at `target`.
        var verbatim = start
        while end - source >= 16 {
            let block = UnsafeRawPointer(source).loadUnaligned(as: SIMD16<UInt8>.self)
            UnsafeMutableRawPointer(target).storeBytes(of: block, as: SIMD16<UInt8>.self)
            let first = Self.firstSpecial(block)
            if first == 16 {
                source += 16
                target += 16
                continue
            }
            source += first
            target = Self.escape(source.pointee, at: target + first)
            source += 1
            verbatim = source
        }
        let rest = end - source
        if rest > 0 {
            let back = 16 - rest
            if source - verbatim >= back {
                // The last 16 bytes, whose first `back` were copied unchanged already.
                let block = UnsafeRawPointer(end - 16).loadUnaligned(as: SIMD16<UInt8>.self)
                if Self.firstSpecial(block, from: back) == 16 {
                    UnsafeMutableRawPointer(target - back).storeBytes(of: block, as: SIMD16<UInt8>.self)
                    position = target + rest
                    return
                }
            } else if rest >= 8 {
                // 8 to 15 bytes: two overlapping words.
                let head = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
                let tail = UnsafeRawPointer(end - 8).loadUnaligned(as: UInt64.self)
                if !Self.hasSpecial(head.littleEndian), !Self.hasSpecial(tail.littleEndian) {
                    UnsafeMutableRawPointer(target).storeBytes(of: head, as: UInt64.self)
                    UnsafeMutableRawPointer(target + rest - 8).storeBytes(of: tail, as: UInt64.self)
                    position = target + rest
                    return
                }
            } else if rest >= 4 {
                // 4 to 7 bytes (a rule code): two overlapping half-words, tested as one word.
                let head = UnsafeRawPointer(source).loadUnaligned(as: UInt32.self)
                let tail = UnsafeRawPointer(end - 4).loadUnaligned(as: UInt32.self)
                if !Self.hasSpecial(UInt64(head.littleEndian) | UInt64(tail.littleEndian) &<< 32) {
                    UnsafeMutableRawPointer(target).storeBytes(of: head, as: UInt32.self)
                    UnsafeMutableRawPointer(target + rest - 4).storeBytes(of: tail, as: UInt32.self)
                    position = target + rest
                    return
                }
            }
            position = target
            writeJSONEscapedByteByByte(UnsafeBufferPointer(start: source, count: rest))
            return
        }
        position = target
    }

    /// ``writeJSONEscaped(_:)`` one byte at a time: its path for short texts and for the end
    /// of a text with a byte to escape there, and the reference its tests compare it with.
    mutating func writeJSONEscapedByteByByte(_ utf8: UnsafeBufferPointer<UInt8>) {
        var target = position
        for byte in utf8 {
            if Self.isSpecial(byte) {
                target = Self.escape(byte, at: target)
            } else {
                target.initialize(to: byte)
                target += 1
            }
        }
        position = target
    }

    /// Whether a byte must be escaped in a JSON string: `"`, `\` or a control below U+0020.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Whether any of the 8 bytes of `word` must be escaped.
    ///
    /// A byte is below 0x20 or is `"` (0x22) exactly when, with bit 1 flipped, it is below
    /// 0x21: the flip maps 0x00-0x1F onto itself and 0x22 onto 0x20. So two lane tests, not three.
    @inline(__always)
    static func hasSpecial(_ word: UInt64) -> Bool {
        ByteLanes.below(word ^ 0x0202_0202_0202_0202, 0x21) | ByteLanes.equal(word, UInt8(ascii: "\\")) != 0
    }

    /// The index of the first byte at or after `from` in `block` that must be escaped, or 16.
    @inline(__always)
    private static func firstSpecial(_ block: SIMD16<UInt8>, from: Int = 0) -> Int {
        // Lane arithmetic only: it compiles to vector instructions, while the SIMD comparison
        // operators make a loop over the lanes. A lane's top bit ends up set when the byte with
        // bit 1 flipped is below 0x21, that is when the byte is below 0x20 or is `"` (see
        // `hasSpecial`; `- 0x21` wraps), or when it is `\` (the `xor` leaves 0, and `0 - 1`
        // wraps); `~block` clears the top bit of bytes from 0x80 up, whose differences could
        // have it set too.
        let quoteOrControl = (block ^ SIMD16(repeating: 0x02)) &- SIMD16(repeating: 0x21)
        let backslash = block ^ SIMD16(repeating: UInt8(ascii: "\\"))
        let wrapped = quoteOrControl | (backslash &- SIMD16(repeating: 1))
        let lanes = Self.lanes(wrapped & ~block & SIMD16(repeating: 0x80), from: from)
        let low = lanes[0].littleEndian
        let high = lanes[1].littleEndian
        if low != 0 { return low.trailingZeroBitCount &>> 3 }
        if high != 0 { return 8 &+ high.trailingZeroBitCount &>> 3 }
        return 16
    }

    /// The lanes of a lane test's result (a lane's top bit set where the test passed), those
    /// before `from` (0 to 15) cleared, as two words: lane `i` is byte `i % 8` of word `i / 8`
    /// in memory order. The fast paths test `lanes[0] | lanes[1]` for any passing lane.
    @inline(__always)
    static func lanes(_ result: SIMD16<UInt8>, from: Int = 0) -> SIMD2<UInt64> {
        var words = unsafeBitCast(result, to: SIMD2<UInt64>.self)
        if from > 0 {
            if from >= 8 {
                words[0] = 0
                words[1] &= (UInt64.max &<< UInt64((from - 8) &* 8)).littleEndian
            } else {
                words[0] &= (UInt64.max &<< UInt64(from &* 8)).littleEndian
            }
        }
        return words
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Writes the escape of a byte that ``isSpecial(_:)`` at `target`; returns the end.
    private static func escape(_ byte: UInt8, at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        target[0] = UInt8(ascii: "\\")
        let short: UInt8
        switch byte {
        case UInt8(ascii: "\""): short = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): short = UInt8(ascii: "\\")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        default:
            let hex = hexDigits.utf8Start
            target[1] = UInt8(ascii: "u")
            target[2] = UInt8(ascii: "0")
            target[3] = UInt8(ascii: "0")
            target[4] = hex[Int(byte >> 4)]
            target[5] = hex[Int(byte & 0x0F)]
            return target + 6
        }
        target[1] = short
        return target + 2
    }
}

/// Calls `body` with the UTF-8 bytes of `string`, without copying them when the string keeps
/// them contiguous (every native string; a small string is copied to the stack).
@inline(__always)
func withUTF8<Result>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = string
    return copy.withUTF8(body)
}
