import CSVCheck
import Foundation
import Testing

// SEC001 (formula injection) on every field, and SEC002 (a password file readable by everyone)
// on real files with POSIX modes.

private let notesHeader = stagedHeader + ",Notes"

private func notes(_ name: String, _ value: String, _ expected: [Found], sourceLocation: Testing.SourceLocation)
    -> CheckCase
{
    CheckCase(
        name, csv(notesHeader, "a@contoso.com,\(goodPassword),False,\(value)"), options: options(allowUnknown: true),
        [.warning("HDR002", row: 0, line: 1, column: 43)] + expected, sourceLocation: sourceLocation)
}

private func sec001(column: Int) -> Found { .warning("SEC001", row: 1, line: 2, column: column) }

@Suite("Security (SEC001, SEC002)")
struct SecurityRuleTests {
    @Test(arguments: [
        notes("=", "=HYPERLINK(1)", [sec001(column: 34)], sourceLocation: at()),
        notes("quoted =", "\"=1+2\"", [sec001(column: 35)], sourceLocation: at()),
        notes("+", "+31 20 555 0100", [sec001(column: 34)], sourceLocation: at()),
        notes("-", "-2+3", [sec001(column: 34)], sourceLocation: at()),
        notes("@", "@SUM(1)", [sec001(column: 34)], sourceLocation: at()),
        notes(
            "TAB", "\"\t=1\"",
            [.warning("CSV008", row: 1, line: 2, column: 35), sec001(column: 35), .error("ENC004", row: 1, line: 2, column: 35)],
            sourceLocation: at()),
        notes(
            "CR", "\"\r=1\"", [sec001(column: 35), .error("ENC004", row: 1, line: 2, column: 35)], sourceLocation: at()),
        notes("= later in the value is fine", "a=b", [], sourceLocation: at()),
        notes("empty value", "", [], sourceLocation: at()),
        CheckCase(
            "= in a password", staged("a@contoso.com,=Qx7#mLp2vR!a,False"),
            [.warning("SEC001", row: 1, line: 2, column: 15)], sourceLocation: at()),
        CheckCase(
            "@ starting an address", stagedEmail("@contoso.com"),
            [.warning("SEC001", row: 1, line: 2, column: 1), .error("EML002", row: 1, line: 2, column: 1)],
            sourceLocation: at()),
    ])
    func formulaInjection(_ c: CheckCase) { c.verify() }

    @Test func sec001NeverShowsAPasswordCharacter() throws {
        let report = checkReport(Array(staged("a@contoso.com,=Qx7#mLp2vR!a,False").utf8))
        let finding = try #require(report.diagnostics.first)
        #expect(!finding.message.contains("'='"), "\(finding.message)")
    }

    @Test(arguments: [
        (0o644, staged("a@contoso.com,\(goodPassword),False"), true),
        (0o604, staged("a@contoso.com,\(goodPassword),False"), true),
        (0o600, staged("a@contoso.com,\(goodPassword),False"), false),
        (0o640, staged("a@contoso.com,\(goodPassword),False"), false),
        (0o644, staged("a@contoso.com,,False"), false),
        (0o644, csv("EmailAddress", "a@contoso.com"), false),
    ])
    func worldReadablePasswordFile(mode: Int, text: String, expected: Bool) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(Array(text.utf8), named: "batch.csv", in: directory, mode: mode)
        let report = try Checker().check(path: path)
        #expect(report.diagnostics.map(Found.init).inFileOrder == (expected ? [.warning("SEC002")] : []))
    }

    @Test func worldReadableIMAPFileToo() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(
            Array(csv("EmailAddress,UserName,Password", "a@contoso.com,a,\(goodPassword)").utf8), named: "imap.csv",
            in: directory, mode: 0o644)
        let report = try Checker(options: options(.imap)).check(path: path)
        #expect(report.diagnostics.map(Found.init).inFileOrder == [.warning("SEC002")])
    }

    @Test func bytesInMemoryHaveNoMode() {
        #expect(findings(staged("a@contoso.com,\(goodPassword),False")).isEmpty)
    }
}
