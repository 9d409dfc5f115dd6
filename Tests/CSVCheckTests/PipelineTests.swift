@testable import CSVCheck
import Foundation
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
        // Stray quotes (CSV003): inside an unquoted value, and text after a closing quote.
        if i % 43 == 0 { flag = "Tr\"ue" }
        if i % 47 == 0 { email = "\"user\(i)@contoso.com\"x" }
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
        // The structure checks the worker clears most rows of (Precomputed.structureClean).
        for code in [RuleCode.strayQuote, .fieldCount] { #expect(one.diagnostics.contains { $0.code == code }) }
        #expect(one.diagnostics.map(Found.init) == two.diagnostics.map(Found.init))
        #expect(one.diagnostics.map(\.message) == two.diagnostics.map(\.message))
        #expect(one.diagnostics.map(\.excerpt) == two.diagnostics.map(\.excerpt))
    }

    /// Quiet rows take a short path in the ordered pass; these files put what it must not skip
    /// right beside quiet rows: the row limit (ROW001 on exactly one row), bytes that are not
    /// UTF-8 (ENC001), blank lines before a quiet row, and duplicates of quiet rows far apart
    /// (DUP001, PWD007), across block and chunk boundaries.
    @Test(arguments: [(rows: 9_000, maxRows: 2_000), (rows: 9_000, maxRows: 8_193), (rows: 10_000, maxRows: 9_999)])
    func sameFindingsAroundTheQuietPath(rows: Int, maxRows: Int) throws {
        var bytes = Array((stagedHeader + "\r\n").utf8)
        for i in 1...rows {
            var line = Array("user\(i % 1_500)@contoso.com,Qx7#mLp2vR!\(i % 700),True".utf8)
            // Past the first chunk read, which decides the encoding (UTF-8 only while it is valid).
            if bytes.count > Checker.chunkSize + 1_000, i % 53 == 0 { line.insert(contentsOf: [0xC3, 0x28], at: 4) }
            if i % 97 == 0 { bytes += Array("\r\n\r\n".utf8) }
            bytes += line + Array("\r\n".utf8)
        }
        // Read from a file, in chunks: the encoding is decided on the first one, which is valid.
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(bytes, named: "q.csv", in: directory)
        var serial = options(maxRows: maxRows)
        serial.pipeline = false
        let one = try Checker(options: serial).check(path: path)
        let two = try Checker(options: options(maxRows: maxRows)).check(path: path)
        #expect(one.rows == rows)
        #expect(one.diagnostics.filter { $0.code == .tooManyRows }.map(\.location.row) == [maxRows + 1])
        #expect(one.diagnostics.contains { $0.code == .invalidBytes })
        #expect(one.diagnostics.contains { $0.code == .duplicateAddress })
        #expect(one.diagnostics.contains { $0.code == .sharedPassword })
        #expect(one.diagnostics.map(Found.init) == two.diagnostics.map(Found.init))
        #expect(one.diagnostics.map(\.message) == two.diagnostics.map(\.message))
        #expect(one.diagnostics.map(\.excerpt) == two.diagnostics.map(\.excerpt))
    }

    /// Printable rows take a short way through the order-free rules (only the ends of each
    /// value are tested); these seeded files put every printable oddity there: spaces at either
    /// end, values starting with `=`, `+`, `-` or `@`, quoted values with `""`, stray quotes and
    /// text after a closing quote, empty values, short and long rows, and TAB as the delimiter
    /// (never printable, so the general path).
    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
    func sameFindingsOnPrintableRows(delimiter: UInt8) {
        let d = String(UnicodeScalar(delimiter))
        var random = SplitMix64(seed: 0x9121_7AB1 ^ UInt64(delimiter))
        let pieces = ["a", "Z", "7", "#", "!", ".", " ", "=", "+", "-", "@", "~", "\\"]
        func value() -> String {
            var text = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            switch random.next() % 8 {
            case 0: text = "\"" + text.replacingOccurrences(of: "a", with: "\"\"") + "\""
            case 1: text += "\"x"
            case 2: text = "\"" + text + "\"y"
            default: break
            }
            return text
        }
        var lines = [stagedHeader.replacingOccurrences(of: ",", with: d)]
        for i in 1...3_000 {
            var fields = ["user\(i)@contoso.com", "Qx7#mLp2vR!\(i)", i % 2 == 0 ? "True" : "False"]
            fields[Int(random.next() % 3)] = value()
            if random.next() % 3 == 0 { fields[Int(random.next() % 3)] = value() }
            if i % 97 == 0 { fields.removeLast() }
            if i % 89 == 0 { fields.append(value()) }
            lines.append(fields.joined(separator: d))
        }
        let bytes = Array(lines.map { $0 + "\r\n" }.joined().utf8)
        var serial = options(maxRows: 1_000_000)
        serial.pipeline = false
        let one = Checker(options: serial).check(bytes: bytes, name: "p.csv")
        let two = Checker(options: options(maxRows: 1_000_000)).check(bytes: bytes, name: "p.csv")
        #expect(one.diagnostics.contains { $0.code == .surroundingWhitespace })
        #expect(one.diagnostics.contains { $0.code == .formulaInjection })
        #expect(one.diagnostics.map(Found.init) == two.diagnostics.map(Found.init))
        #expect(one.diagnostics.map(\.message) == two.diagnostics.map(\.message))
        #expect(one.diagnostics.map(\.excerpt) == two.diagnostics.map(\.excerpt))
    }

    /// Split and fix see every row through a ``RowObserver``; quiet rows reach it from the
    /// ordered pass's short path. One and two cores must show it the same rows, values, lines
    /// and diagnostics.
    @Test func observerSeesTheSameRowsOnOneAndTwoCores() throws {
        final class Recorder: RowObserver {
            var rows: [String] = []
            func header(_ header: HeaderEvent) { rows.append("header \(header.names) \(header.line)") }
            func row(_ row: RowEvent) {
                let values = (0..<row.fieldCount).map { String(decoding: row.value(at: $0), as: UTF8.self) }
                let found = row.diagnostics.map { "\($0.code.rawValue)@\($0.location.column ?? 0)" }
                rows.append("\(row.row) \(row.line)-\(row.lastLine) \(values) \(found)")
            }
        }
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(mixedFile(rows: 6_000), named: "o.csv", in: directory)
        var serial = options(maxRows: 1_000_000)
        serial.pipeline = false
        let one = Recorder()
        let two = Recorder()
        _ = try Checker(options: serial).check(path: path, observer: one) { _ in }
        _ = try Checker(options: options(maxRows: 1_000_000)).check(path: path, observer: two) { _ in }
        #expect(one.rows.count > 6_000)
        #expect(one.rows.contains { $0.contains("DUP001") })
        #expect(one.rows == two.rows)
    }
}
