// The text work of the address rules that runs once per finding or per non-ASCII address:
// messages laid out in one buffer, and the lower-casing of addresses whose scalars are all
// below U+0300 (which NFC leaves as they are).

/// One message laid out from UTF-8 pieces, then made a `String` in one allocation.
///
/// String interpolation grows and copies its storage piece by piece, and each piece that is a
/// value goes through a `String` of its own first; here ``make(_:)`` runs the writing closure
/// once into a scratch buffer on the stack, and only for a message longer than that buffer a
/// second time, into a string of the length the first run measured. The result is the same
/// text as the interpolation it replaces: ill-formed UTF-8 in a piece is repaired as
/// `String(decoding:as:)` repairs it (each piece's bytes are whole sequences or are repaired
/// at the ASCII quote that ends them).
struct MessageText {
    /// Where the text goes.
    private let start: UnsafeMutablePointer<UInt8>?
    /// The room at `start`: a piece that does not fit is only counted (and so are all after it).
    private let capacity: Int
    /// The bytes written, or measured, so far.
    private(set) var count = 0

    private init(start: UnsafeMutablePointer<UInt8>?, capacity: Int) {
        self.start = start
        self.capacity = capacity
    }

    /// The size of the scratch buffer: room for every message of the address rules but those
    /// that quote a long value or domain.
    private static let scratchCapacity = 320

    /// The message that `write` lays out. `write` must append the same pieces on every call.
    /// Not inlined: its scratch buffer would enlarge the frames of the per-row checks that
    /// call it (for their findings only).
    @inline(never)
    static func make(_ write: (inout MessageText) -> Void) -> String {
        layOut(write) { string(validUTF8: $0, isASCII: $1) }
    }

    /// Appends the message that `write` lays out to `buffer`, as ``make(_:)`` would make it.
    /// With `validUTF8`, the caller vouches that `write` writes well-formed UTF-8 (pieces of
    /// values that were validated, cut at scalar boundaries): a message that is not ASCII is
    /// then not validated again.
    /// - Returns: where it is in `buffer`.
    @inline(never)
    static func append(to buffer: inout [UInt8], validUTF8: Bool = false, _ write: (inout MessageText) -> Void) -> Range<Int> {
        let start = buffer.count
        layOut(write, validUTF8: validUTF8) { bytes, _ in buffer.append(contentsOf: bytes) }
        return start..<buffer.count
    }

    /// Calls `body` with the message that `write` lays out, as ``make(_:)`` would make it,
    /// valid during the call.
    static func withText<R>(_ write: (inout MessageText) -> Void, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        layOut(write) { bytes, _ in body(bytes) }
    }

