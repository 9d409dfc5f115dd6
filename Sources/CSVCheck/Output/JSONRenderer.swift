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
    // The cache first and the flags after it, in its tail padding: 22 bytes, which fit the
    // inline buffer of an `any DiagnosticRenderer` (see ``JSONStringCache``).

    /// The rule codes, help texts and field names written so far, escaped.
    private var strings = JSONStringCache()
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

    /// The most bytes of a diagnostic besides its four strings: the keys, the severity, four
    /// numbers and the punctuation.
    private static let fixedBound =
        (#",{"code":,"severity":"warning","message":,"help":,"line":,"column":,"row":,"field":,"offset":}"# as StaticString)
        .utf8CodeUnitCount + 4 * ReservedBytes.decimalBound

    public mutating func diagnostic(_ d: Diagnostic, in file: FileReport, _ out: inout OutputSink) {
        var message = d.message
        message.withUTF8 { message in
            LentDiagnostic.lend(
                code: d.code, severity: d.severity, message: UnsafeRawBufferPointer(message), help: d.help, location: d.location,
                excerpt: nil
            ) { write($0, &out) }
        }
    }

    /// Renders a finding lent by the checker (``Checker/check(path:onStart:lending:)``): its
    /// message, help and field name are read in place.
    package mutating func diagnostic(_ d: LentDiagnostic, _ out: inout OutputSink) {
        write(d, &out)
    }

    /// One diagnostic object; the message is well-formed UTF-8.
    private mutating func write(_ d: LentDiagnostic, _ out: inout OutputSink) {
        let (code, severity, message) = (d.code, d.severity, d.message)
        let comma = !firstDiagnostic
        firstDiagnostic = false
        let help = d.helpSource
        let field = d.fieldSource
        // One reservation for the whole object: every string escaped at its longest.
        let textCount =
            code.rawValue.utf8.count + message.count + (help?.pointee?.utf8.count ?? 0) + (field?.pointee?.utf8.count ?? 0)
        out.writeReserved(atMost: Self.fixedBound + ReservedBytes.jsonBound(textCount) + 3 * ReservedBytes.jsonBound(0)) { w in
            if comma { w.write(byte: UInt8(ascii: ",")) }
            w.write(#"{"code":"#)
            strings.write(code.rawValue, to: &w)
            // Two literal writes, each a constant size, rather than a choice of literal (a copy of
            // a variable size).
            if severity == .error {
                w.write(#","severity":"error","message":""#)
            } else {
                w.write(#","severity":"warning","message":""#)
            }
            w.writeJSONEscaped(message.assumingMemoryBound(to: UInt8.self))
            w.write(byte: UInt8(ascii: "\""))
            if let help, help.pointee != nil {
                w.write(#","help":"#)
                strings.write(help.pointee.unsafelyUnwrapped, to: &w)
            }
            if let line = d.line {
                w.write(#","line":"#)
                w.writeDecimal(line)
            }
            if let column = d.column {
                w.write(#","column":"#)
                w.writeDecimal(column)
            }
            if let row = d.row {
                w.write(#","row":"#)
                w.writeDecimal(row)
            }
            if let field, field.pointee != nil {
                w.write(#","field":"#)
                strings.write(field.pointee.unsafelyUnwrapped, to: &w)
            }
            if let offset = d.offset {
                w.write(#","offset":"#)
                w.writeDecimal(offset)
            }
            w.write(byte: UInt8(ascii: "}"))
        }
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
