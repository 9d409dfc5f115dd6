/// Renders a run as one JSON object, the shape DESIGN.md documents:
///
/// ```
/// {"version":1,"files":[{"path":"batch.csv","encoding":"UTF-8","bom":false,"delimiter":",",
///   "lineEnding":"CRLF","diagnostics":[{"code":"EML002","severity":"error","message":"...",
///   "help":"...","line":7,"column":1,"row":6,"field":"EmailAddress","offset":211}],"rows":3}],
///  "summary":{"files":1,"rows":3,"errors":1,"warnings":0}}
/// ```
///
/// The object streams: each file object is opened at ``beginFile(_:_:)`` and its diagnostics are
/// written as they arrive, so `"rows"`, final only at ``endFile(_:_:)``, is the file object's
/// last key. Key order carries no meaning in JSON (RFC 8259, section 4), so readers must look
/// keys up by name. A diagnostic's `help`, `line`, `column`, `row`, `field` and `offset` are
/// omitted when they do not apply; the excerpt is never written (it is for people). The output
/// is a single line ending in a line break.
public struct JSONRenderer: DiagnosticRenderer, Sendable {
    private var firstFile = true
    private var firstDiagnostic = true

    /// Creates a JSON renderer.
    public init() {}

    public mutating func beginRun(_ out: inout OutputSink) {
        out.write(#"{"version":1,"files":["#)
        firstFile = true
    }

    public mutating func beginFile(_ file: FileReport, _ out: inout OutputSink) {
        if !firstFile { out.write(byte: UInt8(ascii: ",")) }
        firstFile = false
        firstDiagnostic = true
        out.write(#"{"path":"#)
        out.writeJSONString(file.path)
        out.write(#","encoding":"#)
        out.writeJSONString(file.encoding)
        out.write(file.bom ? #","bom":true"# : #","bom":false"#)
        out.write(#","delimiter":"#)
        // The byte decoded as UTF-8 (a byte over 0x7F alone is U+FFFD), without the dynamic cast
        // that the generic `String(decoding:as:)` makes on first use.
        let delimiter = file.delimiter
        out.writeJSONString(delimiter < 0x80 ? String(Character(Unicode.Scalar(delimiter))) : "\u{FFFD}")
        out.write(#","lineEnding":"#)
        out.writeJSONString(file.lineEnding)
        out.write(#","diagnostics":["#)
    }

    public mutating func diagnostic(_ d: Diagnostic, in file: FileReport, _ out: inout OutputSink) {
        if !firstDiagnostic { out.write(byte: UInt8(ascii: ",")) }
        firstDiagnostic = false
        out.write(#"{"code":"#)
        out.writeJSONString(d.code.rawValue)
        out.write(d.severity == .error ? #","severity":"error","message":"# : #","severity":"warning","message":"#)
        out.writeJSONString(d.message)
        if let help = d.help {
            out.write(#","help":"#)
            out.writeJSONString(help)
        }
        let location = d.location
        if let line = location.line {
            out.write(#","line":"#)
            out.writeDecimal(line)
        }
        if let column = location.column {
            out.write(#","column":"#)
            out.writeDecimal(column)
        }
        if let row = location.row {
            out.write(#","row":"#)
            out.writeDecimal(row)
        }
        if let field = location.field {
            out.write(#","field":"#)
            out.writeJSONString(field)
        }
        if let offset = location.offset {
            out.write(#","offset":"#)
            out.writeDecimal(offset)
        }
        out.write(byte: UInt8(ascii: "}"))
    }

    public mutating func endFile(_ file: FileReport, _ out: inout OutputSink) {
        out.write(#"],"rows":"#)
        out.writeDecimal(file.rows)
        out.write(byte: UInt8(ascii: "}"))
    }

    public mutating func endRun(_ summary: RunSummary, _ out: inout OutputSink) {
        out.write(#"],"summary":{"files":"#)
        out.writeDecimal(summary.files)
        out.write(#","rows":"#)
        out.writeDecimal(summary.rows)
        out.write(#","errors":"#)
        out.writeDecimal(summary.errors)
        out.write(#","warnings":"#)
        out.writeDecimal(summary.warnings)
        out.write("}}\n")
    }
}
