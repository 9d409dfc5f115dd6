import CSVCheck
import Testing

// CSV001-CSV009 and ROW001-ROW003 through the whole checker.

private let row1 = "a@contoso.com,\(goodPassword),False"
private let row2 = "b@contoso.com,Zr4!kWq8nT#e,False"
private let row3 = "c@contoso.com,Hm3@vXp7sL!d,False"
private func fileLevel(_ code: String) -> Found { Found.error(code, row: nil, line: nil, column: nil) }

@Suite("Structure (CSV, ROW)")
struct StructureTests {
    // MARK: CSV001

    @Test(arguments: [
        CheckCase("no bytes", [], [fileLevel("CSV001")], sourceLocation: at()),
        CheckCase("UTF-8 BOM only", [0xEF, 0xBB, 0xBF], [fileLevel("CSV001")], sourceLocation: at()),
        CheckCase("UTF-16LE BOM only", [0xFF, 0xFE], [fileLevel("CSV001")], sourceLocation: at()),
        CheckCase("line breaks only", "\r\n\r\n\n", [fileLevel("CSV001")], sourceLocation: at()),
    ])
    func emptyFile(_ c: CheckCase) { c.verify() }

    @Test(
        arguments: [
            CheckCase("spaces only", "   ", [fileLevel("CSV001")], sourceLocation: at()),
            CheckCase("spaces, TAB and line breaks", "  \r\n\t\r\n", [fileLevel("CSV001")], sourceLocation: at()),
            CheckCase("BOM then whitespace", [0xEF, 0xBB, 0xBF, 0x0D, 0x0A, 0x20, 0x0D, 0x0A], [fileLevel("CSV001")],
                      sourceLocation: at()),
        ])
    func whitespaceOnlyFile(_ c: CheckCase) { c.verify() }

    // MARK: CSV002, CSV003

    @Test(arguments: [
        CheckCase(
            "unterminated in the second field",
            staged("a@contoso.com,\"Qx7#mLp2vR!a,False", row2), [.error("CSV002", row: 1, line: 2, column: 15)],
            sourceLocation: at()),
        CheckCase(
            "unterminated after two good rows",
            staged(row1, row2, "\"c@contoso.com,Hm3@vXp7sL!d,False"), [.error("CSV002", row: 3, line: 4, column: 1)],
            sourceLocation: at()),
        CheckCase(
            "unterminated in the header", "EmailAddress,\"Password\r\na@contoso.com,x\r\n",
            [.error("CSV002", row: 0, line: 1, column: 14)], sourceLocation: at()),
    ])
    func unterminatedQuotePointsAtTheOpeningQuote(_ c: CheckCase) throws {
        let report = checkReport(c.input, c.options)
        let first = try #require(report.diagnostics.first, sourceLocation: c.sourceLocation)
        #expect(Found(first) == c.expected[0], sourceLocation: c.sourceLocation)
    }

    @Test(arguments: [
        CheckCase(
            "quote inside an unquoted field", staged("a@contoso.com,Qx7#\"mLp2vR!a,False"),
            [.error("CSV003", row: 1, line: 2, column: 19)], sourceLocation: at()),
        CheckCase(
            "text after the closing quote", staged("a@contoso.com,\"Qx7#mLp2vR!a\"x,False"),
            [.error("CSV003", row: 1, line: 2, column: 29)], sourceLocation: at()),
        CheckCase(
            "stray quote on the second row, first row fine", staged(row1, "b@contoso.com,Zr4!kWq8nT#e,Fal\"se"),
            // Broken quoting: only the text rules run on the row, so no message quotes a value.
            [.error("CSV003", row: 2, line: 3, column: 31)],
            sourceLocation: at()),
        CheckCase(
            "doubled quotes and a quoted line break are not CSV003",
            "EmailAddress,Password,ForceChangePassword,Notes\r\na@contoso.com,Qx7#mLp2vR!a,False,\"say \"\"hi\"\"\r\nbye\"\r\n",
            options: options(allowUnknown: true),
            [.warning("HDR002", row: 0, line: 1, column: 43), .error("ENC004", row: 1, line: 2, column: 45)],
            sourceLocation: at()),
    ])
    func strayQuote(_ c: CheckCase) { c.verify() }

    // MARK: CSV004

