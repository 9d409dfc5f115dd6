import CSVCheck
import Foundation
import Testing

// End to end: the built `csvcheck` binary on fixture files (copied to a temporary folder with
// mode 0600), checking exit statuses and the JSON report's codes and positions.

struct FixtureCase: Sendable, CustomTestStringConvertible {
    var fixture: String
    var arguments: [String]
    var status: Int32
    var found: [String]
    var sourceLocation: Testing.SourceLocation
    var testDescription: String { fixture }
}

@Suite("CLI end to end", .serialized)
struct CLITests {
    @Test(arguments: [
        FixtureCase(fixture: "migration/valid/staged-basic.csv", arguments: [], status: 0, found: [], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/valid/staged-blank-optional-values.csv", arguments: [], status: 0, found: [],
            sourceLocation: at()),
        FixtureCase(
            fixture: "migration/valid/imap-basic.csv", arguments: ["--profile", "imap"], status: 0, found: [],
            sourceLocation: at()),
        FixtureCase(
            fixture: "migration/valid/onboarding-basic.csv", arguments: ["--profile", "onboarding"], status: 0, found: [],
            sourceLocation: at()),
        FixtureCase(
            fixture: "migration/valid/google-basic.csv", arguments: ["--profile", "google"], status: 0, found: [],
            sourceLocation: at()),
        FixtureCase(fixture: "rfc4180/quoted-fields.csv", arguments: [], status: 0, found: [], sourceLocation: at()),
        FixtureCase(fixture: "rfc4180/lf-line-endings.csv", arguments: [], status: 0, found: [], sourceLocation: at()),
        FixtureCase(fixture: "rfc4180/no-final-line-break.csv", arguments: [], status: 0, found: [], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/invalid/mixed-problems.csv", arguments: [], status: 1,
            found: [
                "EML002 error row 2 line 3 column 1", "PWD005 warning row 3 line 4 column 24",
                "BOOL001 error row 3 line 4 column 34", "DUP001 error row 4 line 5 column 1",
                "PWD001 error row 4 line 5 column 24", "PWD002 error row 4 line 5 column 24",
            ], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/invalid/force-change-password-waar.csv", arguments: [], status: 1,
            found: ["BOOL001 error row 1 line 2 column 33", "BOOL001 error row 2 line 3 column 37"], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/invalid/semicolon-delimited.csv", arguments: [], status: 1,
            found: ["CSV004 error row 0 line 1 column 1", "EML002 error row 2 line 3 column 1"], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/invalid/type-preamble.csv", arguments: [], status: 1,
            found: ["CSV006 error row 0 line 1 column 1"], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/invalid/email-address-header-with-space.csv", arguments: [], status: 1,
            found: ["HDR002 error row 0 line 1 column 1", "HDR001 error row 0 line 1 column 1"], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/invalid/unterminated-quote.csv", arguments: [], status: 1,
            found: ["CSV002 error row 2 line 3 column 24", "CSV005 error row 2 line 5 column 1"], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/invalid/duplicate-address-other-case.csv", arguments: [], status: 1,
            found: ["DUP001 error row 2 line 3 column 1"], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/invalid/blank-line-between-rows.csv", arguments: [], status: 0,
            found: ["CSV007 warning row - line 3 column 1"], sourceLocation: at()),
        FixtureCase(
            fixture: "migration/invalid/blank-line-between-rows.csv", arguments: ["--strict"], status: 1,
            found: ["CSV007 warning row - line 3 column 1"], sourceLocation: at()),
        FixtureCase(
            fixture: "encodings/windows-1252.csv", arguments: [], status: 1,
            found: [
                "ENC002 error row - line - column -", "EML004 error row 2 line 3 column 4",
                "PWD003 error row 3 line 4 column 28",
            ], sourceLocation: at()),
        FixtureCase(
            fixture: "encodings/utf16le-bom.csv", arguments: [], status: 1,
            found: [
                "EML002 error row 2 line 3 column 2", "BOOL001 error row 2 line 3 column 48",
                "EML004 error row 3 line 4 column 4", "EML004 error row 4 line 5 column 5",
                "PWD003 error row 4 line 5 column 34",
            ], sourceLocation: at()),
    ])
    func fixture(_ c: FixtureCase) throws {
        let copy = try copyFixtures([c.fixture])
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let result = try runCSVCheck(["--no-config", "--format", "json"] + c.arguments + copy.paths)
        #expect(result.status == c.status, "\(result.stderr)", sourceLocation: c.sourceLocation)
        #expect(try result.found() == c.found, sourceLocation: c.sourceLocation)
        let summary = try #require(try result.json()["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 1, sourceLocation: c.sourceLocation)
    }

