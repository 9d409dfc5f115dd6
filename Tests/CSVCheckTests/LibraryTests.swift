import CSVCheck
import Foundation
import Testing

// The library as a Swift program uses it: the custom-rule example from the documentation of
// `Rule` (copied verbatim below, and checked against the source so the two cannot drift), and a
// custom profile.

// MARK: The example from the /// comment of `Rule` in Sources/CSVCheck/Engine/Rule.swift

struct NoContractors: Rule {
    static let code = RuleCode("X001")
    var descriptors: [RuleDescriptor] {
        [RuleDescriptor(code: Self.code, defaultSeverity: .warning, title: "Contractor mailbox",
                        summary: "Contractors move in a later wave.", behaviour: "",
                        example: "ext.jo@contoso.com", fix: "Move the row to the contractors' batch.")]
    }
    mutating func check(_ row: RowView, _ findings: inout Findings) {
        guard let email = row.emailAddress, email.string.hasPrefix("ext.") else { return }
        findings.report(Self.code, "contractor mailboxes migrate later", field: email)
    }
}

private func makeExampleChecker() -> Checker {
    let checker = Checker(options: CheckOptions(), rules: [NoContractors()])
    return checker
}

// MARK: More custom rules

/// A rule with its own error code, reporting per row at a position inside a field, and once per
/// file from `finish`.
private struct DepartmentRequired: Rule {
    static let code = RuleCode("ACME001")
    static let summaryCode = RuleCode("ACME002")
    var missing = 0
    var sawColumn = false

    var descriptors: [RuleDescriptor] {
        [
            RuleDescriptor(code: Self.code, defaultSeverity: .error, title: "No department", summary: "", behaviour: "",
                           example: "", fix: ""),
            RuleDescriptor(code: Self.summaryCode, defaultSeverity: .warning, title: "Departments missing",
                           summary: "", behaviour: "", example: "", fix: ""),
        ]
    }

    mutating func begin(_ file: FileContext) {
        missing = 0
        sawColumn = file.columns.contains { $0?.name == "Department" }
    }

    mutating func check(_ row: RowView, _ findings: inout Findings) {
        guard sawColumn, let field = row.field(named: "department") else { return }
        if field.string == "-" {
            missing += 1
            findings.report(Self.code, "no department", help: "fill it in", field: field)
        } else if let dot = field.string.unicodeScalars.firstIndex(of: ".") {
            let offset = field.string.unicodeScalars.distance(from: field.string.unicodeScalars.startIndex, to: dot)
            findings.report(Self.code, "a dot in the department", field: field, scalarOffset: offset)
        }
    }

    mutating func finish(_ findings: inout Findings) {
        if missing > 0 { findings.report(Self.summaryCode, "\(missing) rows without a department") }
    }
}

private let pilot = Profile(
    name: "pilot",
    columns: [
        ColumnSpec("EmailAddress", required: true, kind: .emailAddress),
        ColumnSpec("Department", required: true, kind: .text),
        ColumnSpec("Wave", kind: .oneOf(["One", "Two"])),
    ],
    maxRows: 3)

@Suite("Library: custom rules and profiles")
struct LibraryTests {
    @Test func theDocumentedExampleIsTheOneCompiledHere() throws {
        let source = try String(
            contentsOf: repositoryRoot.appendingPathComponent("Sources/CSVCheck/Engine/Rule.swift"), encoding: .utf8)
        let lines = source.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let start = try #require(lines.firstIndex(of: "/// ```swift"))
        let end = try #require(lines[(start + 1)...].firstIndex(of: "/// ```"))
        let example = lines[(start + 1)..<end].map { String($0.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
        let here = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
            .components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(example.count > 5)
        for line in example where !line.isEmpty {
            #expect(here.contains(line), "the example line '\(line)' is not in this test")
        }
    }

    @Test func customRuleReportsItsCodeWithItsDefaultSeverity() {
        let checker = makeExampleChecker()
        let report = checker.check(
            bytes: Array(staged("pilarp@contoso.com,,False", "ext.jo@contoso.com,,False", " ext.al@contoso.com,,").utf8))
        #expect(
            report.diagnostics.map(Found.init).inFileOrder == [
                .warning("X001", row: 2, line: 3, column: 1), .warning("CSV008", row: 3, line: 4, column: 1),
            ])
        #expect(report.diagnostics.first?.location.field == "EmailAddress")
        #expect(report.warningCount == 2)
    }

    @Test func customRuleLevelsCanBeChanged() {
        var options = CheckOptions()
        options.levels[NoContractors.code] = .error
        let report = Checker(options: options, rules: [NoContractors()])
            .check(bytes: Array(staged("ext.jo@contoso.com,,False").utf8))
        #expect(report.diagnostics.map(Found.init).inFileOrder == [.error("X001", row: 1, line: 2, column: 1)])
        options.levels[NoContractors.code] = .off
        #expect(Checker(options: options, rules: [NoContractors()]).check(bytes: Array(staged("ext.jo@contoso.com,,False").utf8))
            .diagnostics.isEmpty)
    }

