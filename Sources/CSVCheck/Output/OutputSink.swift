#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte buffer that renderers write UTF-8 into, flushed to a file descriptor or kept in memory.
///
/// Writing never fails and never allocates per call beyond the buffer's own growth: renderers
/// append text, JSON strings and numbers, and the sink hands the bytes to `write(2)` once more
/// than 64 KiB are pending, and at ``finish()``. A sink made with ``memory()`` keeps everything,
/// for tests and for library callers that want the output as ``bytes`` or ``string``.
///
/// The sink is noncopyable, so exactly one owner writes to it and bytes are never duplicated or
/// lost through a copy; renderers receive it `inout`. It is `Sendable` because it owns all of its
/// state: its memory is a pointer the sink never hands out, and the sink itself cannot be copied
/// (hence `@unchecked`).
///
/// A failed `write(2)` (a closed pipe, a full disk) is remembered in ``failure``; later writes are
/// dropped and ``finish()`` throws it, so a caller can exit with status 2.
public struct OutputSink: ~Copyable, @unchecked Sendable {
    /// Pending bytes above which a file-descriptor sink writes them out.
    public static let flushThreshold = 64 * 1024

    /// Where the bytes go.
    private enum Target: Sendable {
        case fileDescriptor(Int32)
        case memory
    }

    private let target: Target
    /// The pending bytes: `count` of them at `base`, room for `capacity`. Memory of the sink's
    /// own, not an `Array` or a shared buffer class: a dirty file makes millions of small writes,
    /// and the sink, being noncopyable, needs neither copy-on-write nor exclusivity checks.
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    /// The first write error, if any; once set, the sink drops further output.
    public private(set) var failure: OutputSinkError?

    private init(target: Target) {
        self.target = target
        capacity = OutputSink.flushThreshold + 4096
        base = .allocate(capacity: capacity)
    }

    /// Creates a sink that writes to a file descriptor, standard output by default.
    ///
    /// The sink does not close the descriptor.
    /// - Parameter fileDescriptor: An open descriptor, e.g. `STDOUT_FILENO`.
    public init(fileDescriptor: Int32 = 1) {
        self.init(target: .fileDescriptor(fileDescriptor))
    }

    /// Creates a sink that keeps every byte in memory; read them with ``bytes`` or ``string``.
    public static func memory() -> OutputSink {
        OutputSink(target: .memory)
    }

    deinit {
        // Best effort for a caller that forgot `finish()`; errors have nowhere to go here.
        if case .fileDescriptor = target, failure == nil, count > 0 {
            _ = Self.writeAll(pending, to: descriptor)
        }
        base.deallocate()
    }

    /// Everything written so far and not yet flushed; for a memory sink, everything written.
    public var bytes: [UInt8] { Array(pending) }

    /// ``bytes`` decoded as UTF-8.
    public var string: String { String(decoding: pending, as: UTF8.self) }

    /// The pending bytes, valid until the next write.
    private var pending: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    private var descriptor: Int32 {
        if case .fileDescriptor(let fd) = target { return fd }
        return -1
    }

    // MARK: Writing

