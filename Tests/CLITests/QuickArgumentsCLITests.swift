import Foundation
import Testing

// `main` reads the usual `check` command lines itself (QuickCheckArguments) and leaves the rest
// to ArgumentParser. A `--` before the files always takes ArgumentParser's way, so each command
// line below runs both ways and must give the same bytes and the same status.

@Suite("CLI: the quick argument path", .serialized)
struct QuickArgumentsCLITests {
    @Test(arguments: [
        ["--format", "json"], ["--format=json"], ["check", "--format", "json"], ["--format", "sarif"],
        ["--format", "github"], ["--format", "text", "--color", "never"], ["--color", "always"],
        ["--format", "json", "--strict"], ["--format", "json", "--max-rows", "2"], ["--format", "json", "--max-rows=2"],
        ["--format", "json", "--profile", "imap"], ["--format", "json", "--profile", "exchange2003"],
        ["--format", "json", "--max-rows", "0"], ["--format", "json", "--sso"],
        ["--format", "json", "--domain", "fabrikam.com"], ["--format", "json", "--domain", "fabrikam.com", "--domain", "contoso.com"],
        ["--format", "json", "--allow-unknown-columns"], ["--format", "json", "--no-config"],
        ["--format", "json", "--config", "missing.yml"], ["--format", "json", "--sso", "--sso"],
        ["--format", "json", "--format", "sarif"],
    ])
    func quickPathMatchesArgumentParser(_ options: [String]) throws {
        let copy = try copyFixtures(["migration/invalid/mixed-problems.csv", "migration/valid/staged-basic.csv"])
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let quick = try runCSVCheck(options + copy.paths, in: copy.folder)
        let parsed = try runCSVCheck(options + ["--"] + copy.paths, in: copy.folder)
        #expect(quick.status == parsed.status, "\(options)")
        #expect(quick.stdout == parsed.stdout, "\(options)")
        #expect(quick.stderr == parsed.stderr, "\(options)")
    }

    @Test func configurationFoundUpwardIsAppliedOnTheQuickPath() throws {
        let copy = try copyFixtures(["migration/invalid/force-change-password-waar.csv"])
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        try writeFile("strict: true\nrules:\n  BOOL001: warning\n", named: ".csvcheck.yml", in: copy.folder)
        let nested = copy.folder.appendingPathComponent("sub/deeper", isDirectory: true)
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let result = try runCSVCheck(["--format", "json", copy.paths[0]], in: nested)
        #expect(result.status == 1, "strict from the file turns the warnings into a failure")
        #expect(try result.found() == ["BOOL001 warning row 1 line 2 column 33", "BOOL001 warning row 2 line 3 column 37"])
    }

    @Test func bannedWordFromTheConfigurationIsFoundOnTheQuickPath() throws {
        let folder = try copyFixtures([]).folder
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeFile("fabrikam\n", named: "banned.txt", in: folder)
        try writeFile("banned-passwords: banned.txt\n", named: ".csvcheck.yml", in: folder)
        let file = try writeFile(
            "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,Fabrikam#7,False\r\n", named: "batch.csv",
            in: folder)
        let result = try runCSVCheck(["--format", "json", file], in: folder)
        #expect(try result.found() == ["PWD005 warning row 1 line 2 column 20"])
        #expect(try runCSVCheck(["--no-config", "--format", "json", file], in: folder).found().isEmpty)
    }

    @Test(arguments: [
        ["--format", "xml"], ["--format"], ["--max-rows", "many"], ["--sso=true"], ["-x"], ["--profile", "-"],
    ])
    func usageErrorsStayArgumentParsers(_ arguments: [String]) throws {
        // Left to ArgumentParser: status 2, its message on standard error, nothing on standard
        // output.
        let copy = try copyFixtures(["migration/valid/staged-basic.csv"])
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let result = try runCSVCheck(arguments + copy.paths, in: copy.folder)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.text.isEmpty, "\(arguments)")
        #expect(result.stderr.contains("Error:"), "\(arguments)")
    }
}
