import CSVCore
import Testing

struct DialectCase: Sendable, CustomTestStringConvertible {
    let input: String
    let delimiter: Character
    let preambleLines: [Int]
    let headerLine: Int
    let source: Dialect.DelimiterSource
    var testDescription: String { input.debugDescription }
}

@Suite("Dialect sniffing")
struct DialectTests {
    static let cases: [DialectCase] = [
        DialectCase(input: "EmailAddress,Password\r\na@b.c,x\r\n", delimiter: ",", preambleLines: [], headerLine: 1, source: .sniffed),
        DialectCase(input: "EmailAddress;Password;ForceChangePassword\r\n", delimiter: ";", preambleLines: [], headerLine: 1, source: .sniffed),
        DialectCase(input: "EmailAddress\tPassword\n", delimiter: "\t", preambleLines: [], headerLine: 1, source: .sniffed),
        DialectCase(input: "sep=;\r\nEmailAddress;Password\r\n", delimiter: ";", preambleLines: [1], headerLine: 2, source: .separatorLine),
        DialectCase(input: "#TYPE System.Management.Automation.PSCustomObject\r\n\"EmailAddress\",\"Password\"\r\n", delimiter: ",", preambleLines: [1], headerLine: 2, source: .sniffed),
        DialectCase(input: "#TYPE x\nsep=,\nEmailAddress\n", delimiter: ",", preambleLines: [1, 2], headerLine: 3, source: .separatorLine),
        DialectCase(input: "EmailAddress\r\na@b.c\r\n", delimiter: ",", preambleLines: [], headerLine: 1, source: .defaulted),
        DialectCase(input: "\"Email;Address\",Password\n", delimiter: ",", preambleLines: [], headerLine: 1, source: .sniffed),
    ]

    @Test(arguments: cases)
    func sniffs(_ testCase: DialectCase) {
        let bytes = Array(testCase.input.utf8)
        let dialect = bytes.withUnsafeBytes { Dialect.sniff($0) }
        #expect(dialect.delimiter == testCase.delimiter.asciiValue)
        #expect(dialect.preamble.map(\.line) == testCase.preambleLines)
        #expect(dialect.headerLine == testCase.headerLine)
        #expect(dialect.delimiterSource == testCase.source)
        let rest = String(decoding: bytes[dialect.headerOffset...], as: UTF8.self)
        #expect(rest.hasPrefix("Email") || rest.hasPrefix("\"Email"))
    }
}
