import CSupport

/// A streaming UTF-16 to UTF-8 decoder (little or big endian).
///
/// Unpaired surrogates (2 bytes each) and an odd byte at the end of the input (1 byte) become
/// U+FFFD and a ``DecodeError``. Runs of ASCII code units are converted 8 at a time
/// (`csvcheck_utf16_ascii`), the rest of a run 4 at a time.
public struct UTF16Decoder: TranscodingDecoder, Sendable {
    /// The byte order of the code units.
    public let byteOrder: ByteOrder

    /// BOM bytes still to skip.
    private var bomRemaining: Int
    /// Absolute input offset of the next byte the decoder will be given.
    private var inputPosition = 0
    /// Absolute offset in the UTF-8 output of the next byte written.
    private var outputPosition = 0
    /// The first byte of a code unit cut by the end of the previous chunk.
    private var pendingByte: UInt8?
    /// A lead surrogate still waiting for its trail, and its absolute input offset.
    private var pendingLead: (unit: UInt32, offset: Int)?
    /// See ``TranscodingDecoder/asciiSoFar``.
    public private(set) var asciiSoFar = true

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
        // Per 2 input bytes at most 3 output bytes, plus a pending byte and lead, plus the
        // final U+FFFDs.
        let maximum = (count / 2 + 2) * 3 + 9
        var pendingByte = self.pendingByte
        var pendingLead = self.pendingLead
        var produced = outputPosition
        var ascii = asciiSoFar

        output.appendWriting(maximumCount: maximum) { out in
            var at = 0

            func replace(_ offset: Int, _ length: Int) {
                ascii = false
                errors.append(DecodeError(originalOffset: offset, outputOffset: produced + at, length: length))
                out[at] = 0xEF
                out[at + 1] = 0xBF
                out[at + 2] = 0xBD
                at += 3
            }

            func unit(_ value: UInt32, _ offset: Int) {
                if value >= 0x80 { ascii = false }
                if let lead = pendingLead {
                    pendingLead = nil
                    if value & 0xFC00 == 0xDC00 {
                        at = writeUTF8(0x10000 + (lead.unit - 0xD800) << 10 + (value - 0xDC00), out, at)
                        return
                    }
                    replace(lead.offset, 2)
                }
                switch value & 0xFC00 {
                case 0xD800: pendingLead = (value, offset)
                case 0xDC00: replace(offset, 2)
                default: at = writeUTF8(value, out, at)
                }
            }

            @inline(__always)
            func load(_ first: UInt8, _ second: UInt8) -> UInt32 {
                littleEndian ? UInt32(second) << 8 | UInt32(first) : UInt32(first) << 8 | UInt32(second)
            }

            if let first = pendingByte, index < count {
                pendingByte = nil
                unit(load(first, input[index]), base + index - 1)
                index += 1
            }
            // Bytes that must be zero, and high bits that must be clear, for 4 ASCII units.
            let asciiMask: UInt64 = littleEndian ? 0xFF80_FF80_FF80_FF80 : 0x80FF_80FF_80FF_80FF
            let shift: UInt64 = littleEndian ? 0 : 8
            while index + 2 <= count {
                if pendingLead == nil {
                    // Eight units a step (SSE2), then four a step for what is left of the run.
                    let converted = csvcheck_utf16_ascii(
                        input.baseAddress!.assumingMemoryBound(to: UInt8.self) + index, (count &- index) / 2, out + at,
                        littleEndian ? 0 : 1)
                    at &+= converted
                    index &+= 2 &* converted
                    while index + 8 <= count {
                        let word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                        guard word & asciiMask == 0 else { break }
                        let units = word >> shift
                        out[at] = UInt8(truncatingIfNeeded: units)
                        out[at + 1] = UInt8(truncatingIfNeeded: units >> 16)
                        out[at + 2] = UInt8(truncatingIfNeeded: units >> 32)
                        out[at + 3] = UInt8(truncatingIfNeeded: units >> 48)
                        at += 4
                        index += 8
                    }
                    guard index + 2 <= count else { break }
                }
                unit(load(input[index], input[index + 1]), base + index)
                index += 2
            }
            if index < count {
                pendingByte = input[index]
                index += 1
            }
            if isFinal {
                if let lead = pendingLead {
                    pendingLead = nil
                    replace(lead.offset, 2)
                }
                if pendingByte != nil {
                    pendingByte = nil
                    replace(base + count - 1, 1)
                }
            }
            produced += at
            return at
        }
        outputPosition = produced
        asciiSoFar = ascii
        self.pendingByte = pendingByte
        self.pendingLead = pendingLead
    }
}
