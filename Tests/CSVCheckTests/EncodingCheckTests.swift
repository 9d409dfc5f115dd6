import CSVCheck
import Foundation
import Testing

// ENC001 and ENC002 and Unicode encodings through the whole checker: what a file's bytes give,
// with offsets in the original file and lines and columns in the decoded text.

/// A staged file with a display-name address, a Dutch boolean, a non-ASCII address and a short
/// password: findings on several rows and columns.
private let mixed = staged(
    "\"Pilar <pilarp@contoso.com>\",\(goodPassword),WAAR", "jörg@contoso.com,short,False",
    "renée@contoso.com,Zr4!kWq8nT#e,False")

@Suite("Encodings (ENC001, ENC002, UTF-16)")
struct EncodingCheckTests {
    @Test func utf16WithBOMGivesTheSameFindingsAsUTF8() {
        let utf8 = checkReport(Array(mixed.utf8))
        #expect(
            utf8.diagnostics.map(Found.init).inFileOrder == [
                .error("EML002", row: 1, line: 2, column: 2), .error("BOOL001", row: 1, line: 2, column: 43),
                .error("EML004", row: 2, line: 3, column: 2), .error("PWD001", row: 2, line: 3, column: 18),
                .error("PWD002", row: 2, line: 3, column: 18), .error("EML004", row: 3, line: 4, column: 4),
            ])
        for bigEndian in [false, true] {
            let report = checkReport(utf16WithBOM(mixed, bigEndian: bigEndian))
            #expect(report.encoding == (bigEndian ? "UTF-16BE" : "UTF-16LE"))
            #expect(report.bom)
            #expect(report.rows == utf8.rows)
            #expect(report.diagnostics.map(Found.init).inFileOrder == utf8.diagnostics.map(Found.init).inFileOrder)
            // Offsets are in the original bytes: two per UTF-16 unit, after the 2-byte BOM.
            for (wide, narrow) in zip(report.diagnostics, utf8.diagnostics) {
                let prefix = String(decoding: Array(mixed.utf8)[0..<(narrow.location.offset ?? 0)], as: UTF8.self)
                #expect(wide.location.offset == 2 + 2 * prefix.utf16.count, "\(wide.code)")
            }
        }
    }

    @Test func utf8BOMIsReportedAndSkipped() {
        let report = checkReport([0xEF, 0xBB, 0xBF] + Array(mixed.utf8))
        #expect(report.encoding == "UTF-8")
        #expect(report.bom)
        #expect(report.diagnostics.map(Found.init).inFileOrder == checkReport(Array(mixed.utf8)).diagnostics.map(Found.init).inFileOrder)
        #expect(report.diagnostics.first?.location.offset == 3 + 43 + 1)
    }

    @Test func windows1252IsENC002NamingTheEncoding() {
        let text = staged("pilar@contoso.com,\(goodPassword),False", "rene@contoso.com,Zr4!kWq8nT#e,False")
            + "Ren\u{E9};Caf\u{E9} \u{20AC}5\r\n"
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            bytes.append(scalar.value == 0x20AC ? 0x80 : UInt8(scalar.value))
        }
        let report = checkReport(bytes, options(allowUnknown: true))
        #expect(report.encoding == "windows-1252")
        let enc002 = report.diagnostics.first
        #expect(enc002.map(Found.init) == .error("ENC002", row: nil, line: nil, column: nil))
        #expect(enc002?.message.contains("windows-1252") == true, "names the encoding: \(enc002?.message ?? "")")
        #expect(report.diagnostics.filter { $0.code == .legacyEncoding }.count == 1)
        // The rest of the file is still checked, decoded: the last row is one field (CSV005 at the
        // end of its 12 characters, so é counted as one column). A row with the wrong field count
        // gets only the text rules: its values may be a cut password.
        #expect(
            report.diagnostics.dropFirst().map(Found.init).inFileOrder == [
                .error("CSV005", row: 3, line: 4, column: 13)
            ])
    }

    @Test func windows1252AddressesAreDecodedNotMangled() throws {
        let bytes = Array(stagedHeader.utf8) + [0x0D, 0x0A] + Array("ren".utf8) + [0xE9] + Array("@contoso.com,".utf8)
            + Array(goodPassword.utf8) + Array(",False\r\n".utf8)
        let report = checkReport(bytes)
        #expect(report.diagnostics.map(Found.init).inFileOrder == [
            .error("ENC002"), .error("EML004", row: 1, line: 2, column: 4),
        ])
        let eml = try #require(report.diagnostics.last)
        #expect(eml.message.contains("rené@contoso.com"), "decoded as windows-1252: \(eml.message)")
        #expect(eml.location.offset == 43 + 3)
    }

    @Test func invalidUTF8AfterABOMIsENC001WithOffsetAndLineAndTheRunGoesOn() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(staged("a@contoso.com,\(goodPassword),False").utf8)
            + Array("b".utf8) + [0xFF] + Array("x@contoso.com,Zr4!kWq8nT#e,False\r\n".utf8)
            + Array("c@contoso.com,Hm3@vXp7sL!d,Fa".utf8) + [0xC3, 0x28] + Array("lse\r\n".utf8)
            + Array("pilar.contoso.com,Wb6%nRt2qZ!k,False\r\n".utf8)
        let report = checkReport(bytes)
        #expect(report.encoding == "UTF-8")
        let enc001 = report.diagnostics.filter { $0.code == .invalidBytes }
        #expect(enc001.map(Found.init).inFileOrder == [
            .error("ENC001", row: 2, line: 3, column: 2), .error("ENC001", row: 3, line: 4, column: 30),
        ])
        let firstBad = bytes.firstIndex(of: 0xFF)!
        let secondBad = bytes.firstIndex(of: 0xC3)!
        #expect(enc001.map(\.location.offset) == [firstBad, secondBad])
        #expect(report.rows == 4)
        #expect(report.diagnostics.last.map(Found.init) == .error("EML002", row: 4, line: 5, column: 1))
    }

    @Test func invalidUTF8PastTheDetectionSampleIsENC001() throws {
        // The first 256 KiB chunk is ASCII, so the file is read as UTF-8; the bad byte comes after.
        var bytes = Array((stagedHeader + "\r\n").utf8)
        var i = 0
        while bytes.count < 300 * 1024 {
            bytes += Array("u\(i)@contoso.com,,\r\n".utf8)
            i += 1
        }
        let badOffset = bytes.count + 1
        bytes += Array("z".utf8) + [0xFF] + Array("@contoso.com,,\r\nlast@contoso.com,,\r\n".utf8)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(bytes, named: "big.csv", in: directory)
        let report = try Checker(options: options(maxRows: 1_000_000)).check(path: path)
        #expect(report.encoding == "UTF-8")
        let enc001 = report.diagnostics.filter { $0.code == .invalidBytes }
        #expect(enc001.map(Found.init).inFileOrder == [.error("ENC001", row: i + 1, line: i + 2, column: 2)])
        #expect(enc001.first?.location.offset == badOffset)
        #expect(report.rows == i + 2)
    }

    @Test func nulByteInAnotherwiseTextFileIsENC001() {
        let bytes = Array(staged("a@contoso.com,\(goodPassword),False").utf8) + Array("b".utf8) + [0]
            + Array("@contoso.com,Zr4!kWq8nT#e,False\r\n".utf8)
        let report = checkReport(bytes)
        #expect(report.diagnostics.first.map(Found.init) == .error("ENC001", row: 2, line: 3, column: 2))
        #expect(report.diagnostics.first?.location.offset == 78)
    }

    @Test func binaryFileIsENC001AtTheFirstNUL() {
        var bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]  // a .xlsx (zip) header
        bytes += (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let report = checkReport(bytes)
        let first = report.diagnostics.first
        #expect(first?.code == .invalidBytes)
        #expect(first?.location.offset == 5)
        #expect(first?.location.line == 1)
    }

    @Test func unpairedSurrogateInUTF16IsENC001WithTheOriginalOffset() {
        let head = stagedHeader + "\r\n" + "a@contoso.com,\(goodPassword),False\r\n"
        let bytes = utf16WithBOM(head, bigEndian: false) + [0x00, 0xD8] + utf16WithBOM(
            "b@contoso.com,Zr4!kWq8nT#e,False\r\n", bigEndian: false
        ).dropFirst(2)
        let report = checkReport(bytes)
        #expect(report.encoding == "UTF-16LE")
        let enc001 = report.diagnostics.filter { $0.code == .invalidBytes }
        #expect(enc001.map(Found.init).inFileOrder == [.error("ENC001", row: 2, line: 3, column: 1)])
        #expect(enc001.first?.location.offset == 2 + 2 * head.utf16.count)
    }

    @Test(arguments: ["utf8-bom.csv", "utf16le-bom.csv", "utf16be-bom.csv"])
    func unicodeFixturesAgree(_ name: String) throws {
        let reference = checkReport(try fixture("encodings/utf8.csv"))
        let report = checkReport(try fixture("encodings/" + name))
        #expect(report.bom)
        #expect(report.rows == reference.rows)
        #expect(report.diagnostics.map(Found.init).inFileOrder == reference.diagnostics.map(Found.init).inFileOrder)
        #expect(!reference.diagnostics.isEmpty)
    }

    @Test func windows1252Fixture() throws {
        let report = checkReport(try fixture("encodings/windows-1252.csv"))
        #expect(report.encoding == "windows-1252")
        #expect(report.diagnostics.map(Found.init).inFileOrder == [
            .error("ENC002"), .error("EML004", row: 2, line: 3, column: 4),
            .error("PWD003", row: 3, line: 4, column: 28),
        ])
    }
}
