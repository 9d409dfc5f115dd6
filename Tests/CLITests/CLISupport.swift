import Foundation
import Testing

// Running the built `csvcheck` binary: found next to the test bundle in the build products
// folder (`swift build --build-tests` builds it with the tests), whatever the scratch path.

/// The test source location of the caller, for rows of a test table.
func at(
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> Testing.SourceLocation {
    Testing.SourceLocation(fileID: fileID, filePath: filePath, line: line, column: column)
}

/// The package's root folder, found from this source file.
let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        url = url.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
}()

enum CLIError: Error, CustomStringConvertible {
    case binaryNotFound([String])
    var description: String {
        switch self {
        case .binaryNotFound(let looked):
            "the csvcheck binary was not found; build it with `swift build --build-tests` (looked in \(looked.joined(separator: ", ")))"
        }
    }
}

/// The `csvcheck` executable of the same build as this test bundle.
func csvcheckBinary() throws -> URL {
    var folders: [URL] = []
    // The running test executable (Linux: the .xctest file; macOS: inside the .xctest bundle).
    if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        folders.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
    }
    let bundle = Bundle.main.bundleURL
    folders.append(bundle.deletingLastPathComponent())
    folders.append(bundle)
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        folders.append(bundle.bundleURL.deletingLastPathComponent())
    }
    for folder in folders {
        let candidate = folder.appendingPathComponent("csvcheck")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw CLIError.binaryNotFound(folders.map(\.path))
}

/// What a run of the binary gave.
struct CLIResult {
    var status: Int32
    var stdout: Data
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }

    /// Standard output parsed as the JSON report.
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
    }

    /// The diagnostics of file `index` in the JSON report.
    func diagnostics(file index: Int = 0) throws -> [[String: Any]] {
        let files = try #require(try json()["files"] as? [[String: Any]])
        return try #require(files[index]["diagnostics"] as? [[String: Any]])
    }

    /// Each diagnostic of file `index` as "CODE severity row line column" (absent fields as -).
    func found(file index: Int = 0) throws -> [String] {
        try diagnostics(file: index).map { d in
            func value(_ key: String) -> String { (d[key] as? Int).map(String.init) ?? "-" }
            return "\(d["code"] as? String ?? "?") \(d["severity"] as? String ?? "?") row \(value("row")) line \(value("line")) column \(value("column"))"
        }
    }
}

/// Runs `csvcheck` with `arguments` in `directory`, feeding `stdin`.
func runCSVCheck(_ arguments: [String], in directory: URL? = nil, stdin: Data? = nil) throws -> CLIResult {
    let process = Process()
    process.executableURL = try csvcheckBinary()
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? FileManager.default.temporaryDirectory
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    input.fileHandleForWriting.write(stdin ?? Data())
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a large output cannot block the child.
    final class Box: @unchecked Sendable { var data = Data() }
    let errorBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errorBox.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outputData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CLIResult(
        status: process.terminationStatus, stdout: outputData, stderr: String(decoding: errorBox.data, as: UTF8.self))
}

/// A temporary folder holding copies of fixtures, mode 0600 (so SEC002 does not depend on the
/// checkout's umask); removed by the caller.
func copyFixtures(_ relativePaths: [String]) throws -> (folder: URL, paths: [String]) {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("csvcheck-cli-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var paths: [String] = []
    for relative in relativePaths {
        let source = repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(relative)
        let target = folder.appendingPathComponent(source.lastPathComponent)
        try FileManager.default.copyItem(at: source, to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        paths.append(target.path)
    }
    return (folder, paths)
}

/// Writes a file with `mode` into `folder`.
@discardableResult
func writeFile(_ text: String, named name: String, in folder: URL, mode: Int = 0o600) throws -> String {
    let path = folder.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    return path
}
