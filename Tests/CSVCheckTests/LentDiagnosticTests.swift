import Foundation
import Testing

@testable import CSVCheck

/// The JSON the CLI writes from lent diagnostics (messages read in place from the rules' text
/// buffers, ``Checker/check(path:onStart:lending:)``) against the JSON of the same file's kept
/// diagnostics (``Diagnostic`` values, rendered through ``JSONRenderer/render(_:to:)``): byte for
/// byte the same, on a file large enough for the worker thread to check its blocks.
@Suite struct LentDiagnosticTests {
    /// A staged list of `rows` rows whose addresses give EML004 (composed and decomposed
    /// accents, an internationalized domain), EML002 (a quoted value with a doubled quote),
    /// EML005, EML006, BOOL001 and CSV005, among clean rows.
    static func file(rows: Int) -> [UInt8] {
        var bytes = Array("EmailAddress,Password,ForceChangePassword\r\n".utf8)
        for i in 0..<rows {
            let row: [UInt8]
            switch i % 8 {
            case 0: row = Array("ren\u{E9}e.dubois\(i)@contoso.com,Xk4#pL9q!z,True".utf8)
            case 1: row = Array("rene\u{301}e\(i)@contoso.com,Xk4#pL9q!z,False".utf8)
            case 2: row = Array("user\(i)@contoso.onmicrosoft.com,Xk4#pL9q!z,True".utf8)
            case 3: row = Array("user\(i)@fabrikam.com,Xk4#pL9q!z,True".utf8)
            case 4: row = Array("user\(i)@m\u{FC}ller.de,Xk4#pL9q!z,True".utf8)
            case 5: row = Array("user\(i)@contoso.com,Xk4#pL9q!z".utf8)
            // Clean, after the short row (a row after a short one may be its tail: its findings are held back).
            case 6: row = Array("clean.user\(i)@contoso.com,Xk4#pL9q!z,True".utf8)
            default: row = Array("\"user\(i)\"\"x@contoso.com\",Xk4#pL9q!z,maybe".utf8)
            }
            bytes += row + [0x0D, 0x0A]
        }
        return bytes
    }

    /// Without excerpts (as the CLI asks for JSON) the rules' findings take the checker's
    /// shortest way to the handler; with them, the general one.
    @Test(arguments: [40, 3_000], [false, true])
    func lentJSONMatchesKeptJSON(rows: Int, excerpts: Bool) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(Self.file(rows: rows), named: "lent.csv", in: directory)
        var options = CheckOptions()
        options.acceptedDomains = ["contoso.com", "contoso.onmicrosoft.com", "müller.de"]
        options.maxRows = 100_000

        // As the CLI streams it: lent, rendered in place.
        var renderer = JSONRenderer()
        var lentOut = OutputSink.memory()
        renderer.beginRun(&lentOut)
        var lentOptions = options
        lentOptions.excerpts = excerpts
        let streamed = try Checker(options: lentOptions).check(
            path: path, onStart: { renderer.beginFile($0, &lentOut) }, lending: { renderer.diagnostic($0, &lentOut) })
        renderer.endFile(streamed, &lentOut)
        var summary = RunSummary()
        summary.add(streamed)
        renderer.endRun(summary, &lentOut)

        // Kept as values, rendered afterwards.
        let kept = try Checker(options: options).check(path: path)
        var keptOut = OutputSink.memory()
        var other = JSONRenderer()
        other.render([kept], to: &keptOut)

        #expect(lentOut.string == keptOut.string)
        #expect(streamed.errorCount == kept.errorCount && streamed.warningCount == kept.warningCount)
        let codes = Set(kept.diagnostics.map(\.code.rawValue))
        for code in ["EML002", "EML004", "EML005", "EML006", "BOOL001", "CSV005", "ENC003"] {
            #expect(codes.contains(code), "the file gives \(code)")
        }
        // The messages the address rules lay out in the findings' text, as the reference
        // spells them.
        let decomposed = try #require(kept.diagnostics.first { $0.code.rawValue == "EML004" && $0.location.row == 2 })
        #expect(decomposed.message == "'rene\u{301}e1@contoso.com' contains U+0301 (character 5); Microsoft 365 does not support non-ASCII addresses")
        #expect(kept.encoding == "UTF-8")
        #expect(decomposed.location.column == 5)
        let cloud = try #require(kept.diagnostics.first { $0.code.rawValue == "EML005" })
        #expect(cloud.message == "'contoso.onmicrosoft.com' is a cloud-only domain; a staged batch needs the on-premises primary SMTP address")
        #expect(cloud.location.row == 3 && cloud.location.column == 7)
        let unaccepted = try #require(kept.diagnostics.first { $0.code.rawValue == "EML006" })
        #expect(unaccepted.message == "'fabrikam.com' is not one of the accepted domains")
        let short = try #require(kept.diagnostics.first { $0.code.rawValue == "CSV005" })
        #expect(short.message == "this row has 2 fields, the header has 3")
        #expect(short.location.row == 6)
    }
}
