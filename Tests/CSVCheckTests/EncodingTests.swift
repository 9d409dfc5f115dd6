import Foundation
import Testing

@testable import CSVCheck

// MARK: Helpers

/// Decodes `bytes` with a fresh decoder for `encoding`, in chunks of `chunkSize` (nil: whole),
/// with an empty chunk after every chunk when `emptyChunks` is set.
private func decodeInChunks(
    _ bytes: [UInt8], _ encoding: DetectedEncoding, chunkSize: Int?, emptyChunks: Bool = false
) -> (output: [UInt8], errors: [DecodeError]) {
    guard var decoder = makeDecoder(for: encoding) else { return (bytes, []) }
    var output: [UInt8] = []
    var errors: [DecodeError] = []
    let size = max(1, chunkSize ?? bytes.count)
    bytes.withUnsafeBytes { all in
        var start = 0
        repeat {
            let end = min(start + size, all.count)
            let isFinal = end == all.count
            decoder.decode(
                UnsafeRawBufferPointer(rebasing: all[start..<end]), isFinal: isFinal && !emptyChunks,
                into: &output, errors: &errors)
            if emptyChunks {
                decoder.decode(
                    UnsafeRawBufferPointer(start: nil, count: 0), isFinal: isFinal, into: &output,
                    errors: &errors)
            }
            start = end
        } while start < all.count
    }
    return (output, errors)
}

private func detect(_ bytes: [UInt8], isWholeInput: Bool = true) -> DetectedEncoding {
    bytes.withUnsafeBytes { EncodingDetector.detect(sample: $0, isWholeInput: isWholeInput) }
}

private func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
        let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        bytes += bigEndian ? pair.reversed() : pair
    }
    return bytes
}

private func utf32(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0, 0, 0xFE, 0xFF] : [0xFF, 0xFE, 0, 0]
    for scalar in text.unicodeScalars {
        let value = scalar.value
        let le = [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
        bytes += bigEndian ? le.reversed() : le
    }
    return bytes
}

/// Encodes text in a single-byte charset from a scalar -> byte table (Latin-1 passes through).
private func singleByte(_ text: String, _ table: [UInt32: UInt8]) -> [UInt8] {
    text.unicodeScalars.map { scalar in
        if let byte = table[scalar.value] { return byte }
        precondition(scalar.value < 0x100, "not in the sample's repertoire")
        return UInt8(scalar.value)
    }
}

/// A realistic windows-1252 mailbox list (French names, a euro amount, an en dash).
private let windows1252Sample = singleByte(
    """
    EmailAddress,Password,ForceChangePassword,Commentaire\r
    helene.dubois@contoso.fr,********,False,Hélène a payé 20 € pour le café de l'équipe\r
    jerome.leclerc@contoso.fr,********,True,Jérôme préfère être contacté après l'été\r
    francoise.muller@contoso.fr,********,False,Françoise gère la facturation à Besançon\r
    andre.lefevre@contoso.fr,********,False,André reçoit les invités à l'hôtel près de la gare\r
    celine.geraud@contoso.fr,********,True,Céline a créé le modèle élégant – « déjà vu »\r

    """, [0x20AC: 0x80, 0x2013: 0x96])

/// Polish text in windows-1250 (decoded by ICU, not by the windows-1252 table).
private let windows1250Sample = singleByte(
    "Imię,Nazwisko\r\nZażółć,gęślą jaźń\r\n",
    [0x119: 0xEA, 0x17C: 0xBF, 0xF3: 0xF3, 0x142: 0xB3, 0x107: 0xE6, 0x15B: 0x9C, 0x105: 0xB9,
     0x17A: 0x9F, 0x144: 0xF1])

private let asciiSample = Array("EmailAddress,Password\r\nana@contoso.com,Secret-123\r\n".utf8)
private let mixedText = "EmailAddress,Name\r\nzoë@contoso.com,Zoë 😀 Łukasz 日本語 €\r\nplain,ascii text here\r\n"
private let iconvText = "EmailAddress,Name\r\nhelene@contoso.fr,Hélène Müller-Łukasz 日本 😀 𝄞 ‘quoted’\r\n"
private let fffd: [UInt8] = [0xEF, 0xBF, 0xBD]

