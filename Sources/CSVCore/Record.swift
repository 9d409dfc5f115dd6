/// A view of one record (one CSV row) as the tokenizer found it.
///
/// The view borrows the tokenizer's buffers: it is valid only inside the handler it is passed
/// to. Copy what you need to keep.
public struct Record {
    /// The raw bytes of the record, without its line terminator. For a record over the size
    /// limit (``isTruncated``) only the first `maxRecordBytes` are kept.
    public let bytes: UnsafeRawBufferPointer
    /// Unescaped values of quoted fields that contained `""` or text after the closing quote.
    public let scratch: UnsafeRawBufferPointer
    /// The fields whose spans were kept (all of them unless ``isTruncated``).
    public let fields: UnsafeBufferPointer<FieldSpan>
    /// The number of fields in the record, kept or not. 0 for a blank line.
    public let fieldCount: Int
    /// Absolute byte offset of the record's first byte in the stream fed to the tokenizer.
    public let offset: Int
    /// Physical line of the record's first byte, 1-based.
    public let line: Int
    /// Physical lines the record spans (more than 1 when a quoted field holds line breaks).
    public let lineCount: Int
    /// Length of the raw record in bytes, terminator excluded, even when truncated.
    public let rawLength: Int
    /// How the record ended.
    public let terminator: LineTerminator
    /// An empty line: no bytes before the terminator.
    public var isBlank: Bool { fieldCount == 0 }
    /// The record exceeded the tokenizer's `maxRecordBytes` (CSV009); only a prefix is kept.
    public var isTruncated: Bool { rawLength > bytes.count }
    /// The index of a field left open by an unterminated quote at the end of input (CSV002).
    public let unterminatedField: Int?

    /// Creates a view over stored parts, for tools that keep records and look at them later
    /// (the checker's blocks). The buffers must outlive the view.
    public init(
        bytes: UnsafeRawBufferPointer, scratch: UnsafeRawBufferPointer,
        fields: UnsafeBufferPointer<FieldSpan>, fieldCount: Int, offset: Int, line: Int,
        lineCount: Int, rawLength: Int, terminator: LineTerminator, unterminatedField: Int?
    ) {
        self.bytes = bytes
        self.scratch = scratch
        self.fields = fields
        self.fieldCount = fieldCount
        self.offset = offset
        self.line = line
        self.lineCount = lineCount
        self.rawLength = rawLength
        self.terminator = terminator
        self.unterminatedField = unterminatedField
    }

    /// The decoded value of field `index`: quotes removed and `""` unescaped, exactly as
    /// Python's `csv` module (default dialect) reads it.
    ///
    /// - Complexity: O(1). Always inlined: rules read every field of every row through it.
    @inlinable @inline(__always)
    public func value(at index: Int) -> UnsafeRawBufferPointer {
        let span = fields[index]
        let base = span.flags.contains(.unescaped) ? scratch : bytes
        // The tokenizer made the span inside `base`: no slice and its bounds checks.
        return UnsafeRawBufferPointer(
            start: base.baseAddress.map { $0 + Int(span.valueStart) }, count: Int(span.valueEnd &- span.valueStart))
    }

    /// The physical line and column (1-based, in Unicode scalars) of a raw offset inside the
    /// record. Line breaks inside quoted fields count as the tokenizer counts them.
    ///
    /// - Parameter rawOffset: an offset relative to the record's first byte, at most
    ///   `bytes.count`.
    /// - Returns: the line and column; `nil` when the offset lies beyond the kept bytes.
    /// - Complexity: O(`rawOffset`); meant for diagnostics, not for every field.
    public func position(ofRawOffset rawOffset: Int) -> (line: Int, column: Int)? {
        guard rawOffset >= 0, rawOffset <= bytes.count else { return nil }
        // Most records are one line: then the column is the scalars before the offset, counted
        // 16 bytes at a time.
        if let column = Self.singleLineColumn(bytes, upTo: rawOffset) { return (line, column) }
        return positionByteByByte(ofRawOffset: rawOffset)
    }

