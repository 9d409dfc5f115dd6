/// Renders a run as a SARIF 2.1.0 log with one run, for code-scanning tools such as GitHub code
/// scanning.
///
/// `runs[0].tool.driver` names csvcheck and lists every rule of the catalogue (id, name, short
/// and full description, help, default level). Each diagnostic becomes a result with `ruleId`,
/// `ruleIndex` (when the code is in the catalogue), `level`, `message.text` and one physical
/// location: the path as given, as a relative URI reference with reserved characters
/// percent-encoded (an absolute path becomes a `file://` URI), and a region with `startLine` and
/// `startColumn` when they are known. A file-level finding has no region. Columns count Unicode
/// scalars, so the run declares `columnKind: unicodeCodePoints`. The result's property bag keeps
/// `row`, `field`, `offset` and `help`. The files checked are listed in `artifacts`, with their
/// encoding and data row count.
///
/// Results stream as they arrive; only the list of file paths is kept until the end.
public struct SARIFRenderer: DiagnosticRenderer, Sendable {
    /// The rules listed in `tool.driver.rules`.
    public let catalogue: [RuleDescriptor]
    /// The position in ``catalogue`` of the first rule with each code.
    private let ruleIndex: CodeTable<Int>
    private var artifacts: [(uri: String, encoding: String, rows: Int)] = []
    private var firstResult = true

    /// The `$schema` URI written at the top of the log.
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    /// Creates a SARIF renderer.
    /// - Parameter catalogue: The rules to describe; results for other codes have no `ruleIndex`.
    public init(catalogue: [RuleDescriptor] = RuleCatalogue.all) {
        self.catalogue = catalogue
        var index = CodeTable<Int>(capacity: catalogue.count)
        for (position, rule) in catalogue.enumerated() where index[rule.code] == nil {
            index[rule.code] = position
        }
        ruleIndex = index
    }

