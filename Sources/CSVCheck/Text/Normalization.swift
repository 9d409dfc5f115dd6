/// Unicode Normalization Form C over UTF-8 bytes.
///
/// ASCII is always NFC, and so is any text whose scalars are all below U+0300 (the first
/// combining mark): every byte below 0xCC. Text with an ASCII letter followed by a combining
/// mark that composes with it (the decomposed accents of an NFD export) is not. Only other
/// text reaches ICU's normalizer, through a UTF-16 copy (ICU normalizes UTF-16 only).
public enum NFC {
    /// Whether the UTF-8 text is in NFC.
    ///
    /// Ill-formed UTF-8 is judged as if each invalid sequence were U+FFFD.
    ///
    /// - Complexity: O(*n*); no ICU call and no allocation when every byte is below 0xCC, or
    ///   when an ASCII letter and a mark that composes with it settle the answer.
    public static func isNormalized(_ utf8: UnsafeRawBufferPointer) -> Bool {
        if isTriviallyNormalized(utf8) { return true }
        if hasComposingLatinPair(utf8) { return false }
        return withUTF16(utf8) { ICUNormalizer.isNormalized($0) } ?? true
    }

    /// Whether an ASCII letter is followed at once by a combining mark (U+0300-U+036F) that
    /// composes with it (``LatinComposition/composite(_:_:)``): NFC would replace the pair with
    /// its composite, so the text is not in NFC, whatever else it holds. (The letter is a
    /// starter and the mark follows it directly, so nothing can block the composition.) On an
    /// address exported in NFD this answers without ICU, about 1,500 instructions less (callgrind).
    static func hasComposingLatinPair(_ utf8: UnsafeRawBufferPointer) -> Bool {
        let n = utf8.count
        var i = 1
        while i &+ 1 < n {
            let lead = utf8[i]
            // U+0300-U+036F: 0xCC 0x80-0xBF or 0xCD 0x80-0xAF.
            if lead & 0xFE == 0xCC {
                let trail = utf8[i &+ 1]
                if trail & 0xC0 == 0x80 {
                    let mark = UInt32(lead & 0x1F) << 6 | UInt32(trail & 0x3F)
                    if LatinComposition.composite(utf8[i &- 1], mark) != nil { return true }
                }
            }
            i &+= 1
        }
        return false
    }

    /// The NFC form of the UTF-8 text, as UTF-8.
    ///
    /// Ill-formed UTF-8 has each invalid sequence replaced by U+FFFD.
    ///
    /// - Complexity: O(*n*); a copy without ICU when every byte is below 0xCC.
    public static func normalize(_ utf8: UnsafeRawBufferPointer) -> [UInt8] {
        if isTriviallyNormalized(utf8) { return Array(utf8) }
        let utf16 = utf16Units(utf8)
        guard let normalized = utf16.withUnsafeBufferPointer({ ICUNormalizer.normalize($0) }) else {
            return Array(utf8)
        }
        var result: [UInt8] = []
        result.reserveCapacity(normalized.count * 3 / 2)
        _ = transcode(
            normalized.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: false
        ) { result.append($0) }
        return result
    }

    /// Whether every byte is below 0xCC: ASCII (checked 8 bytes at a time first) or scalars
    /// below U+0300, which are all NFC and compose with nothing before them.
    static func isTriviallyNormalized(_ utf8: UnsafeRawBufferPointer) -> Bool {
        if UTF8Validation.isASCII(utf8) { return true }
        for byte in utf8 where byte >= 0xCC { return false }
        return true
    }

    /// Calls `body` with the UTF-16 code units of the UTF-8 text (invalid sequences as U+FFFD).
    /// Well-formed text of up to ``stackUnits`` bytes, a value in a row, is decoded into stack
    /// memory without a call per unit; anything else goes through ``utf16Units(_:)``.
    static func withUTF16<R>(_ utf8: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt16>) -> R) -> R {
        guard utf8.count <= stackUnits, UTF8Validation.firstInvalid(in: utf8) == nil else {
            return utf16Units(utf8).withUnsafeBufferPointer(body)
        }
        // A well-formed sequence of k bytes gives one unit (two for 4 bytes): never more units
        // than bytes.
        return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: max(utf8.count, 1)) { buffer in
            var n = 0
            var i = 0
            while i < utf8.count {
                let lead = UInt32(utf8[i])
                var scalar: UInt32
                if lead < 0x80 {
                    scalar = lead
                    i += 1
                } else if lead < 0xE0 {
                    scalar = (lead & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                    i += 2
                } else if lead < 0xF0 {
                    scalar = (lead & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                    i += 3
                } else {
                    scalar = (lead & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6
                        | UInt32(utf8[i + 3] & 0x3F)
                    i += 4
                }
                if scalar >= 0x1_0000 {
                    scalar -= 0x1_0000
                    buffer[n] = UInt16(truncatingIfNeeded: 0xD800 | scalar >> 10)
                    n += 1
                    scalar = 0xDC00 | scalar & 0x3FF
                }
                buffer[n] = UInt16(truncatingIfNeeded: scalar)
                n += 1
            }
            return body(UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// The longest UTF-8 text that ``withUTF16(_:_:)`` decodes on the stack (512 bytes of
    /// units: `withUnsafeTemporaryAllocation` stays off the heap below 1 KiB).
    static let stackUnits = 256

    /// The UTF-16 code units of the UTF-8 text (invalid sequences as U+FFFD).
    static func utf16Units(_ utf8: UnsafeRawBufferPointer) -> [UInt16] {
        var units: [UInt16] = []
        units.reserveCapacity(utf8.count)
        _ = transcode(
            utf8.makeIterator(), from: UTF8.self, to: UTF16.self, stoppingOnError: false
        ) { units.append($0) }
        return units
    }
}