    /// ``position(ofRawOffset:)`` one byte at a time, for a record with a line break before the
    /// offset; the reference its tests compare the fast path with.
    func positionByteByByte(ofRawOffset rawOffset: Int) -> (line: Int, column: Int)? {
        guard rawOffset >= 0, rawOffset <= bytes.count else { return nil }
        var line = self.line
        var lineStart = 0
        var i = 0
        while i < rawOffset {
            let byte = bytes[i]
            if byte == 0x0D {
                line += 1
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                    i += 1
                }
                lineStart = i + 1
            } else if byte == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        var column = 1
        var j = lineStart
        while j < rawOffset {
            if bytes[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return (line, column)
    }

    /// The column of `end` (1 plus the scalars before it) when no CR or LF lies before it;
    /// `nil` when one does.
    ///
    /// Sixteen bytes at a time, with lane arithmetic (which compiles to vector instructions):
    /// a lane's top bit marks a line break (`byte ^ 0x0A` or `byte ^ 0x0D` is 0, so 1 less wraps;
    /// `~byte` keeps bytes from 0x80 up out) or a UTF-8 continuation byte (`10xxxxxx`: bit 7
    /// set, and bit 6, which doubling moves to bit 7, clear). The last partial block is read as
    /// the 16 bytes that end at `end`, its lanes already counted cleared.
    @inline(__always)
    static func singleLineColumn(_ bytes: UnsafeRawBufferPointer, upTo end: Int) -> Int? {
        guard end > 0, let base = bytes.baseAddress else { return 1 }
        if end < 16 {
            var continuations = 0
            for i in 0..<end {
                let byte = bytes[i]
                if byte == 0x0A || byte == 0x0D { return nil }
                if byte & 0xC0 == 0x80 { continuations += 1 }
            }
            return 1 + end - continuations
        }
        var continuations = 0
        var offset = 0
        while true {
            // The block at `offset`, or the last 16 bytes with the first `skip` lanes ignored.
            let skip = Swift.max(0, offset + 16 - end)
            let block = (base + (offset - skip)).loadUnaligned(as: SIMD16<UInt8>.self)
            let top = SIMD16<UInt8>(repeating: 0x80)
            let lineFeed = block ^ SIMD16(repeating: 0x0A)
            let carriageReturn = block ^ SIMD16(repeating: 0x0D)
            let one = SIMD16<UInt8>(repeating: 1)
            let breaks = ((lineFeed &- one) | (carriageReturn &- one)) & ~block & top
            let continuation = block & ~(block &+ block) & top
            var breakWords = unsafeBitCast(breaks, to: SIMD2<UInt64>.self)
            var continuationWords = unsafeBitCast(continuation, to: SIMD2<UInt64>.self)
            if skip > 0 {
                let keep = Self.lanes(from: skip)
                breakWords &= keep
                continuationWords &= keep
            }
            if breakWords[0] | breakWords[1] != 0 { return nil }
            // One bit per lane at bit 7: shifted to bit 0, the multiply sums the 8 lanes of a
            // word into its top byte.
            let counts = ((continuationWords &>> 7) &* SIMD2(repeating: 0x0101_0101_0101_0101)) &>> 56
            continuations += Int(counts[0] &+ counts[1])
            offset += 16
            if offset >= end { break }
        }
        return 1 + end - continuations
    }

    /// A mask of the lanes `from...15` of a 16-byte block read as two words: all ones in those
    /// lanes, zeros before (`from` from 1 to 15).
    @inline(__always)
    private static func lanes(from: Int) -> SIMD2<UInt64> {
        // Lane `i` is byte `i % 8` of word `i / 8` in memory order: the low byte first on a
        // little-endian machine.
        if from >= 8 { return SIMD2(0, (UInt64.max &<< UInt64((from - 8) &* 8)).littleEndian) }
        return SIMD2((UInt64.max &<< UInt64(from &* 8)).littleEndian, UInt64.max)
    }

    /// The raw bytes of the physical line that contains `rawOffset`, without its line break.
    public func lineBytes(containing rawOffset: Int) -> Range<Int> {
        let limit = bytes.count
        // A record without a line break is one line (checked 16 bytes at a time).
        if Self.singleLineColumn(bytes, upTo: limit) != nil { return 0..<limit }
        let target = Swift.min(Swift.max(rawOffset, 0), limit)
        var start = target
        while start > 0, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
        var end = target
        while end < limit, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        return start..<end
    }
}
