import CSVCore
import Testing

struct TokenizerCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    let records: [[String]]
    var lines: [Int]? = nil
    var terminators: [LineTerminator]? = nil
    var sourceLocation: SourceLocation

    init(
        _ name: String, _ input: String, _ records: [[String]], lines: [Int]? = nil,
        terminators: [LineTerminator]? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        self.name = name
        self.input = input
        self.records = records
        self.lines = lines
        self.terminators = terminators
        self.sourceLocation = sourceLocation
    }

    var testDescription: String { name }
}

let tokenizerCases: [TokenizerCase] = [
    TokenizerCase("simple CRLF", "a,b\r\nc,d\r\n", [["a", "b"], ["c", "d"]], lines: [1, 2], terminators: [.crlf, .crlf]),
    TokenizerCase("LF", "a,b\nc,d\n", [["a", "b"], ["c", "d"]], lines: [1, 2], terminators: [.lf, .lf]),
    TokenizerCase("lone CR", "a,b\rc,d", [["a", "b"], ["c", "d"]], lines: [1, 2], terminators: [.cr, .none]),
    TokenizerCase("no final newline", "a,b", [["a", "b"]], lines: [1], terminators: [.none]),
    TokenizerCase("empty fields", ",,\r\n,", [["", "", ""], ["", ""]]),
    TokenizerCase("quoted comma", "\"a,b\",c\r\n", [["a,b", "c"]]),
    TokenizerCase("doubled quote", "\"a\"\"b\",\"\"\"\"\r\n", [["a\"b", "\""]]),
    TokenizerCase("empty quoted", "\"\",x\n", [["", "x"]]),
    TokenizerCase(
        "embedded CRLF", "\"a\r\nb\",c\r\nd,e\r\n", [["a\r\nb", "c"], ["d", "e"]], lines: [1, 3]),
    TokenizerCase("embedded lone CR and LF", "\"a\rb\nc\",d\ne\n", [["a\rb\nc", "d"], ["e"]], lines: [1, 4]),
    TokenizerCase("blank line", "a\r\n\r\nb\r\n", [["a"], [], ["b"]], lines: [1, 2, 3]),
    TokenizerCase("CR CRLF", "a\r\r\nb", [["a"], [], ["b"]], lines: [1, 2, 3]),
    TokenizerCase("stray quote kept literally", "a\"b,c\n", [["a\"b", "c"]]),
    TokenizerCase("text after closing quote", "\"ab\"c\"d,e\n", [["abc\"d", "e"]]),
    TokenizerCase("space before quote", " \"a\",b\n", [[" \"a\"", "b"]]),
    TokenizerCase("unterminated", "a,\"bc\r\nd", [["a", "bc\r\nd"]], lines: [1]),
    TokenizerCase("unterminated with escape", "\"a\"\"b", [["a\"b"]]),
    TokenizerCase("multibyte", "é,ü€\r\n𝄞,\"ß\"\r\n", [["é", "ü€"], ["𝄞", "ß"]]),
    TokenizerCase("quote closes at end", "a,\"b\"", [["a", "b"]]),
    TokenizerCase("trailing delimiter", "a,\n", [["a", ""]]),
    TokenizerCase("only newline", "\n", [[]], lines: [1]),
]

@Suite("CSVTokenizer")
struct TokenizerTests {
    @Test(arguments: tokenizerCases, chunkSizes)
    func records(_ testCase: TokenizerCase, chunkSize: Int) {
        let seen = tokenize(Array(testCase.input.utf8), chunkSize: chunkSize)
        #expect(seen.map(\.values) == testCase.records, sourceLocation: testCase.sourceLocation)
        if let lines = testCase.lines {
            #expect(seen.map(\.line) == lines, sourceLocation: testCase.sourceLocation)
        }
        if let terminators = testCase.terminators {
            #expect(seen.map(\.terminator) == terminators, sourceLocation: testCase.sourceLocation)
        }
        let whole = tokenize(Array(testCase.input.utf8), chunkSize: 0)
        #expect(seen == whole, "chunking changed the result", sourceLocation: testCase.sourceLocation)
    }

    @Test(arguments: chunkSizes)
    func flagsStrayAndUnterminatedQuotes(chunkSize: Int) {
        let input = Array("x,a\"b\r\n\"ok\"tail,y\r\nz,\"open\r\nmore".utf8)
        let seen = tokenize(input, chunkSize: chunkSize)
        #expect(seen.count == 3)
        #expect(seen[0].flags[1].contains(.strayQuote))
        #expect(seen[0].problemAt[1] == 3)  // the quote, relative to the record
        #expect(seen[1].flags[0].contains(.textAfterQuote))
        #expect(seen[1].problemAt[0] == 4)
        #expect(seen[2].unterminatedField == 1)
        #expect(seen[2].flags[1].contains(.unterminated))
        #expect(seen[2].line == 3)
        #expect(seen[2].offset == 19)
    }

    @Test(arguments: chunkSizes)
    func truncatesRecordsOverTheLimit(chunkSize: Int) {
        let big = String(repeating: "x", count: 100)
        let input = Array("a,b\n\(big),c\nd,e\n".utf8)
        let seen = tokenize(input, chunkSize: chunkSize, maxRecordBytes: 50)
        #expect(seen.map(\.truncated) == [false, true, false])
        #expect(seen[1].fieldCount == 2)
        #expect(seen[1].values.isEmpty)
        #expect(seen[2].values == ["d", "e"])
        #expect(seen[2].line == 3)
    }

    @Test func positionsCountScalarsAndLines() {
        let input = Array("é\"x\",\"a\r\nbc\",d\n".utf8)
        var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
        var positions: [(Int, Int)] = []
        input.withUnsafeBytes { bytes in
            tokenizer.feed(bytes) { record in
                for span in record.fields {
                    if let position = record.position(ofRawOffset: Int(span.start)) {
                        positions.append(position)
                    }
                }
            }
        }
        #expect(positions.map(\.0) == [1, 1, 2])
        #expect(positions.map(\.1) == [1, 6, 5])
    }
}
