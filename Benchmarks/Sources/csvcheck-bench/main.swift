// csvcheck-bench: times csvcheck against Python's csv module on the same file, back to back.
//
//   swift run -c release csvcheck-bench FILE [--runs N] [--csvcheck PATH]
//
// Measures, each as the median of N runs (default 5):
//   python-csv     python3 reading the file with csv.reader (the parse-only baseline)
//   py-validate    ../shared/bench/py_validate.py FILE (the validation baseline)
//   tokenize       CSVTokenizer over the file in 256 KiB chunks, in this process
//   check          Checker over the file, in this process (every rule, diagnostics discarded)
//   csvcheck       the csvcheck binary as a whole process, --format json, when --csvcheck is given
import CSVCheck
import CSVCore
import Foundation

struct Options {
    var file = ""
    var runs = 5
    var binary: String?
    var extra: [String] = ["--max-rows", "100000000", "--no-config"]
}

func parseArguments() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--runs": options.runs = Int(arguments.popFirst() ?? "") ?? 5
        case "--csvcheck": options.binary = arguments.popFirst()
        default: options.file = argument
        }
    }
    if options.file.isEmpty {
        FileHandle.standardError.write(Data("usage: csvcheck-bench FILE [--runs N] [--csvcheck PATH]\n".utf8))
        exit(2)
    }
    return options
}

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func time(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = now()
        try body()
        samples.append(now() - start)
    }
    return median(samples)
}

func run(_ executable: String, _ arguments: [String]) -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let start = now()
    try? process.run()
    process.waitUntilExit()
    return now() - start
}

func which(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

let options = parseArguments()
let size = (try? FileManager.default.attributesOfItem(atPath: options.file)[.size] as? Int) ?? 0
let megabytes = Double(size) / 1e6
var results: [(String, Double)] = []

if ProcessInfo.processInfo.environment["BENCH_SKIP_PYTHON"] == nil, let python = which("python3") {
    let script = "import csv,sys\nn=0\nfor r in csv.reader(open(sys.argv[1],newline='',encoding='utf-8-sig')): n+=1\n"
    results.append(("python-csv", median((0..<options.runs).map { _ in run(python, ["-c", script, options.file]) })))
    let validator = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../../shared/bench/py_validate.py").standardizedFileURL.path
    if FileManager.default.fileExists(atPath: validator) {
        results.append(("py-validate", median((0..<options.runs).map { _ in run(python, [validator, options.file]) })))
    }
}

let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
defer { chunk.deallocate() }
var records = 0
results.append(
    ("tokenize", time(options.runs) {
        var source = try! ByteSource(path: options.file)
        var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
        records = 0
        while true {
            let count = try! source.read(into: chunk)
            if count == 0 { break }
            tokenizer.feed(UnsafeRawBufferPointer(rebasing: chunk[0..<count])) { _ in records += 1 }
        }
        tokenizer.finish { _ in records += 1 }
    }))

if ProcessInfo.processInfo.environment["BENCH_ONLY_TOKENIZE"] != nil { exit(0) }
var checkOptions = CheckOptions()
checkOptions.maxRows = 100_000_000
var diagnostics = 0
results.append(
    ("check", time(options.runs) {
        diagnostics = 0
        _ = try! Checker(options: checkOptions).check(path: options.file) { _ in diagnostics += 1 }
    }))

if let binary = options.binary {
    results.append(
        ("csvcheck", median((0..<options.runs).map { _ in run(binary, options.extra + ["--format", "json", options.file]) })))
}

print("file: \(options.file) (\(size) bytes, \(records) records, \(diagnostics) diagnostics), median of \(options.runs) runs")
print("step".padding(toLength: 12, withPad: " ", startingAt: 0) + "  seconds     MB/s   vs python-csv   vs py-validate")
let pythonCSV = results.first { $0.0 == "python-csv" }?.1
let pyValidate = results.first { $0.0 == "py-validate" }?.1
for (name, seconds) in results {
    let rate = megabytes / seconds
    let vsCSV = pythonCSV.map { String(format: "%13.1fx", $0 / seconds) } ?? "             -"
    let vsValidate = pyValidate.map { String(format: "%15.1fx", $0 / seconds) } ?? "              -"
    print(name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "  %7.3f  %7.1f", seconds, rate) + "  " + vsCSV + "  " + vsValidate)
}
