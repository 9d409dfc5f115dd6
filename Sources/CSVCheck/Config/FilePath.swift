#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few path and file operations the configuration needs, on the C library alone.
enum FilePath {
    /// The components of `path` made absolute (from the current folder when it is relative),
    /// with `.`, `..` and repeated slashes resolved by their spelling; nil for a relative path
    /// when the current folder cannot be named (it was deleted, say).
    static func components(ofAbsolute path: String) -> [String]? {
        var full = path
        if !path.hasPrefix("/") {
            guard let current = currentDirectory() else { return nil }
            full = current + "/" + path
        }
        var components: [String] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !components.isEmpty { components.removeLast() }
                continue
            }
            components.append(String(part))
        }
        return components
    }

    /// The absolute path of `components`.
    static func join(_ components: [String]) -> String {
        "/" + components.joined(separator: "/")
    }

    /// The current folder, nil when it cannot be named.
    static func currentDirectory() -> String? {
        guard let pointer = getcwd(nil, 0) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The bytes of the regular file at `path` (a file named `-` too, not standard input),
    /// read through ``ByteSource``; nil when it cannot be read, is not a regular file, or holds
    /// more than `limit` bytes.
    static func contents(of path: String, limit: Int) -> [UInt8]? {
        guard var source = try? ByteSource(path: path == "-" ? "./-" : path), source.fileSize != nil else { return nil }
        var bytes: [UInt8] = []
        var chunk: [UInt8] = []
        while true {
            guard let count = try? source.read(into: &chunk) else { return nil }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { return nil }
            bytes += chunk
        }
    }
}
