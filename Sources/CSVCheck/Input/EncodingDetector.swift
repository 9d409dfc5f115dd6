/// Decides the encoding of an input from its first bytes.
///
/// The order is fixed (DESIGN.md, ENC001/ENC002): a BOM decides; else well-formed UTF-8 is
/// UTF-8 (ASCII included); else a NUL byte means binary; else ICU's best match other than
/// UTF-16/UTF-32 is taken whatever its confidence, with "ISO-8859-1" read as windows-1252.
public enum EncodingDetector {
    /// Detects the encoding of `sample`, the first bytes of the input.
    ///
    /// A BOM-less UTF-16 file of ASCII text is well-formed UTF-8 (with NUL bytes) and is
    /// therefore reported as UTF-8; the NUL bytes are the caller's to flag.
    ///
    /// - Parameters:
    ///   - sample: The first bytes of the input (64 KiB is plenty).
    ///   - isWholeInput: Whether `sample` is the entire input. When it is not, a multi-byte
    ///     UTF-8 sequence cut by the end of the sample does not make it invalid.
    /// - Returns: The detected encoding; ``DetectedEncoding/bomLength`` says how many bytes to
    ///   skip.
    /// - Complexity: O(*n*) without ICU for BOM, ASCII and UTF-8 input.
    public static func detect(sample: UnsafeRawBufferPointer, isWholeInput: Bool) -> DetectedEncoding {
        if let bom = byteOrderMark(sample) { return bom }
        if isUTF8(sample, isWholeInput: isWholeInput) { return .utf8 }
        if sample.contains(0) { return .binary }
        guard let match = ICUCharset.detect(sample) else {
            // ICU found nothing (tiny or odd samples): Windows' own default is the best guess.
            return .windows1252
        }
        return .legacy(icuConverterName(match.name))
    }

    /// The encoding announced by a byte order mark at the start of `sample`, if any.
    ///
    /// UTF-32LE (FF FE 00 00) is checked before UTF-16LE (FF FE).
    public static func byteOrderMark(_ sample: UnsafeRawBufferPointer) -> DetectedEncoding? {
        func starts(with prefix: [UInt8]) -> Bool {
            sample.count >= prefix.count && zip(sample, prefix).allSatisfy { $0 == $1 }
        }
        if starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8WithBOM }
        if starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return .utf32LE }
        if starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return .utf32BE }
        if starts(with: [0xFE, 0xFF]) { return .utf16BE }
        return nil
    }

    /// Whether `sample` is well-formed UTF-8, allowing a cut last sequence unless it is the
    /// whole input.
    static func isUTF8(_ sample: UnsafeRawBufferPointer, isWholeInput: Bool) -> Bool {
        guard let invalid = UTF8Validation.firstInvalid(in: sample) else { return true }
        return !isWholeInput
            && UTF8Validation.isTruncated(in: sample, offset: invalid.offset, length: invalid.length)
    }

    /// ucsdet reports the text direction of IBM420/IBM424 ("IBM420_rtl"), which is not a
    /// converter name; the converter is the charset without the suffix.
    static func icuConverterName(_ detected: String) -> String {
        for suffix in ["_rtl", "_ltr"] where detected.hasSuffix(suffix) {
            return String(detected.dropLast(suffix.count))
        }
        return detected
    }
}
