/// Renders diagnostics as GitHub Actions workflow commands, which GitHub shows as annotations
/// on the file and line:
///
/// ```
/// ::error file=batch.csv,line=7,col=1,title=EML002::'pilar.contoso.com' is not an email address: it has no '@'
/// ```
///
/// Warnings use `::warning`. `line` and `col` are omitted when unknown. Property values escape
/// `%`, CR, LF, `:` and `,` (`%25 %0D %0A %3A %2C`); the message escapes `%`, CR and LF. The run
/// ends with the plain summary line, which the Actions log shows as ordinary output.
public struct GitHubRenderer: DiagnosticRenderer, Sendable {
    /// Creates a GitHub Actions renderer.
    public init() {}

    public mutating func beginRun(_ out: inout OutputSink) {}

    public mutating func beginFile(_ file: FileReport, _ out: inout OutputSink) {}

    public mutating func diagnostic(_ d: Diagnostic, in file: FileReport, _ out: inout OutputSink) {
        out.write(d.severity == .error ? "::error file=" : "::warning file=")
        Self.writeEscaped(file.path, property: true, to: &out)
        if let line = d.location.line {
            out.write(",line=")
            out.writeDecimal(line)
            if let column = d.location.column {
                out.write(",col=")
                out.writeDecimal(column)
            }
        }
        out.write(",title=")
        Self.writeEscaped(d.code.rawValue, property: true, to: &out)
        out.write("::")
        Self.writeEscaped(d.message, property: false, to: &out)
        out.write(byte: UInt8(ascii: "\n"))
    }

    public mutating func endFile(_ file: FileReport, _ out: inout OutputSink) {}

    public mutating func endRun(_ summary: RunSummary, _ out: inout OutputSink) {
        summary.writeSentence(to: &out)
        out.write(byte: UInt8(ascii: "\n"))
    }

    /// Writes `text` with GitHub's workflow-command escaping: `%`, CR and LF always, and `:` and
    /// `,` too when it is a property value.
    static func writeEscaped(_ text: String, property: Bool, to out: inout OutputSink) {
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let escape: StaticString
                switch utf8[index] {
                case UInt8(ascii: "%"): escape = "%25"
                case 0x0D: escape = "%0D"
                case 0x0A: escape = "%0A"
                case UInt8(ascii: ":") where property: escape = "%3A"
                case UInt8(ascii: ",") where property: escape = "%2C"
                default: continue
                }
                if runStart < index { out.write(bytes: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                out.write(escape)
                runStart = index + 1
            }
            if runStart < utf8.count { out.write(bytes: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
    }
}