    /// Lays out what `write` writes and calls `body` with it as well-formed UTF-8 (ill-formed
    /// UTF-8 repaired as `String(decoding:as:)` repairs it), and whether it is all ASCII.
    ///
    /// Into a scratch buffer on the stack; a message longer than that buffer is measured there
    /// and written a second time into a string of its length. The bytes are checked here (ASCII
    /// 32 bytes a step, the rest by ``UTF8Validation``), so that they can be handed to a string
    /// unchecked: the standard library's own check, which its initializers run, took about
    /// 1,000 instructions for a 110-byte EML004 message with two accented letters in it
    /// (callgrind), the most of any step of a dirty file's messages. With `validUTF8` (the
    /// caller vouches for the bytes) only the ASCII test runs.
    @inline(__always)
    private static func layOut<R>(
        _ write: (inout MessageText) -> Void, validUTF8: Bool = false, _ body: (UnsafeRawBufferPointer, _ isASCII: Bool) -> R
    ) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scratchCapacity) { scratch in
            var text = MessageText(start: scratch.baseAddress, capacity: scratchCapacity)
            write(&text)
            let count = text.count
            guard count <= scratchCapacity else {
                // The string's initializer repairs ill-formed UTF-8.
                var long = String(unsafeUninitializedCapacity: count) { buffer in
                    var text = MessageText(start: buffer.baseAddress, capacity: count)
                    write(&text)
                    return text.count
                }
                return long.withUTF8 { body(UnsafeRawBufferPointer($0), false) }
            }
            let bytes = UnsafeRawBufferPointer(start: scratch.baseAddress, count: count)
            if UTF8Validation.isASCII(bytes) { return body(bytes, true) }
            if validUTF8 || UTF8Validation.firstInvalid(in: bytes) == nil { return body(bytes, false) }
            var repaired = String(decoding: bytes, as: UTF8.self)
            return repaired.withUTF8 { body(UnsafeRawBufferPointer($0), false) }
        }
    }

    /// A string of `bytes`, which are well-formed UTF-8 (``layOut(_:_:)``, ``Findings/text``),
    /// made without the standard library's check of them.
    static func string(validUTF8 bytes: UnsafeRawBufferPointer, isASCII: Bool = false) -> String {
        guard !bytes.isEmpty else { return "" }
        return String(copying: UTF8Span(unchecked: bytes.assumingMemoryBound(to: UInt8.self).span, isKnownASCII: isASCII))
    }

    /// Whether `n` more bytes fit; if so, the caller writes them at `start + count`.
    @inline(__always)
    private func fits(_ n: Int) -> Bool { count &+ n <= capacity }

    /// Appends a literal.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        let n = literal.utf8CodeUnitCount
        if fits(n), let start { (start + count).update(from: literal.utf8Start, count: n) }
        count &+= n
    }

    /// Appends UTF-8 bytes (repaired, if ill-formed, when the string is made).
    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n > 0, fits(n), let start {
            UnsafeMutableRawPointer(start + count).copyMemory(from: bytes.baseAddress!, byteCount: n)
        }
        count &+= n
    }

    /// Appends a string's UTF-8.
    @inline(__always)
    mutating func append(_ string: String) {
        var copy = string
        copy.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a value as ``Swift/String/escapedForMessage`` shows it. Up to 80 bytes of
    /// printable ASCII are that already and are copied as they are: no `String` is made of them
    /// (with the interpolation around it, about 4,900 instructions for a BOOL001 message).
    mutating func append(shown value: UnsafeRawBufferPointer) {
        if value.count <= 80, value.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            append(value)
        } else {
            append(String(decoding: value, as: UTF8.self).escapedForMessage)
        }
    }

    /// Appends a non-negative integer in decimal (as `"\(value)"` writes it).
    mutating func append(decimal value: Int) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        if fits(digits), let start {
            var v = value
            var i = count + digits - 1
            repeat {
                start[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
                i -= 1
            } while v > 0
        }
        count &+= digits
    }

    /// Appends `U+` and the scalar value in upper-case hexadecimal, at least four digits.
    mutating func append(codePoint value: UInt32) {
        append("U+")
        var digits = 4
        while digits < 8, value >> UInt32(4 * digits) != 0 { digits += 1 }
        if fits(digits), let start {
            for k in 0..<digits {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt32(4 * (digits - 1 - k))) & 0xF
                start[count + k] = nibble < 10 ? 0x30 + nibble : 0x37 + nibble
            }
        }
        count &+= digits
    }

    /// Appends an address as ``QuotedAddress/init(_:general:)`` prepared it.
    @inline(__always)
    mutating func append(_ quoted: QuotedAddress) {
        if let text = quoted.text {
            append(text)
            return
        }
        append("'")
        append(quoted.shown)
        append(quoted.cut ? "...'" : "'")
    }

    /// Appends the scalar at `byteOffset` (a byte from 0x80 up) as
    /// ``AddressCheck/describeScalar(_:at:)`` describes it: in quotes when visible, else as
    /// `U+XXXX`. Latin-1 letters (and the two signs among them) and the combining diacritical
    /// marks are settled without looking up the scalar's category; an ill-formed sequence
    /// takes the general form.
    mutating func append(scalarDescription value: UnsafeRawBufferPointer, at byteOffset: Int) {
        let lead = value[byteOffset]
        let length = UTF8Validation.sequenceLength(value.baseAddress!, byteOffset, value.count, lead)
        guard length > 1 else {
            append(AddressCheck.describeScalar(value, at: byteOffset))
            return
        }
        var scalar = UInt32(lead) & (0x7F >> UInt32(length))
        for k in 1..<length { scalar = scalar << 6 | UInt32(value[byteOffset + k] & 0x3F) }
        let visible: Bool
        switch scalar {
        case 0xC0...0xFF: visible = true  // letters, and U+00D7 and U+00F7 (math symbols)
        case 0x300...0x36F: visible = false  // nonspacing marks
        default: visible = AddressCheck.isVisible(Unicode.Scalar(scalar)!)
        }
        if visible {
            append("'")
            append(UnsafeRawBufferPointer(rebasing: value[byteOffset..<(byteOffset + length)]))
            append("'")
        } else {
            append(codePoint: scalar)
        }
    }
}