// MARK: Cases

struct EncodingDetectionCase: Sendable, CustomTestStringConvertible {
    let label: String
    let bytes: [UInt8]
    var isWholeInput = true
    let kind: DetectedEncoding.Kind
    let bomLength: Int
    let name: String
    let bytesPerUnit: Int?
    var location: Testing.SourceLocation = #_sourceLocation
    var testDescription: String { label }
}

struct UTF8ValidationCase: Sendable, CustomTestStringConvertible {
    let label: String
    let chunks: [[UInt8]]
    let firstInvalid: (offset: Int, length: Int)?
    var location: Testing.SourceLocation = #_sourceLocation
    var testDescription: String { label }
}

struct ChunkedDecodingCase: Sendable, CustomTestStringConvertible {
    let label: String
    let encoding: DetectedEncoding
    let bytes: [UInt8]
    var location: Testing.SourceLocation = #_sourceLocation
    var testDescription: String { label }
}

struct DecodeErrorCase: Sendable, CustomTestStringConvertible {
    let label: String
    let encoding: DetectedEncoding
    let bytes: [UInt8]
    let output: [UInt8]
    let errors: [DecodeError]
    var location: Testing.SourceLocation = #_sourceLocation
    var testDescription: String { label }
}

struct IconvDecodingCase: Sendable, CustomTestStringConvertible {
    let label: String
    let iconvName: String
    let encoding: DetectedEncoding
    let bytes: [UInt8]
    var location: Testing.SourceLocation = #_sourceLocation
    var testDescription: String { label }
}

// MARK: Tests

@Suite("Encoding detection, validation and decoding")
struct EncodingTests {
    // MARK: Detection

    @Test(arguments: [
        EncodingDetectionCase(
            label: "UTF-8 with BOM", bytes: [0xEF, 0xBB, 0xBF] + Array("José,ü\r\n".utf8),
            kind: .utf8, bomLength: 3, name: "UTF-8", bytesPerUnit: 1),
        EncodingDetectionCase(
            label: "UTF-8 without BOM", bytes: Array("José,Zoë,日本\r\n".utf8),
            kind: .utf8, bomLength: 0, name: "UTF-8", bytesPerUnit: 1),
        EncodingDetectionCase(
            label: "ASCII", bytes: asciiSample, kind: .utf8, bomLength: 0, name: "UTF-8", bytesPerUnit: 1),
        EncodingDetectionCase(
            label: "empty", bytes: [], kind: .utf8, bomLength: 0, name: "UTF-8", bytesPerUnit: 1),
        EncodingDetectionCase(
            label: "UTF-16LE BOM", bytes: utf16("Email,é\r\n", bigEndian: false),
            kind: .utf16LE, bomLength: 2, name: "UTF-16LE", bytesPerUnit: 2),
        EncodingDetectionCase(
            label: "UTF-16BE BOM", bytes: utf16("Email,é\r\n", bigEndian: true),
            kind: .utf16BE, bomLength: 2, name: "UTF-16BE", bytesPerUnit: 2),
        EncodingDetectionCase(
            label: "UTF-32LE BOM (checked before UTF-16LE)", bytes: utf32("Email\r\n", bigEndian: false),
            kind: .utf32LE, bomLength: 4, name: "UTF-32LE", bytesPerUnit: 4),
        EncodingDetectionCase(
            label: "UTF-32BE BOM", bytes: utf32("Email\r\n", bigEndian: true),
            kind: .utf32BE, bomLength: 4, name: "UTF-32BE", bytesPerUnit: 4),
        EncodingDetectionCase(
            label: "windows-1252 with € and é", bytes: windows1252Sample,
            kind: .legacy("windows-1252"), bomLength: 0, name: "windows-1252", bytesPerUnit: 1),
        EncodingDetectionCase(
            label: "Latin-1 bytes only (ICU's ISO-8859-1)",
            bytes: windows1252Sample.map { $0 == 0x80 || $0 == 0x96 ? 0x45 : $0 },
            kind: .legacy("windows-1252"), bomLength: 0, name: "windows-1252", bytesPerUnit: 1),
        EncodingDetectionCase(
            label: "NUL in invalid UTF-8", bytes: [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x88],
            kind: .binary, bomLength: 0, name: "binary", bytesPerUnit: nil),
        EncodingDetectionCase(
            label: "UTF-8 cut by the end of a partial sample", bytes: Array("José".utf8.dropLast()),
            isWholeInput: false, kind: .utf8, bomLength: 0, name: "UTF-8", bytesPerUnit: 1),
    ])
    func detection(_ c: EncodingDetectionCase) {
        let detected = detect(c.bytes, isWholeInput: c.isWholeInput)
        #expect(detected.kind == c.kind, sourceLocation: c.location)
        #expect(detected.bomLength == c.bomLength, sourceLocation: c.location)
        #expect(detected.name == c.name, sourceLocation: c.location)
        #expect(detected.bytesPerUnit == c.bytesPerUnit, sourceLocation: c.location)
    }

