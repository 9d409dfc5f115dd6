/// Maps offsets in the decoded UTF-8 stream back to byte offsets in the original file.
///
/// For UTF-8 input the two are the same. For UTF-16, UTF-32 and single-byte charsets every
/// scalar has a known width in the original, so the mapper counts the scalars of each record
/// as it goes. For multi-byte legacy charsets (Shift_JIS, say) it gives up and offsets are
/// omitted, as they are after a record over the size limit, whose bytes were not kept.
struct OffsetMapper {
    /// Bytes per code unit in the original, or nil when offsets are not known.
    private var unitSize: Int?
    private let identity: Bool
    /// Original offset of the current record's first byte.
    private var originalBase: Int

    init(encoding: DetectedEncoding) {
        identity = decoderIsIdentity(encoding)
        unitSize = encoding.bytesPerUnit
        originalBase = 0
    }

    /// Sets the original offset of the first byte the tokenizer will see.
    mutating func start(original: Int) { originalBase = original }

    /// Counts the original bytes of a UTF-8 prefix (used for the preamble).
    func originalLength(of bytes: UnsafeRawBufferPointer) -> Int? {
        guard let unitSize else { return nil }
        return Self.units(bytes, pairs: unitSize == 2) * unitSize
    }

    /// The original offset of `rawOffset` inside a record that starts at stream offset
    /// `recordOffset`.
    ///
    /// The UTF-8 case (an addition) inlined into each finding's emission; the transcoded case
    /// is a call.
    @inline(__always)
    func original(recordOffset: Int, bytes: UnsafeRawBufferPointer, rawOffset: Int) -> Int? {
        if identity { return recordOffset + rawOffset }
        return transcodedOriginal(bytes: bytes, rawOffset: rawOffset)
    }

    /// ``original(recordOffset:bytes:rawOffset:)`` when the original is not UTF-8.
    private func transcodedOriginal(bytes: UnsafeRawBufferPointer, rawOffset: Int) -> Int? {
        guard let unitSize, rawOffset <= bytes.count else { return nil }
        return originalBase + Self.units(UnsafeRawBufferPointer(rebasing: bytes[0..<rawOffset]), pairs: unitSize == 2) * unitSize
    }

    /// Moves past a record and its terminator; with `ascii`, every byte of the record is one
    /// code unit of the original (``TranscodingDecoder/asciiSoFar``), and none is counted.
    mutating func advance(bytes: UnsafeRawBufferPointer, rawLength: Int, terminatorLength: Int, ascii: Bool) {
        guard !identity, let unit = unitSize else { return }
        if rawLength > bytes.count {
            unitSize = nil
            return
        }
        let units = ascii ? bytes.count : Self.units(bytes, pairs: unit == 2)
        originalBase += (units + terminatorLength) * unit
    }

    /// Code units of a UTF-8 buffer: scalars, plus one for each 4-byte sequence when the
    /// original is UTF-16 (a surrogate pair).
    ///
    /// Eight bytes at a time: a continuation byte has bit 7 set and bit 6 clear (`w & ~(w << 1)`
    /// on the top bit of each lane), a lead byte of 0xF0 or more has bits 7 to 4 set.
    static func units(_ bytes: UnsafeRawBufferPointer, pairs: Bool) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        let n = bytes.count
        var continuations = 0
        var fours = 0
        var i = 0
        while i + 8 <= n {
            let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if w & high != 0 {
                continuations &+= (w & ~(w << 1) & high).nonzeroBitCount
                fours &+= (w & (w << 1) & (w << 2) & (w << 3) & high).nonzeroBitCount
            }
            i += 8
        }
        while i < n {
            let byte = bytes[i]
            if byte & 0xC0 == 0x80 { continuations += 1 }
            if byte >= 0xF0 { fours += 1 }
            i += 1
        }
        return n - continuations + (pairs ? fours : 0)
    }
}

private func decoderIsIdentity(_ encoding: DetectedEncoding) -> Bool {
    switch encoding.kind {
    case .utf8, .binary: true
    default: false
    }
}