    @Test func jsonCarriesFileMetadataAndOffsets() throws {
        let copy = try copyFixtures(["encodings/utf16le-bom.csv"])
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let result = try runCSVCheck(["--no-config", "--format", "json", copy.paths[0]])
        let file = try #require((try result.json()["files"] as? [[String: Any]])?.first)
        #expect(file["encoding"] as? String == "UTF-16LE")
        #expect(file["bom"] as? Bool == true)
        #expect(file["delimiter"] as? String == ",")
        #expect(file["lineEnding"] as? String == "CRLF")
        #expect(file["rows"] as? Int == 4)
        let first = try #require(try result.diagnostics().first)
        #expect(first["field"] as? String == "EmailAddress")
        // Line 3 starts after 2 + 2 * (43 + 39) bytes; the value after its opening quote.
        #expect(first["offset"] as? Int == 2 + 2 * (43 + 39) + 2)
    }

    @Test func worldReadablePasswordFileWarns() throws {
        let folder = try copyFixtures([]).folder
        defer { try? FileManager.default.removeItem(at: folder) }
        let open = try writeFile(
            "EmailAddress,Password\r\npilarp@contoso.com,Qx7#mLp2vR!a\r\n", named: "open.csv", in: folder, mode: 0o644)
        let closed = try writeFile(
            "EmailAddress,Password\r\njo@contoso.com,Zr4!kWq8nT#e\r\n", named: "closed.csv", in: folder, mode: 0o600)
        let result = try runCSVCheck(["--no-config", "--format", "json", open, closed])
        #expect(result.status == 0)
        #expect(try result.found(file: 0) == ["SEC002 warning row - line - column -"])
        #expect(try result.found(file: 1) == [])
        #expect(try runCSVCheck(["--no-config", "--strict", open]).status == 1)
    }

    // MARK: Exit status 2

    @Test func missingFileIsStatus2() throws {
        let result = try runCSVCheck(["--no-config", "/nonexistent/batch.csv"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/batch.csv"))
    }

    @Test(arguments: [
        ["--bogus"], ["--profile", "exchange2003"], ["--format", "xml"], ["--max-rows", "0"], ["--max-rows", "many"],
    ])
    func usageErrorsAreStatus2(_ arguments: [String]) throws {
        let copy = try copyFixtures(["migration/valid/staged-basic.csv"])
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let result = try runCSVCheck(["--no-config"] + arguments + copy.paths)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.text.isEmpty, "usage errors go to standard error")
        #expect(!result.stderr.isEmpty)
    }

    @Test func noFileArgumentIsStatus2() throws {
        #expect(try runCSVCheck(["--no-config"]).status == 2)
    }

    @Test
    func folderWithoutCSVFilesIsStatus2() throws {
        let folder = try copyFixtures([]).folder
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeFile("notes", named: "readme.txt", in: folder)
        let result = try runCSVCheck(["--no-config", folder.path])
        #expect(result.status == 2)
    }

    @Test func unreadableConfigurationIsStatus2() throws {
        let copy = try copyFixtures(["migration/valid/staged-basic.csv"])
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let config = try writeFile("profile: staged\nstirct: true\n", named: "bad.yml", in: copy.folder)
        let result = try runCSVCheck(["--config", config] + copy.paths)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yml:2"), "\(result.stderr)")
        #expect(result.stderr.contains("stirct"))
    }

    // MARK: Inputs

    @Test func standardInput() throws {
        let text = "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,Qx7#mLp2vR!a,WAAR\r\n"
        let result = try runCSVCheck(["--no-config", "--format", "json", "-"], stdin: Data(text.utf8))
        #expect(result.status == 1)
        #expect(try result.found() == ["BOOL001 error row 1 line 2 column 33"])
        let file = try #require((try result.json()["files"] as? [[String: Any]])?.first)
        #expect(file["path"] as? String == "-")
    }

    @Test func folderExpandsToItsCSVFilesInSortedOrder() throws {
        let folder = try copyFixtures([]).folder
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = "EmailAddress\r\npilarp@contoso.com\r\n"
        try writeFile(good, named: "b-wave.csv", in: folder)
        try writeFile("EmailAddress\r\npilar.contoso.com\r\n", named: "a-wave.csv", in: folder)
        try writeFile(good, named: "C-wave.CSV", in: folder)
        try writeFile(good, named: "notes.txt", in: folder)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("nested", isDirectory: true), withIntermediateDirectories: true)
        let result = try runCSVCheck(["--no-config", "--format", "json", folder.path])
        #expect(result.status == 1)
        let files = try #require(try result.json()["files"] as? [[String: Any]])
        let names = files.compactMap { ($0["path"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } }
        #expect(names == ["C-wave.CSV", "a-wave.csv", "b-wave.csv"])
        #expect(try result.found(file: 1) == ["EML002 error row 1 line 2 column 1"])
    }

    @Test
    func folderSkipsSubfoldersNamedLikeCSVFiles() throws {
        let folder = try copyFixtures([]).folder
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeFile("EmailAddress\r\npilarp@contoso.com\r\n", named: "a.csv", in: folder)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("archive.csv", isDirectory: true), withIntermediateDirectories: true)
        let result = try runCSVCheck(["--no-config", "--format", "json", folder.path])
        #expect(result.status == 0)
        #expect((try result.json()["files"] as? [[String: Any]])?.count == 1)
    }

