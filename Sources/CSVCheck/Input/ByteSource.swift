#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input could not be opened or read. Carries the path, never any content.
public struct InputError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The file does not exist (ENOENT, ENOTDIR).
        case notFound
        /// The path names a directory.
        case isDirectory
        /// The file may not be read (EACCES, EPERM).
        case permissionDenied
        /// Any other failure, with its errno.
        case other(Int32)
    }

    /// The step that failed.
    public enum Operation: Sendable, Hashable {
        /// Opening the file.
        case open
        /// Reading from it.
        case read
    }

    /// What went wrong.
    public var kind: Kind
    /// The step that failed.
    public var operation: Operation
    /// The path as given (`-` for standard input).
    public var path: String

    /// Creates an error.
    public init(kind: Kind, operation: Operation, path: String) {
        self.kind = kind
        self.operation = operation
        self.path = path
    }

    /// Creates an error from an `errno` value.
    public init(errno code: Int32, operation: Operation, path: String) {
        let kind: Kind =
            switch code {
            case ENOENT, ENOTDIR: .notFound
            case EISDIR: .isDirectory
            case EACCES, EPERM: .permissionDenied
            default: .other(code)
            }
        self.init(kind: kind, operation: operation, path: path)
    }

    /// One line, e.g. `csvcheck: cannot open 'x.csv': no such file`.
    public var description: String {
        let verb = operation == .open ? "open" : "read"
        let what = path == "-" ? "standard input" : "'\(path)'"
        let reason: String
        switch kind {
        case .notFound: reason = "no such file"
        case .isDirectory: reason = "is a directory"
        case .permissionDenied: reason = "permission denied"
        case .other(let code):
            // strerror returns static text for every errno glibc knows.
            let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
            reason = text.prefix(1).lowercased() + text.dropFirst()
        }
        return "csvcheck: cannot \(verb) \(what): \(reason)"
    }
}

/// A file or standard input read in chunks with `read(2)` (no Foundation on this path).
///
/// The descriptor is closed when the last copy of the source goes away (standard input is never
/// closed). Copies share the descriptor and therefore its position: read through one copy.
public struct ByteSource: Sendable {
    /// The chunk size of the `[UInt8]` convenience `read(into:)`: 64 KiB.
    public static let chunkSize = 64 * 1024

    /// The path as given; `-` for standard input.
    public let path: String
    /// The size in bytes when the input is a regular file, else `nil` (pipes, terminals).
    public let fileSize: Int?
    /// Whether the input is a regular file that every user of the machine may read (mode o+r).
    public let isWorldReadable: Bool
    /// Bytes read so far.
    public private(set) var bytesRead: Int = 0

    private let descriptor: Descriptor

    /// Whether this source is standard input.
    public var isStandardInput: Bool { path == "-" }

    /// Opens `path` for reading, or standard input when `path` is `-`.
    ///
    /// - Throws: ``InputError`` when the file is missing, is a directory or may not be read.
    public init(path: String) throws(InputError) {
        self.path = path
        let fd: Int32
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            var opened: Int32
            repeat {
                opened = open(path, O_RDONLY | O_CLOEXEC)
            } while opened < 0 && errno == EINTR
            guard opened >= 0 else { throw InputError(errno: errno, operation: .open, path: path) }
            fd = opened
        }
        let descriptor = Descriptor(fd, closes: path != "-")
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw InputError(errno: errno, operation: .open, path: path)
        }
        let type = status.st_mode & 0o170_000
        if type == 0o040_000 {
            throw InputError(kind: .isDirectory, operation: .open, path: path)
        }
        let isRegular = type == 0o100_000
        self.fileSize = isRegular ? Int(status.st_size) : nil
        self.isWorldReadable = isRegular && status.st_mode & 0o004 != 0
        self.descriptor = descriptor
    }

    /// Reads up to `buffer.count` bytes into `buffer`.
    ///
    /// - Returns: The number of bytes read; 0 at the end of the input.
    /// - Throws: ``InputError`` with operation `.read`.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = systemRead(descriptor.fd, base, buffer.count)
            if count >= 0 {
                bytesRead += count
                return count
            }
            let code = errno
            if code != EINTR { throw InputError(errno: code, operation: .read, path: path) }
        }
    }

    /// Replaces the contents of `buffer` with the next chunk of at most ``chunkSize`` bytes,
    /// reusing its storage.
    ///
    /// - Returns: The number of bytes read (also `buffer.count`); 0 at the end of the input.
    /// - Throws: ``InputError`` with operation `.read`.
    public mutating func read(into buffer: inout [UInt8]) throws(InputError) -> Int {
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(Self.chunkSize)
        var failure: InputError?
        // Grow to the chunk size (a memset) and shrink to what was read.
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        let count = buffer.withUnsafeMutableBytes { bytes -> Int in
            do throws(InputError) { return try read(into: bytes) } catch { failure = error; return 0 }
        }
        buffer.removeLast(buffer.count - count)
        if let failure { throw failure }
        return count
    }
}

/// Owns a file descriptor and closes it on deinit.
private final class Descriptor: Sendable {
    let fd: Int32
    let closes: Bool

    init(_ fd: Int32, closes: Bool) {
        self.fd = fd
        self.closes = closes
    }

    deinit {
        if closes { _ = close(fd) }
    }
}

/// `read(2)`, reachable from inside a method of the same name.
private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, base, count)
}
