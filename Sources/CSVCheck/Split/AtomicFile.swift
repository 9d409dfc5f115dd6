#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

import Dispatch
import Synchronization

/// Why a split or fix could not write its output (exit status 2). Carries paths, never content.
public struct SplitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// An output file exists and overwriting was not allowed (`--force`).
        case exists(path: String)
        /// A system call on an output path failed with this `errno`.
        case io(path: String, operation: String, errno: Int32)
        /// The input could not be opened or read.
        case input(InputError)
        /// The options do not make sense (e.g. a row limit over the profile's).
        case invalidOptions(String)
    }

    /// What went wrong.
    public var kind: Kind

    /// Creates an error.
    public init(_ kind: Kind) { self.kind = kind }

    /// One line, starting with `csvcheck:`.
    public var description: String {
        switch kind {
        case .exists(let path):
            return "csvcheck: '\(path)' already exists; nothing was written (use --force to overwrite)"
        case .io(let path, let operation, let code):
            let text = String(cString: strerror(code))
            return "csvcheck: cannot \(operation) '\(path)': \(text.prefix(1).lowercased() + text.dropFirst()); nothing was written"
        case .input(let error):
            return error.description
        case .invalidOptions(let message):
            return "csvcheck: \(message)"
        }
    }
}

/// An output file written under a hidden temporary name in its final folder
/// (`.NAME.csvcheck-tmp`), with mode 0600, then flushed with `fsync` and renamed into place by
/// ``commit(force:)``, or deleted by ``discard()``. Nothing ever appears under the final name
/// until the whole file is on disk.
///
/// Callers append to ``buffer`` on their thread; full buffers are handed to a serial background
/// queue (``IOQueue``) that hashes them with SHA-256 and `write(2)`s them, so checking, hashing
/// and disk writes overlap on two cores. ``close()`` is queued too; ``IOQueue/wait()`` waits for
/// everything queued, after which ``digest`` and ``ioError`` are final.
///
/// Thread safety: `fd`, `hash`, `written`, `digest` are touched only on the queue (or after
/// ``IOQueue/wait()``); ``buffer`` only on the caller's thread; `ioError` under a lock.
final class AtomicFile: @unchecked Sendable {
    /// The suffix of every temporary file; a later run deletes strays left by a killed one.
    static let temporarySuffix = ".csvcheck-tmp"
    /// Pending bytes above which they are handed to the queue.
    static let flushThreshold = 256 * 1024

    /// The final path.
    let path: String
    /// The hidden temporary path in the same folder.
    let temporaryPath: String
    /// Bytes not yet handed to the queue; callers append to it, then call ``flushIfNeeded()``.
    /// Touched by the producing thread only, once per row: no run-time exclusivity check (nor
    /// on ``handed``).
    @exclusivity(unchecked) var buffer: [UInt8] = []
    /// Bytes of the file so far, pending ones included.
    var byteCount: Int { handed + buffer.count }
    @exclusivity(unchecked) private var handed = 0
    private let queue: IOQueue
    private var fd: Int32 = -1
    private var hash = SHA256()
    /// The SHA-256 of the file, once closed and waited for.
    private(set) var digest: SHA256Digest?
    private let failure = Mutex<SplitError?>(nil)
    private var committed = false
    private var createdFinal = false

    /// The first write error, if any.
    var ioError: SplitError? { failure.withLock { $0 } }

    /// The temporary path for a final path: the same folder, a hidden name.
    static func temporaryPath(for path: String) -> String {
        let (folder, name) = split(path)
        return folder + "." + name + temporarySuffix
    }

    /// `("dir/", "name")` for `dir/name`; `("", "name")` for a bare name.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    /// Creates the temporary file (replacing a stray one), mode 0600.
    ///
    /// - Parameter deferred: create it on the queue instead, before its first write (creating
    ///   a file can cost more than writing it); a failure is then reported as ``ioError``.
    /// - Throws: ``SplitError`` when the folder is missing or not writable (not deferred).
    init(path: String, queue: IOQueue, deferred: Bool = false) throws(SplitError) {
        self.path = path
        self.queue = queue
        self.temporaryPath = Self.temporaryPath(for: path)
        buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
        if deferred {
            queue.async {
                do throws(SplitError) {
                    self.fd = try Self.create(self.temporaryPath, reportingAs: self.path)
                } catch {
                    self.failure.withLock { $0 = $0 ?? error }
                }
            }
        } else {
            fd = try Self.create(temporaryPath, reportingAs: path)
        }
    }

    /// Creates `temporaryPath` afresh, mode 0600, and returns its descriptor.
    private static func create(_ temporaryPath: String, reportingAs path: String) throws(SplitError) -> Int32 {
        unlink(temporaryPath)
        var opened: Int32
        repeat {
            opened = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        } while opened < 0 && errno == EINTR
        guard opened >= 0 else { throw SplitError(.io(path: path, operation: "create", errno: errno)) }
        fchmod(opened, 0o600)
        return opened
    }

