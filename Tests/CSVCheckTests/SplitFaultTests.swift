import Foundation
import Testing

@testable import CSVCheck

// Split under faults: a split killed part-way leaves what a killed process leaves (hidden
// `.NAME.csvcheck-tmp` files with partial content, see AtomicFile; and, if it died while
// committing, some batch files already renamed into place). The next run must succeed (with
// --force where an earlier file really exists), and leave no temporary file and no partial
// batch file behind.

@Suite("Split under faults")
struct SplitFaultTests {
    static let rowCount = 4_501
    static let rowsPerFile = 1_000

    /// A folder with the input, the batch folder and a rejects folder, and the input's rows.
    private func setUp() throws -> (folder: String, input: String, out: String, rows: [SplitFixture.Row]) {
        let folder = try SplitFixture.folder()
        let rows = SplitFixture.rows(Self.rowCount)
        let input = folder + "/mailboxes.csv"
        try SplitFixture.write(Array(SplitFixture.csv(rows).utf8), to: input)
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/rejects", withIntermediateDirectories: true)
        return (folder, input, out, rows)
    }

    private func options(_ out: String, folder: String, force: Bool = false) -> SplitOptions {
        var options = SplitOptions(directory: out)
        options.rowsPerFile = Self.rowsPerFile
        options.rejectsPath = folder + "/rejects/rejects.csv"
        options.powerShellEndpoint = "OnPrem"
        options.force = force
        return options
    }

    /// What a run killed while writing leaves: temporaries with a partial, unterminated last row.
    private func leaveKilledRun(in out: String, rejectsFolder: String) throws {
        let partial = Array("EmailAddress,Password,ForceChangePassword\r\nuser0@contoso.com,\"Pa,ss".utf8)
        for name in ["mailboxes-001.csv", "mailboxes-002.csv", "mailboxes-003.csv", "manifest.json", "mailboxes-batches.ps1"] {
            try SplitFixture.write(partial, to: out + "/." + name + AtomicFile.temporarySuffix)
        }
        try FileManager.default.createDirectory(atPath: rejectsFolder, withIntermediateDirectories: true)
        try SplitFixture.write(partial, to: rejectsFolder + "/.rejects.csv" + AtomicFile.temporarySuffix)
        // A temporary left unwritable by its owner is still removed (unlink needs the folder only).
        chmod(out + "/.mailboxes-003.csv" + AtomicFile.temporarySuffix, 0)
    }

    private func strays(_ folders: [String]) -> [String] {
        folders.flatMap { folder in SplitFixture.names(in: folder).filter { $0.hasSuffix(AtomicFile.temporarySuffix) } }
    }

