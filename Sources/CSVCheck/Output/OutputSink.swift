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
/// state: the memory behind its buffer is a reference the sink never hands out, and the sink
/// itself cannot be copied (hence `@unchecked`).
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
    /// The pending bytes (a plain copy per write: a dirty file makes millions of small writes).
    private var buffer = GrowableBuffer<UInt8>()

    /// The first write error, if any; once set, the sink drops further output.
    public private(set) var failure: OutputSinkError?

    private init(target: Target) {
        self.target = target
        buffer.reserve(OutputSink.flushThreshold + 4096)
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
        if case .fileDescriptor = target, failure == nil, buffer.count > 0 {
            _ = Self.writeAll(buffer.elements, to: descriptor)
        }
    }

    /// Everything written so far and not yet flushed; for a memory sink, everything written.
    public var bytes: [UInt8] { Array(buffer.elements) }

    /// ``bytes`` decoded as UTF-8.
    public var string: String { String(decoding: buffer.elements, as: UTF8.self) }

    private var descriptor: Int32 {
        if case .fileDescriptor(let fd) = target { return fd }
        return -1
    }

    // MARK: Writing

    /// Appends the UTF-8 bytes of a string.
    ///
    /// Disfavoured so that a string literal picks the `StaticString` overload, which copies its
    /// bytes without making a `String` (a dirty file writes millions of JSON keys).
    @_disfavoredOverload
    public mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { write(bytes: $0) }
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
        buffer.append(bytes)
        flushIfNeeded()
    }

    /// Appends raw bytes, which must be UTF-8 if the output is text.
    public mutating func write(bytes: some Sequence<UInt8>) {
        for byte in bytes { buffer.append(byte) }
        flushIfNeeded()
    }

    /// Appends one byte.
    public mutating func write(byte: UInt8) {
        buffer.append(byte)
        flushIfNeeded()
    }

    /// Appends a byte `count` times (padding).
    public mutating func write(byte: UInt8, count: Int) {
        guard count > 0 else { return }
        buffer.append(repeating: byte, count: count)
        flushIfNeeded()
    }

    /// Appends an integer in decimal, optionally grouping thousands (`4,512`).
    ///
    /// - Parameters:
    ///   - value: Any `Int`, including `Int.min`.
    ///   - thousandsSeparator: A byte written between groups of three digits, or `nil`.
    public mutating func writeDecimal(_ value: Int, thousandsSeparator: UInt8? = nil) {
        // Digits are written backwards into a stack buffer (at most 20 digits, 6 separators and
        // a sign), then appended at once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
            var position = 32
            var magnitude = value.magnitude
            var digits = 0
            repeat {
                if let separator = thousandsSeparator, digits > 0, digits % 3 == 0 {
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
            buffer.append(UnsafeBufferPointer(rebasing: scratch[position..<32]))
        }
        flushIfNeeded()
    }

    /// Appends a string as a JSON string literal, quotes included (RFC 8259).
    ///
    /// `"` and `\` are escaped, as are all control characters below U+0020: `\b \f \n \r \t` in
    /// their short forms, the rest as `\u00XX`. Everything else, non-ASCII included, is written
    /// as UTF-8 unchanged.
    public mutating func writeJSONString(_ string: String) {
        var string = string
        string.withUTF8 { writeJSONString(utf8: $0) }
    }

    /// Appends UTF-8 bytes as a JSON string literal, quotes included; see ``writeJSONString(_:)``.
    public mutating func writeJSONString(utf8: UnsafeBufferPointer<UInt8>) {
        buffer.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        let count = utf8.count
        if let start = utf8.baseAddress {
            // Eight bytes at a time while none needs escaping: no quote, no backslash, nothing
            // below 0x20.
            while index + 8 <= count {
                let word = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self).littleEndian
                let special = ByteLanes.equal(word, 0x22) | ByteLanes.equal(word, 0x5C) | ByteLanes.below(word, 0x20)
                if special != 0 { break }
                index += 8
            }
        }
        while index < count {
            let byte = utf8[index]
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            if runStart < index {
                buffer.append(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            }
            appendJSONEscape(byte)
            index += 1
            runStart = index
        }
        if runStart < count {
            buffer.append(UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
        buffer.append(UInt8(ascii: "\""))
        flushIfNeeded()
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    private mutating func appendJSONEscape(_ byte: UInt8) {
        buffer.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        default:
            let hex = Self.hexDigits.utf8Start
            for escaped in [
                UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                hex[Int(byte >> 4)], hex[Int(byte & 0x0F)],
            ] { buffer.append(escaped) }
        }
    }

    // MARK: Flushing

    private mutating func flushIfNeeded() {
        if buffer.count > OutputSink.flushThreshold, case .fileDescriptor = target {
            flush()
        }
    }

    /// Writes pending bytes to the file descriptor now; does nothing for a memory sink.
    ///
    /// On failure the error is kept in ``failure`` and the pending bytes are dropped.
    public mutating func flush() {
        guard case .fileDescriptor(let fd) = target else { return }
        if failure == nil, buffer.count > 0 {
            failure = Self.writeAll(buffer.elements, to: fd)
        }
        buffer.removeAll()
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
