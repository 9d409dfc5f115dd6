import Foundation
import Testing

@testable import CSVCheck

// The tables built at start-up without the standard collections' first-use costs: the severity
// table and the banned-password tables. Each must give what the straightforward construction
// gave. And the configuration search, for every spelling of a folder.

@Suite("Start-up tables")
struct StartupTablesTests {
    // MARK: Severity table

    @Test func severitiesAreTheCatalogueDefaults() {
        let table = SeverityTable(options: CheckOptions(), extraDescriptors: [])
        for descriptor in RuleCatalogue.all {
            #expect(table.severity(for: descriptor.code) == descriptor.defaultSeverity, "\(descriptor.code)")
        }
        #expect(table.severity(for: RuleCode("XYZ999")) == .error, "unknown codes are errors")
    }

    @Test func laterSettingsWin() {
        var options = CheckOptions()
        options.allowUnknownColumns = true
        options.levels = [.unknownColumn: .off, .invalidBytes: .warning, RuleCode("ORG001"): .off]
        let extra = RuleDescriptor(
            code: RuleCode("ORG001"), defaultSeverity: .warning, title: "t", summary: "s", behaviour: "b",
            example: "e", fix: "f")
        let custom = RuleDescriptor(
            code: RuleCode("ORG002"), defaultSeverity: .warning, title: "t", summary: "s", behaviour: "b",
            example: "e", fix: "f")
        let table = SeverityTable(options: options, extraDescriptors: [extra, custom])
        #expect(table.severity(for: .unknownColumn) == nil, "the level beats --allow-unknown-columns")
        #expect(table.severity(for: .invalidBytes) == .warning)
        #expect(table.severity(for: RuleCode("ORG001")) == nil)
        #expect(table.severity(for: RuleCode("ORG002")) == .warning)
        #expect(table.severity(for: .legacyEncoding) == .error)

        var allowOnly = CheckOptions()
        allowOnly.allowUnknownColumns = true
        #expect(SeverityTable(options: allowOnly, extraDescriptors: []).severity(for: .unknownColumn) == .warning)
    }

    // MARK: Rule names (SARIF)

    @Test(arguments: ["Duplicate address", "ForceChangePassword under SSO", "a-b c\r\nd 2nd", "", "Écrit à l'été", "x½y"])
    func namesMatchTheCharacterByCharacterRule(_ title: String) {
        let descriptor = RuleDescriptor(
            code: RuleCode("ORG001"), defaultSeverity: .error, title: title, summary: "", behaviour: "", example: "", fix: "")
        #expect(descriptor.name == RuleDescriptor.characterwiseName(title))
    }

    @Test func catalogueNamesMatchTheCharacterByCharacterRule() {
        for rule in RuleCatalogue.all {
            #expect(rule.name == RuleDescriptor.characterwiseName(rule.title), "\(rule.code)")
        }
    }

    // MARK: Banned passwords

    @Test func builtInListIsNormalizedOnceEach() {
        let doubled = BannedPasswords(terms: BannedPasswords.builtInTerms.reversed() + BannedPasswords.builtInTerms)
        #expect(doubled.count == BannedPasswords.builtIn.count)
        #expect(doubled.maxTermLength == BannedPasswords.builtIn.maxTermLength)
        #expect(BannedPasswords(adding: []).count == BannedPasswords.builtIn.count)
        // "P4ssw0rd" and "MÄRZ" normalize to built-in terms; "ab" is too short.
        #expect(BannedPasswords(adding: ["P4ssw0rd", "MÄRZ", "ab"]).count == BannedPasswords.builtIn.count)
    }

    @Test func longCustomListsAreSortedToo() {
        // Over 512 terms takes the sorting path: the same terms, the same matches.
        let filler = (0..<600).map { "zq\($0)xv" }
        let long = BannedPasswords(adding: filler + ["Tulpen"])
        #expect(long.count == BannedPasswords.builtIn.count + 601)
        let short = BannedPasswords(adding: ["Tulpen"])
        for password in ["Tulp3n!2", "Welkom#2024", "zq17xv!A9", "Kx7#mLp2vR!a"] {
            let bytes = Array(password.utf8)
            let expected = bytes.withUnsafeBytes { short.score(of: $0, tenant: nil) }
            let found = bytes.withUnsafeBytes { long.score(of: $0, tenant: nil) }
            if password.hasPrefix("zq") {
                #expect(found != nil && expected == nil, "\(password)")
            } else {
                #expect(found == expected, "\(password)")
            }
        }
    }

    // MARK: Configuration search

    @Test func findGivesTheSameFileForEverySpellingOfTheFolder() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let nested = directory.appendingPathComponent("a/b", isDirectory: true)
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let path = try writeFile(Array("profile: google\n".utf8), named: ".csvcheck.yml", in: directory)
        let expected = URL(fileURLWithPath: path).standardizedFileURL.path
        let plain = nested.standardizedFileURL.path
        for spelling in [plain, plain + "/", plain + "/.", plain + "/../b", plain.replacingOccurrences(of: "/a/", with: "//a/")] {
            let found = Configuration.find(from: spelling)
            #expect(found.map { URL(fileURLWithPath: $0).standardizedFileURL.path } == expected, "\(spelling)")
        }
        #expect(Configuration.find(from: plain) == expected, "a plain folder gives a plain path")

        // The nearest file wins.
        let nearer = try writeFile(Array("profile: imap\n".utf8), named: ".csvcheck.yml", in: nested)
        #expect(Configuration.find(from: plain) == URL(fileURLWithPath: nearer).standardizedFileURL.path)
    }
}
