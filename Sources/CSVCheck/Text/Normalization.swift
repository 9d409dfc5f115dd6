/// Unicode Normalization Form C over UTF-8 bytes.
///
/// ASCII is always NFC, and so is any text whose scalars are all below U+0300 (the first
/// combining mark): every byte below 0xCC. Only other text reaches ICU's normalizer, through a
/// UTF-16 copy (ICU normalizes UTF-16 only).
public enum NFC {
    /// Whether the UTF-8 text is in NFC.
    ///
    /// Ill-formed UTF-8 is judged as if each invalid sequence were U+FFFD.
    ///
    /// - Complexity: O(*n*); no ICU call and no allocation when every byte is below 0xCC.
    public static func isNormalized(_ utf8: UnsafeRawBufferPointer) -> Bool {
        if isTriviallyNormalized(utf8) { return true }
        let utf16 = utf16Units(utf8)
        return utf16.withUnsafeBufferPointer { ICUNormalizer.isNormalized($0) } ?? true
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
