import CSVCheck
import CSVCore
import FuzzSupport

// Decoding and tokenizing: EncodingDetector + makeDecoder + CSVTokenizer, fed whole and in random
// chunk sizes. Asserts no crash, that chunking changes neither the decoded bytes nor the
// records, and a few invariants of the records (see FuzzSupport.tokenize).
//
// The first input byte picks the delimiter and the record limit; the rest is the file.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenize(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    let control = raw[0]
    let bytes = Array(raw[1...])
    let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
    let delimiter = delimiters[Int(control & 3)]
    let limits = [64 * 1024, 1, 7, 64]
    let maxRecordBytes = limits[Int(control >> 2 & 3)]

    var whole: FuzzRandom? = nil
    var chunked: FuzzRandom? = FuzzRandom(seed: raw)

    let one = decode(bytes, random: &whole)
    let many = decode(bytes, random: &chunked)
    if one.utf8 != many.utf8 { fuzzFailure("chunked decoding changed the output (\(one.encoding.name))") }
    if one.errors != many.errors {
        let k = (0..<min(one.errors.count, many.errors.count)).first { one.errors[$0] != many.errors[$0] }
            ?? min(one.errors.count, many.errors.count)
        let a = k < one.errors.count ? String(describing: one.errors[k]) : "none"
        let b = k < many.errors.count ? String(describing: many.errors[k]) : "none"
        fuzzFailure("chunked decoding changed the errors (\(one.encoding.name)): error \(k) whole \(a), chunked \(b)")
    }
    if one.encoding.kind != .binary, one.encoding.kind != .utf8,
        one.utf8.withUnsafeBytes({ UTF8Validation.firstInvalid(in: $0) }) != nil
    {
        fuzzFailure("a decoder produced invalid UTF-8 (\(one.encoding.name))")
    }
    for error in one.errors where error.length <= 0 || error.originalOffset < 0 || error.originalOffset >= bytes.count {
        fuzzFailure("decode error out of range: \(error)")
    }

    // The dialect sniffer, on the decoded text and on prefixes.
    _ = one.utf8.withUnsafeBytes { Dialect.sniff($0, isWholeInput: true) }
    _ = one.utf8.withUnsafeBytes { Dialect.sniff(UnsafeRawBufferPointer(rebasing: $0.prefix(one.utf8.count / 2)), isWholeInput: false) }

    // The tokenizer, on the decoded text and on the raw bytes (it must take any byte).
    for input in [one.utf8, bytes] {
        var none: FuzzRandom? = nil
        let a = tokenize(input, delimiter: delimiter, maxRecordBytes: maxRecordBytes, random: &none)
        let b = tokenize(input, delimiter: delimiter, maxRecordBytes: maxRecordBytes, random: &chunked)
        if a != b {
            let index = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            fuzzFailure("chunking changed the records: \(a.count) vs \(b.count) records, first difference at \(index): \(index < a.count ? String(describing: a[index]) : "-") vs \(index < b.count ? String(describing: b[index]) : "-")")
        }
        // Raw lengths and offsets add up to the input.
        var end = 0
        for record in a {
            if record.offset < end { fuzzFailure("record offsets go backwards") }
            end = record.offset + record.rawLength
        }
        if end > input.count { fuzzFailure("records run past the input") }
    }
    return 0
}