    public mutating func beginRun(_ out: inout OutputSink) {
        artifacts = []
        firstResult = true
        out.write(#"{"$schema":"#)
        out.writeJSONString(Self.schemaURI)
        out.write(#","version":"2.1.0","runs":[{"tool":{"driver":{"name":"#)
        out.writeJSONString(CSVCheckTool.name)
        out.write(#","version":"#)
        out.writeJSONString(CSVCheckTool.csvcheckVersion)
        out.write(#","semanticVersion":"#)
        out.writeJSONString(CSVCheckTool.csvcheckVersion)
        out.write(#","informationUri":"#)
        out.writeJSONString(CSVCheckTool.informationURI)
        out.write(#","rules":["#)
        for (position, rule) in catalogue.enumerated() {
            if position > 0 { out.write(byte: UInt8(ascii: ",")) }
            out.write(#"{"id":"#)
            out.writeJSONString(rule.code.rawValue)
            out.write(#","name":"#)
            out.writeJSONString(rule.name)
            out.write(#","shortDescription":{"text":"#)
            out.writeJSONString(rule.title)
            out.write(#"},"fullDescription":{"text":"#)
            out.writeJSONString(rule.summary)
            out.write(#"},"help":{"text":"#)
            out.writeJSONString("\(rule.summary)\n\n\(rule.behaviour)\n\nFix: \(rule.fix)\n\nExample:\n\(rule.example)")
            out.write(#"},"defaultConfiguration":{"level":"#)
            out.write(rule.defaultSeverity == .error ? #""error"}}"# : #""warning"}}"#)
        }
        out.write(#"]}},"columnKind":"unicodeCodePoints","results":["#)
    }

    public mutating func beginFile(_ file: FileReport, _ out: inout OutputSink) {
        artifacts.append((Self.uri(forPath: file.path), file.encoding, 0))
    }

    /// The most bytes of a result besides its strings: the keys, the level, five numbers and
    /// the punctuation.
    private static let fixedBound =
        (#",{"ruleId":,"ruleIndex":,"level":"warning","message":{"text":},"locations":[{"physicalLocation":{"artifactLocation":{"uri":,"index":},"region":{"startLine":,"startColumn":}}}],"properties":{"row":,"field":,"offset":,"help":}}"# as StaticString)
        .utf8CodeUnitCount + 7 * ReservedBytes.decimalBound

    public mutating func diagnostic(_ d: Diagnostic, in file: FileReport, _ out: inout OutputSink) {
        let comma = !firstResult
        firstResult = false
        let uri = artifacts.last?.uri ?? Self.uri(forPath: file.path)
        let artifactIndex = max(artifacts.count - 1, 0)
        let index = ruleIndex[d.code]
        let location = d.location
        // One reservation for the whole result: every string escaped at its longest.
        let textCount =
            d.code.rawValue.utf8.count + d.message.utf8.count + uri.utf8.count + (location.field?.utf8.count ?? 0)
            + (d.help?.utf8.count ?? 0)
        out.writeReserved(atMost: Self.fixedBound + ReservedBytes.jsonBound(textCount) + 4 * ReservedBytes.jsonBound(0)) { w in
            if comma { w.write(byte: UInt8(ascii: ",")) }
            w.write(#"{"ruleId":"#)
            w.writeJSONString(d.code.rawValue)
            if let index {
                w.write(#","ruleIndex":"#)
                w.writeDecimal(index)
            }
            if d.severity == .error {
                w.write(#","level":"error","message":{"text":"#)
            } else {
                w.write(#","level":"warning","message":{"text":"#)
            }
            w.writeJSONString(d.message)
            w.write(#"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"#)
            w.writeJSONString(uri)
            w.write(#","index":"#)
            w.writeDecimal(artifactIndex)
            w.write(byte: UInt8(ascii: "}"))
            if let line = location.line, line >= 1 {
                w.write(#","region":{"startLine":"#)
                w.writeDecimal(line)
                if let column = location.column, column >= 1 {
                    w.write(#","startColumn":"#)
                    w.writeDecimal(column)
                }
                w.write(byte: UInt8(ascii: "}"))
            }
            w.write("}}]")
            if location.row != nil || location.field != nil || location.offset != nil || d.help != nil {
                w.write(#","properties":{"#)
                var first = true
                func separator(_ w: inout ReservedBytes) {
                    if !first { w.write(byte: UInt8(ascii: ",")) }
                    first = false
                }
                if let row = location.row {
                    separator(&w)
                    w.write(#""row":"#)
                    w.writeDecimal(row)
                }
                if let field = location.field {
                    separator(&w)
                    w.write(#""field":"#)
                    w.writeJSONString(field)
                }
                if let offset = location.offset {
                    separator(&w)
                    w.write(#""offset":"#)
                    w.writeDecimal(offset)
                }
                if let help = d.help {
                    separator(&w)
                    w.write(#""help":"#)
                    w.writeJSONString(help)
                }
                w.write(byte: UInt8(ascii: "}"))
            }
            w.write(byte: UInt8(ascii: "}"))
        }
    }

    public mutating func endFile(_ file: FileReport, _ out: inout OutputSink) {
        if !artifacts.isEmpty { artifacts[artifacts.count - 1].rows = file.rows }
    }

    public mutating func endRun(_ summary: RunSummary, _ out: inout OutputSink) {
        out.write(#"],"artifacts":["#)
        for (position, artifact) in artifacts.enumerated() {
            if position > 0 { out.write(byte: UInt8(ascii: ",")) }
            out.write(#"{"location":{"uri":"#)
            out.writeJSONString(artifact.uri)
            out.write(#"},"encoding":"#)
            out.writeJSONString(artifact.encoding)
            out.write(#","properties":{"rows":"#)
            out.writeDecimal(artifact.rows)
            out.write("}}")
        }
        out.write("]}]}\n")
    }

    /// The URI reference for a path as given: a relative reference with every byte outside
    /// RFC 3986's unreserved set and `/` percent-encoded (`my batch.csv` -> `my%20batch.csv`),
    /// or a `file://` URI for an absolute path.
    public static func uri(forPath path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = path.hasPrefix("/") ? Array("file://".utf8) : []
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                UInt8(ascii: "/"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
