import Foundation
import Testing

@testable import CSVCheck

// MARK: Fixtures

/// The test source location of the caller, for rows of a test table.
private func here(
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> Testing.SourceLocation {
    Testing.SourceLocation(fileID: fileID, filePath: filePath, line: line, column: column)
}

private let emailDiagnostic = Diagnostic(
    code: .malformedAddress, severity: .error,
    message: "'pilar.contoso.com' is not an email address: it has no '@'",
    help: "use the on-premises primary SMTP address, e.g. pilarp@contoso.com",
    location: CSVCheck.SourceLocation(offset: 211, line: 7, column: 1, row: 6, field: "EmailAddress"),
    excerpt: "pilar.contoso.com,********,False")

private func render(_ renderer: some DiagnosticRenderer, _ reports: [FileReport]) -> String {
    var renderer = renderer
    var out = OutputSink.memory()
    renderer.render(reports, to: &out)
    return out.string
}

private func report(_ diagnostics: [Diagnostic], path: String = "batch.csv", rows: Int = 3) -> FileReport {
    FileReport(path: path, lineEnding: "CRLF", rows: rows, diagnostics: diagnostics)
}

private func parseJSON(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
}

// MARK: Text

struct OutputTextCase: Sendable, CustomTestStringConvertible {
    var name: String
    var diagnostic: Diagnostic
    var expected: String
    var sourceLocation: Testing.SourceLocation
    var testDescription: String { name }
}

private let textCases: [OutputTextCase] = [
    OutputTextCase(
        name: "DESIGN.md example", diagnostic: emailDiagnostic,
        expected: """
            batch.csv:7:1: error[EML002]: 'pilar.contoso.com' is not an email address: it has no '@'
               |
             7 | pilar.contoso.com,********,False
               |
               = help: use the on-premises primary SMTP address, e.g. pilarp@contoso.com


            """, sourceLocation: here()),
    OutputTextCase(
        name: "no line",
        diagnostic: Diagnostic(code: .emptyFile, severity: .error, message: "the file is empty"),
        expected: "batch.csv: error[CSV001]: the file is empty\n", sourceLocation: here()),
    OutputTextCase(
        name: "line without column",
        diagnostic: Diagnostic(
            code: .blankLine, severity: .warning, message: "blank line between data rows",
            location: CSVCheck.SourceLocation(line: 7)),
        expected: "batch.csv:7: warning[CSV007]: blank line between data rows\n", sourceLocation: here()),
    OutputTextCase(
        name: "help without excerpt, no line",
        diagnostic: Diagnostic(
            code: .tooManyRows, severity: .error, message: "2,001 data rows; a staged batch takes at most 2,000",
            help: "split it: csvcheck split batch.csv --out batches"),
        expected: """
            batch.csv: error[ROW001]: 2,001 data rows; a staged batch takes at most 2,000
               = help: split it: csvcheck split batch.csv --out batches


            """, sourceLocation: here()),
    OutputTextCase(
        name: "four-digit gutter, no help",
        diagnostic: Diagnostic(
            code: .notBoolean, severity: .error, message: "ForceChangePassword is 'WAAR', not True or False",
            location: CSVCheck.SourceLocation(line: 1204, column: 29), excerpt: "jo@contoso.com,********,WAAR"),
        expected: """
            batch.csv:1204:29: error[BOOL001]: ForceChangePassword is 'WAAR', not True or False
                  |
             1204 | jo@contoso.com,********,WAAR
                  |


            """, sourceLocation: here()),
    OutputTextCase(
        name: "control characters are made visible",
        diagnostic: Diagnostic(
            code: .controlCharacter, severity: .error, message: "ESC \u{1B}[31m in value",
            location: CSVCheck.SourceLocation(line: 2, column: 5), excerpt: "ab\tc\u{1B}d\u{7F}\u{85}"),
        expected: "batch.csv:2:5: error[ENC004]: ESC \u{241B}[31m in value\n   |\n 2 | ab\tc\u{241B}d\u{2421}\u{FFFD}\n   |\n\n",
        sourceLocation: here()),
]

@Test("text output", arguments: textCases)
func textOutput(_ testCase: OutputTextCase) {
    var renderer = TextRenderer()
    var out = OutputSink.memory()
    let file = report([])
    renderer.diagnostic(testCase.diagnostic, in: file, &out)
    #expect(out.string == testCase.expected, sourceLocation: testCase.sourceLocation)
}

@Test func textRunEndsWithSummary() {
    let output = render(TextRenderer(), [report([emailDiagnostic])])
    #expect(output.hasSuffix("\n\n1 file, 3 rows: 1 error, 0 warnings\n"))
    #expect(render(TextRenderer(), [report([], path: "-")]) == "1 file, 3 rows: no problems found\n")
}

@Test func textStandardInputIsNamed() {
    let d = Diagnostic(code: .emptyFile, severity: .error, message: "the file is empty")
    #expect(render(TextRenderer(), [report([d], path: "-", rows: 0)]).hasPrefix("<stdin>: error[CSV001]"))
}

@Test func textColour() {
    var renderer = TextRenderer(color: true)
    var out = OutputSink.memory()
    renderer.diagnostic(emailDiagnostic, in: report([]), &out)
    let lines = out.string.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "\u{1B}[1mbatch.csv:7:1:\u{1B}[0m \u{1B}[1;31merror[EML002]\u{1B}[0m: 'pilar.contoso.com' is not an email address: it has no '@'")
    #expect(lines[1] == "\u{1B}[1;34m   |\u{1B}[0m")
    #expect(lines[2] == "\u{1B}[1;34m 7 |\u{1B}[0m pilar.contoso.com,********,False")
    #expect(lines[4] == "   \u{1B}[1;34m=\u{1B}[0m help: use the on-premises primary SMTP address, e.g. pilarp@contoso.com")

    var warning = emailDiagnostic
    warning.severity = .warning
    out = OutputSink.memory()
    renderer.diagnostic(warning, in: report([]), &out)
    #expect(out.string.contains("\u{1B}[1;33mwarning[EML002]\u{1B}[0m"))
}

