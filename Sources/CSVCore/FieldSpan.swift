/// Where one field lies inside its record, and what the tokenizer noticed about it.
///
/// Offsets are relative to the first byte of the record, so a span stays valid however the
/// input was chunked. `start..<end` is the raw text of the field, quotes included; the decoded
/// value is read through ``Record/value(at:)``.
public struct FieldSpan: Sendable, Hashable, BitwiseCopyable {
    /// Raw start (the opening quote for a quoted field).
    public var start: Int32
    /// Raw end, exclusive (before the delimiter or line break).
    public var end: Int32
    /// Start of the value: in the record's bytes, or in its scratch when ``Flags/unescaped``.
    public var valueStart: Int32
    /// End of the value, exclusive.
    public var valueEnd: Int32
    /// Raw offset of the first stray quote or of the first character after a closing quote
    /// (CSV003); -1 when there is none.
    public var problemAt: Int32
    /// What the tokenizer noticed.
    public var flags: Flags

    /// Facts about a field's syntax. The flags are computed and inlinable, so that code in other
    /// modules tests them with an immediate operand instead of calling an accessor.
    public struct Flags: OptionSet, Sendable, Hashable, BitwiseCopyable {
        public let rawValue: UInt8
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The field starts with a quote.
        @inlinable public static var quoted: Flags { Flags(rawValue: 1 << 0) }
        /// The quoted field contains a doubled quote.
        @inlinable public static var escapedQuote: Flags { Flags(rawValue: 1 << 1) }
        /// A quote inside an unquoted field (CSV003).
        @inlinable public static var strayQuote: Flags { Flags(rawValue: 1 << 2) }
        /// Text after the closing quote (CSV003).
        @inlinable public static var textAfterQuote: Flags { Flags(rawValue: 1 << 3) }
        /// The quoted field reaches the end of the input without its closing quote (CSV002).
        @inlinable public static var unterminated: Flags { Flags(rawValue: 1 << 4) }
        /// The value lives in the record's scratch buffer (it had to be unescaped).
        @inlinable public static var unescaped: Flags { Flags(rawValue: 1 << 5) }
        /// The raw field contains a line break (only possible when quoted).
        @inlinable public static var multiline: Flags { Flags(rawValue: 1 << 6) }
    }
}

/// How a record ended.
public enum LineTerminator: UInt8, Sendable, Hashable, BitwiseCopyable {
    /// Carriage return and line feed.
    case crlf
    /// Line feed alone.
    case lf
    /// Carriage return alone (classic Mac OS).
    case cr
    /// The input ended without a line break.
    case none

    /// The conventional name: `CRLF`, `LF`, `CR` or `none`.
    public var name: String {
        switch self {
        case .crlf: "CRLF"
        case .lf: "LF"
        case .cr: "CR"
        case .none: "none"
        }
    }
}
