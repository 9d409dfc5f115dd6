/// One undecodable byte sequence, replaced by U+FFFD in the UTF-8 output.
public struct DecodeError: Sendable, Hashable {
    /// Absolute byte offset of the sequence in the original input, counted from the very first
    /// byte of the file (the BOM included).
    public var originalOffset: Int
    /// Absolute byte offset in the produced UTF-8 stream where its U+FFFD was written.
    public var outputOffset: Int
    /// Length of the sequence in bytes of the original input.
    public var length: Int

    /// Creates a decode error.
    public init(originalOffset: Int, outputOffset: Int, length: Int) {
        self.originalOffset = originalOffset
        self.outputOffset = outputOffset
        self.length = length
    }
}

/// A streaming decoder from one encoding to UTF-8.
///
/// The caller passes every byte of the input, from offset 0 (the BOM included: the decoder
/// skips the BOM itself), in chunks of any size, the last one with `isFinal` set. A sequence cut
/// by a chunk boundary decodes exactly as if it were not cut. Every invalid sequence becomes
/// U+FFFD (EF BF BD) in the output and one ``DecodeError``.
public protocol TranscodingDecoder {
    /// Decodes the next chunk, appending UTF-8 to `output` and errors to `errors`.
    ///
    /// - Parameters:
    ///   - input: The next bytes of the input (may be empty).
    ///   - isFinal: Whether this is the last chunk; a sequence still incomplete then is an error.
    ///   - output: UTF-8 is appended; the caller may empty it between calls (offsets in
    ///     ``DecodeError`` stay absolute).
    ///   - errors: One ``DecodeError`` is appended per invalid sequence.
    mutating func decode(
        _ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8],
        errors: inout [DecodeError])

    /// Whether every byte written so far is ASCII decoded from one code unit, with no
    /// replacement: then the original offset of an output byte is a multiple of the unit size,
    /// and an offset mapper need not count scalars. `false` when not known.
    var asciiSoFar: Bool { get }
}

extension TranscodingDecoder {
    /// Not known: a decoder that does not track it is never taken to be ASCII.
    public var asciiSoFar: Bool { false }
}

/// The decoder for `encoding`, or `nil` for UTF-8 and binary input (UTF-8 is not transcoded:
/// validate it with ``UTF8Validation``).
///
/// A legacy charset ICU cannot open (which detection never yields) is decoded as US-ASCII, so
/// that every non-ASCII byte is reported rather than guessed.
public func makeDecoder(for encoding: DetectedEncoding) -> (any TranscodingDecoder)? {
    switch encoding.kind {
    case .utf8, .binary:
        return nil
    case .utf16LE:
        return UTF16Decoder(byteOrder: .littleEndian, bomLength: encoding.bomLength)
    case .utf16BE:
        return UTF16Decoder(byteOrder: .bigEndian, bomLength: encoding.bomLength)
    case .utf32LE:
        return UTF32Decoder(byteOrder: .littleEndian, bomLength: encoding.bomLength)
    case .utf32BE:
        return UTF32Decoder(byteOrder: .bigEndian, bomLength: encoding.bomLength)
    case .legacy(let name):
        if let decoder = LegacyDecoder(charset: name, bomLength: encoding.bomLength) {
            return decoder
        }
        return LegacyDecoder(charset: "US-ASCII", bomLength: encoding.bomLength)
    }
}

/// The byte order of UTF-16 and UTF-32 code units.
public enum ByteOrder: Sendable, Hashable {
    /// Least significant byte first.
    case littleEndian
    /// Most significant byte first.
    case bigEndian
}

extension Array where Element == UInt8 {
    /// Appends at most `maximumCount` bytes written by `body` straight into the array's storage;
    /// `body` returns how many it wrote.
    ///
    /// Into an empty array the bytes go to new storage, left uninitialized until written (the
    /// decoders are called with the caller's emptied buffer: zero-filling `maximumCount` bytes
    /// first, 1.5 times the input for UTF-16, was 1.3% of a UTF-16 check's samples).
    ///
    /// With `maximumCount` 0 `body` still runs (on a scratch byte it must not write): an array
    /// made with no capacity is the runtime's shared empty storage, whose count its initializer
    /// would write (ThreadSanitizer reported that write racing with another thread's read).
    @inline(__always)
    mutating func appendWriting(
        maximumCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int
    ) {
        guard maximumCount > 0 else {
            let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { body($0.baseAddress!) }
            precondition(written == 0, "decoder wrote past its bound")
            return
        }
        if isEmpty {
            self = [UInt8](unsafeUninitializedCapacity: maximumCount) { buffer, initialized in
                let written = body(buffer.baseAddress!)
                precondition(written <= maximumCount, "decoder wrote past its bound")
                initialized = written
            }
            return
        }
        let start = count
        append(contentsOf: repeatElement(0, count: maximumCount))
        let written = withUnsafeMutableBufferPointer { body($0.baseAddress! + start) }
        precondition(written <= maximumCount, "decoder wrote past its bound")
        removeLast(maximumCount - written)
    }
}

/// Writes `scalar` (any value below 0x110000 that is not a surrogate) as UTF-8 at `out + at`
/// and returns the new write position.
@inline(__always)
func writeUTF8(_ scalar: UInt32, _ out: UnsafeMutablePointer<UInt8>, _ at: Int) -> Int {
    if scalar < 0x80 {
        out[at] = UInt8(truncatingIfNeeded: scalar)
        return at + 1
    }
    if scalar < 0x800 {
        out[at] = UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6)
        out[at + 1] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
        return at + 2
    }
    if scalar < 0x10000 {
        out[at] = UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12)
        out[at + 1] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F)
        out[at + 2] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
        return at + 3
    }
    out[at] = UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18)
    out[at + 1] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F)
    out[at + 2] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F)
    out[at + 3] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
    return at + 4
}

/// The UTF-8 bytes of U+FFFD REPLACEMENT CHARACTER.
let replacementCharacterUTF8: [UInt8] = [0xEF, 0xBF, 0xBD]