    @Test func truncatedUTF8IsNotUTF8WhenItIsTheWholeInput() {
        #expect(detect(Array("José".utf8.dropLast()), isWholeInput: true).kind != .utf8)
        // A lone continuation byte at the end is invalid even in a partial sample.
        #expect(detect(Array("Jos".utf8) + [0xA9], isWholeInput: false).kind != .utf8)
    }

    @Test func legacyCharsetFacts() {
        #expect(DetectedEncoding.legacy("Shift_JIS").bytesPerUnit == nil)
        #expect(DetectedEncoding.legacy("ISO-8859-1").name == "windows-1252")
        #expect(DetectedEncoding.legacy("KOI8-R").bytesPerUnit == 1)
        #expect(EncodingDetector.icuConverterName("IBM420_rtl") == "IBM420")
    }

    /// ICU's libraries are opened on first use (Sources/CICUShim/icu_entry_points.h), and every
    /// function csvcheck calls must be found in them: a wrong library name or version suffix
    /// would make every ICU answer "unknown".
    @Test func icuIsOpenedWithEveryFunction() {
        #expect(ICULibrary.isAvailable)
        #expect(ICUCharset.maxCharSize("Shift_JIS") == 2)
        #expect(ICUCharset.maxCharSize("no-such-charset") == nil)
    }

    // MARK: UTF-8 validation

    @Test(arguments: [
        UTF8ValidationCase(label: "valid 3-byte sequence split", chunks: [[0x61, 0xE2, 0x82], [0xAC, 0x62]], firstInvalid: nil),
        UTF8ValidationCase(label: "valid 4-byte sequence split", chunks: [[0xF0, 0x9F], [0x98, 0x80]], firstInvalid: nil),
        UTF8ValidationCase(
            label: "cut sequence then ASCII", chunks: [Array("abcdefghij".utf8) + [0xE2, 0x82], [0x41]],
            firstInvalid: (10, 2)),
        UTF8ValidationCase(label: "overlong 2-byte", chunks: [[0x41], [0xC0, 0xAF]], firstInvalid: (1, 1)),
        UTF8ValidationCase(label: "overlong 3-byte", chunks: [[0xE0, 0x80], [0xAF]], firstInvalid: (0, 1)),
        UTF8ValidationCase(label: "surrogate D800", chunks: [[0xED, 0xA0], [0x80]], firstInvalid: (0, 1)),
        UTF8ValidationCase(label: "above U+10FFFF", chunks: [[0xF4, 0x90, 0x80, 0x80]], firstInvalid: (0, 1)),
        UTF8ValidationCase(label: "F5 lead", chunks: [[0xF5, 0x80]], firstInvalid: (0, 1)),
        UTF8ValidationCase(
            label: "stray continuation after 9 ASCII", chunks: [Array("123456789".utf8), [0x80]],
            firstInvalid: (9, 1)),
        UTF8ValidationCase(label: "truncated at the very end", chunks: [[0x41], [0xF0, 0x9F, 0x98]], firstInvalid: (1, 3)),
    ])
    func utf8ValidationOnJoinedChunks(_ c: UTF8ValidationCase) {
        let joined = c.chunks.flatMap { $0 }
        let found = joined.withUnsafeBytes { UTF8Validation.firstInvalid(in: $0) }
        #expect(found?.offset == c.firstInvalid?.offset, sourceLocation: c.location)
        #expect(found?.length == c.firstInvalid?.length, sourceLocation: c.location)
        // Oracle: Swift's own validation.
        let swiftValid = String(validating: joined, as: UTF8.self) != nil
        #expect(swiftValid == (c.firstInvalid == nil), sourceLocation: c.location)
    }

