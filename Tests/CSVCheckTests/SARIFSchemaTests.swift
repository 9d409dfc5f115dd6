import Foundation
import Testing

@testable import CSVCheck

/// The package root: three levels above this file (Tests/CSVCheckTests/SARIFSchemaTests.swift).
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The official SARIF 2.1.0 schema, kept beside the repository in `../shared/schemas`.
private let schemaURL = packageRoot.appendingPathComponent("../shared/schemas/sarif-schema-2.1.0.json")
    .standardizedFileURL

private let validatorScript = """
    import json, sys
    try:
        import jsonschema
    except ImportError:
        print("jsonschema is not installed"); sys.exit(3)
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    log = json.load(sys.stdin)
    cls = jsonschema.validators.validator_for(schema)
    errors = sorted(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(log), key=str)
    for e in errors[:20]:
        print("/".join(str(p) for p in e.absolute_path) + ": " + e.message)
    sys.exit(1 if errors else 0)
    """

/// Runs the validator; `nil` when it cannot run (no python3, no jsonschema, no schema), with
/// the reason printed.
private func validate(_ sarif: String) throws -> (status: Int32, output: String)? {
    guard FileManager.default.fileExists(atPath: schemaURL.path) else {
        print("skipped SARIF schema validation: \(schemaURL.path) not found")
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", validatorScript, schemaURL.path]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    do {
        try process.run()
    } catch {
        print("skipped SARIF schema validation: cannot run python3 (\(error))")
        return nil
    }
    // The script reads all of its input before it writes anything, so writing first cannot
    // deadlock on a full pipe.
    input.fileHandleForWriting.write(Data(sarif.utf8))
    try input.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    switch process.terminationStatus {
    case 127:
        print("skipped SARIF schema validation: python3 not found")
        return nil
    case 3:
        print("skipped SARIF schema validation: \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        return nil
    default:
        return (process.terminationStatus, text)
    }
}

private func sarif(_ reports: [FileReport], catalogue: [RuleDescriptor] = RuleCatalogue.all) -> String {
    var renderer = SARIFRenderer(catalogue: catalogue)
    var out = OutputSink.memory()
    renderer.render(reports, to: &out)
    return out.string
}

private let sampleReports: [FileReport] = [
    FileReport(
        path: "batches/my batch.csv", encoding: "UTF-8", lineEnding: "CRLF", rows: 3,
        diagnostics: [
            Diagnostic(
                code: .malformedAddress, severity: .error, message: "'pilar.contoso.com' is not an email address: it has no '@'",
                help: "use the on-premises primary SMTP address", location: CSVCheck.SourceLocation(offset: 211, line: 7, column: 1, row: 6, field: "EmailAddress"),
                excerpt: "pilar.contoso.com,********,False"),
            Diagnostic(code: .blankLine, severity: .warning, message: "blank line \"between\" rows", location: CSVCheck.SourceLocation(line: 4)),
            Diagnostic(code: .fileTooLarge, severity: .error, message: "file-level finding, no region"),
            Diagnostic(code: RuleCode("ORG001"), severity: .warning, message: "custom rule, not in the catalogue", location: CSVCheck.SourceLocation(line: 2, column: 3)),
        ]),
    FileReport(path: "/abs/Zoë 日本.csv", encoding: "UTF-16LE", bom: true, rows: 0, diagnostics: [
        Diagnostic(code: .noRows, severity: .error, message: "no data rows\nsecond line \u{1}", location: CSVCheck.SourceLocation(line: 0)),
    ]),
    FileReport(path: "clean.csv", rows: 12),
]

struct SARIFSchemaCase: Sendable, CustomTestStringConvertible {
    var name: String
    var reports: [FileReport]
    var testDescription: String { name }
}

@Test(
    "SARIF validates against the official 2.1.0 schema",
    arguments: [
        SARIFSchemaCase(name: "findings in several files", reports: sampleReports),
        SARIFSchemaCase(name: "no files", reports: []),
        SARIFSchemaCase(name: "clean file", reports: [FileReport(path: "ok.csv", rows: 1)]),
    ])
func sarifIsValid(_ testCase: SARIFSchemaCase) throws {
    let log = sarif(testCase.reports)
    guard let result = try validate(log) else { return }
    #expect(result.status == 0, "schema violations:\n\(result.output)")
}

@Test func sarifContent() throws {
    let log = sarif(sampleReports)
    let root = try #require(try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [String: Any])
    #expect(root["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
    #expect(root["version"] as? String == "2.1.0")
    let run = try #require((root["runs"] as? [[String: Any]])?.first)
    #expect(run["columnKind"] as? String == "unicodeCodePoints")
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "csvcheck")
    #expect(driver["version"] as? String == CSVCheckTool.csvcheckVersion)
    #expect(driver["informationUri"] as? String == CSVCheckTool.informationURI)

    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.count == RuleCatalogue.all.count)
    for (rule, descriptor) in zip(rules, RuleCatalogue.all) {
        #expect(rule["id"] as? String == descriptor.code.rawValue)
        #expect(rule["name"] as? String == descriptor.name)
        #expect((rule["shortDescription"] as? [String: String])?["text"] == descriptor.title)
        #expect((rule["fullDescription"] as? [String: String])?["text"] == descriptor.summary)
        #expect((rule["help"] as? [String: String])?["text"]?.contains(descriptor.fix) == true)
        #expect((rule["defaultConfiguration"] as? [String: String])?["level"] == descriptor.defaultSeverity.rawValue)
    }

    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == 5)

    // A full finding: rule index, level, message, location with region, properties.
    let first = results[0]
    #expect(first["ruleId"] as? String == "EML002")
    let index = try #require(first["ruleIndex"] as? Int)
    #expect(rules[index]["id"] as? String == "EML002")
    #expect(first["level"] as? String == "error")
    #expect((first["message"] as? [String: String])?["text"] == "'pilar.contoso.com' is not an email address: it has no '@'")
    let physical = try #require(((first["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
    let artifact = try #require(physical["artifactLocation"] as? [String: Any])
    #expect(artifact["uri"] as? String == "batches/my%20batch.csv")
    #expect(artifact["index"] as? Int == 0)
    #expect(physical["region"] as? [String: Int] == ["startLine": 7, "startColumn": 1])
    let properties = try #require(first["properties"] as? [String: Any])
    #expect(properties["row"] as? Int == 6)
    #expect(properties["field"] as? String == "EmailAddress")
    #expect(properties["offset"] as? Int == 211)
    #expect(properties["help"] as? String == "use the on-premises primary SMTP address")

    func region(_ result: [String: Any]) -> [String: Int]? {
        (((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
    }
    #expect(results[1]["level"] as? String == "warning")
    #expect(region(results[1]) == ["startLine": 4])
    #expect(region(results[2]) == nil)
    #expect(results[2]["properties"] == nil)
    #expect(results[3]["ruleId"] as? String == "ORG001")
    #expect(results[3]["ruleIndex"] == nil)
    // Line 0 is not a SARIF line: no region rather than an invalid one.
    #expect(region(results[4]) == nil)
    #expect((results[4]["message"] as? [String: String])?["text"] == "no data rows\nsecond line \u{1}")

    let artifacts = try #require(run["artifacts"] as? [[String: Any]])
    #expect(artifacts.count == 3)
    #expect((artifacts[1]["location"] as? [String: String])?["uri"] == "file:///abs/Zo%C3%AB%20%E6%97%A5%E6%9C%AC.csv")
    #expect(artifacts[1]["encoding"] as? String == "UTF-16LE")
    #expect((artifacts[2]["properties"] as? [String: Int])?["rows"] == 12)
}

@Test(
    "artifact URIs",
    arguments: [
        ("batch.csv", "batch.csv"),
        ("my batch.csv", "my%20batch.csv"),
        ("dir/sub dir/a#b?.csv", "dir/sub%20dir/a%23b%3F.csv"),
        ("c:batch.csv", "c%3Abatch.csv"),
        ("100%.csv", "100%25.csv"),
        ("/tmp/a b.csv", "file:///tmp/a%20b.csv"),
        ("-", "-"),
    ])
func artifactURI(_ path: String, _ expected: String) {
    #expect(SARIFRenderer.uri(forPath: path) == expected)
}