struct OutputCaretCase: Sendable {
    var excerpt: String
    var column: Int
    var caretLine: String
    var sourceLocation: Testing.SourceLocation
}

private let caretCases: [OutputCaretCase] = [
    OutputCaretCase(excerpt: "a@b.c,********,WAAR", column: 16, caretLine: "   |                ^", sourceLocation: here()),
    OutputCaretCase(excerpt: "x", column: 1, caretLine: "   | ^", sourceLocation: here()),
    OutputCaretCase(excerpt: "a\tb", column: 3, caretLine: "   |  \t^", sourceLocation: here()),
    OutputCaretCase(excerpt: "ab", column: 3, caretLine: "   |   ^", sourceLocation: here()),
    // Wide or non-ASCII text before the column: no caret rather than a wrong one.
    OutputCaretCase(excerpt: "日本,x", column: 4, caretLine: "   |", sourceLocation: here()),
    OutputCaretCase(excerpt: "é,x", column: 3, caretLine: "   |", sourceLocation: here()),
    OutputCaretCase(excerpt: "ab", column: 5, caretLine: "   |", sourceLocation: here()),
]

@Test("caret under the column", arguments: caretCases)
func caret(_ testCase: OutputCaretCase) {
    var renderer = TextRenderer(caret: true)
    var out = OutputSink.memory()
    let d = Diagnostic(
        code: .notBoolean, severity: .error, message: "m",
        location: CSVCheck.SourceLocation(line: 2, column: testCase.column), excerpt: testCase.excerpt)
    renderer.diagnostic(d, in: report([]), &out)
    let lines = out.string.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(String(lines[3]) == testCase.caretLine, sourceLocation: testCase.sourceLocation)
}

// MARK: Summary wording

struct OutputSummaryCase: Sendable {
    var summary: RunSummary
    var sentence: String
    var sourceLocation: Testing.SourceLocation
}