    @Test func firstChunkEndingInACutSequenceIsOnlyTruncated() {
        let chunk: [UInt8] = [0x61, 0xE2, 0x82]
        chunk.withUnsafeBytes { buffer in
            guard let invalid = UTF8Validation.firstInvalid(in: buffer) else {
                Issue.record("a cut sequence must be reported")
                return
            }
            #expect(invalid.offset == 1 && invalid.length == 2)
            #expect(UTF8Validation.isTruncated(in: buffer, offset: invalid.offset, length: invalid.length))
        }
    }

    @Test(arguments: Array(0...41) + [63, 64, 65, 100])
    func isASCIIFindsTheOneHighByte(length: Int) {
        var bytes = [UInt8](repeating: 0x41, count: length)
        #expect(bytes.withUnsafeBytes { UTF8Validation.isASCII($0) })
        for position in 0..<length {
            bytes[position] = 0xC3
            #expect(!bytes.withUnsafeBytes { UTF8Validation.isASCII($0) }, "high byte at \(position)")
            #expect(bytes.withUnsafeBytes { UTF8Validation.firstInvalid(in: $0)?.offset } == position)
            bytes[position] = 0x41
        }
    }

    // MARK: Decoding at every chunk size

    @Test(arguments: [
        ChunkedDecodingCase(label: "UTF-16LE", encoding: .utf16LE, bytes: utf16(mixedText, bigEndian: false)),
        ChunkedDecodingCase(label: "UTF-16BE", encoding: .utf16BE, bytes: utf16(mixedText, bigEndian: true)),
        ChunkedDecodingCase(label: "UTF-32LE", encoding: .utf32LE, bytes: utf32(mixedText, bigEndian: false)),
        ChunkedDecodingCase(label: "UTF-32BE", encoding: .utf32BE, bytes: utf32(mixedText, bigEndian: true)),
        ChunkedDecodingCase(
            label: "UTF-16LE with errors", encoding: .utf16LE,
            bytes: [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x00, 0xDC, 0x3D, 0xD8, 0x00, 0xDE, 0x43]),
        ChunkedDecodingCase(
            label: "UTF-32LE with errors", encoding: .utf32LE,
            bytes: [0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0, 0, 0xD8, 0, 0, 0, 0, 0x11, 0, 0x42, 0, 0]),
        ChunkedDecodingCase(label: "windows-1252 (table)", encoding: .windows1252, bytes: windows1252Sample),
        ChunkedDecodingCase(label: "windows-1250 (ICU)", encoding: .legacy("windows-1250"), bytes: windows1250Sample),
        ChunkedDecodingCase(
            label: "Shift_JIS with errors (ICU)", encoding: .legacy("Shift_JIS"),
            bytes: [0x41, 0x81, 0x20, 0x42, 0x82, 0xA0, 0x88, 0x9F, 0x82]),
    ])
    func decodingIsIndependentOfChunking(_ c: ChunkedDecodingCase) {
        let whole = decodeInChunks(c.bytes, c.encoding, chunkSize: nil)
        for size in [1, 2, 3, 7, 4096] {
            for empty in [false, true] {
                let chunked = decodeInChunks(c.bytes, c.encoding, chunkSize: size, emptyChunks: empty)
                #expect(chunked.output == whole.output, "chunk size \(size)", sourceLocation: c.location)
                #expect(chunked.errors == whole.errors, "chunk size \(size)", sourceLocation: c.location)
            }
        }
        // Every error points at a U+FFFD in the output.
        for error in whole.errors {
            #expect(
                Array(whole.output[error.outputOffset..<error.outputOffset + 3]) == fffd,
                sourceLocation: c.location)
        }
    }

    @Test(arguments: [DetectedEncoding.utf16LE, .utf16BE, .utf32LE, .utf32BE])
    func unicodeDecodersMatchSwift(_ encoding: DetectedEncoding) {
        let bytes: [UInt8] =
            switch encoding.kind {
            case .utf16LE: utf16(mixedText, bigEndian: false)
            case .utf16BE: utf16(mixedText, bigEndian: true)
            case .utf32LE: utf32(mixedText, bigEndian: false)
            default: utf32(mixedText, bigEndian: true)
            }
        let decoded = decodeInChunks(bytes, encoding, chunkSize: 5)
        #expect(decoded.errors.isEmpty)
        #expect(decoded.output == Array(mixedText.utf8))
    }

    // MARK: Exact error positions

    @Test(arguments: [
        // FF FE | 41 00 | 00 D8 (lone lead) | 42 00 | 00 DC (lone trail) | 3D D8 00 DE (U+1F600) | 43 (odd)
        DecodeErrorCase(
            label: "UTF-16LE unpaired surrogates and an odd byte", encoding: .utf16LE,
            bytes: [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x00, 0xDC, 0x3D, 0xD8, 0x00, 0xDE, 0x43],
            output: [0x41] + fffd + [0x42] + fffd + [0xF0, 0x9F, 0x98, 0x80] + fffd,
            errors: [
                DecodeError(originalOffset: 4, outputOffset: 1, length: 2),
                DecodeError(originalOffset: 8, outputOffset: 5, length: 2),
                DecodeError(originalOffset: 14, outputOffset: 12, length: 1),
            ]),
        DecodeErrorCase(
            label: "UTF-16BE lead at the end, then an odd byte", encoding: .utf16BE,
            bytes: [0xFE, 0xFF, 0x00, 0x41, 0xD8, 0x3D, 0x00],
            output: [0x41] + fffd + fffd,
            errors: [
                DecodeError(originalOffset: 4, outputOffset: 1, length: 2),
                DecodeError(originalOffset: 6, outputOffset: 4, length: 1),
            ]),
        DecodeErrorCase(
            label: "UTF-32LE surrogate, out of range, 3 trailing bytes", encoding: .utf32LE,
            bytes: [0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0, 0, 0xD8, 0, 0, 0, 0, 0x11, 0, 0x42, 0, 0],
            output: [0x41] + fffd + fffd + fffd,
            errors: [
                DecodeError(originalOffset: 8, outputOffset: 1, length: 4),
                DecodeError(originalOffset: 12, outputOffset: 4, length: 4),
                DecodeError(originalOffset: 16, outputOffset: 7, length: 3),
            ]),
        DecodeErrorCase(
            label: "Shift_JIS bad trail byte and a cut lead byte (ICU)", encoding: .legacy("Shift_JIS"),
            bytes: [0x41, 0x81, 0x20, 0x42, 0x82, 0xA0, 0x82],
            output: [0x41] + fffd + [0x20, 0x42, 0xE3, 0x81, 0x82] + fffd,
            errors: [
                DecodeError(originalOffset: 1, outputOffset: 1, length: 1),
                DecodeError(originalOffset: 6, outputOffset: 9, length: 1),
            ]),
        DecodeErrorCase(
            label: "unknown charset decodes as US-ASCII", encoding: .legacy("no-such-charset"),
            bytes: [0x41, 0xE9, 0x42],
            output: [0x41] + fffd + [0x42],
            errors: [DecodeError(originalOffset: 1, outputOffset: 1, length: 1)]),
    ])
    func decodeErrorsHaveExactOffsets(_ c: DecodeErrorCase) {
        for size in [1, 2, 3, 7, 4096] {
            let decoded = decodeInChunks(c.bytes, c.encoding, chunkSize: size)
            #expect(decoded.output == c.output, "chunk size \(size)", sourceLocation: c.location)
            #expect(decoded.errors == c.errors, "chunk size \(size)", sourceLocation: c.location)
        }
    }

    @Test func utf8AndBinaryAreNotTranscoded() {
        #expect(makeDecoder(for: .utf8) == nil)
        #expect(makeDecoder(for: .utf8WithBOM) == nil)
        #expect(makeDecoder(for: .binary) == nil)
    }

    // MARK: windows-1252: the table against ICU

    @Test func windows1252TableMatchesICU() throws {
        let allBytes = (0...255).map { UInt8($0) }
        let table = try #require(LegacyDecoder(charset: "windows-1252", bomLength: 0, allowsTable: true))
        let icu = try #require(LegacyDecoder(charset: "windows-1252", bomLength: 0, allowsTable: false))
        #expect(table.usesTable && !icu.usesTable)
        var tableOutput: [UInt8] = []
        var icuOutput: [UInt8] = []
        var errors: [DecodeError] = []
        allBytes.withUnsafeBytes { table.decode($0, isFinal: true, into: &tableOutput, errors: &errors) }
        allBytes.withUnsafeBytes { icu.decode($0, isFinal: true, into: &icuOutput, errors: &errors) }
        #expect(errors.isEmpty)
        #expect(tableOutput == icuOutput)
        // The undefined bytes become C1 controls, as ICU decides.
        #expect(Array(String(decoding: tableOutput, as: UTF8.self).unicodeScalars)[0x81].value == 0x81)
    }

    // MARK: Against iconv

    @Test(arguments: [
        // iconv is given the bytes after the BOM: with "UTF-16LE" it would keep a BOM as U+FEFF.
        IconvDecodingCase(
            label: "UTF-16LE", iconvName: "UTF-16LE", encoding: .utf16LE,
            bytes: utf16(iconvText, bigEndian: false)),
        IconvDecodingCase(
            label: "UTF-16BE", iconvName: "UTF-16BE", encoding: .utf16BE,
            bytes: utf16(iconvText, bigEndian: true)),
        // No byte among 81 8D 8F 90 9D, which glibc's iconv rejects and ICU maps to C1 controls.
        IconvDecodingCase(
            label: "windows-1252", iconvName: "WINDOWS-1252", encoding: .windows1252, bytes: windows1252Sample),
        IconvDecodingCase(
            label: "windows-1250 (ICU)", iconvName: "WINDOWS-1250", encoding: .legacy("windows-1250"),
            bytes: windows1250Sample),
    ])
    func decodingMatchesIconv(_ c: IconvDecodingCase) throws {
        let iconv = URL(fileURLWithPath: "/usr/bin/iconv")
        guard FileManager.default.isExecutableFile(atPath: iconv.path) else {
            print("skipped: /usr/bin/iconv is not installed")
            return
        }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("csvcheck-iconv-\(UUID().uuidString)")
        try Data(c.bytes.dropFirst(c.encoding.bomLength)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = iconv
        process.arguments = ["-f", c.iconvName, "-t", "UTF-8", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let expected = Array(pipe.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, sourceLocation: c.location)
        #expect(expected.contains { $0 >= 0x80 }, "the case must exercise non-ASCII", sourceLocation: c.location)
        for size in [3, 4096] {
            let decoded = decodeInChunks(c.bytes, c.encoding, chunkSize: size)
            #expect(decoded.errors.isEmpty, sourceLocation: c.location)
            #expect(decoded.output == expected, "chunk size \(size)", sourceLocation: c.location)
        }
    }

    // MARK: ByteSource

    @Test func byteSourceReadsAFileInChunks() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("csvcheck-source-\(UUID().uuidString).csv")
        let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        try Data(content).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        var source = try ByteSource(path: file.path)
        #expect(source.fileSize == content.count)
        #expect(source.isWorldReadable)
        var buffer: [UInt8] = []
        var all: [UInt8] = []
        while try source.read(into: &buffer) > 0 {
            #expect(buffer.count <= ByteSource.chunkSize)
            all += buffer
        }
        #expect(all == content)
        #expect(source.bytesRead == content.count)

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        #expect(try !ByteSource(path: file.path).isWorldReadable)
    }

    @Test func byteSourceErrorsNameThePathOnly() {
        #expect(throws: InputError(kind: .notFound, operation: .open, path: "/nonexistent/x.csv")) {
            _ = try ByteSource(path: "/nonexistent/x.csv")
        }
        #expect(throws: InputError(kind: .isDirectory, operation: .open, path: "/tmp")) {
            _ = try ByteSource(path: "/tmp")
        }
        #expect(
            InputError(kind: .notFound, operation: .open, path: "x.csv").description
                == "csvcheck: cannot open 'x.csv': no such file")
    }
}
