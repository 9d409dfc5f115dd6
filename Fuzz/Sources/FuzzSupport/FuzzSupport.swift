import CSVCheck
import CSVCore

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny deterministic PRNG (SplitMix64) seeded from the fuzz input, so a crash replays.
public struct FuzzRandom {
    private var state: UInt64

    public init(seed bytes: UnsafeRawBufferPointer) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes.prefix(64) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        state = hash ^ UInt64(bytes.count)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A chunk size: mostly tiny, sometimes large, sometimes empty.
    public mutating func chunkSize() -> Int {
        switch next() % 8 {
        case 0: return 0
        case 1, 2, 3: return 1 + Int(next() % 4)
        case 4, 5: return 1 + Int(next() % 64)
        default: return 1 + Int(next() % 4096)
        }
    }
}

/// Stops the run with a message libFuzzer shows with the crashing input.
public func fuzzFailure(_ message: String) -> Never {
    let text = Array("fuzz failure: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}

/// One record as plain values, for comparing two tokenizations.
public struct SeenRecord: Equatable {
    public var values: [[UInt8]]
    public var fieldCount: Int
    public var offset: Int
    public var line: Int
    public var lineCount: Int
    public var rawLength: Int
    public var terminator: UInt8
    public var unterminatedField: Int?
    public var flags: [UInt8]
}

/// Tokenizes `bytes` fed as the chunk sizes of `random` say (nil: all at once).
public func tokenize(
    _ bytes: [UInt8], delimiter: UInt8, maxRecordBytes: Int, random: inout FuzzRandom?
) -> [SeenRecord] {
    var tokenizer = CSVTokenizer(delimiter: delimiter, maxRecordBytes: maxRecordBytes)
    var seen: [SeenRecord] = []
    let handler: (Record) -> Void = { record in
        if record.fields.count > record.fieldCount { fuzzFailure("more spans than fields") }
        if record.bytes.count > max(record.rawLength, 0) { fuzzFailure("bytes longer than rawLength") }
        var values: [[UInt8]] = []
        for index in record.fields.indices {
            let span = record.fields[index]
            if span.start > span.end || span.valueStart > span.valueEnd || span.start < 0 {
                fuzzFailure("inverted span \(span)")
            }
            values.append(Array(record.value(at: index)))
        }
        seen.append(
            SeenRecord(
                values: values, fieldCount: record.fieldCount, offset: record.offset, line: record.line,
                lineCount: record.lineCount, rawLength: record.rawLength, terminator: record.terminator.rawValue,
                unterminatedField: record.unterminatedField, flags: record.fields.map(\.flags.rawValue)))
        // Exercise the diagnostics helpers on every record.
        _ = record.position(ofRawOffset: record.bytes.count)
        _ = record.lineBytes(containing: record.bytes.count / 2)
    }
    bytes.withUnsafeBytes { all in
        if random == nil {
            tokenizer.feed(all, handler)
        } else {
            var start = 0
            while start < all.count {
                let end = min(all.count, start + random!.chunkSize())
                tokenizer.feed(UnsafeRawBufferPointer(rebasing: all[start..<end]), handler)
                start = end
            }
        }
    }
    tokenizer.finish(handler)
    return seen
}

/// Decodes `bytes` (the whole input) to UTF-8 as the checker does, in chunks when `random` is set.
public func decode(_ bytes: [UInt8], random: inout FuzzRandom?) -> (encoding: DetectedEncoding, utf8: [UInt8], errors: [DecodeError]) {
    let encoding = bytes.withUnsafeBytes {
        EncodingDetector.detect(sample: UnsafeRawBufferPointer(rebasing: $0.prefix(64 * 1024)), isWholeInput: bytes.count <= 64 * 1024)
    }
    guard var decoder = makeDecoder(for: encoding) else {
        let skip = min(encoding.bomLength, bytes.count)
        return (encoding, Array(bytes[skip...]), [])
    }
    var out: [UInt8] = []
    var errors: [DecodeError] = []
    bytes.withUnsafeBytes { all in
        var start = 0
        while start < all.count {
            let end = random == nil ? all.count : min(all.count, start + random!.chunkSize())
            decoder.decode(UnsafeRawBufferPointer(rebasing: all[start..<end]), isFinal: false, into: &out, errors: &errors)
            start = end
        }
        decoder.decode(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, into: &out, errors: &errors)
    }
    return (encoding, out, errors)
}

/// The password values of a decoded file as a CSV reader sees them, and the file's public text
/// (everything but the password fields), for the secrecy oracle.
public func passwords(inUTF8 text: [UInt8], maxRecordBytes: Int) -> (passwords: [[UInt8]], publicText: [UInt8]) {
    let dialect = text.withUnsafeBytes { Dialect.sniff($0, isWholeInput: true) }
    var publicText = Array(text[0..<min(dialect.headerOffset, text.count)])
    var secret: [Int] = []
    var sawHeader = false
    var found: [[UInt8]] = []
    var tokenizer = CSVTokenizer(delimiter: dialect.delimiter, maxRecordBytes: maxRecordBytes)
    let handler: (Record) -> Void = { record in
        var masked: [UInt8] = []
        if !sawHeader, !record.isBlank {
            sawHeader = true
            for index in record.fields.indices {
                let name = String(decoding: record.value(at: index), as: UTF8.self)
                    .lowercased().trimmingSpaces()
                if ["password", "passwort", "wachtwoord", "mot de passe", "pwd"].contains(name) { secret.append(index) }
            }
            masked = Array(record.bytes)
            // The header's values as a reader decodes them ("" unescaped) are public too.
            for index in record.fields.indices {
                masked.append(0)
                masked += record.value(at: index)
            }
        } else {
            var cursor = 0
            for index in record.fields.indices where !secret.contains(index) {
                publicText += record.value(at: index)
                publicText.append(0)
            }
            for index in record.fields.indices where secret.contains(index) {
                let span = record.fields[index]
                let value = Array(record.value(at: index))
                if !value.isEmpty { found.append(value) }
                masked += record.bytes[cursor..<Int(span.start)]
                masked.append(0)
                cursor = Int(span.end)
            }
            if cursor < record.bytes.count { masked += record.bytes[cursor...] }
        }
        publicText += masked
        publicText.append(0x0A)
    }
    text.withUnsafeBytes { all in
        tokenizer.feed(UnsafeRawBufferPointer(rebasing: all[min(dialect.headerOffset, all.count)...]), handler)
    }
    tokenizer.finish(handler)
    return (found, publicText)
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

/// `value` without the quotes, spaces and punctuation that messages put around a quoted value
/// (`'value'`, `"value"`, `value:`, `(value)`), at either end.
public func trimmingMessagePunctuation(_ value: [UInt8]) -> [UInt8] {
    let around = Set("'\"` ,.:;()[]".utf8)
    var slice = value[...]
    while let first = slice.first, around.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, around.contains(last) { slice = slice.dropLast() }
    return Array(slice)
}

/// Whether `needle` occurs in `haystack`.
public func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
    let first = needle[0]
    var i = 0
    let last = haystack.count - needle.count
    while i <= last {
        if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
        i += 1
    }
    return false
}

/// The forms a value takes in the outputs: as is, JSON-escaped, and GitHub-escaped.
public func renderedForms(_ value: [UInt8]) -> [[UInt8]] {
    var json: [UInt8] = []
    var github: [UInt8] = []
    for byte in value {
        switch byte {
        case 0x22: json += Array("\\\"".utf8)
        case 0x5C: json += Array("\\\\".utf8)
        case 0x0A: json += Array("\\n".utf8)
        case 0x0D: json += Array("\\r".utf8)
        case 0x09: json += Array("\\t".utf8)
        case 0..<0x20: json += Array("\\u00".utf8) + hex(byte)
        default: json.append(byte)
        }
        switch byte {
        case 0x25: github += Array("%25".utf8)
        case 0x0D: github += Array("%0D".utf8)
        case 0x0A: github += Array("%0A".utf8)
        default: github.append(byte)
        }
    }
    return [value, json, github]
}

private func hex(_ byte: UInt8) -> [UInt8] {
    let digits = Array("0123456789abcdef".utf8)
    return [digits[Int(byte >> 4)], digits[Int(byte & 15)]]
}

/// Renders `reports` in every output format into memory.
public func renderAll(_ reports: [FileReport]) -> [(OutputFormat, [UInt8])] {
    OutputFormat.allCases.map { format in
        var sink = OutputSink.memory()
        var renderer = makeRenderer(format: format, color: format == .text)
        renderer.render(reports, to: &sink)
        return (format, sink.bytes)
    }
}

/// Text every run may print whatever the input: the catalogue, and the output of an empty run.
public let staticText: [UInt8] = {
    var text: [UInt8] = []
    for descriptor in RuleCatalogue.all {
        for part in [descriptor.code.rawValue, descriptor.title, descriptor.summary, descriptor.behaviour, descriptor.example, descriptor.fix] {
            text += Array(part.utf8)
            text.append(0)
        }
    }
    for profile in [Profile.staged, .imap, .onboarding, .google] {
        for column in profile.columns {
            text += Array(column.name.utf8)
            text.append(0)
        }
    }
    for (_, bytes) in renderAll([Checker().check(bytes: [], name: "fuzz.csv")]) { text += bytes }
    return text
}()
