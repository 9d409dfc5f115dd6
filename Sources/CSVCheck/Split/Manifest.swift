/// `manifest.json`: every batch file with the input lines it came from, its row count and its
/// SHA-256, so a reviewer can confirm that the files uploaded are the files written.
///
/// ```json
/// {
///   "version": 1,
///   "input": "mailboxes.csv",
///   "profile": "staged",
///   "files": [
///     {"name": "mailboxes-001.csv", "rows": 2000, "firstLine": 2, "lastLine": 2001, "bytes": 98213, "sha256": "..."}
///   ],
///   "rejects": {"path": "rejects.csv", "rows": 3, "firstLine": 17, "lastLine": 940, "bytes": 211, "sha256": "..."},
///   "script": {"name": "mailboxes-batches.ps1", "bytes": 1200, "sha256": "..."}
/// }
/// ```
///
/// File names are relative to the manifest's folder; the rejects path is as given.
enum Manifest {
    /// The manifest's bytes.
    static func render(
        input: String, profile: String, files: [SplitResult.OutputFile], rejects: SplitResult.OutputFile?,
        script: (name: String, bytes: Int, sha256: String)?
    ) -> [UInt8] {
        var out = OutputSink.memory()
        out.write("{\n  \"version\": 1,\n  \"input\": ")
        out.writeJSONString(input)
        out.write(",\n  \"profile\": ")
        out.writeJSONString(profile)
        out.write(",\n  \"files\": [")
        for (index, file) in files.enumerated() {
            out.write(index == 0 ? "\n    " : ",\n    ")
            write(file, key: "name", value: AtomicFile.split(file.path).name, to: &out)
        }
        out.write(files.isEmpty ? "]" : "\n  ]")
        if let rejects {
            out.write(",\n  \"rejects\": ")
            write(rejects, key: "path", value: rejects.path, to: &out)
        }
        if let script {
            out.write(",\n  \"script\": {\"name\": ")
            out.writeJSONString(script.name)
            out.write(", \"bytes\": ")
            out.writeDecimal(script.bytes)
            out.write(", \"sha256\": ")
            out.writeJSONString(script.sha256)
            out.write("}")
        }
        out.write("\n}\n")
        return out.bytes
    }

    private static func write(_ file: SplitResult.OutputFile, key: String, value: String, to out: inout OutputSink) {
        out.write("{\"")
        out.write(key)
        out.write("\": ")
        out.writeJSONString(value)
        out.write(", \"rows\": ")
        out.writeDecimal(file.rows)
        out.write(", \"firstLine\": ")
        out.writeDecimal(file.firstLine)
        out.write(", \"lastLine\": ")
        out.writeDecimal(file.lastLine)
        out.write(", \"bytes\": ")
        out.writeDecimal(file.bytes)
        out.write(", \"sha256\": ")
        out.writeJSONString(file.sha256)
        out.write("}")
    }
}