/// An address as ``AddressCheck`` quotes it in messages: in single quotes, cut to its first 57
/// characters and `...` when it has more than 60.
///
/// Worked out once per message, outside ``MessageText/make(_:)`` (whose closure may run twice).
struct QuotedAddress {
    /// The bytes shown (all of them, or the first 57 scalars).
    let shown: UnsafeRawBufferPointer
    /// Whether the value was cut.
    let cut: Bool
    /// The whole quoted text, for ill-formed UTF-8 over 60 bytes (whose repaired form has
    /// other scalars to count); `nil` otherwise.
    let text: String?

    /// Prepares `value`; `general` quotes it the general way (``AddressCheck/quoted(_:)``).
    ///
    /// A value of at most 60 bytes has at most 60 scalars, repaired or not (a repair puts one
    /// U+FFFD for one or more bytes): never cut, and its bytes are repaired when the message is
    /// made as they would be on their own, the quotes around them being ASCII.
    init(_ value: UnsafeRawBufferPointer, general: (UnsafeRawBufferPointer) -> String) {
        if value.count <= 60 {
            (shown, cut, text) = (value, false, nil)
            return
        }
        guard UTF8Validation.isASCII(value) || UTF8Validation.firstInvalid(in: value) == nil else {
            (shown, cut, text) = (UnsafeRawBufferPointer(start: nil, count: 0), false, general(value))
            return
        }
        var scalars = 0
        var end = value.count
        for i in 0..<value.count where value[i] & 0xC0 != 0x80 {
            if scalars == 57 { end = i }
            scalars += 1
        }
        if scalars <= 60 {
            (shown, cut, text) = (value, false, nil)
        } else {
            (shown, cut, text) = (UnsafeRawBufferPointer(rebasing: value[..<end]), true, nil)
        }
    }
}

