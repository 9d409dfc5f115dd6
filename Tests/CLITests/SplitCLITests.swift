import Foundation
import Testing

/// End-to-end tests of `csvcheck split` and `csvcheck fix`: the built binary, its exit statuses,
/// what it prints and what it leaves on disk.
@Suite("Split CLI")
struct SplitCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built binary through the suite-wide helper (`runCSVCheck` in CLISupport.swift).
    static func run(_ arguments: [String], stdin: Data? = nil, in folder: String) throws -> Run {
        let result = try runCSVCheck(arguments, in: URL(fileURLWithPath: folder), stdin: stdin)
        return Run(status: result.status, stdout: result.text, stderr: result.stderr)
    }

    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "csvcheck-split-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let passwords = ["Pa,ss\"w0rd!x", "\"Quo\"ted9Zz", "Xy7#kLm2pQ"]

    /// `count` rows; every row whose index is in `bad` has no '@'.
    static func input(_ count: Int, bad: Set<Int> = []) -> String {
        var text = "EmailAddress,Password,ForceChangePassword\r\n"
        for index in 0..<count {
            let email = bad.contains(index) ? "user\(index).contoso.com" : "user\(index)@contoso.com"
            let password = passwords[index % passwords.count] + "\(index)"
            text += "\(email),\"\(password.replacingOccurrences(of: "\"", with: "\"\""))\",False\r\n"
        }
        return text
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }

    @Test func splitWithRejectsWritesCheckedFilesAndNoPassword() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.input(4_100, bad: [5, 2_500]).write(toFile: folder + "/list.csv", atomically: true, encoding: .utf8)
        let run = try Self.run(
            ["split", "list.csv", "--out", "out", "--rejects", "rejects.csv", "--powershell", "OnPrem"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("repaired ROW001"))
        #expect(run.stdout.contains("error[EML002]"))
        #expect(run.stdout.contains("wrote out/list-003.csv: 98 rows"))
        for password in Self.passwords { #expect(!run.stdout.contains(password) && !run.stderr.contains(password)) }
        for name in ["list-001.csv", "list-002.csv", "list-003.csv"] {
            let check = try Self.run(["check", "out/" + name], in: folder)
            #expect(check.status == 0, "\(name): \(check.stdout)")
            #expect(Self.mode(folder + "/out/" + name) == 0o600)
        }
        #expect(Self.mode(folder + "/rejects.csv") == 0o600)
        let script = try String(contentsOfFile: folder + "/out/list-batches.ps1", encoding: .utf8)
        #expect(script.split(separator: "\n").filter { $0.hasPrefix("New-MigrationBatch ") }.count == 3)
    }

    @Test func refusalWithoutRejectsExitsOneAndWritesNothing() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.input(10, bad: [3]).write(toFile: folder + "/list.csv", atomically: true, encoding: .utf8)
        let run = try Self.run(["split", "list.csv", "--out", "out"], in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("list.csv:5:1: error[EML002]"))
        #expect(run.stdout.contains("nothing was written"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder + "/out")) ?? []).isEmpty)
    }

    @Test func existingOutputIsKeptWithoutForce() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.input(10).write(toFile: folder + "/list.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        try "mine".write(toFile: folder + "/out/manifest.json", atomically: true, encoding: .utf8)
        let run = try Self.run(["split", "list.csv", "--out", "out"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: folder + "/out/manifest.json", encoding: .utf8) == "mine")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/out") == ["manifest.json"])
        let forced = try Self.run(["split", "list.csv", "--out", "out", "--force"], in: folder)
        #expect(forced.status == 0)
    }

    @Test func unwritableFolderExitsTwo() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.input(10).write(toFile: folder + "/list.csv", atomically: true, encoding: .utf8)
        let run = try Self.run(["split", "list.csv", "--out", "list.csv/out"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("csvcheck: "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["list.csv"])
    }

    @Test func balancedFromStandardInput() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Self.run(
            ["split", "-", "--out", "out", "--balanced", "--rows", "400", "--prefix", "wave"],
            stdin: Data(Self.input(1_001).utf8), in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("wrote out/wave-001.csv: 334 rows"))
        #expect(run.stdout.contains("wrote out/wave-003.csv: 333 rows"))
    }

    @Test func fixRepairsAndRefusesOverTheLimit() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let semicolons = Self.input(5).replacingOccurrences(of: ",False", with: ";False")
            .replacingOccurrences(of: "com,\"", with: "com;\"").replacingOccurrences(of: "Password,", with: "Password;")
            .replacingOccurrences(of: "EmailAddress,", with: "EmailAddress;")
        try ("sep=;\r\n" + semicolons).write(toFile: folder + "/semi.csv", atomically: true, encoding: .utf8)
        let fixed = try Self.run(["fix", "semi.csv", "--out", "fixed.csv"], in: folder)
        #expect(fixed.status == 0, "\(fixed.stdout)")
        #expect(fixed.stdout.contains("repaired CSV004"))
        #expect(fixed.stdout.contains("repaired CSV006"))
        #expect(try Self.run(["check", "fixed.csv"], in: folder).status == 0)

        try Self.input(2_001).write(toFile: folder + "/big.csv", atomically: true, encoding: .utf8)
        let refused = try Self.run(["fix", "big.csv", "--out", "big-fixed.csv"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("csvcheck split"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/big-fixed.csv"))
    }
}
