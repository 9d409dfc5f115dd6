import CSVCheck
import CSVCore
import Foundation
import Testing

// Inputs the fuzz targets of Fuzz/ found (scripts/fuzz.sh), kept under Fixtures/fuzz/ as the
// fuzzer wrote them: the first byte is the target's control byte (see Fuzz/Sources), the rest
// the file.
//
// - check-truncated-header-shows-passwords.bin (FuzzCheck, control 0x09: imap, 48-byte record
//   limit): a header over the record limit (CSV009) left the file without known columns, and
//   every data row's excerpt showed its password. With the default limit, any header over
//   64 KiB does the same.
// - tokenize-gb18030-invalid-across-chunks.bin (FuzzTokenize): an invalid GB18030 sequence
//   whose first byte ends one chunk was reported at the wrong byte offset.

private func fuzzFixture(_ name: String) throws -> (control: UInt8, bytes: [UInt8]) {
    let all = try fixture("fuzz/" + name)
    return (all[0], Array(all.dropFirst()))
}

private func renderAll(_ reports: [FileReport]) -> [(OutputFormat, String)] {
    OutputFormat.allCases.map { format in
        var sink = OutputSink.memory()
        var renderer = makeRenderer(format: format)
        renderer.render(reports, to: &sink)
        return (format, sink.string)
    }
}

/// Decodes `bytes` in chunks of `size` (0: whole), returning the UTF-8 and the errors.
private func decodeInChunks(_ bytes: [UInt8], size: Int) -> (encoding: String, utf8: [UInt8], errors: [DecodeError]) {
    let encoding = bytes.withUnsafeBytes { EncodingDetector.detect(sample: $0, isWholeInput: true) }
    guard var decoder = makeDecoder(for: encoding) else { return (encoding.name, bytes, []) }
    var out: [UInt8] = []
    var errors: [DecodeError] = []
    bytes.withUnsafeBytes { all in
        var start = 0
        while start < all.count {
            let end = size == 0 ? all.count : min(all.count, start + size)
            decoder.decode(UnsafeRawBufferPointer(rebasing: all[start..<end]), isFinal: false, into: &out, errors: &errors)
            start = end
        }
        decoder.decode(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, into: &out, errors: &errors)
    }
    return (encoding.name, out, errors)
}

@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    @Test func truncatedHeaderNeverShowsPasswords() throws {
        let (control, bytes) = try fuzzFixture("check-truncated-header-shows-passwords.bin")
        #expect(control == 0x09)
        var options = CheckOptions()
        options.profile = .imap
        options.maxRecordBytes = 48
        let report = Checker(options: options).check(bytes: bytes, name: "fuzz.csv")
        #expect(report.diagnostics.contains { $0.code.rawValue == "CSV009" })
        for (format, output) in renderAll([report]) {
            for password in ["Qx7#mLp2vR!a", "Zr4!kWq8nT#e"] {
                #expect(!output.contains(password), "\(format) output shows a password")
            }
        }
    }

    /// The same with the default limit, as `csvcheck file.csv` runs it: a header over 64 KiB.
    @Test func headerOverTheDefaultLimitNeverShowsPasswords() {
        let header = "EmailAddress,Password,ForceChangePassword," + String(repeating: "A", count: 70_000)
        let text = header + "\r\nuser@contoso.com,Qx7#mLp2vR!a,False\r\nb@contoso.com,\"Zr4!k,Wq8nT#e\",True\r\n"
        let report = Checker().check(bytes: Array(text.utf8), name: "big-header.csv")
        #expect(report.diagnostics.contains { $0.code.rawValue == "CSV009" })
        for (format, output) in renderAll([report]) {
            for piece in ["Qx7#mLp2vR!a", "Zr4!k", "Wq8nT#e"] {
                #expect(!output.contains(piece), "\(format) output shows a password")
            }
        }
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func gb18030ErrorsDoNotDependOnChunks(size: Int) throws {
        let (_, bytes) = try fuzzFixture("tokenize-gb18030-invalid-across-chunks.bin")
        let whole = decodeInChunks(bytes, size: 0)
        #expect(whole.encoding == "GB18030")
        // The first invalid sequence starts at the 0xDA byte.
        #expect(bytes[32] == 0xDA)
        #expect(whole.errors.first?.originalOffset == 32)
        let chunked = decodeInChunks(bytes, size: size)
        #expect(chunked.utf8 == whole.utf8)
        #expect(chunked.errors == whole.errors)
    }

    /// Every fuzz fixture, through both targets' paths, in every profile: no crash.
    @Test func everyFuzzFixtureRunsClean() throws {
        let folder = repositoryRoot.appendingPathComponent("Fixtures/fuzz").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".bin") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let (_, bytes) = try fuzzFixture(name)
            for profile in [Profile.staged, .imap, .onboarding, .google] {
                var options = CheckOptions()
                options.profile = profile
                let report = Checker(options: options).check(bytes: bytes, name: name)
                #expect(renderAll([report]).allSatisfy { !$0.1.isEmpty })
            }
            for size in [1, 5, 0] {
                let decoded = decodeInChunks(bytes, size: size)
                var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","), maxRecordBytes: 16)
                var records = 0
                decoded.utf8.withUnsafeBytes { tokenizer.feed($0) { _ in records += 1 } }
                tokenizer.finish { _ in records += 1 }
                #expect(records > 0)
            }
        }
    }
}