    @Test(arguments: [
        CheckCase(
            "semicolon (localized Excel), rest still checked",
            "EmailAddress;Password;ForceChangePassword\r\na@contoso.com;Qx7#mLp2vR!a;WAAR\r\npilar.contoso.com;Zr4!kWq8nT#e;False\r\n",
            [
                .error("CSV004", row: 0, line: 1, column: 1), .error("BOOL001", row: 1, line: 2, column: 28),
                .error("EML002", row: 2, line: 3, column: 1),
            ], sourceLocation: at()),
        CheckCase(
            "TAB, rest still checked",
            "EmailAddress\tPassword\tForceChangePassword\r\na@contoso.com\tQx7#mLp2vR!a\tyes\r\na@contoso.com\tZr4!kWq8nT#e\tFalse\r\n",
            [
                .error("CSV004", row: 0, line: 1, column: 1), .error("BOOL001", row: 1, line: 2, column: 28),
                .error("DUP001", row: 2, line: 3, column: 1),
            ], sourceLocation: at()),
        CheckCase("comma: no CSV004", staged(row1), [], sourceLocation: at()),
        CheckCase(
            "semicolons inside a comma file's values are not a delimiter",
            "EmailAddress,Password\r\na@contoso.com,\"Qx7;mLp2;vR!a\"\r\nb@contoso.com,Zr4!kWq8nT#e\r\n", [],
            sourceLocation: at()),
    ])
    func delimiter(_ c: CheckCase) { c.verify() }

    // MARK: CSV005

    @Test(arguments: [
        CheckCase(
            "one field short", staged("a@contoso.com,Qx7#mLp2vR!a", row2), [.error("CSV005", row: 1, line: 2, column: 27)],
            sourceLocation: at()),
        CheckCase(
            "one field too many points at the first extra field", staged(row1, "b@contoso.com,Zr4!kWq8nT#e,False,x"),
            [.error("CSV005", row: 2, line: 3, column: 34)], sourceLocation: at()),
        CheckCase(
            "unquoted comma in a value", staged(row1, "b@contoso.com,Zr4!kW,q8nT#e,False"),
            // Values of a row with extra fields sit in the wrong columns (here half the password
            // is under ForceChangePassword): only CSV005, so no message quotes a shifted secret.
            [.error("CSV005", row: 2, line: 3, column: 29)],
            sourceLocation: at()),
    ])
    func fieldCount(_ c: CheckCase) { c.verify() }

    // MARK: CSV006

    @Test(arguments: [
        CheckCase(
            "#TYPE from Export-Csv", "#TYPE System.Management.Automation.PSCustomObject\r\n" + staged(row1, "x.contoso.com,Zr4!kWq8nT#e,False"),
            [.error("CSV006", row: 0, line: 1, column: 1), .error("EML002", row: 2, line: 4, column: 1)],
            sourceLocation: at()),
        CheckCase(
            "sep=, from Excel", "sep=,\r\n" + staged(row1),
            [.error("CSV006", row: 0, line: 1, column: 1)], sourceLocation: at()),
        CheckCase(
            "sep=; from Excel, then semicolons", "sep=;\r\nEmailAddress;Password\r\na@contoso.com;Qx7#mLp2vR!a\r\n",
            [.error("CSV006", row: 0, line: 1, column: 1), .error("CSV004", row: 0, line: 2, column: 1)],
            sourceLocation: at()),
        CheckCase(
            "#TYPE then sep=", "#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\nsep=,\r\nEmailAddress\r\na@contoso.com\r\n",
            [.error("CSV006", row: 0, line: 1, column: 1), .error("CSV006", row: 0, line: 2, column: 1)],
            sourceLocation: at()),
    ])
    func preamble(_ c: CheckCase) { c.verify() }

    // MARK: CSV007

    @Test(arguments: [
        CheckCase(
            "one blank line between rows", staged(row1, "", row2), [.warning("CSV007", row: nil, line: 3, column: 1)],
            sourceLocation: at()),
        CheckCase(
            "two blank lines between rows: one finding", staged(row1, "", "", row2),
            [.warning("CSV007", row: nil, line: 3, column: 1)], sourceLocation: at()),
        CheckCase(
            "blank line is not a row: the next row is row 2", staged(row1, "", "x.contoso.com,Zr4!kWq8nT#e,False"),
            [.warning("CSV007", row: nil, line: 3, column: 1), .error("EML002", row: 2, line: 4, column: 1)],
            sourceLocation: at()),
        CheckCase("trailing blank lines are not findings", staged(row1, row2, "", "", ""), [], sourceLocation: at()),
        CheckCase("trailing LF blank lines are not findings", stagedHeader + "\n" + row1 + "\n\n\n", [],
                  sourceLocation: at()),
    ])
    func blankLines(_ c: CheckCase) { c.verify() }