    /// Makes room for `extra` more pending bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if extra > capacity &- count { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let grown = Swift.max(count + extra, capacity * 2)
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        memory.initialize(from: base, count: count)
        base.deallocate()
        base = memory
        capacity = grown
    }

    /// Appends raw bytes, without the flush test.
    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Writes at most `maxCount` bytes through `body`, with one capacity check and one flush test
    /// for all of them.
    ///
    /// `body` must write no more than `maxCount` bytes; the pieces' bounds are documented on
    /// ``ReservedBytes``.
    @inline(__always)
    mutating func writeReserved(atMost maxCount: Int, _ body: (inout ReservedBytes) -> Void) {
        reserve(maxCount)
        let start = base + count
        var writer = ReservedBytes(start)
        body(&writer)
        count += writer.position - start
        flushIfNeeded()
    }

    /// Appends the UTF-8 bytes of a string.
    ///
    /// Disfavoured so that a string literal picks the `StaticString` overload, which copies its
    /// bytes without making a `String` (a dirty file writes millions of JSON keys).
    @_disfavoredOverload
    public mutating func write(_ string: String) {
        withUTF8(of: string) { write(bytes: $0) }
    }

    /// Appends the UTF-8 bytes of a static string.
    public mutating func write(_ string: StaticString) {
        if string.hasPointerRepresentation {
            write(bytes: UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
        } else {
            write(String(describing: string))
        }
    }

    /// Appends raw bytes, which must be UTF-8 if the output is text.
    public mutating func write(bytes: UnsafeBufferPointer<UInt8>) {
        append(bytes)
        flushIfNeeded()
    }

    /// Appends raw bytes, which must be UTF-8 if the output is text.
    public mutating func write(bytes: some Sequence<UInt8>) {
        for byte in bytes { write(byte: byte) }
    }

    /// Appends one byte.
    public mutating func write(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
        flushIfNeeded()
    }

    /// Appends a byte `count` times (padding).
    public mutating func write(byte: UInt8, count repeats: Int) {
        guard repeats > 0 else { return }
        reserve(repeats)
        (base + count).initialize(repeating: byte, count: repeats)
        count += repeats
        flushIfNeeded()
    }

    /// Appends an integer in decimal, optionally grouping thousands (`4,512`).
    ///
    /// - Parameters:
    ///   - value: Any `Int`, including `Int.min`.
    ///   - thousandsSeparator: A byte written between groups of three digits, or `nil`.
    public mutating func writeDecimal(_ value: Int, thousandsSeparator: UInt8? = nil) {
        guard let separator = thousandsSeparator else {
            writeReserved(atMost: ReservedBytes.decimalBound) { $0.writeDecimal(value) }
            return
        }
        // Digits are written backwards into a stack buffer (at most 19 digits, 6 separators and
        // a sign), then appended at once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
            var position = 32
            var magnitude = value.magnitude
            var digits = 0
            repeat {
                if digits > 0, digits % 3 == 0 {
                    position -= 1
                    scratch[position] = separator
                }
                position -= 1
                scratch[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                digits += 1
            } while magnitude > 0
            if value < 0 {
                position -= 1
                scratch[position] = UInt8(ascii: "-")
            }
            append(UnsafeBufferPointer(rebasing: scratch[position..<32]))
        }
        flushIfNeeded()
    }

    /// Appends a string as a JSON string literal, quotes included (RFC 8259).
    ///
    /// `"` and `\` are escaped, as are all control characters below U+0020: `\b \f \n \r \t` in
    /// their short forms, the rest as `\u00XX`. Everything else, non-ASCII included, is written
    /// as UTF-8 unchanged.
    public mutating func writeJSONString(_ string: String) {
        withUTF8(of: string) { writeJSONString(utf8: $0) }
    }

    /// Appends UTF-8 bytes as a JSON string literal, quotes included; see ``writeJSONString(_:)``.
    public mutating func writeJSONString(utf8: UnsafeBufferPointer<UInt8>) {
        writeReserved(atMost: ReservedBytes.jsonBound(utf8.count)) { writer in
            writer.write(byte: UInt8(ascii: "\""))
            writer.writeJSONEscaped(utf8)
            writer.write(byte: UInt8(ascii: "\""))
        }
    }

    // MARK: Flushing

    /// Inlined (a test of `count`, once per diagnostic); the flush itself is a call.
    @inline(__always)
    private mutating func flushIfNeeded() {
        if count > OutputSink.flushThreshold, case .fileDescriptor = target {
            flush()
        }
    }

    /// Writes pending bytes to the file descriptor now; does nothing for a memory sink.
    ///
    /// On failure the error is kept in ``failure`` and the pending bytes are dropped.
    public mutating func flush() {
        guard case .fileDescriptor(let fd) = target else { return }
        if failure == nil, count > 0 {
            failure = Self.writeAll(pending, to: fd)
        }
        count = 0
    }

    /// Flushes what is pending and reports the first write error of the sink's life.
    ///
    /// - Throws: ``OutputSinkError`` when any write to the descriptor failed.
    public mutating func finish() throws(OutputSinkError) {
        flush()
        if let failure { throw failure }
    }

    private static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32) -> OutputSinkError? {
        guard let start = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = posixWrite(fd, start + offset, bytes.count - offset)
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                return OutputSinkError(errno: code)
            }
            offset += written
        }
        return nil
    }
}

/// `write(2)`, named apart from ``OutputSink``'s own `write` methods.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

/// A failed write to the sink's file descriptor.
public struct OutputSinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `errno` value `write(2)` reported, e.g. `EPIPE` or `ENOSPC`.
    public var errno: Int32

    /// Creates an error from an `errno` value.
    public init(errno: Int32) { self.errno = errno }

    /// The system's text for ``errno``, e.g. `Broken pipe`.
    public var description: String {
        String(cString: strerror(errno))
    }
}
