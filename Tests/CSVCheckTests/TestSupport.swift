import CSVCheck
import Foundation
import Testing

// Shared helpers for the behaviour tests: build inputs in memory, run them through the public
// `Checker`, and compare what was found as (code, severity, row, line, column) tuples, never as
// message text.

/// The test source location of the caller, for rows of a test table (`sourceLocation: at()`).
func at(
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> Testing.SourceLocation {
    Testing.SourceLocation(fileID: fileID, filePath: filePath, line: line, column: column)
}

/// One expected diagnostic: what a test asserts about a finding.
struct Found: Hashable, Sendable, CustomStringConvertible {
    var code: String
    var severity: Severity
    var row: Int?
    var line: Int?
    var column: Int?

    init(_ code: String, _ severity: Severity, row: Int?, line: Int?, column: Int?) {
        self.code = code
        self.severity = severity
        self.row = row
        self.line = line
        self.column = column
    }

    init(_ diagnostic: Diagnostic) {
        self.init(
            diagnostic.code.rawValue, diagnostic.severity, row: diagnostic.location.row,
            line: diagnostic.location.line, column: diagnostic.location.column)
    }

    /// An error at a data row, line and column.
    static func error(_ code: String, row: Int? = nil, line: Int? = nil, column: Int? = nil) -> Found {
        Found(code, .error, row: row, line: line, column: column)
    }

    /// A warning at a data row, line and column.
    static func warning(_ code: String, row: Int? = nil, line: Int? = nil, column: Int? = nil) -> Found {
        Found(code, .warning, row: row, line: line, column: column)
    }

    var description: String {
        "\(code) \(severity.rawValue) row \(row.map(String.init) ?? "-") line \(line.map(String.init) ?? "-") column \(column.map(String.init) ?? "-")"
    }
}

extension Array where Element == Found {
    /// The findings with each run of consecutive findings on the same data row sorted by line,
    /// column and code: rules may report the findings of one row in any order, but rows and
    /// file-level findings keep their place.
    var inFileOrder: [Found] {
        var result: [Found] = []
        var group: [Found] = []
        func flush() {
            result += group.sorted { ($0.line ?? 0, $0.column ?? 0, $0.code) < ($1.line ?? 0, $1.column ?? 0, $1.code) }
            group = []
        }
        for found in self {
            if found.row == nil || group.first?.row != found.row { flush() }
            group.append(found)
            if found.row == nil { flush() }
        }
        flush()
        return result
    }
}

/// One row of a behaviour table: an input, the options it runs with, and every finding expected
/// (in file order).
struct CheckCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var options: CheckOptions
    var expected: [Found]
    var sourceLocation: Testing.SourceLocation

    init(
        _ name: String, _ input: [UInt8], options: CheckOptions = CheckOptions(), _ expected: [Found],
        sourceLocation: Testing.SourceLocation
    ) {
        self.name = name
        self.input = input
        self.options = options
        self.expected = expected
        self.sourceLocation = sourceLocation
    }

    init(
        _ name: String, _ text: String, options: CheckOptions = CheckOptions(), _ expected: [Found],
        sourceLocation: Testing.SourceLocation
    ) {
        self.init(name, Array(text.utf8), options: options, expected, sourceLocation: sourceLocation)
    }

    var testDescription: String { name }

    /// Runs the case through a fresh checker and compares every finding, in file order (the
    /// order of findings at the same row is not part of the contract: see ``inFileOrder``).
    func verify() {
        let report = Checker(options: options).check(bytes: input, name: "case.csv")
        #expect(
            report.diagnostics.map(Found.init).inFileOrder == expected.inFileOrder, "\(name)",
            sourceLocation: sourceLocation)
    }
}

/// The staged header, as Exchange documents it.
let stagedHeader = "EmailAddress,Password,ForceChangePassword"
/// An obviously fake password that passes the Microsoft 365 policy.
let goodPassword = "Qx7#mLp2vR!a"

/// A file: the lines joined with CRLF, with a final CRLF.
func csv(_ lines: String...) -> String {
    lines.map { $0 + "\r\n" }.joined()
}

/// A staged file with one data row per line given, after the standard header.
func staged(_ rows: String...) -> String {
    ([stagedHeader] + rows).map { $0 + "\r\n" }.joined()
}

/// A staged file whose only data row has this EmailAddress value and a good password.
func stagedEmail(_ address: String) -> String {
    staged("\(address),\(goodPassword),False")
}

/// Options for a profile, with changes.
func options(
    _ profile: Profile = .staged, sso: Bool = false, domains: [String] = [], allowUnknown: Bool = false,
    maxRows: Int? = nil, maxRecordBytes: Int? = nil
) -> CheckOptions {
    var options = CheckOptions()
    options.profile = profile
    options.singleSignOn = sso
    options.acceptedDomains = domains
    options.allowUnknownColumns = allowUnknown
    options.maxRows = maxRows
    if let maxRecordBytes { options.maxRecordBytes = maxRecordBytes }
    return options
}

/// Checks bytes in memory and returns the findings as tuples, in canonical file order.
func findings(_ text: String, _ options: CheckOptions = CheckOptions()) -> [Found] {
    Checker(options: options).check(bytes: Array(text.utf8), name: "case.csv").diagnostics.map(Found.init).inFileOrder
}

/// Checks bytes in memory and returns the report.
func checkReport(_ bytes: [UInt8], _ options: CheckOptions = CheckOptions()) -> FileReport {
    Checker(options: options).check(bytes: bytes, name: "case.csv")
}

/// The text as UTF-16 with a byte order mark.
func utf16WithBOM(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
        let high = UInt8(unit >> 8)
        let low = UInt8(unit & 0xFF)
        bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
}

/// A fresh temporary directory, removed by the caller with `removeTemporary`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("csvcheck-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes bytes to `name` in `directory` with POSIX `mode`, and returns the path.
@discardableResult
func writeFile(_ bytes: [UInt8], named name: String, in directory: URL, mode: Int = 0o600) throws -> String {
    let path = directory.appendingPathComponent(name).path
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw CocoaError(.fileWriteUnknown)
    }
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    return path
}

/// The package's root folder (the one holding Package.swift), found from this source file.
let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        url = url.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
}()

/// The bytes of a file under Fixtures/.
func fixture(_ relativePath: String) throws -> [UInt8] {
    let path = repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(relativePath).path
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    return Array(data)
}

/// Every file under Fixtures/, as paths relative to it, sorted.
func allFixtures() -> [String] {
    let root = repositoryRoot.appendingPathComponent("Fixtures")
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var paths: [String] = []
    while let next = walker.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(next).path, isDirectory: &isDirectory),
            !isDirectory.boolValue, next.lowercased().hasSuffix(".csv")
        {
            paths.append(next)
        }
    }
    return paths.sorted()
}

/// A small seeded generator (SplitMix64), so that random tests replay from their seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
