@testable import CSVCheck
import Testing

// Offsets into a transcoded file: the UTF-16 decoder says whether all it wrote so far was ASCII
// (`asciiSoFar`), and the offset mapper then skips counting a record's scalars. The offsets of
// a UTF-16 check must be those of the same text checked as UTF-8, converted through the text's
// own UTF-16 view, before and after the first non-ASCII character.

@Suite("Transcoded offsets")
struct TranscodedOffsetTests {
    struct AsciiCase: CustomTestStringConvertible, Sendable {
        let label: String
        let bytes: [UInt8]
        let expected: Bool
        var testDescription: String { label }
    }

    static func littleEndian(_ text: String) -> [UInt8] {
        text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// Whether everything decoded was ASCII, one unit a byte, in any chunking: a non-ASCII
    /// character, a surrogate pair, an unpaired surrogate or an odd last byte anywhere makes it
    /// false for good.
    @Test(arguments: [
        AsciiCase(label: "ASCII", bytes: [0xFF, 0xFE] + littleEndian("Email,Password\r\na@b.c,x\r\n"), expected: true),
        AsciiCase(label: "DEL is ASCII", bytes: littleEndian("ab\u{7F}cdefgh"), expected: true),
        AsciiCase(label: "U+0080", bytes: littleEndian("abcdefgh\u{80}"), expected: false),
        AsciiCase(label: "é first, ASCII after", bytes: littleEndian("é" + String(repeating: "a", count: 40)), expected: false),
        AsciiCase(label: "a surrogate pair", bytes: littleEndian("abcd😀efgh"), expected: false),
        AsciiCase(label: "an unpaired lead", bytes: littleEndian("abcd") + [0x00, 0xD8] + littleEndian("efgh"), expected: false),
        AsciiCase(label: "an odd last byte", bytes: littleEndian("abcdefgh") + [0x41], expected: false),
    ])
    func utf16DecoderTracksASCII(_ c: AsciiCase) {
        for chunk in [1, 2, 3, 7, 16, c.bytes.count] {
            var decoder = UTF16Decoder(byteOrder: .littleEndian, bomLength: c.bytes.starts(with: [0xFF, 0xFE]) ? 2 : 0)
            var output: [UInt8] = []
            var errors: [DecodeError] = []
            var start = 0
            while start < c.bytes.count {
                let end = min(start + chunk, c.bytes.count)
                c.bytes[start..<end].withUnsafeBytes {
                    decoder.decode($0, isFinal: end == c.bytes.count, into: &output, errors: &errors)
                }
                start = end
            }
            #expect(decoder.asciiSoFar == c.expected, "chunks of \(chunk)")
        }
    }

    /// Decoders that do not track it are never taken for ASCII.
    @Test func otherDecodersAreNotKnownToBeASCII() {
        var decoder = UTF32Decoder(byteOrder: .littleEndian, bomLength: 0)
        var output: [UInt8] = []
        var errors: [DecodeError] = []
        [UInt8]([0x41, 0, 0, 0]).withUnsafeBytes { decoder.decode($0, isFinal: true, into: &output, errors: &errors) }
        #expect(output == [0x41])
        #expect(!decoder.asciiSoFar)
    }

    /// Writing into an empty array leaves exactly the bytes written; into a filled one, they
    /// follow the bytes there.
    @Test(arguments: [0, 1, 5])
    func appendWritingKeepsWhatWasThere(existing: Int) {
        var bytes = [UInt8](repeating: 7, count: existing)
        bytes.appendWriting(maximumCount: 10) { out in
            for i in 0..<3 { out[i] = UInt8(i + 1) }
            return 3
        }
        #expect(bytes == [UInt8](repeating: 7, count: existing) + [1, 2, 3])
    }

    /// The same rows as UTF-8 and as UTF-16LE with a BOM (findings on ASCII rows, one row
    /// with `é` and `😀`, findings after it): each UTF-16 finding sits at 2 + 2 x the UTF-16 units
    /// before the UTF-8 finding's offset.
    @Test(arguments: [0, 3, 600])
    func utf16OffsetsMatchTheTextsOwnUnits(asciiRowsBefore: Int) {
        var rows = ["EmailAddress,Password,ForceChangePassword"]
        for i in 0..<asciiRowsBefore { rows.append("user\(i)@contoso.com,Pw\(i)-x#Q7zz,\(i % 2 == 0 ? "Maybe" : "True")") }
        rows.append("josé@contoso.com,Sh😀rt-é#9Zq,Maybe")
        for i in 0..<40 { rows.append("after\(i)@contoso.com,short,\(i % 3 == 0 ? "Maybe" : "True")") }
        let text = rows.joined(separator: "\r\n") + "\r\n"
        let utf8Report = checkReport(Array(text.utf8))
        let utf16Report = checkReport(utf16WithBOM(text, bigEndian: false))
        let utf8Bytes = Array(text.utf8)
        let expected = utf8Report.diagnostics.map { diagnostic -> Int? in
            guard let offset = diagnostic.location.offset else { return nil }
            let prefix = String(decoding: utf8Bytes[0..<offset], as: UTF8.self)
            return 2 + 2 * prefix.utf16.count
        }
        #expect(utf16Report.diagnostics.map(\.code) == utf8Report.diagnostics.map(\.code))
        #expect(utf16Report.diagnostics.compactMap(\.location.offset).count > asciiRowsBefore / 2 + 10)
        #expect(utf16Report.diagnostics.map(\.location.offset) == expected)
    }
}
