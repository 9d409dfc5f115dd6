import Foundation
import Testing

@testable import CSVCheck

@Suite("Split")
struct SplitTests {
    // MARK: SHA-256 against sha256sum

    struct HashCase: Sendable, CustomTestStringConvertible {
        var length: Int
        var testDescription: String { "\(length) bytes" }
    }

    @Test(arguments: [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 1000, 300_000].map(HashCase.init))
    func sha256MatchesSha256sum(_ testCase: HashCase) throws {
        let bytes = (0..<testCase.length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/data"
        try SplitFixture.write(bytes, to: path)
        // Whole, and in uneven pieces.
        var pieces = SHA256()
        var offset = 0
        var step = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            pieces.update(Array(bytes[offset..<end]))
            offset = end
            step = step * 3 + 1
        }
        let expected = try SplitFixture.sha256sum(path)
        #expect(SHA256.hash(bytes).hexString == expected)
        #expect(pieces.finalize().hexString == expected)
    }

    // MARK: Round trip

    @Test(arguments: [(rows: 4_501, badEvery: 0, balanced: false), (rows: 4_501, badEvery: 11, balanced: false), (rows: 3_000, badEvery: 13, balanced: true)])
    func roundTrip(rows count: Int, badEvery: Int, balanced: Bool) throws {
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rows = SplitFixture.rows(count, badEvery: badEvery)
        let input = folder + "/mailboxes.csv"
        try SplitFixture.write(Array(SplitFixture.csv(rows).utf8), to: input)
        var options = SplitOptions(directory: folder + "/out")
        options.rejectsPath = folder + "/rejects.csv"
        options.balanced = balanced
        options.powerShellEndpoint = "OnPrem"
        let (result, _) = try SplitFixture.split(input, options)
        #expect(result.outcome == .written)

        let batches = result.files.map(\.path)
        let read = try SplitFixture.pythonRead(batches + [folder + "/rejects.csv"])
        let batchRows = read.dropLast().flatMap { $0.dropFirst() }
        let rejectRows = read.last!.dropFirst()
        let good = rows.filter { !$0.isBad }
        let bad = rows.filter(\.isBad)
        #expect(batchRows.count + rejectRows.count == rows.count)
        #expect(batchRows == good.map { [trim($0.email), $0.password, trim($0.force)] })
        #expect(rejectRows.map { Array($0.dropFirst()) } == bad.map { [$0.email, $0.password, $0.force] })
        #expect(rejectRows.allSatisfy { !$0[0].isEmpty })
        for file in read.dropLast() { #expect(file.first == ["EmailAddress", "Password", "ForceChangePassword"]) }
        #expect(read.last!.first == ["Reasons", "EmailAddress", "Password", "ForceChangePassword"])

        // Every file at most 2,000 rows; balanced sizes differ by at most one.
        let sizes = result.files.map(\.rows)
        #expect(sizes.allSatisfy { $0 <= 2_000 })
        if balanced { #expect(sizes.max()! - sizes.min()! <= 1) }
        #expect(result.files.first?.firstLine == 2)

        // Each output checks clean, is 0600, and the manifest's hashes are sha256sum's.
        for path in batches {
            let report = try Checker().check(path: path)
            #expect(report.errorCount == 0, "\(path): \(report.diagnostics.map(\.code))")
            #expect(SplitFixture.mode(path) == 0o600)
        }
        #expect(SplitFixture.mode(folder + "/rejects.csv") == 0o600)
        let manifest = try JSONSerialization.jsonObject(
            with: Data(SplitFixture.read(folder + "/out/manifest.json"))) as! [String: Any]
        let listed = manifest["files"] as! [[String: Any]]
        #expect(listed.count == batches.count)
        for (entry, path) in zip(listed, batches) {
            #expect(entry["sha256"] as? String == (try SplitFixture.sha256sum(path)))
            #expect(entry["name"] as? String == (path as NSString).lastPathComponent)
        }
        let rejects = manifest["rejects"] as? [String: Any]
        #expect(rejects?["sha256"] as? String == (try SplitFixture.sha256sum(folder + "/rejects.csv")))

        // The script: one New-MigrationBatch per file, no password.
        let script = String(decoding: try SplitFixture.read(try #require(result.scriptPath)), as: UTF8.self)
        let commands = script.split(separator: "\n").filter { $0.hasPrefix("New-MigrationBatch ") }
        #expect(commands.count == batches.count)
        for row in rows { #expect(!script.contains(row.password)) }
        #expect(SplitFixture.names(in: folder + "/out").allSatisfy { !$0.hasSuffix(".csvcheck-tmp") })
    }

    private func trim(_ value: String) -> String { value.trimmingCharacters(in: .whitespaces) }

    // MARK: Canonical bytes and repairs

    @Test func canonicalBytes() throws {
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/in.csv"
        // LF line ends, a BOM, a header in the wrong case, quotes that are not needed, NFD text in
        // an unknown-but-allowed column, a blank line, spaces around the address and boolean.
        let text = "\u{FEFF}emailaddress,Password,forcechangepassword,Note\n"
            + "\"a@contoso.com\",\"Pa,ss\"\"w0rd!x\",\" True \",\"Cafe\u{301}\"\n\n"
            + " b@contoso.com ,Xy7#kLm2pQ,false,plain\n"
        try SplitFixture.write(Array(text.utf8), to: input)
        var options = SplitOptions(directory: folder + "/out")
        options.prefix = "wave"
        var checkOptions = CheckOptions()
        checkOptions.allowUnknownColumns = true
        let (result, errors) = try SplitFixture.split(input, options, checkOptions: checkOptions)
        #expect(errors.isEmpty)
        #expect(result.outcome == .written)
        let bytes = try SplitFixture.read(folder + "/out/wave-001.csv")
        let expected = "EmailAddress,Password,ForceChangePassword,Note\r\n"
            + "a@contoso.com,\"Pa,ss\"\"w0rd!x\",True,Caf\u{E9}\r\n"
            + "b@contoso.com,Xy7#kLm2pQ,false,plain\r\n"
        #expect(bytes == Array(expected.utf8))
        #expect(Set(result.repairs.map(\.code)).isSuperset(of: [.headerCase, .blankLine, .surroundingWhitespace, .notNFC]))
    }

    @Test func windows1252SemicolonsAndSepLineAreRepaired() throws {
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/legacy.csv"
        var bytes = Array("sep=;\r\nEmailAddress;UserName;Password\r\n".utf8)
        bytes += Array("jose@contoso.com;Jos".utf8) + [0xE9] + Array(";Xy7#kLm2pQ\r\n".utf8)
        bytes += Array("ana@contoso.com;ana;Pa,ss9\r\n".utf8)
        try SplitFixture.write(bytes, to: input)
        var checkOptions = CheckOptions()
        checkOptions.profile = .imap
        let (result, errors) = try SplitFixture.split(input, SplitOptions(directory: folder + "/out"), checkOptions: checkOptions)
        #expect(errors.isEmpty, "\(errors.map(\.code))")
        #expect(result.outcome == .written)
        #expect(Set(result.repairs.map(\.code)).isSuperset(of: [.legacyEncoding, .wrongDelimiter, .preamble]))
        let output = try SplitFixture.read(folder + "/out/legacy-001.csv")
        let expected = "EmailAddress,UserName,Password\r\njose@contoso.com,Jos\u{E9},Xy7#kLm2pQ\r\nana@contoso.com,ana,\"Pa,ss9\"\r\n"
        #expect(output == Array(expected.utf8))
        #expect(result.files.first?.firstLine == 3)
    }

    @Test func balancedSizes() throws {
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/in.csv"
        try SplitFixture.write(Array(SplitFixture.csv(SplitFixture.rows(4_501)).utf8), to: input)
        var options = SplitOptions(directory: folder + "/out")
        options.balanced = true
        let (result, _) = try SplitFixture.split(input, options)
        #expect(result.files.map(\.rows) == [1_501, 1_500, 1_500])
        options.balanced = false
        options.rowsPerFile = 1_000
        options.force = true
        let (unbalanced, _) = try SplitFixture.split(input, options)
        #expect(unbalanced.files.map(\.rows) == [1_000, 1_000, 1_000, 1_000, 501])
    }

    // MARK: Refusals and failures

    struct RefusalCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var rejects: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        RefusalCase(name: "row errors without --rejects", text: "EmailAddress\r\na@contoso.com\r\nbroken\r\n", rejects: false),
        RefusalCase(name: "CSV002", text: "EmailAddress,Password\r\na@contoso.com,\"Xy7#kLm2pQ\r\n", rejects: true),
        RefusalCase(name: "CSV003", text: "EmailAddress,Password\r\na@contoso.com,Xy\"7#kLm2pQ\r\n", rejects: true),
        RefusalCase(name: "missing column", text: "Mail,Password\r\na@contoso.com,Xy7#kLm2pQ\r\n", rejects: true),
        RefusalCase(name: "ENC001", text: "EmailAddress\r\na@contoso.com\r\nb\u{0}@contoso.com\r\n", rejects: true),
    ])
    func refusalWritesNothing(_ testCase: RefusalCase) throws {
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/in.csv"
        try SplitFixture.write(Array(testCase.text.utf8), to: input)
        var options = SplitOptions(directory: folder + "/out")
        if testCase.rejects { options.rejectsPath = folder + "/rejects.csv" }
        let (result, errors) = try SplitFixture.split(input, options)
        #expect(result.outcome == .refused)
        #expect(!errors.isEmpty)
        #expect(SplitFixture.names(in: folder + "/out").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder + "/rejects.csv"))
    }

    @Test func existingFileIsNotOverwrittenWithoutForce() throws {
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/in.csv"
        try SplitFixture.write(Array(SplitFixture.csv(SplitFixture.rows(10)).utf8), to: input)
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        try SplitFixture.write(Array("keep me".utf8), to: folder + "/out/in-001.csv")
        #expect(throws: SplitError.self) { try SplitFixture.split(input, SplitOptions(directory: folder + "/out")) }
        #expect(try SplitFixture.read(folder + "/out/in-001.csv") == Array("keep me".utf8))
        #expect(SplitFixture.names(in: folder + "/out") == ["in-001.csv"])
        var options = SplitOptions(directory: folder + "/out")
        options.force = true
        let (result, _) = try SplitFixture.split(input, options)
        #expect(result.outcome == .written)
        #expect(try SplitFixture.read(folder + "/out/in-001.csv") != Array("keep me".utf8))
    }

    @Test func unwritableFolderLeavesNoFile() throws {
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/in.csv"
        try SplitFixture.write(Array(SplitFixture.csv(SplitFixture.rows(10)).utf8), to: input)
        // A folder below a regular file cannot be created, even by root.
        let error = #expect(throws: SplitError.self) {
            try SplitFixture.split(input, SplitOptions(directory: input + "/out"))
        }
        if case .io = error?.kind {} else { Issue.record("expected an I/O error, got \(String(describing: error))") }
        // A read-only folder (meaningful when not running as root).
        try FileManager.default.createDirectory(atPath: folder + "/ro", withIntermediateDirectories: true)
        chmod(folder + "/ro", 0o500)
        defer { chmod(folder + "/ro", 0o700) }
        if getuid() != 0 {
            #expect(throws: SplitError.self) { try SplitFixture.split(input, SplitOptions(directory: folder + "/ro")) }
            #expect(SplitFixture.names(in: folder + "/ro").isEmpty)
        }
    }

    @Test func strayTemporariesOfAKilledRunAreRemoved() throws {
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/in.csv"
        try SplitFixture.write(Array(SplitFixture.csv(SplitFixture.rows(10)).utf8), to: input)
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        try SplitFixture.write([1, 2, 3], to: folder + "/out/.in-007.csv.csvcheck-tmp")
        _ = try SplitFixture.split(input, SplitOptions(directory: folder + "/out"))
        #expect(SplitFixture.names(in: folder + "/out") == ["in-001.csv", "manifest.json"])
    }

    @Test func fixWritesOneFileAndRefusesOverTheLimit() throws {
        let folder = try SplitFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let small = folder + "/small.csv"
        try SplitFixture.write(Array(SplitFixture.csv(SplitFixture.rows(20), delimiter: ";").utf8), to: small)
        let (fixed, _) = try SplitFixture.split(small, SplitOptions(destination: .singleFile(path: folder + "/fixed.csv")))
        #expect(fixed.outcome == .written)
        #expect(try Checker().check(path: folder + "/fixed.csv").errorCount == 0)
        #expect(SplitFixture.mode(folder + "/fixed.csv") == 0o600)

        let large = folder + "/large.csv"
        try SplitFixture.write(Array(SplitFixture.csv(SplitFixture.rows(2_001)).utf8), to: large)
        let (refused, _) = try SplitFixture.split(large, SplitOptions(destination: .singleFile(path: folder + "/big.csv")))
        #expect(refused.refusal == .tooManyRows(rows: 2_001, limit: 2_000))
        #expect(!FileManager.default.fileExists(atPath: folder + "/big.csv"))
    }

    @Test func rowsOverTheProfileLimitAreInvalid() throws {
        var options = SplitOptions(directory: "unused")
        options.rowsPerFile = 2_001
        #expect(throws: SplitError.self) { try Splitter(options: options).run(path: "unused.csv") }
    }

    @Test func powerShellQuoting() {
        #expect(PowerShellScript.quoted("O'Brien $x") == "'O''Brien $x'")
        let script = PowerShellScript.render(files: (1...101).map { "b-\($0).csv" }, endpoint: "E", profile: .staged)
        #expect(script.contains("at most 100"))
    }
}