    @Test func customProfileWithCustomRule() {
        var options = CheckOptions()
        options.profile = pilot
        let checker = Checker(options: options, rules: [DepartmentRequired()])
        let text = csv(
            "EmailAddress,Department,Wave", "a@contoso.com,Sales,One", "b@contoso.com,-,two", "c@contoso.com,R.D,Three",
            "d@contoso.com,,", "e@contoso.com,-,")
        let report = checker.check(bytes: Array(text.utf8), name: "pilot.csv")
        #expect(
            report.diagnostics.map(Found.init).inFileOrder == [
                .error("ACME001", row: 2, line: 3, column: 15), .warning("SEC001", row: 2, line: 3, column: 15),
                .error("ACME001", row: 3, line: 4, column: 16), .error("VAL002", row: 3, line: 4, column: 19),
                .error("ROW001", row: 4, line: 5, column: 1), .error("VAL001", row: 4, line: 5, column: 15),
                .error("ACME001", row: 5, line: 6, column: 15), .warning("SEC001", row: 5, line: 6, column: 15),
                .warning("ACME002", row: nil, line: nil, column: nil),
            ])
        #expect(report.rows == 5)
    }

    @Test func customProfileHeader() {
        var options = CheckOptions()
        options.profile = pilot
        #expect(
            findings(csv("EmailAddress,Password", "a@contoso.com,x"), options) == [
                .error("HDR001", row: 0, line: 1, column: 1), .error("HDR002", row: 0, line: 1, column: 14),
            ])
    }

    @Test func streamingHandlerSeesWhatTheReportKeeps() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(
            Array(staged("pilar.contoso.com,,WAAR", "ext.jo@contoso.com,,False").utf8), named: "b.csv", in: directory)
        final class Box: @unchecked Sendable { var seen: [Diagnostic] = [] }
        let box = Box()
        let checker = Checker(options: CheckOptions(), rules: [NoContractors()])
        let report = try checker.check(path: path, keepDiagnostics: false) { box.seen.append($0) }
        #expect(report.diagnostics.isEmpty)
        #expect(report.errorCount == 2 && report.warningCount == 1)
        #expect(
            box.seen.map(Found.init).inFileOrder == [
                .error("EML002", row: 1, line: 2, column: 1), .error("BOOL001", row: 1, line: 2, column: 20),
                .warning("X001", row: 2, line: 3, column: 1),
            ])
    }

    @Test func missingFileThrowsInputError() {
        #expect(throws: InputError.self) { try Checker().check(path: "/nonexistent/batch.csv") }
    }

    /// Excerpts are on by default (masked) and can be turned off; nothing else changes.
    @Test func excerptsCanBeTurnedOff() throws {
        let file = Array(staged("a@contoso.com,\(goodPassword),yes").utf8)
        let with = Checker().check(bytes: file, name: "a.csv")
        var options = CheckOptions()
        options.excerpts = false
        let without = Checker(options: options).check(bytes: file, name: "a.csv")
        let shown = try #require(with.diagnostics.first { $0.code.rawValue == "BOOL001" })
        #expect(shown.excerpt == "a@contoso.com,********,yes")
        #expect(without.diagnostics.allSatisfy { $0.excerpt == nil })
        #expect(without.diagnostics.map(Found.init) == with.diagnostics.map(Found.init))
    }
}
