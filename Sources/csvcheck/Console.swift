#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure of the run itself (exit status 2), with the one line to print on standard error.
struct RunFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Standard error and terminal facts.
enum Console {
    /// Writes one line to standard error.
    static func error(_ line: String) {
        var text = line
        if !text.hasSuffix("\n") { text += "\n" }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { break }
            offset += written
        }
    }

    /// Whether colour should be used on standard output for `--color auto`.
    static var standardOutputWantsColor: Bool {
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        return isatty(1) == 1
    }
}
