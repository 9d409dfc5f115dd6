@testable import CSVCheck
import Testing

// A line break inside an unquoted password cuts its row in two. The head keeps the columns
// before the break (with the header's field count when the password also holds a comma) and the
// tail arrives as the next row. Neither may quote a piece of the password: the row before a
// short row is reported only up to its first secret column, the row after a short row only by
// the text rules, and neither shows what could be a piece of the password in an excerpt.

/// Pieces of cut passwords used below; none may appear in any output.
private let pieces = ["zT4!mv", "R8$p", "q7Lp"]

private func rendered(_ report: FileReport) -> [(OutputFormat, String)] {
    OutputFormat.allCases.map { format in
        var sink = OutputSink.memory()
        var renderer = makeRenderer(format: format)
        renderer.render([report], to: &sink)
        return (format, sink.string)
    }
}

/// `count` good rows with distinct addresses and passwords.
private func goodRows(_ count: Int) -> [String] {
    (1...count).map { "user\($0)@contoso.com,Qx7#mLp2vR!\($0),False" }
}

private func file(_ rows: [String]) -> String {
    ([stagedHeader] + rows).map { $0 + "\r\n" }.joined()
}

struct TrustCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var expected: [Found]
    var sourceLocation: Testing.SourceLocation
    var testDescription: String { name }
}

@Suite("Row trust around cut rows")
struct RowTrustTests {
    @Test(arguments: [
        TrustCase(
            name: "head before a short row: no BOOL001 quoting the password's second piece",
            text: staged("a@contoso.com,Kx9#wQ,zT4!mv", "R8$p,False"),
            expected: [.error("CSV005", row: 2, line: 3, column: 11)], sourceLocation: at()),
        TrustCase(
            name: "tail after a short row: no EML002 quoting the password's tail",
            text: staged("a@contoso.com,Kx9#wQ", "q7Lp,Vb,False"),
            expected: [.error("CSV005", row: 1, line: 2, column: 21)], sourceLocation: at()),
        TrustCase(
            name: "blank lines between the head and the short tail",
            text: staged("a@contoso.com,Kx9#wQ,zT4!mv", "", "", "R8$p,False"),
            expected: [.warning("CSV007", line: 3, column: 1), .error("CSV005", row: 2, line: 5, column: 11)],
            sourceLocation: at()),
        TrustCase(
            name: "the head's columns before the password are still checked",
            text: staged("pilar,Kx9#wQ,zT4!mv", "R8$p,False"),
            expected: [.error("EML002", row: 1, line: 2, column: 1), .error("CSV005", row: 2, line: 3, column: 11)],
            sourceLocation: at()),
        TrustCase(
            name: "trailing blank lines do not distrust the last row",
            text: staged("a@contoso.com,Qx7#mLp2vR!a,yes", "", ""),
            expected: [.error("BOOL001", row: 1, line: 2, column: 28)], sourceLocation: at()),
        TrustCase(
            name: "a row after a full row is trusted",
            text: staged("a@contoso.com,Qx7#mLp2vR!a,False", "pilar,Zr4!kWq8nT#e,False"),
            expected: [.error("EML002", row: 2, line: 3, column: 1)], sourceLocation: at()),
    ])
    func cutRows(_ c: TrustCase) {
        let report = checkReport(Array(c.text.utf8))
        #expect(report.diagnostics.map(Found.init).inFileOrder == c.expected.inFileOrder, sourceLocation: c.sourceLocation)
        for (format, output) in rendered(report) {
            for piece in pieces {
                #expect(!output.contains(piece), "\(format) shows \(piece)", sourceLocation: c.sourceLocation)
            }
        }
    }

    /// The excerpt of a head row stops before the password column; the message about the
    /// address still quotes it.
    @Test func headRowExcerptStopsBeforeThePassword() throws {
        let report = checkReport(Array(staged("pilar,Kx9#wQ,zT4!mv", "R8$p,False").utf8))
        let eml = try #require(report.diagnostics.first { $0.code.rawValue == "EML002" })
        #expect(eml.excerpt == "pilar,********...")
        #expect(eml.message.contains("'pilar'"))
    }

    /// The same cuts where a block of rows ends (rows are checked in blocks of
    /// ``RecordBlock/capacity`` on two cores): the trust of the block's last row comes from the
    /// next block's first row. The good rows before the cut (one block less one) are built in
    /// the test (arguments stay short to print).
    @Test(arguments: [
        ("head ends the block", ["a@contoso.com,Kx9#wQ,zT4!mv", "R8$p,False"],
         [Found.error("CSV005", row: RecordBlock.capacity + 1, line: RecordBlock.capacity + 2, column: 11)]),
        ("head ends the block, blank line first in the next", ["a@contoso.com,Kx9#wQ,zT4!mv", "", "R8$p,False"],
         [Found.warning("CSV007", line: RecordBlock.capacity + 2, column: 1),
          .error("CSV005", row: RecordBlock.capacity + 1, line: RecordBlock.capacity + 3, column: 11)]),
        ("short row ends the block", ["a@contoso.com,Kx9#wQ", "q7Lp,Vb,False"],
         [Found.error("CSV005", row: RecordBlock.capacity, line: RecordBlock.capacity + 1, column: 21)]),
        ("full rows either side", ["a@contoso.com,Qx7#mLp2vR!a,yes", "b@contoso.com,Zr4!kWq8nT#e,False"],
         [Found.error("BOOL001", row: RecordBlock.capacity, line: RecordBlock.capacity + 1, column: 28)]),
    ])
    func cutsAtABlockBoundary(name: String, tail: [String], expected: [Found]) {
        let report = checkReport(Array(file(goodRows(RecordBlock.capacity - 1) + tail).utf8), options(maxRows: 1_000_000))
        #expect(report.diagnostics.map(Found.init).inFileOrder == expected.inFileOrder, "\(name)")
        for (format, output) in rendered(report) {
            for piece in pieces { #expect(!output.contains(piece), "\(name): \(format) shows \(piece)") }
        }
    }
}
