import CSVCore

/// What a test sees of one record: values as strings, plus the facts the tokenizer reported.
struct SeenRecord: Equatable, CustomStringConvertible {
    var values: [String]
    var line: Int
    var offset: Int
    var terminator: LineTerminator
    var flags: [FieldSpan.Flags]
    var problemAt: [Int32]
    var unterminatedField: Int?
    var truncated: Bool
    var fieldCount: Int

    var description: String { "\(values) line \(line) offset \(offset) \(terminator.name)" }
}

/// The chunk sizes every tokenizer case runs at (0 stands for "the whole input at once").
let chunkSizes = [1, 2, 3, 7, 4096, 0]

/// Tokenizes `bytes` fed in chunks of `chunkSize` (0: whole), inserting empty chunks now and
/// then, as a network or pipe reader would.
func tokenize(
    _ bytes: [UInt8], chunkSize: Int, delimiter: UInt8 = UInt8(ascii: ","), maxRecordBytes: Int = 64 * 1024
) -> [SeenRecord] {
    var tokenizer = CSVTokenizer(delimiter: delimiter, maxRecordBytes: maxRecordBytes)
    var seen: [SeenRecord] = []
    let handler: (Record) -> Void = { record in
        var values: [String] = []
        for index in record.fields.indices {
            values.append(String(decoding: record.value(at: index), as: UTF8.self))
        }
        seen.append(
            SeenRecord(
                values: values, line: record.line, offset: record.offset, terminator: record.terminator,
                flags: record.fields.map(\.flags), problemAt: record.fields.map(\.problemAt),
                unterminatedField: record.unterminatedField, truncated: record.isTruncated,
                fieldCount: record.fieldCount))
    }
    let size = chunkSize == 0 ? max(bytes.count, 1) : chunkSize
    var start = 0
    var emptyEvery = 0
    bytes.withUnsafeBytes { all in
        while start < bytes.count {
            let end = min(start + size, bytes.count)
            tokenizer.feed(UnsafeRawBufferPointer(rebasing: all[start..<end]), handler)
            emptyEvery += 1
            if emptyEvery % 3 == 0 {
                tokenizer.feed(UnsafeRawBufferPointer(rebasing: all[end..<end]), handler)
            }
            start = end
        }
    }
    tokenizer.finish(handler)
    return seen
}
