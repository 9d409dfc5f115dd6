@testable import CSVCheck
import Testing

// The two-core pipeline (the order-free rules of a block of rows run on a worker while the
// reading thread handles the block before, then the ordered pass adds the table lookups) must
// find exactly what the fused one-row path finds, in the same order, with the same messages
// and excerpts. ThreadSanitizer cannot vouch for it alone (see scripts/sanitize-thread.sh), so
// this compares the two on files that end before, at and after a block boundary.

/// A staged file of `rows` rows with a problem every few rows: bad and duplicate addresses,
/// non-boolean values, weak and shared passwords, short and long rows, blank lines, non-ASCII.
private func mixedFile(rows: Int) -> [UInt8] {
    var lines = [stagedHeader]
    for i in 1...rows {
        var email = "user\(i)@contoso.com"
        var password = "Qx7#mLp2vR!\(i)"
        var flag = i % 2 == 0 ? "True" : "False"
        if i % 7 == 0 { email = "user\(i)contoso.com" }
        if i % 11 == 0 { email = "user\(i - 1)@CONTOSO.com" }
        if i % 13 == 0 { flag = "yes" }
        if i % 17 == 0 { password = "welkom2024" }
        if i % 19 == 0 { password = "Qx7#mLp2vR!a" }
        if i % 23 == 0 { email = "jörg\(i)@contoso.com" }
        if i % 29 == 0 { lines.append("\(email),\(password)"); continue }
        if i % 31 == 0 { lines.append("\(email),\(password),\(flag),extra"); continue }
        if i % 37 == 0 { lines.append("") }
        if i % 41 == 0 { password = "\"Qx7#mLp2\r\nvR!\(i)\"" }
        lines.append("\(email),\(password),\(flag)")
    }
    return Array(lines.map { $0 + "\r\n" }.joined().utf8)
}

@Suite("Pipeline")
struct PipelineTests {
    @Test(arguments: [100, 2_047, 2_048, 2_049, 9_000])
    func sameFindingsOnOneAndTwoCores(rows: Int) {
        let bytes = mixedFile(rows: rows)
        var serial = options(maxRows: 1_000_000)
        serial.pipeline = false
        let one = Checker(options: serial).check(bytes: bytes, name: "m.csv")
        let two = Checker(options: options(maxRows: 1_000_000)).check(bytes: bytes, name: "m.csv")
        #expect(one.rows == two.rows)
        #expect(one.diagnostics.count > rows / 10)
        #expect(one.diagnostics.map(Found.init) == two.diagnostics.map(Found.init))
        #expect(one.diagnostics.map(\.message) == two.diagnostics.map(\.message))
        #expect(one.diagnostics.map(\.excerpt) == two.diagnostics.map(\.excerpt))
    }
}