extension AddressRule {
    /// ``lowercasedNFC(_:)`` for a value whose scalars are all below U+0300 but for combining
    /// marks that NFC composes with the ASCII letter before them into a scalar below U+0300
    /// (``LatinComposition``), written to `out` (room for twice the value's bytes); `nil`, with
    /// nothing promised about `out`, for any other value: another scalar from U+0300 up, a mark
    /// after anything but an ASCII letter (a second mark included), a pair that composes to
    /// nothing or to a scalar from U+0300 up, or ill-formed UTF-8.
    ///
    /// Scalars below U+0300 are in NFC already (see ``NFC/isTriviallyNormalized(_:)``), and none
    /// composes with what comes before it; a letter and one mark with no mark after it is
    /// exactly what NFC composes. Only the lower-casing is left: ASCII and Latin-1 by arithmetic
    /// (U+00C0-U+00DE but U+00D7 are the upper-case letters, 0x20 below their lower-case ones;
    /// nothing else below U+0100 changes), U+0100-U+02FF through the scalar's Unicode properties
    /// as the general path does. A scalar's lowercase mapping is at most three bytes (U+0130 and
    /// U+023A, say), so each one- or two-byte scalar, and each letter and mark (three bytes),
    /// writes at most 1.5 times its bytes.
    /// - Returns: The number of bytes written.
    static func lowercasedBelowCombiningMarks(_ value: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        let count = value.count
        var i = 0
        var n = 0
        // The scalar before, when it is an ASCII letter (as written, not lower-cased); else 0.
        var letter: UInt8 = 0
        let target = UnsafeMutableRawPointer(out)
        while i < count {
            // Eight ASCII bytes at a time (most of an address), lower-cased in one word. `n` is
            // at most 1.5 i, so the eight bytes stored fit in the room for 2 count.
            if i &+ 8 <= count {
                let word = value.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian
                if word & ByteLanes.high == 0 {
                    target.storeBytes(of: Self.lowercasedASCII(word).littleEndian, toByteOffset: n, as: UInt64.self)
                    let last = UInt8(truncatingIfNeeded: word >> 56)
                    letter = (last | 0x20) &- 0x61 < 26 ? last : 0
                    i &+= 8
                    n &+= 8
                    continue
                }
            } else if count >= 8 {
                // Fewer than 8 bytes left (the end of a domain, mostly): when the last 8 bytes
                // are ASCII, they are lower-cased as one word stored over the output of the
                // `8 - (count - i)` before them, ASCII too, each written as one byte, so in
                // the same places. Then nothing is left, and no mark can follow.
                let word = value.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self).littleEndian
                if word & ByteLanes.high == 0 {
                    let back = i &- (count &- 8)
                    target.storeBytes(of: Self.lowercasedASCII(word).littleEndian, toByteOffset: n &- back, as: UInt64.self)
                    return n &+ (count &- i)
                }
            }
            let lead = value[i]
            if lead < 0x80 {
                out[n] = lead &- 0x41 < 26 ? lead | 0x20 : lead
                letter = (lead | 0x20) &- 0x61 < 26 ? lead : 0
                n &+= 1
                i &+= 1
                continue
            }
            // A two-byte sequence for U+0080-U+037F: lead 0xC2-0xCD, one continuation byte.
            guard lead &- 0xC2 < 12, i + 1 < count else { return nil }
            let trail = value[i + 1]
            guard trail & 0xC0 == 0x80 else { return nil }
            i &+= 2
            if lead >= 0xCC {
                // U+0300-U+037F: a combining mark composed with the letter before it, which
                // it replaces. (A mark after it finds no letter before it, and so fails.)
                let mark = UInt32(lead & 0x1F) << 6 | UInt32(trail & 0x3F)
                guard letter != 0, let composite = LatinComposition.composite(letter, mark) else { return nil }
                n &-= 1
                n = appendLowercased(Unicode.Scalar(composite)!, to: out, at: n)
                letter = 0
                continue
            }
            letter = 0
            if lead == 0xC2 {
                out[n] = lead
                out[n + 1] = trail
                n &+= 2
            } else if lead == 0xC3 {
                out[n] = lead
                out[n + 1] = trail < 0x9F && trail != 0x97 ? trail | 0x20 : trail
                n &+= 2
            } else {
                n = appendLowercased(Unicode.Scalar(UInt32(lead & 0x1F) << 6 | UInt32(trail & 0x3F))!, to: out, at: n)
            }
        }
        return n
    }

    /// Eight ASCII bytes (each below 0x80) with `A`-`Z` lower-cased: the lanes in `A...Z`
    /// have their top bit set (``ByteLanes/inRangeASCII(_:_:_:)``), which shifted right twice
    /// is the case bit, 0x20.
    @inline(__always)
    static func lowercasedASCII(_ word: UInt64) -> UInt64 {
        word | ByteLanes.inRangeASCII(word, UInt8(ascii: "A"), UInt8(ascii: "Z")) >> 2
    }

    /// Writes the lowercase mapping of `scalar` (U+0080-U+02FF) as UTF-8 at `out + n`.
    /// - Returns: `n` past what was written.
    private static func appendLowercased(_ scalar: Unicode.Scalar, to out: UnsafeMutablePointer<UInt8>, at n: Int) -> Int {
        var n = n
        if scalar.value >= 0xC0 && scalar.value < 0x100 {
            // Latin-1's letters: 0xC3 and a trail byte, upper case 0x20 below lower case.
            let trail = UInt8(truncatingIfNeeded: 0x80 | scalar.value & 0x3F)
            out[n] = 0xC3
            out[n + 1] = trail < 0x9F && trail != 0x97 ? trail | 0x20 : trail
            return n &+ 2
        }
        if scalar.properties.changesWhenLowercased {
            for byte in scalar.properties.lowercaseMapping.utf8 {
                out[n] = byte
                n &+= 1
            }
            return n
        }
        for byte in UTF8.encode(scalar)! {
            out[n] = byte
            n &+= 1
        }
        return n
    }

    /// ``lowercasedNFCGeneral(_:)`` for well-formed UTF-8: the value's UTF-16 straight to ICU's
    /// normalizer and its result straight to the lower-casing, without the general path's
    /// copies and `String` (which repairs, and so stays the path for ill-formed values).
    /// - Returns: `nil` for ill-formed UTF-8.
    static func lowercasedNFCWellFormed(_ value: UnsafeRawBufferPointer) -> [UInt8]? {
        guard UTF8Validation.firstInvalid(in: value) == nil else { return nil }
        let count = value.count
        let normalized: [UInt16]? = withUnsafeTemporaryAllocation(of: UInt16.self, capacity: max(count, 1)) { units in
            var n = 0
            var i = 0
            while i < count {
                let lead = value[i]
                var scalar = UInt32(lead)
                var length = 1
                if lead >= 0x80 {
                    length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    scalar &= 0x7F >> UInt32(length)
                    for k in 1..<length { scalar = scalar << 6 | UInt32(value[i + k] & 0x3F) }
                }
                if scalar < 0x10000 {
                    units[n] = UInt16(truncatingIfNeeded: scalar)
                    n += 1
                } else {
                    units[n] = UInt16(truncatingIfNeeded: 0xD7C0 + (scalar >> 10))
                    units[n + 1] = UInt16(truncatingIfNeeded: 0xDC00 | (scalar & 0x3FF))
                    n += 2
                }
                i += length
            }
            return ICUNormalizer.normalize(UnsafeBufferPointer(rebasing: units[..<n]))
        }
        var out: [UInt8] = []
        out.reserveCapacity(count + 8)
        guard let normalized else {
            // ICU failed: the general path keeps the value as it is.
            for scalar in String(decoding: value, as: UTF8.self).unicodeScalars { appendLowercased(scalar, to: &out) }
            return out
        }
        var i = 0
        while i < normalized.count {
            let unit = normalized[i]
            var scalar = UInt32(unit)
            if unit & 0xF800 == 0xD800 {
                // A surrogate: ICU's output of well-formed text pairs them all.
                guard unit < 0xDC00, i + 1 < normalized.count, normalized[i + 1] & 0xFC00 == 0xDC00 else { return nil }
                scalar = 0x10000 + ((UInt32(unit) & 0x3FF) << 10 | UInt32(normalized[i + 1]) & 0x3FF)
                i += 1
            }
            i += 1
            appendLowercased(Unicode.Scalar(scalar)!, to: &out)
        }
        return out
    }

    /// Appends the UTF-8 of a scalar's full lowercase mapping (ASCII and Latin-1 by arithmetic).
    @inline(__always)
    static func appendLowercased(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let value = scalar.value
        if value < 0x80 {
            let byte = UInt8(truncatingIfNeeded: value)
            out.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
        } else if value < 0x100 {
            let lowered = value >= 0xC0 && value <= 0xDE && value != 0xD7 ? value | 0x20 : value
            out.append(UInt8(truncatingIfNeeded: 0xC0 | lowered >> 6))
            out.append(UInt8(truncatingIfNeeded: 0x80 | lowered & 0x3F))
        } else if scalar.properties.changesWhenLowercased {
            out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
        } else {
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
    }
}
