/// What checking one file found: how it is encoded and laid out, how many data rows it has, and
/// every diagnostic in source order.
public struct FileReport: Sendable {
    /// The path as given (`-` for standard input).
    public var path: String
    /// The encoding detected, e.g. `UTF-8`, `UTF-16LE`, `windows-1252`.
    public var encoding: String
    /// Whether the file starts with a byte order mark.
    public var bom: Bool
    /// The delimiter the file was read with.
    public var delimiter: UInt8
    /// The line ending of the header line: `CRLF`, `LF`, `CR`, or `none` for a one-line file.
    public var lineEnding: String
    /// Data rows read (the header, blank lines and preamble lines are not rows).
    public var rows: Int
    /// Every finding, in the order of the file.
    public var diagnostics: [Diagnostic]

    /// Creates a report.
    public init(
        path: String, encoding: String = "UTF-8", bom: Bool = false, delimiter: UInt8 = UInt8(ascii: ","),
        lineEnding: String = "none", rows: Int = 0, diagnostics: [Diagnostic] = []
    ) {
        self.path = path
        self.encoding = encoding
        self.bom = bom
        self.delimiter = delimiter
        self.lineEnding = lineEnding
        self.rows = rows
        self.diagnostics = diagnostics
    }

    /// The number of error diagnostics found (kept in ``diagnostics`` or not).
    public var errorCount = 0
    /// The number of warning diagnostics found (kept in ``diagnostics`` or not).
    public var warningCount = 0

    /// Counts a diagnostic and, when `keep` is true, appends it to ``diagnostics``.
    ///
    /// Inlined: the checker calls it once per finding, mostly with `keep` false (the CLI streams
    /// its diagnostics), and a call made the caller copy the diagnostic first.
    @inline(__always)
    public mutating func record(_ diagnostic: Diagnostic, keep: Bool = true) {
        count(diagnostic.severity)
        if keep { diagnostics.append(diagnostic) }
    }

    /// Counts a diagnostic of `severity` without keeping it.
    @inline(__always)
    mutating func count(_ severity: Severity) {
        switch severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        }
    }
}
