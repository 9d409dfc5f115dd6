/// The encoding of an input, as decided by ``EncodingDetector``.
public struct DetectedEncoding: Sendable, Hashable {
    /// The family of an encoding.
    public enum Kind: Sendable, Hashable {
        /// UTF-8, ASCII included, with or without a BOM.
        case utf8
        /// UTF-16, little endian (from its BOM).
        case utf16LE
        /// UTF-16, big endian (from its BOM).
        case utf16BE
        /// UTF-32, little endian (from its BOM).
        case utf32LE
        /// UTF-32, big endian (from its BOM).
        case utf32BE
        /// A legacy, non-Unicode charset, by the name ICU opens it with ("windows-1252",
        /// "Shift_JIS", ...).
        case legacy(String)
        /// Not text: invalid UTF-8 with a NUL byte.
        case binary
    }

    /// The family of the encoding.
    public var kind: Kind
    /// The length of the byte order mark at the start of the input (0 when there is none).
    public var bomLength: Int
    /// The display name: "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE",
    /// "windows-1252", ICU's name for other legacy charsets, or "binary".
    public var name: String
    /// Bytes per code unit: 1 for UTF-8 and single-byte legacy charsets, 2 for UTF-16, 4 for
    /// UTF-32; `nil` for multi-byte legacy charsets (Shift_JIS, GB18030, ...) and binary.
    public var bytesPerUnit: Int?

    /// Creates an encoding description; prefer the static members and ``legacy(_:)``.
    public init(kind: Kind, bomLength: Int, name: String, bytesPerUnit: Int?) {
        self.kind = kind
        self.bomLength = bomLength
        self.name = name
        self.bytesPerUnit = bytesPerUnit
    }

    /// UTF-8 without a BOM.
    public static let utf8 = DetectedEncoding(kind: .utf8, bomLength: 0, name: "UTF-8", bytesPerUnit: 1)
    /// UTF-8 with its 3-byte BOM (EF BB BF).
    public static let utf8WithBOM = DetectedEncoding(kind: .utf8, bomLength: 3, name: "UTF-8", bytesPerUnit: 1)
    /// UTF-16LE with its BOM (FF FE).
    public static let utf16LE = DetectedEncoding(kind: .utf16LE, bomLength: 2, name: "UTF-16LE", bytesPerUnit: 2)
    /// UTF-16BE with its BOM (FE FF).
    public static let utf16BE = DetectedEncoding(kind: .utf16BE, bomLength: 2, name: "UTF-16BE", bytesPerUnit: 2)
    /// UTF-32LE with its BOM (FF FE 00 00).
    public static let utf32LE = DetectedEncoding(kind: .utf32LE, bomLength: 4, name: "UTF-32LE", bytesPerUnit: 4)
    /// UTF-32BE with its BOM (00 00 FE FF).
    public static let utf32BE = DetectedEncoding(kind: .utf32BE, bomLength: 4, name: "UTF-32BE", bytesPerUnit: 4)
    /// Binary data: not text in any encoding considered.
    public static let binary = DetectedEncoding(kind: .binary, bomLength: 0, name: "binary", bytesPerUnit: nil)
    /// Windows-1252 (also what ICU calls "ISO-8859-1").
    public static let windows1252 = legacy("windows-1252")

    /// A legacy charset by its ICU name; "ISO-8859-1" is read as "windows-1252" (a superset
    /// that Excel and Windows actually write). ``bytesPerUnit`` comes from ICU (1 for
    /// single-byte charsets, `nil` otherwise, or when ICU does not know the name).
    public static func legacy(_ icuName: String) -> DetectedEncoding {
        let name = icuName.caseInsensitiveEqualsASCII("ISO-8859-1") ? "windows-1252" : icuName
        return DetectedEncoding(
            kind: .legacy(name), bomLength: 0, name: name,
            bytesPerUnit: ICUCharset.maxCharSize(name) == 1 ? 1 : nil)
    }

    /// Whether the encoding is a Unicode one (UTF-8, UTF-16 or UTF-32).
    public var isUnicode: Bool {
        switch kind {
        case .utf8, .utf16LE, .utf16BE, .utf32LE, .utf32BE: true
        case .legacy, .binary: false
        }
    }
}

extension String {
    /// ASCII case-insensitive equality, without Foundation.
    func caseInsensitiveEqualsASCII(_ other: String) -> Bool {
        let lhs = utf8
        let rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).allSatisfy { a, b in
            let la = (a >= 0x41 && a <= 0x5A) ? a | 0x20 : a
            let lb = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            return la == lb
        }
    }
}