    @Test func duplicatesAcrossFilesOfOneRun() throws {
        let folder = try copyFixtures([]).folder
        defer { try? FileManager.default.removeItem(at: folder) }
        let one = try writeFile("EmailAddress\r\npilarp@contoso.com\r\njo@contoso.com\r\n", named: "one.csv", in: folder)
        let two = try writeFile("EmailAddress\r\nx@contoso.com\r\nJO@contoso.com\r\n", named: "two.csv", in: folder)
        let result = try runCSVCheck(["--no-config", "--format", "json", one, two])
        #expect(result.status == 1)
        #expect(try result.found(file: 1) == ["DUP002 error row 2 line 3 column 1"])
    }

    @Test func configurationFileIsFoundUpward() throws {
        let copy = try copyFixtures(["migration/invalid/force-change-password-waar.csv"])
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        try writeFile("rules:\n  BOOL001: warning\n", named: ".csvcheck.yml", in: copy.folder)
        let nested = copy.folder.appendingPathComponent("sub", isDirectory: true)
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let result = try runCSVCheck(["--format", "json", copy.paths[0]], in: nested)
        #expect(result.status == 0)
        #expect(try result.found() == ["BOOL001 warning row 1 line 2 column 33", "BOOL001 warning row 2 line 3 column 37"])
        #expect(try runCSVCheck(["--no-config", copy.paths[0]], in: nested).status == 1)
    }

    @Test(arguments: ["text", "sarif", "github"])
    func otherFormatsKeepTheExitStatus(_ format: String) throws {
        let copy = try copyFixtures(["migration/invalid/mixed-problems.csv"])
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let result = try runCSVCheck(["--no-config", "--format", format] + copy.paths)
        #expect(result.status == 1)
        #expect(result.text.contains("EML002"))
        #expect(!result.text.contains("Hk2$wWq9zTe"), "no password in \(format) output")
    }

    // MARK: rules and explain

    @Test func rulesJSONListsEveryCode() throws {
        let result = try runCSVCheck(["rules", "--format", "json"])
        #expect(result.status == 0)
        let rules = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        let codes = rules.compactMap { $0["code"] as? String }
        let expected =
            ["ENC001", "ENC002", "ENC003", "ENC004", "ENC005"] + (1...9).map { "CSV00\($0)" } + (1...5).map { "HDR00\($0)" }
            + ["ROW001", "ROW002", "ROW003"] + (1...6).map { "EML00\($0)" } + ["DUP001", "DUP002", "VAL001", "VAL002", "BOOL001"]
            + (1...7).map { "PWD00\($0)" } + ["SSO001", "SSO002", "SEC001", "SEC002"]
        #expect(Set(codes) == Set(expected))
        #expect(codes.count == expected.count)
        #expect(Set(codes) == Set(RuleCatalogue.all.map(\.code.rawValue)))
        for rule in rules {
            #expect(["error", "warning"].contains(rule["severity"] as? String ?? ""), "\(rule["code"] ?? "?")")
        }
    }

    @Test func explainOneRule() throws {
        let result = try runCSVCheck(["explain", "EML002"])
        #expect(result.status == 0)
        #expect(result.text.contains("EML002"))
        #expect(result.text.contains("error"))
        #expect(try runCSVCheck(["explain", "eml002"]).status == 0)
        let unknown = try runCSVCheck(["explain", "XYZ001"])
        #expect(unknown.status == 2)
        #expect(unknown.text.isEmpty)
    }
}
