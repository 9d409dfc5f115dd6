import CSVCore
import Foundation
import Testing

/// Differential test: the tokenizer against Python's `csv` module (default dialect), which no
/// one here wrote, on generated inputs mixing quotes, delimiters, CR, LF, CRLF, empty fields and
/// non-ASCII text.
@Suite("Python csv oracle")
struct PythonOracleTests {
    static let inputCount = 10_000

    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func generate(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(state: seed)
        let atoms = [
            "a", "b", "xyz", "\"", "\"\"", ",", ",", ";", "\r", "\n", "\r\n", " ", "é", "€", "𝄞", "ß",
            "\t", "\"q,\"", "\"line\r\nbreak\"", "",
        ]
        return (0..<count).map { _ in
            let length = Int.random(in: 0...24, using: &rng)
            var text = ""
            for _ in 0..<length { text += atoms.randomElement(using: &rng)! }
            return text
        }
    }

    static func pythonRecords(_ inputs: [String]) throws -> [[[String]]]? {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        } ?? ProcessInfo.processInfo.environment["PATH"].flatMap { path in
            path.split(separator: ":").map { "\($0)/python3" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
        }
        guard let python else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "csvcheck-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("in.json")
        let outputURL = directory.appendingPathComponent("out.json")
        try JSONSerialization.data(withJSONObject: inputs).write(to: inputURL)
        let script = """
            import csv, io, json, sys
            inputs = json.load(open(sys.argv[1], encoding='utf-8'))
            out = [list(csv.reader(io.StringIO(s, newline=''))) for s in inputs]
            json.dump(out, open(sys.argv[2], 'w', encoding='utf-8'))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, inputURL.path, outputURL.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: outputURL))
        return decoded as? [[[String]]]
    }

    @Test func agreesWithPythonCSV() throws {
        let inputs = Self.generate(count: Self.inputCount, seed: 0x00C5_5C4E_C4)
        guard let expected = try Self.pythonRecords(inputs) else {
            print("skipped: python3 is not available, so the csv oracle cannot run")
            return
        }
        #expect(expected.count == inputs.count)
        var mismatches = 0
        for (index, input) in inputs.enumerated() {
            let chunkSize = [1, 3, 7, 4096, 0][index % 5]
            let seen = tokenize(Array(input.utf8), chunkSize: chunkSize).map(\.values)
            if seen != expected[index] {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("input \(index) \(input.debugDescription): got \(seen), python \(expected[index])")
                }
            }
        }
        #expect(mismatches == 0)
    }
}
