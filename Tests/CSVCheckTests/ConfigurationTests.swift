import CSVCheck
import Foundation
import Testing

// `.csvcheck.yml`: parsing, severity overrides, errors that name the key and its line, and the
// banned-password file, each checked by its effect on a real check.

struct ConfigurationErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var key: String
    var line: Int
    var sourceLocation: Testing.SourceLocation
    var testDescription: String { name }
}

@Suite("Configuration (.csvcheck.yml)")
struct ConfigurationTests {
    @Test func everySettingParses() throws {
        let yaml = """
            profile: imap
            sso: true
            domains: [contoso.com, fabrikam.com]
            allow-unknown-columns: true
            max-rows: 500
            strict: true
            max-record-bytes: 4096
            rules:
              PWD005: error
              SEC001: off
              HDR005: warning
            """
        let configuration = try Configuration.parse(yaml, path: "/tmp/.csvcheck.yml")
        #expect(configuration.profile == .imap)
        #expect(configuration.singleSignOn == true)
        #expect(configuration.domains == ["contoso.com", "fabrikam.com"])
        #expect(configuration.allowUnknownColumns == true)
        #expect(configuration.maxRows == 500)
        #expect(configuration.strict == true)
        #expect(configuration.maxRecordBytes == 4096)
        #expect(configuration.levels == [RuleCode("PWD005"): .error, RuleCode("SEC001"): .off, RuleCode("HDR005"): .warning])
        var options = CheckOptions()
        configuration.apply(to: &options)
        #expect(options.profile == .imap)
        #expect(options.singleSignOn)
        #expect(options.acceptedDomains == ["contoso.com", "fabrikam.com"])
        #expect(options.allowUnknownColumns)
        #expect(options.effectiveMaxRows == 500)
        #expect(options.maxRecordBytes == 4096)
    }

    @Test func emptyFileIsTheDefaults() throws {
        #expect(try Configuration.parse("", path: "x.yml") == Configuration())
        #expect(try Configuration.parse("# only a comment\n", path: "x.yml") == Configuration())
    }

    @Test(arguments: [
        // (rule level, expected severity of the row's findings, or nil when off)
        ("error", Severity.error as Severity?), ("warning", .warning), ("off", nil),
    ])
    func severityOverridesChangeFindings(_ level: String, _ expected: Severity?) throws {
        let yaml = "rules:\n  EML002: \(level)\n  PWD005: \(level)\n  BOOL001: \(level)\n"
        var options = CheckOptions()
        try Configuration.parse(yaml, path: ".csvcheck.yml").apply(to: &options)
        let found = findings(staged("pilar.contoso.com,P@ssw0rd1,WAAR"), options)
        if let expected {
            #expect(
                found == [
                    Found("EML002", expected, row: 1, line: 2, column: 1),
                    Found("PWD005", expected, row: 1, line: 2, column: 19),
                    Found("BOOL001", expected, row: 1, line: 2, column: 29),
                ])
        } else {
            #expect(found.isEmpty)
        }
    }

    @Test func overridesLeaveOtherRulesAlone() throws {
        var options = CheckOptions()
        try Configuration.parse("rules:\n  EML002: warning\n", path: ".csvcheck.yml").apply(to: &options)
        #expect(
            findings(staged("pilar.contoso.com,P@ssw0rd1,WAAR"), options) == [
                .warning("EML002", row: 1, line: 2, column: 1), .warning("PWD005", row: 1, line: 2, column: 19),
                .error("BOOL001", row: 1, line: 2, column: 29),
            ])
    }

    @Test(arguments: [
        ConfigurationErrorCase(name: "unknown key", yaml: "profile: staged\nstirct: true\n", key: "stirct", line: 2,
                               sourceLocation: at()),
        ConfigurationErrorCase(name: "unknown profile", yaml: "sso: false\n\nprofile: exchange2003\n", key: "profile",
                               line: 3, sourceLocation: at()),
        ConfigurationErrorCase(name: "sso not a boolean", yaml: "sso: sometimes\n", key: "sso", line: 1,
                               sourceLocation: at()),
        ConfigurationErrorCase(name: "max-rows zero", yaml: "# rows\nmax-rows: 0\n", key: "max-rows", line: 2,
                               sourceLocation: at()),
        ConfigurationErrorCase(name: "max-rows text", yaml: "max-rows: many\n", key: "max-rows", line: 1,
                               sourceLocation: at()),
        ConfigurationErrorCase(name: "domains not a list", yaml: "domains: {a: b}\n", key: "domains", line: 1,
                               sourceLocation: at()),
        ConfigurationErrorCase(name: "unknown rule code", yaml: "rules:\n  EML002: off\n  XYZ999: off\n", key: "XYZ999",
                               line: 3, sourceLocation: at()),
        ConfigurationErrorCase(name: "bad level", yaml: "rules:\n  EML002: loud\n", key: "EML002", line: 2,
                               sourceLocation: at()),
        ConfigurationErrorCase(name: "banned-passwords file missing", yaml: "banned-passwords: nowhere.txt\n",
                               key: "banned-passwords", line: 1, sourceLocation: at()),
    ])
    func badConfigurationNamesKeyAndLine(_ c: ConfigurationErrorCase) {
        do {
            _ = try Configuration.parse(c.yaml, path: "/nonexistent-dir/.csvcheck.yml")
            Issue.record("no error for \(c.name)", sourceLocation: c.sourceLocation)
        } catch {
            #expect(error.line == c.line, "\(error)", sourceLocation: c.sourceLocation)
            #expect(error.message.contains(c.key), "\(error)", sourceLocation: c.sourceLocation)
            #expect(error.description.hasPrefix("/nonexistent-dir/.csvcheck.yml:\(c.line): "), sourceLocation: c.sourceLocation)
        }
    }

    @Test func notAMappingIsAnError() {
        #expect(throws: ConfigurationError.self) { try Configuration.parse("- a\n- b\n", path: "x.yml") }
        #expect(throws: ConfigurationError.self) { try Configuration.parse("profile: [unclosed\n", path: "x.yml") }
    }

    @Test func bannedPasswordFileAddsTerms() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeFile(Array("# tenant words\nfabrikam\n\n  northwind  \n".utf8), named: "banned.txt", in: directory)
        let configPath = try writeFile(
            Array("banned-passwords: banned.txt\n".utf8), named: ".csvcheck.yml", in: directory)
        let configuration = try Configuration.load(path: configPath)
        #expect(configuration.bannedPasswords == ["fabrikam", "northwind"])
        var options = CheckOptions()
        configuration.apply(to: &options)
        let text = staged(
            "a@contoso.com,Fabrikam#7,False", "b@contoso.com,N0rthw1nd!,False", "c@contoso.com,\(goodPassword),False")
        #expect(
            findings(text, options) == [
                .warning("PWD005", row: 1, line: 2, column: 15), .warning("PWD005", row: 2, line: 3, column: 15),
            ])
        #expect(findings(text).isEmpty, "without the file, the terms are not banned")
    }

    @Test func findLooksUpward() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let nested = directory.appendingPathComponent("a/b", isDirectory: true)
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let path = try writeFile(Array("profile: google\n".utf8), named: ".csvcheck.yml", in: directory)
        #expect(Configuration.find(from: nested.path).map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                == URL(fileURLWithPath: path).standardizedFileURL.path)
    }
}
