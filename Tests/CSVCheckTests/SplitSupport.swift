import Foundation

@testable import CSVCheck

/// Shared helpers of the split tests: a scratch folder, a generated mailbox list, and Python's
/// csv module as the oracle that reads outputs back.
enum SplitFixture {
    /// A fresh scratch folder.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "csvcheck-split-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// One generated data row: the values, and whether the row has an error.
    struct Row {
        var email: String
        var password: String
        var force: String
        var isBad: Bool
    }

    /// `count` rows, every `badEvery`-th one with an error (none when 0); passwords with commas,
    /// quotes, spaces and a line break (an error: ENC004); emails and booleans with spaces around.
    static func rows(_ count: Int, badEvery: Int = 0) -> [Row] {
        let passwords = ["Pa,ss\"w0rd!x", "\"Quo\"ted9Zz", "Sp ace 9Aa", "Xy7#kLm2pQ", "Comma,Only9A", "Tr@il9Aaa"]
        return (0..<count).map { index in
            let bad = badEvery > 0 && index % badEvery == badEvery - 1
            var email = "user\(index)@contoso.com"
            var password = passwords[index % passwords.count] + String(index % 97)
            if index % 7 == 3 { email = "  " + email + " " }
            if bad {
                switch (index / badEvery) % 3 {
                case 0: email = "user\(index).contoso.com"
                case 1: password = "Line\nBreak9x"
                default: password = "short"
                }
            }
            let force = index % 5 == 0 ? " True" : (index % 2 == 0 ? "True" : "False")
            return Row(email: email, password: password, force: force, isBad: bad)
        }
    }

    /// The rows as CSV text with the given delimiter and line end, every value quoted when needed.
    static func csv(_ rows: [Row], header: String = "EmailAddress,Password,ForceChangePassword", delimiter: String = ",", lineEnd: String = "\r\n") -> String {
        func field(_ value: String) -> String {
            if value.contains(delimiter) || value.contains("\"") || value.contains("\n") || value.contains("\r") {
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }
        var text = header.replacingOccurrences(of: ",", with: delimiter) + lineEnd
        for row in rows {
            text += [row.email, row.password, row.force].map(field).joined(separator: delimiter) + lineEnd
        }
        return text
    }

    /// Python's csv module's reading of each file: rows of fields.
    static func pythonRead(_ paths: [String]) throws -> [[[String]]] {
        let script = """
            import csv, json, sys
            out = []
            for p in sys.argv[1:]:
                with open(p, newline='', encoding='utf-8') as f:
                    out.append(list(csv.reader(f)))
            sys.stdout.write(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data) as? [[[String]]] ?? []
    }

    /// `sha256sum`'s digest of a file.
    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }

    /// Runs a split of `path` into `out` and returns the result and the errors handed over.
    static func split(
        _ path: String, _ options: SplitOptions, checkOptions: CheckOptions = CheckOptions()
    ) throws -> (result: SplitResult, errors: [Diagnostic]) {
        let box = DiagnosticBox()
        let splitter = Splitter(checkOptions: checkOptions, options: options)
        let result = try splitter.run(path: path, onStart: { _ in }, onProgress: nil) { diagnostic in
            if diagnostic.severity == .error, !splitter.repairs(diagnostic) { box.items.append(diagnostic) }
        }
        return (result, box.items)
    }

    final class DiagnosticBox: @unchecked Sendable {
        var items: [Diagnostic] = []
    }
}
