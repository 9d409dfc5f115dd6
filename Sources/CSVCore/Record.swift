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
    /// - Complexity: O(1).
    @inlinable
    public func value(at index: Int) -> UnsafeRawBufferPointer {
        let span = fields[index]
        let base = span.flags.contains(.unescaped) ? scratch : bytes
        return UnsafeRawBufferPointer(rebasing: base[Int(span.valueStart)..<Int(span.valueEnd)])
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

    /// The raw bytes of the physical line that contains `rawOffset`, without its line break.
    public func lineBytes(containing rawOffset: Int) -> Range<Int> {
        let limit = bytes.count
        let target = Swift.min(Swift.max(rawOffset, 0), limit)
        var start = target
        while start > 0, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
        var end = target
        while end < limit, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        return start..<end
    }
}
