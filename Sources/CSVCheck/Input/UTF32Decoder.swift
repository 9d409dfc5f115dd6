/// A streaming UTF-32 to UTF-8 decoder (little or big endian).
///
/// A code unit that is a surrogate or above U+10FFFF (4 bytes), and 1 to 3 bytes left at the
/// end of the input, become U+FFFD and a ``DecodeError``. ASCII code units are converted 2 at a
/// time.
public struct UTF32Decoder: TranscodingDecoder, Sendable {
    /// The byte order of the code units.
    public let byteOrder: ByteOrder

    /// BOM bytes still to skip.
    private var bomRemaining: Int
    /// Absolute input offset of the next byte the decoder will be given.
    private var inputPosition = 0
    /// Absolute offset in the UTF-8 output of the next byte written.
    private var outputPosition = 0
    /// The first bytes (1-3) of a code unit cut by the end of the previous chunk.
    private var pending: [UInt8] = []

    /// Creates a decoder that skips the first `bomLength` bytes of the input.
    public init(byteOrder: ByteOrder, bomLength: Int) {
        self.byteOrder = byteOrder
        self.bomRemaining = bomLength
    }

    /// Decodes the next chunk; see ``TranscodingDecoder/decode(_:isFinal:into:errors:)``.
    public mutating func decode(
        _ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8],
        errors: inout [DecodeError]
    ) {
        let base = inputPosition
        let count = input.count
        inputPosition += count
        var index = min(bomRemaining, count)
        bomRemaining -= index
        let littleEndian = byteOrder == .littleEndian
        // Per 4 input bytes at most 4 output bytes, plus a pending unit and a final U+FFFD.
        let maximum = count + 16
        var pending = self.pending
        var produced = outputPosition

        output.appendWriting(maximumCount: maximum) { out in
            var at = 0

            func replace(_ offset: Int, _ length: Int) {
                errors.append(DecodeError(originalOffset: offset, outputOffset: produced + at, length: length))
                out[at] = 0xEF
                out[at + 1] = 0xBF
                out[at + 2] = 0xBD
                at += 3
            }

            func unit(_ value: UInt32, _ offset: Int) {
                if value > 0x10FFFF || value & 0xFFFF_F800 == 0xD800 {
                    replace(offset, 4)
                } else {
                    at = writeUTF8(value, out, at)
                }
            }

            @inline(__always)
            func load(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) -> UInt32 {
                littleEndian
                    ? UInt32(b3) << 24 | UInt32(b2) << 16 | UInt32(b1) << 8 | UInt32(b0)
                    : UInt32(b0) << 24 | UInt32(b1) << 16 | UInt32(b2) << 8 | UInt32(b3)
            }

            if !pending.isEmpty {
                while pending.count < 4 && index < count {
                    pending.append(input[index])
                    index += 1
                }
                if pending.count == 4 {
                    unit(load(pending[0], pending[1], pending[2], pending[3]), base + index - 4)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            // Bytes that must be zero, and high bits that must be clear, for 2 ASCII units.
            let asciiMask: UInt64 = littleEndian ? 0xFFFF_FF80_FFFF_FF80 : 0x80FF_FFFF_80FF_FFFF
            let shift: UInt64 = littleEndian ? 0 : 24
            while index + 4 <= count {
                while index + 8 <= count {
                    let word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    guard word & asciiMask == 0 else { break }
                    let units = word >> shift
                    out[at] = UInt8(truncatingIfNeeded: units)
                    out[at + 1] = UInt8(truncatingIfNeeded: units >> 32)
                    at += 2
                    index += 8
                }
                guard index + 4 <= count else { break }
                unit(load(input[index], input[index + 1], input[index + 2], input[index + 3]), base + index)
                index += 4
            }
            while index < count {
                pending.append(input[index])
                index += 1
            }
            if isFinal && !pending.isEmpty {
                replace(base + count - pending.count, pending.count)
                pending.removeAll()
            }
            produced += at
            return at
        }
        outputPosition = produced
        self.pending = pending
    }
}