private let summaryCases: [OutputSummaryCase] = [
    OutputSummaryCase(summary: RunSummary(files: 3, rows: 4512, errors: 2, warnings: 5),
                sentence: "3 files, 4,512 rows: 2 errors, 5 warnings", sourceLocation: here()),
    OutputSummaryCase(summary: RunSummary(files: 1, rows: 1, errors: 1, warnings: 1),
                sentence: "1 file, 1 row: 1 error, 1 warning", sourceLocation: here()),
    OutputSummaryCase(summary: RunSummary(files: 1, rows: 3, errors: 0, warnings: 0),
                sentence: "1 file, 3 rows: no problems found", sourceLocation: here()),
    OutputSummaryCase(summary: RunSummary(files: 0, rows: 0, errors: 0, warnings: 0),
                sentence: "0 files, 0 rows: no problems found", sourceLocation: here()),
    OutputSummaryCase(summary: RunSummary(files: 2, rows: 1_000_000, errors: 0, warnings: 50_000),
                sentence: "2 files, 1,000,000 rows: 0 errors, 50,000 warnings", sourceLocation: here()),
    OutputSummaryCase(summary: RunSummary(files: 1, rows: 999, errors: 1000, warnings: 0),
                sentence: "1 file, 999 rows: 1,000 errors, 0 warnings", sourceLocation: here()),
    OutputSummaryCase(summary: RunSummary(files: 12, rows: 123_456_789, errors: 12345, warnings: 100),
                sentence: "12 files, 123,456,789 rows: 12,345 errors, 100 warnings", sourceLocation: here()),
]

@Test("summary sentence", arguments: summaryCases)
func summarySentence(_ testCase: OutputSummaryCase) {
    #expect(testCase.summary.sentence == testCase.sentence, sourceLocation: testCase.sourceLocation)
}

@Test func summaryAddsReports() {
    var summary = RunSummary()
    var file = FileReport(path: "a.csv", rows: 3)
    file.record(emailDiagnostic)
    file.record(Diagnostic(code: .blankLine, severity: .warning, message: "m"), keep: false)
    summary.add(file)
    summary.add(report([], rows: 10))
    #expect(summary == RunSummary(files: 2, rows: 13, errors: 1, warnings: 1))
}

// MARK: OutputSink

@Test(
    "decimal",
    arguments: [
        (0, nil, "0"), (7, nil, "7"), (-42, nil, "-42"), (1000, nil, "1000"), (1000, ",", "1,000"),
        (999, ",", "999"), (-1_234_567, ",", "-1,234,567"), (Int.max, nil, "9223372036854775807"),
        (Int.min, nil, "-9223372036854775808"), (Int.min, ",", "-9,223,372,036,854,775,808"),
    ] as [(Int, Character?, String)])
func decimal(_ value: Int, _ separator: Character?, _ expected: String) {
    var out = OutputSink.memory()
    out.writeDecimal(value, thousandsSeparator: separator?.asciiValue)
    #expect(out.string == expected)
}