    /// Every batch file is whole: it checks clean, and together they hold every input row once.
    private func expectWholeBatches(_ result: SplitResult, rows: [SplitFixture.Row], out: String) throws {
        #expect(result.outcome == .written)
        let batches = SplitFixture.names(in: out).filter { $0.hasSuffix(".csv") }
        #expect(batches == (1...5).map { String(format: "mailboxes-%03d.csv", $0) })
        let read = try SplitFixture.pythonRead(batches.map { out + "/" + $0 })
        #expect(read.map { $0.count - 1 } == [1_000, 1_000, 1_000, 1_000, 501])
        #expect(read.flatMap { $0.dropFirst().map { $0[0] } } == rows.map { $0.email.trimmingCharacters(in: .whitespaces) })
        for name in batches {
            let report = try Checker().check(path: out + "/" + name)
            #expect(report.errorCount == 0, "\(name): \(report.diagnostics.map(\.code))")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(SplitFixture.read(out + "/manifest.json"))) as? [String: Any]
        #expect((manifest?["files"] as? [Any])?.count == 5)
    }

    @Test func runAfterAKilledWriteSucceedsAndLeavesNoTemporaries() throws {
        let (folder, input, out, rows) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try leaveKilledRun(in: out, rejectsFolder: folder + "/rejects")
        let (result, errors) = try SplitFixture.split(input, options(out, folder: folder))
        #expect(errors.isEmpty)
        try expectWholeBatches(result, rows: rows, out: out)
        #expect(strays([out, folder + "/rejects"]).isEmpty)
        #expect(SplitFixture.names(in: folder + "/rejects") == ["rejects.csv"])
    }

    @Test func runAfterAKilledCommitRefusesWithoutForceThenSucceedsWithIt() throws {
        let (folder, input, out, rows) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The killed run had renamed its first batch into place, and died before the rest.
        let first = try SplitFixture.split(input, options(out, folder: folder)).result
        #expect(first.outcome == .written)
        for name in SplitFixture.names(in: out) where name != "mailboxes-001.csv" {
            try FileManager.default.removeItem(atPath: out + "/" + name)
        }
        try? FileManager.default.removeItem(atPath: folder + "/rejects/rejects.csv")
        try leaveKilledRun(in: out, rejectsFolder: folder + "/rejects")

        // Without --force: refused, nothing new written, no temporary left, the old file intact.
        let before = try SplitFixture.read(out + "/mailboxes-001.csv")
        #expect(throws: SplitError.self) { try SplitFixture.split(input, options(out, folder: folder)) }
        #expect(strays([out, folder + "/rejects"]).isEmpty)
        #expect(SplitFixture.names(in: out) == ["mailboxes-001.csv"])
        #expect(try SplitFixture.read(out + "/mailboxes-001.csv") == before)

        // With --force: every file whole.
        let again = try SplitFixture.split(input, options(out, folder: folder, force: true)).result
        try expectWholeBatches(again, rows: rows, out: out)
        #expect(strays([out, folder + "/rejects"]).isEmpty)
    }

    @Test func aStrayTemporaryThatIsASymbolicLinkIsRemovedNotFollowed() throws {
        let (folder, input, out, rows) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let victim = folder + "/victim.txt"
        try SplitFixture.write(Array("keep me".utf8), to: victim)
        try FileManager.default.createSymbolicLink(
            atPath: out + "/.mailboxes-001.csv" + AtomicFile.temporarySuffix, withDestinationPath: victim)
        let (result, _) = try SplitFixture.split(input, options(out, folder: folder))
        try expectWholeBatches(result, rows: rows, out: out)
        #expect(try SplitFixture.read(victim) == Array("keep me".utf8))
        #expect(strays([out]).isEmpty)
    }

    @Test func filesThatOnlyLookLikeTemporariesAreKept() throws {
        let (folder, input, out, rows) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Not hidden, or nothing before the suffix: not csvcheck's.
        for name in ["notes.csvcheck-tmp", AtomicFile.temporarySuffix] {
            try SplitFixture.write(Array("mine".utf8), to: out + "/" + name)
        }
        let (result, _) = try SplitFixture.split(input, options(out, folder: folder))
        #expect(result.outcome == .written)
        #expect(SplitFixture.names(in: out).contains("notes.csvcheck-tmp"))
        #expect(SplitFixture.names(in: out).contains(AtomicFile.temporarySuffix))
        _ = rows
    }

    @Test func aRefusedRunAfterAKilledOneLeavesNothing() throws {
        let (folder, _, out, _) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try leaveKilledRun(in: out, rejectsFolder: folder + "/rejects")
        // Broken quoting always refuses: nothing written, and the strays are gone too.
        let broken = folder + "/broken.csv"
        try SplitFixture.write(Array("EmailAddress,Password\r\na@contoso.com,\"open\r\n".utf8), to: broken)
        var options = options(out, folder: folder)
        options.prefix = "mailboxes"
        let (result, _) = try SplitFixture.split(broken, options)
        #expect(result.outcome == .refused)
        #expect(SplitFixture.names(in: out).isEmpty)
        #expect(strays([out, folder + "/rejects"]).isEmpty)
    }
}