    deinit {
        if fd >= 0 { _ = systemClose(fd) }
        if !committed { unlink(temporaryPath) }
    }

    /// Appends bytes.
    func append(_ bytes: [UInt8]) throws(SplitError) {
        buffer.append(contentsOf: bytes)
        try flushIfNeeded()
    }

    /// Hands the pending bytes to the queue once there are more than ``flushThreshold``.
    @inline(__always)
    func flushIfNeeded() throws(SplitError) {
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Hands every pending byte to the queue.
    ///
    /// - Throws: an earlier write error of this file.
    func flush() throws(SplitError) {
        if let error = ioError { throw error }
        guard !buffer.isEmpty else { return }
        let chunk = buffer
        handed += chunk.count
        buffer = []
        buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
        queue.async { self.writeChunk(chunk) }
    }

    /// On the queue: hashes and writes one chunk.
    private func writeChunk(_ chunk: [UInt8]) {
        guard fd >= 0, ioError == nil else { return }
        let code: Int32? = chunk.withUnsafeBytes { raw in
            hash.update(raw)
            var offset = 0
            while offset < raw.count {
                let count = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
        if let code { failure.withLock { $0 = $0 ?? SplitError(.io(path: path, operation: "write", errno: code)) } }
    }

    /// Queues the last bytes, `fsync` and `close`; ``digest`` is set once the queue has run it.
    func close() throws(SplitError) {
        try flush()
        queue.async {
            guard self.fd >= 0 else { return }
            if self.ioError == nil, fsync(self.fd) != 0, errno != EINVAL, errno != EROFS {
                let code = errno
                self.failure.withLock { $0 = $0 ?? SplitError(.io(path: self.path, operation: "write", errno: code)) }
            }
            if systemClose(self.fd) != 0 {
                let code = errno
                self.failure.withLock { $0 = $0 ?? SplitError(.io(path: self.path, operation: "write", errno: code)) }
            }
            self.fd = -1
            self.digest = self.hash.finalize()
        }
    }

    /// Moves the temporary file to its final name.
    ///
    /// Without `force`, a hard link (which fails if the name exists) then an unlink, so an
    /// existing file is never replaced even by a race; with `force`, `rename(2)`.
    func commit(force: Bool) throws(SplitError) {
        if force {
            guard rename(temporaryPath, path) == 0 else {
                throw SplitError(.io(path: path, operation: "rename into", errno: errno))
            }
        } else {
            if link(temporaryPath, path) == 0 {
                unlink(temporaryPath)
            } else if errno == EEXIST {
                throw SplitError(.exists(path: path))
            } else {
                // A file system without hard links: check, then rename.
                guard access(path, F_OK) != 0 else { throw SplitError(.exists(path: path)) }
                guard rename(temporaryPath, path) == 0 else {
                    throw SplitError(.io(path: path, operation: "rename into", errno: errno))
                }
            }
            createdFinal = true
        }
        committed = true
    }

    /// Deletes the temporary file, and the final one if ``commit(force:)`` created it (a later
    /// file failed to commit).
    func discard() {
        // A deferred creation may still be queued: let it run first, or it would come after.
        queue.wait()
        if committed {
            if createdFinal { unlink(path) }
        } else {
            unlink(temporaryPath)
        }
        committed = true
    }

    /// Whether something exists at `path` (a dangling symbolic link counts).
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Deletes stray temporary files (`.*.csvcheck-tmp`) left in `folder` by a killed run.
    static func removeStrayTemporaries(in folder: String) {
        guard let directory = opendir(folder.isEmpty ? "." : folder) else { return }
        defer { closedir(directory) }
        let base = folder.isEmpty || folder.hasSuffix("/") ? folder : folder + "/"
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix("."), name.hasSuffix(temporarySuffix), name.count > temporarySuffix.count + 1 {
                unlink(base + name)
            }
        }
    }

    /// Syncs a folder so the renames in it are durable (best effort).
    static func syncFolder(_ folder: String) {
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        _ = systemClose(fd)
    }
}

/// `close(2)`, named apart from ``AtomicFile/close()``.
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }

/// A serial background queue for output writes, with at most ``maxPending`` chunks waiting, so
/// memory stays bounded when the disk is slower than the checker.
final class IOQueue: Sendable {
    /// Chunks queued and not yet written, at most.
    static let maxPending = 32
    private let queue = DispatchQueue(label: "csvcheck.split.io")
    private let slots = DispatchSemaphore(value: maxPending)

    init() {}

    /// Runs `work` on the queue after the work queued before it; waits while the queue is full.
    func async(_ work: @escaping @Sendable () -> Void) {
        slots.wait()
        queue.async {
            work()
            self.slots.signal()
        }
    }

    /// Waits until everything queued so far has run.
    func wait() {
        queue.sync {}
    }
}