@Test(
    "JSON string escaping",
    arguments: [
        ("plain", #""plain""#),
        ("say \"hi\"", #""say \"hi\"""#),
        (#"C:\path\file.csv"#, #""C:\\path\\file.csv""#),
        ("a\nb\rc\td\u{8}e\u{C}f", #""a\nb\rc\td\be\ff""#),
        ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
        ("René · 日本 · 🙂", "\"René · 日本 · 🙂\""),
        ("\u{7F}/</script>", "\"\u{7F}/</script>\""),
        ("", #""""#),
    ])
func jsonEscaping(_ input: String, _ expected: String) throws {
    var out = OutputSink.memory()
    out.writeJSONString(input)
    #expect(out.string == expected)
    // And a JSON parser reads back the original.
    let parsed = try JSONSerialization.jsonObject(with: Data("[\(out.string)]".utf8)) as? [String]
    #expect(parsed == [input])
}

@Test func staticStringsAndBytes() {
    var out = OutputSink.memory()
    out.write("a" as StaticString)
    out.write("é" as String)
    out.write(bytes: [0x21, 0x21])
    out.write(byte: 0x3F, count: 2)
    out.write(byte: 0x3F, count: 0)
    #expect(out.string == "aé!!??")
    #expect(out.bytes == Array("aé!!??".utf8))
}

@Test func fileDescriptorSinkFlushesEverythingInOrder() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString).txt")
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }

    var expected = ""
    var out = OutputSink(fileDescriptor: handle.fileDescriptor)
    for index in 0..<20_000 {
        out.writeDecimal(index)
        out.write(" line\n")
        expected += "\(index) line\n"
        // Nothing accumulates past the threshold plus one write.
        #expect(out.bytes.count <= OutputSink.flushThreshold + 16)
    }
    try out.finish()
    #expect(out.bytes.isEmpty)
    #expect(try String(contentsOf: url, encoding: .utf8) == expected)
}

@Test func writeFailureIsReported() {
    var out = OutputSink(fileDescriptor: -1)
    out.write("lost")
    #expect(throws: OutputSinkError(errno: EBADF)) { try out.finish() }
    #expect(out.failure == OutputSinkError(errno: EBADF))
}

// MARK: JSON

@Test func jsonMatchesDesign() throws {
    var file = report([emailDiagnostic])
    file.encoding = "UTF-8"
    let text = render(JSONRenderer(), [file])
    #expect(text.hasSuffix("}\n"))
    #expect(!text.dropLast().contains("\n"))
    let root = try parseJSON(text)
    #expect(root["version"] as? Int == 1)
    let files = try #require(root["files"] as? [[String: Any]])
    #expect(files.count == 1)
    let f = files[0]
    #expect(f["path"] as? String == "batch.csv")
    #expect(f["encoding"] as? String == "UTF-8")
    #expect(f["bom"] as? Bool == false)
    #expect(f["delimiter"] as? String == ",")
    #expect(f["lineEnding"] as? String == "CRLF")
    #expect(f["rows"] as? Int == 3)
    let diagnostics = try #require(f["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 1)
    let d = diagnostics[0]
    #expect(Set(d.keys) == ["code", "severity", "message", "help", "line", "column", "row", "field", "offset"])
    #expect(d["code"] as? String == "EML002")
    #expect(d["severity"] as? String == "error")
    #expect(d["message"] as? String == emailDiagnostic.message)
    #expect(d["help"] as? String == emailDiagnostic.help)
    #expect(d["line"] as? Int == 7)
    #expect(d["column"] as? Int == 1)
    #expect(d["row"] as? Int == 6)
    #expect(d["field"] as? String == "EmailAddress")
    #expect(d["offset"] as? Int == 211)
    let summary = try #require(root["summary"] as? [String: Int])
    #expect(summary == ["files": 1, "rows": 3, "errors": 1, "warnings": 0])
}

@Test func jsonOmitsMissingFieldsAndEscapes() throws {
    let nasty = "bad \"quote\" \\ back\nslash \u{1} ctl, Zoë 日本 🙂"
    let diagnostics = [
        Diagnostic(code: .emptyFile, severity: .warning, message: nasty),
        Diagnostic(code: .headerCase, severity: .warning, message: "m", location: CSVCheck.SourceLocation(line: 1, row: 0, field: "Email\"Address")),
    ]
    var first = FileReport(path: "dir\\my \"batch\".csv", encoding: "windows-1252", bom: true,
                           delimiter: 0x09, lineEnding: "LF", rows: 0, diagnostics: diagnostics)
    first.rows = 0
    let second = FileReport(path: "empty.csv", delimiter: UInt8(ascii: ";"), rows: 5)
    let root = try parseJSON(render(JSONRenderer(), [first, second]))
    let files = try #require(root["files"] as? [[String: Any]])
    #expect(files.count == 2)
    #expect(files[0]["path"] as? String == "dir\\my \"batch\".csv")
    #expect(files[0]["encoding"] as? String == "windows-1252")
    #expect(files[0]["bom"] as? Bool == true)
    #expect(files[0]["delimiter"] as? String == "\t")
    #expect(files[1]["delimiter"] as? String == ";")
    #expect(files[1]["lineEnding"] as? String == "none")
    #expect(files[1]["rows"] as? Int == 5)
    #expect((files[1]["diagnostics"] as? [Any])?.isEmpty == true)
    let d = try #require(files[0]["diagnostics"] as? [[String: Any]])
    #expect(Set(d[0].keys) == ["code", "severity", "message"])
    #expect(d[0]["message"] as? String == nasty)
    #expect(d[0]["severity"] as? String == "warning")
    #expect(Set(d[1].keys) == ["code", "severity", "message", "line", "row", "field"])
    #expect(d[1]["row"] as? Int == 0)
    #expect(d[1]["field"] as? String == "Email\"Address")
    #expect(try #require(root["summary"] as? [String: Int]) == ["files": 2, "rows": 5, "errors": 0, "warnings": 2])
}

@Test func jsonEmptyRun() throws {
    let root = try parseJSON(render(JSONRenderer(), []))
    #expect((root["files"] as? [Any])?.isEmpty == true)
    #expect(try #require(root["summary"] as? [String: Int]) == ["files": 0, "rows": 0, "errors": 0, "warnings": 0])
}

@Test func jsonStreamsFiftyThousandDiagnostics() throws {
    var diagnostics: [Diagnostic] = []
    for row in 1...50_000 {
        diagnostics.append(Diagnostic(
            code: .surroundingWhitespace, severity: .warning, message: "value has a trailing space",
            help: "trim it", location: CSVCheck.SourceLocation(offset: row * 40, line: row + 1, column: 3, row: row, field: "EmailAddress"),
            excerpt: "a@contoso.com ,********"))
    }
    let file = report(diagnostics, rows: 1_000_000)
    let text = render(JSONRenderer(), [file])
    let root = try parseJSON(text)
    let files = try #require(root["files"] as? [[String: Any]])
    #expect((files[0]["diagnostics"] as? [Any])?.count == 50_000)
    // Speed is measured in Benchmarks/, not asserted here.
}

// MARK: GitHub

@Test(
    "GitHub escaping",
    arguments: [
        ("plain", true, "plain"),
        ("a%b", false, "a%25b"),
        ("line1\r\nline2", false, "line1%0D%0Aline2"),
        ("a:b,c", false, "a:b,c"),
        ("a:b,c", true, "a%3Ab%2Cc"),
        ("100%: x,\n", true, "100%25%3A x%2C%0A"),
        ("Zoë,日本", true, "Zoë%2C日本"),
    ])
func gitHubEscaping(_ input: String, _ property: Bool, _ expected: String) {
    var out = OutputSink.memory()
    GitHubRenderer.writeEscaped(input, property: property, to: &out)
    #expect(out.string == expected)
}

@Test func gitHubCommands() {
    let diagnostics = [
        emailDiagnostic,
        Diagnostic(code: .blankLine, severity: .warning, message: "blank line, 100% empty", location: CSVCheck.SourceLocation(line: 4)),
        Diagnostic(code: .emptyFile, severity: .error, message: "the file is empty"),
    ]
    let output = render(GitHubRenderer(), [report(diagnostics, path: "in,put/b:1.csv")])
    #expect(output == """
        ::error file=in%2Cput/b%3A1.csv,line=7,col=1,title=EML002::'pilar.contoso.com' is not an email address: it has no '@'
        ::warning file=in%2Cput/b%3A1.csv,line=4,title=CSV007::blank line, 100%25 empty
        ::error file=in%2Cput/b%3A1.csv,title=CSV001::the file is empty
        1 file, 3 rows: 2 errors, 1 warning

        """)
}

// MARK: Factory

@Test(arguments: OutputFormat.allCases)
func factoryMakesEachFormat(_ format: OutputFormat) throws {
    var renderer = makeRenderer(format: format, color: false, catalogue: RuleCatalogue.all)
    var out = OutputSink.memory()
    renderer.render([report([emailDiagnostic])], to: &out)
    let text = out.string
    switch format {
    case .text: #expect(text.hasPrefix("batch.csv:7:1: error[EML002]"))
    case .json: #expect(try parseJSON(text)["version"] as? Int == 1)
    case .sarif: #expect(try parseJSON(text)["version"] as? String == "2.1.0")
    case .github: #expect(text.hasPrefix("::error file=batch.csv,line=7,col=1,title=EML002::"))
    }
    #expect(OutputFormat(rawValue: format.rawValue) == format)
}

// MARK: Catalogue

/// Every `RuleCode("XXX")` declared in RuleCode.swift, read from the source so a new code
/// without a descriptor fails here.
private func declaredCodes() throws -> [String] {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let source = try String(
        contentsOf: packageRoot.appendingPathComponent("Sources/CSVCheck/Diagnostics/RuleCode.swift"), encoding: .utf8)
    let regex = try NSRegularExpression(pattern: #"RuleCode\("([A-Z]+[0-9]+)"\)"#)
    let range = NSRange(source.startIndex..., in: source)
    return regex.matches(in: source, range: range).compactMap { match in
        Range(match.range(at: 1), in: source).map { String(source[$0]) }
    }
}

@Test func everyRuleCodeHasADescriptor() throws {
    let codes = try declaredCodes()
    #expect(codes.count >= 44)
    for code in codes {
        #expect(RuleCatalogue.descriptor(for: RuleCode(code)) != nil, "no descriptor for \(code)")
    }
    #expect(Set(RuleCatalogue.all.map(\.code.rawValue)) == Set(codes))
    #expect(RuleCatalogue.all.count == Set(RuleCatalogue.all.map(\.code)).count, "duplicate descriptor")
    #expect(RuleCatalogue.descriptor(for: RuleCode("XYZ999")) == nil)
}

@Test func defaultSeveritiesMatchDesign() throws {
    // DESIGN.md lists each rule as "- CODE severity: ..."; read it when it is there.
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let design = packageRoot.appendingPathComponent("../shared/DESIGN.md").standardizedFileURL
    guard let text = try? String(contentsOf: design, encoding: .utf8) else {
        print("skipped: \(design.path) not found")
        return
    }
    let regex = try NSRegularExpression(pattern: #"^- ([A-Z]+[0-9]{3}) (error|warning):"#, options: .anchorsMatchLines)
    let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
    #expect(matches.count == RuleCatalogue.all.count)
    for match in matches {
        let code = String(text[Range(match.range(at: 1), in: text)!])
        let severity = String(text[Range(match.range(at: 2), in: text)!])
        #expect(RuleCatalogue.descriptor(for: RuleCode(code))?.defaultSeverity.rawValue == severity, "\(code)")
    }
}

@Test(arguments: RuleCatalogue.all.map(\.code.rawValue))
func descriptorIsComplete(_ code: String) throws {
    let rule = try #require(RuleCatalogue.descriptor(for: RuleCode(code)))
    #expect(rule.code.rawValue == code)
    for text in [rule.title, rule.summary, rule.behaviour, rule.example, rule.fix] {
        #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }
    #expect(!rule.title.contains("\n") && rule.title.count <= 60)
    #expect(rule.summary.hasSuffix(".") && rule.behaviour.hasSuffix(".") && rule.fix.hasSuffix("."))
    #expect(!rule.name.isEmpty && rule.name.allSatisfy { $0.isLetter || $0.isNumber })
    #expect(rule.name.first?.isUppercase == true)
}

@Test func catalogueTable() {
    var out = OutputSink.memory()
    CatalogueRenderer.writeTable(to: &out)
    let lines = out.string.split(separator: "\n")
    #expect(lines.count == RuleCatalogue.all.count + 1)
    #expect(lines[0] == "CODE     SEVERITY  TITLE")
    #expect(lines.contains("DUP001   error     Duplicate address"))
    #expect(lines.contains("EML005   warning   Cloud-only domain"))
}

@Test func catalogueJSON() throws {
    var out = OutputSink.memory()
    CatalogueRenderer.writeJSON(to: &out)
    let array = try #require(try JSONSerialization.jsonObject(with: Data(out.string.utf8)) as? [[String: String]])
    #expect(array.count == RuleCatalogue.all.count)
    for (object, rule) in zip(array, RuleCatalogue.all) {
        #expect(object == [
            "code": rule.code.rawValue, "severity": rule.defaultSeverity.rawValue, "title": rule.title,
            "summary": rule.summary, "behaviour": rule.behaviour, "example": rule.example, "fix": rule.fix,
        ])
    }
}

@Test func explainText() throws {
    let rule = try #require(RuleCatalogue.descriptor(for: .wrongDelimiter))
    var out = OutputSink.memory()
    CatalogueRenderer.writeExplanation(rule, to: &out)
    let text = out.string
    #expect(text.hasPrefix("CSV004: Delimiter is not a comma (default severity: error)\n\nWhat it checks\n    "))
    for heading in ["\n\nMicrosoft behaviour\n    ", "\n\nExample\n    ", "\n\nFix\n    "] {
        #expect(text.contains(heading))
    }
    // The CSV example is shown one record a line, indented.
    #expect(text.contains("\n    EmailAddress;Password;ForceChangePassword\n    pilar@contoso.com;********;False\n"))
    #expect(!text.contains("\r"))
}

@Test func explainWrapsProse() throws {
    for rule in RuleCatalogue.all {
        var out = OutputSink.memory()
        CatalogueRenderer.writeExplanation(rule, to: &out)
        let lines = out.string.split(separator: "\n")
        let exampleLines = Set(rule.example.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).map { "    " + $0 })
        for line in lines.dropFirst() where !exampleLines.contains(String(line)) {
            #expect(line.unicodeScalars.count <= CatalogueRenderer.wrapWidth, "\(rule.code): \(line)")
        }
        // Wrapping loses no word.
        let words = out.string.split(whereSeparator: { $0 == " " || $0 == "\n" })
        #expect(words.contains(Substring(rule.fix.split(separator: " ").last!)))
    }
}
