// Measured (swift build -c release, Swift 6.3.1, ICU 72, 2-core x86_64 Linux; 8 MiB of French
// mailbox-list text in windows-1252, 6.8% non-ASCII bytes, decoded in 64 KiB chunks, best of 5):
//   ICU converter (ucnv_toUnicode + UTF-8 encoding in the shim):   572 MB/s (14 ms)
//   ICU, ISO-8859-2 for comparison:                                 597 MB/s (14 ms)
//   windows-1252 table below (ASCII 8 bytes at a time):            1734 MB/s ( 4 ms)
// so windows-1252 takes the table path (3x); every other charset goes through ICU.

/// A streaming decoder from a legacy (non-Unicode) charset to UTF-8.
///
/// Any charset ICU knows is converted by ICU's `ucnv` (through the CICUShim converter, with
/// the STOP callback so that no byte is silently replaced): each invalid or unmappable sequence
/// becomes U+FFFD and a ``DecodeError``, and conversion resumes after it. Windows-1252, by far
/// the most common, takes a table path instead (see the numbers at the top of this file).
///
/// The bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in Windows-1252. ICU maps them to
/// the C1 controls U+0081, U+008D, U+008F, U+0090 and U+009D (and so does Windows'
/// `MultiByteToWideChar`), while glibc's iconv rejects them. The table follows ICU, so both
/// paths give the same output; the C1 controls are then reported by the control-character rule
/// (ENC004) rather than as undecodable bytes.
///
/// A class: the ICU converter it owns holds state across chunks, and is closed on deinit.
public final class LegacyDecoder: TranscodingDecoder {
    /// The charset name, as given.
    public let charset: String

    private let converter: ICUConverter?
    private var bomRemaining: Int
    /// Absolute input offset of the next byte the decoder will be given.
    private var inputPosition = 0
    /// Absolute offset in the UTF-8 output of the next byte written.
    private var outputPosition = 0
    /// Whether an ICU failure (not an invalid sequence) ended decoding.
    private var failed = false

    /// Creates a decoder for `charset` (any ICU name or alias) that skips the first
    /// `bomLength` bytes of the input; `nil` when ICU does not know the charset.
    public convenience init?(charset: String, bomLength: Int = 0) {
        self.init(charset: charset, bomLength: bomLength, allowsTable: true)
    }

    /// Creates a decoder; `allowsTable: false` forces ICU even for windows-1252 (for tests and
    /// measurements).
    init?(charset: String, bomLength: Int, allowsTable: Bool) {
        self.charset = charset
        self.bomRemaining = bomLength
        if allowsTable && Self.isWindows1252(charset) {
            converter = nil
        } else {
            guard let converter = ICUConverter(charset: charset) else { return nil }
            self.converter = converter
        }
    }

    /// Whether this decoder uses the windows-1252 table rather than ICU.
    var usesTable: Bool { converter == nil }

    /// Decodes the next chunk; see ``TranscodingDecoder/decode(_:isFinal:into:errors:)``.
    public func decode(
        _ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8],
        errors: inout [DecodeError]
    ) {
        let base = inputPosition
        inputPosition += input.count
        let start = min(bomRemaining, input.count)
        bomRemaining -= start
        let rest = UnsafeRawBufferPointer(rebasing: input[start...])
        if let converter {
            decodeWithICU(converter, rest, base: base + start, isFinal: isFinal, &output, &errors)
        } else {
            decodeWindows1252(rest, &output)
        }
    }

    // MARK: ICU

    private func decodeWithICU(
        _ converter: ICUConverter, _ input: UnsafeRawBufferPointer, base: Int, isFinal: Bool,
        _ output: inout [UInt8], _ errors: inout [DecodeError]
    ) {
        var index = 0
        while !failed {
            let remaining = UnsafeRawBufferPointer(rebasing: input[index...])
            var step = ICUConverter.Step.done(consumed: 0, produced: 0)
            output.appendWriting(maximumCount: remaining.count * 3 + 64) { out in
                step = converter.convert(
                    remaining, into: UnsafeMutableRawBufferPointer(start: out, count: remaining.count * 3 + 64),
                    flush: isFinal)
                switch step {
                case .done(_, let produced), .outputFull(_, let produced),
                    .invalid(_, let produced, _, _), .failed(_, let produced, _):
                    return produced
                }
            }
            switch step {
            case .done(let consumed, let produced):
                index += consumed
                outputPosition += produced
                return
            case .outputFull(let consumed, let produced):
                index += consumed
                outputPosition += produced
            case .invalid(let consumed, let produced, let offset, let length):
                outputPosition += produced
                errors.append(
                    DecodeError(originalOffset: base + index + offset, outputOffset: outputPosition, length: length))
                output.append(contentsOf: replacementCharacterUTF8)
                outputPosition += 3
                index += consumed
                // Keep going: with more input, or to let a final chunk flush the converter.
                if index == input.count && !isFinal { return }
            case .failed(let consumed, let produced, _):
                // Not an encoding error (ICU ran out of memory, say): report the rest as one
                // undecodable run rather than dropping it silently.
                index += consumed
                outputPosition += produced
                failed = true
            }
        }
        if index < input.count {
            errors.append(
                DecodeError(originalOffset: base + index, outputOffset: outputPosition, length: input.count - index))
            output.append(contentsOf: replacementCharacterUTF8)
            outputPosition += 3
        }
    }

    // MARK: windows-1252 table

    /// Whether `name` is ICU's windows-1252 (the names and aliases detection can produce).
    static func isWindows1252(_ name: String) -> Bool {
        ["windows-1252", "cp1252", "ISO-8859-1"].contains { name.caseInsensitiveEqualsASCII($0) }
    }

    /// Windows-1252 bytes 0x80-0x9F, as ICU maps them (undefined bytes to C1 controls); 0xA0-0xFF
    /// are U+00A0-U+00FF and 0x00-0x7F ASCII.
    static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88-8F
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98-9F
    ]

    /// The scalar of every windows-1252 byte.
    static let windows1252Table: [UInt32] = (0..<256).map { byte in
        (0x80..<0xA0).contains(byte) ? UInt32(windows1252High[byte - 0x80]) : UInt32(byte)
    }

    private func decodeWindows1252(_ input: UnsafeRawBufferPointer, _ output: inout [UInt8]) {
        let count = input.count
        Self.windows1252Table.withUnsafeBufferPointer { table in
            output.appendWriting(maximumCount: count * 3) { out in
                var index = 0
                var at = 0
                while index < count {
                    while index + 8 <= count {
                        let word = input.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                        guard word & UTF8Validation.highBits == 0 else { break }
                        UnsafeMutableRawPointer(out + at).storeBytes(of: word, as: UInt64.self)
                        at += 8
                        index += 8
                    }
                    guard index < count else { break }
                    let byte = input[index]
                    index += 1
                    if byte < 0x80 {
                        out[at] = byte
                        at += 1
                    } else {
                        at = writeUTF8(table[Int(byte)], out, at)
                    }
                }
                outputPosition += at
                return at
            }
        }
    }
}