    // MARK: CSV009

    @Test(arguments: [
        CheckCase(
            "a field over the limit; the next row is still checked",
            staged(row1, "b@contoso.com,\"" + String(repeating: "Zr4!kWq8nT#e", count: 30) + "\",False", "x.contoso.com,Hm3@vXp7sL!d,False"),
            options: options(maxRecordBytes: 256),
            [.error("CSV009", row: 2, line: 3, column: 1), .error("EML002", row: 3, line: 4, column: 1)],
            sourceLocation: at()),
        CheckCase(
            "a record of exactly the limit is fine", staged(row1), options: options(maxRecordBytes: 64), [],
            sourceLocation: at()),
    ])
    func recordTooLarge(_ c: CheckCase) { c.verify() }

    // MARK: Lines and rows with multi-line records

    @Test func linesCountPhysicalLinesOfQuotedLineBreaks() {
        let text = "EmailAddress,Notes\r\na@contoso.com,\"one\r\ntwo\r\nthree\"\r\npilar.contoso.com,x\r\n"
        #expect(
            findings(text, options(allowUnknown: true)) == [
                .warning("HDR002", row: 0, line: 1, column: 14), .error("ENC004", row: 1, line: 2, column: 19),
                .error("EML002", row: 2, line: 5, column: 1),
            ])
    }

    @Test(arguments: [("CRLF", "\r\n"), ("LF", "\n"), ("CR", "\r")])
    func lineEndings(_ name: String, _ ending: String) {
        let text = [stagedHeader, row1, "x.contoso.com,Zr4!kWq8nT#e,False"].joined(separator: ending) + ending
        let report = checkReport(Array(text.utf8))
        #expect(report.lineEnding == name)
        #expect(report.rows == 2)
        #expect(report.diagnostics.map(Found.init).inFileOrder == [.error("EML002", row: 2, line: 3, column: 1)])
    }

    // MARK: ROW001, ROW002, ROW003

    @Test(arguments: [
        CheckCase("at the limit", staged(row1, row2), options: options(maxRows: 2), [], sourceLocation: at()),
        CheckCase(
            "one over: reported once, at the first row over", staged(row1, row2, row3, "d@contoso.com,Wb6%nRt2qZ!k,False"),
            options: options(maxRows: 2), [.error("ROW001", row: 3, line: 4, column: 1)], sourceLocation: at()),
        CheckCase(
            "onboarding has no limit", csv("EmailAddress", "a@contoso.com", "b@contoso.com", "c@contoso.com"),
            options: options(.onboarding), [], sourceLocation: at()),
    ])
    func tooManyRows(_ c: CheckCase) { c.verify() }

    @Test func stagedLimitIs2000() {
        var text = stagedHeader + "\r\n"
        for i in 1...2_001 { text += "u\(i)@contoso.com,,\r\n" }
        #expect(findings(text) == [.error("ROW001", row: 2_001, line: 2_002, column: 1)])
    }

    @Test(arguments: [
        CheckCase("header only", csv(stagedHeader), [fileLevel("ROW002")], sourceLocation: at()),
        CheckCase("header without a line break", stagedHeader, [fileLevel("ROW002")], sourceLocation: at()),
        CheckCase("header and blank lines", csv(stagedHeader, "", ""), [fileLevel("ROW002")], sourceLocation: at()),
    ])
    func noRows(_ c: CheckCase) { c.verify() }

    @Test(arguments: [(45_000, true), (40_000, false)])
    func imapFileSizeLimit(rows: Int, over: Bool) {
        let root = "/" + String(repeating: "r", count: 200)
        var bytes = Array("EmailAddress,UserName,Password,UserRoot\r\n".utf8)
        bytes.reserveCapacity(rows * 250)
        for i in 0..<rows { bytes += Array("u\(i)@contoso.com,u\(i),Qx7#mLp2vR!\(i),\(root)\r\n".utf8) }
        #expect((bytes.count > 10 * 1024 * 1024) == over)
        let report = checkReport(bytes, options(.imap))
        #expect(report.rows == rows)
        #expect(report.diagnostics.map(Found.init).inFileOrder == (over ? [fileLevel("ROW003")] : []))
    }
}
