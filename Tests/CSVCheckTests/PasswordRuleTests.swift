import CSVCheck
import Testing

// PWD001-PWD007 through the whole checker. The password is in a staged row for
// pilarp@contoso.com, so it starts at column 20 of line 2. Every password here is an obviously
// fake test value.

private func password(_ name: String, _ value: String, _ expected: [Found], options: CheckOptions = CheckOptions(),
                      sourceLocation: Testing.SourceLocation) -> CheckCase
{
    CheckCase(name, staged("pilarp@contoso.com,\(value),False"), options: options, expected,
              sourceLocation: sourceLocation)
}

private func e(_ code: String, column: Int = 20) -> Found { .error(code, row: 1, line: 2, column: column) }
private func w(_ code: String, column: Int = 20) -> Found { .warning(code, row: 1, line: 2, column: column) }

@Suite("Passwords (PWD)")
struct PasswordRuleTests {
    @Test(arguments: [
        password("good", goodPassword, [], sourceLocation: at()),
        password("blank: the batch's setting", "", [], sourceLocation: at()),
        password("exactly 8", "Qx7#mLp2", [], sourceLocation: at()),
        password("exactly 256", "Qx7#" + String(repeating: "mLp2vR!a", count: 31) + "Zk9!", [], sourceLocation: at()),
        password("three classes, no symbol", "Qx7mLp2vRa", [], sourceLocation: at()),
        password("three classes, no digit", "Qx#mLp!vRa", [], sourceLocation: at()),
        password("inner space is a symbol", "Qx7 mLp2vR", [], sourceLocation: at()),
        password(
            "every allowed symbol (quoted, quote doubled)", "\"Aa1@#$%^&*-_!+=[]{}|\\:',.?/`~\"\"();<>Z\"", [],
            sourceLocation: at()),

        // PWD001.
        password("7 characters", "Qx7#mLp", [e("PWD001")], sourceLocation: at()),
        password("257 characters", "Qx7#" + String(repeating: "mLp2vR!a", count: 31) + "Zk9!b",
                 [e("PWD001", column: 20 + 256)], sourceLocation: at()),

        // PWD002.
        password("lowercase only", "qxmlpvrazk", [e("PWD002")], sourceLocation: at()),
        password("uppercase and digits", "QXML7PVR2", [e("PWD002")], sourceLocation: at()),
        password("short and one class: PWD001 and PWD002", "qxmlp", [e("PWD001"), e("PWD002")], sourceLocation: at()),

        // PWD003: position and class, never the character.
        password("accented letter", "Qx7#mLp\u{E9}2vR", [e("PWD003", column: 27)], sourceLocation: at()),
        password("euro sign", "Qx7#mLp2vR\u{20AC}", [e("PWD003", column: 30)], sourceLocation: at()),
        password("emoji", "\u{1F511}Qx7#mLp2vR", [e("PWD003", column: 20)], sourceLocation: at()),
        password(
            "TAB inside: ENC004 and PWD003", "Qx7#\tmLp2vR",
            [e("ENC004", column: 24), e("PWD003", column: 24)], sourceLocation: at()),

        // PWD004.
        password(
            "leading space", " Qx7#mLp2vR!a", [w("CSV008"), e("PWD004")], sourceLocation: at()),
        password(
            "trailing space", "Qx7#mLp2vR!a ", [w("CSV008", column: 32), e("PWD004", column: 32)],
            sourceLocation: at()),
        password(
            "trailing no-break space", "Qx7#mLp2vR!a\u{A0}",
            [w("ENC005", column: 32), e("PWD003", column: 32), e("PWD004", column: 32)], sourceLocation: at()),

        // PWD005: banned and common words, after normalization, one edit allowed.
        password("P@ssw0rd1", "P@ssw0rd1", [w("PWD005")], sourceLocation: at()),
        password("Welkom01!", "Welkom01!", [w("PWD005")], sourceLocation: at()),
        password("Summer2024!", "Summer2024!", [w("PWD005")], sourceLocation: at()),
        password("Zomer2024!", "Zomer2024!", [w("PWD005")], sourceLocation: at()),
        password("Janvier2025!", "Janvier2025!", [w("PWD005")], sourceLocation: at()),
        password("Qwerty123!", "Qwerty123!", [w("PWD005")], sourceLocation: at()),
        password("L3tM3!n99", "L3tM3!n99", [w("PWD005")], sourceLocation: at()),
        password("one edit: Passwprd1!", "Passwprd1!", [w("PWD005")], sourceLocation: at()),
        password("tenant name from the domain", "Contoso2024!", [w("PWD005")], sourceLocation: at()),
        password("a banned word with enough else", "Password!Qx7#mLp2vR", [], sourceLocation: at()),
        password(
            "custom banned term", "Fabrikam#7",
            [w("PWD005")], options: {
                var o = CheckOptions()
                o.bannedPasswords = ["fabrikam"]
                return o
            }(), sourceLocation: at()),
        password("custom term not configured", "Fabrikam#7", [], sourceLocation: at()),

        // PWD006.
        password("contains the local part", "Zq8!pilarp9X", [w("PWD006")], sourceLocation: at()),
        password("contains it in another case", "Zq8!PILARP9X", [w("PWD006")], sourceLocation: at()),
        password("does not contain it", "Zq8!pilXrp9X", [], sourceLocation: at()),
    ])
    func policy(_ c: CheckCase) { c.verify() }

    @Test func pwd006UsesPartsOfTheLocalPart() {
        let text = staged("jan.devries@contoso.com,Devries#2x9Q,False", "li.wu@contoso.com,Liwu#2x9Qmm,False")
        #expect(findings(text) == [.warning("PWD006", row: 1, line: 2, column: 25)])
    }

    @Test func pwd003NamesThePositionAndClassNotTheCharacter() throws {
        let report = checkReport(Array(staged("pilarp@contoso.com,Qx7#mLp\u{E9}2vR,False").utf8))
        let finding = try #require(report.diagnostics.first)
        #expect(finding.code == .passwordCharacter)
        #expect(finding.message.contains("8"), "\(finding.message)")
        #expect(!finding.message.contains("\u{E9}"))
        #expect(finding.excerpt?.contains("********") == true)
        #expect(finding.excerpt?.contains("mLp") == false)
    }

    @Test func pwd007CountsWithoutNaming() throws {
        let text = staged(
            "a@contoso.com,Qx7#mLp2vR!a,False", "b@contoso.com,Zr4!kWq8nT#e,False", "c@contoso.com,Qx7#mLp2vR!a,False",
            "d@contoso.com,Qx7#mLp2vR!a,False")
        let report = checkReport(Array(text.utf8))
        #expect(
            report.diagnostics.map(Found.init).inFileOrder == [
                .warning("PWD007", row: 3, line: 4, column: 15), .warning("PWD007", row: 4, line: 5, column: 15),
            ])
        let last = try #require(report.diagnostics.last)
        #expect(last.message.contains("3"), "says how many: \(last.message)")
        for diagnostic in report.diagnostics {
            #expect(!diagnostic.message.contains("Qx7"))
            #expect(!diagnostic.message.contains("a@contoso.com") && !diagnostic.message.contains("row 1"),
                    "never which: \(diagnostic.message)")
            #expect(!(diagnostic.help ?? "").contains("a@contoso.com"))
        }
    }

    @Test func pwd007IsPerFile() {
        let checker = Checker()
        let text = Array(staged("a@contoso.com,\(goodPassword),False").utf8)
        _ = checker.check(bytes: text, name: "one.csv")
        let second = checker.check(bytes: Array(staged("b@contoso.com,\(goodPassword),False").utf8), name: "two.csv")
        #expect(second.diagnostics.isEmpty)
    }

    @Test func imapPasswordsAreSourcePasswords() {
        let text = csv(
            "EmailAddress,UserName,Password", "a@contoso.com,a,x", "b@contoso.com,b,password",
            "c@contoso.com,c,\(String(repeating: "y", count: 257))", "d@contoso.com,d, pw",
            "e@contoso.com,e,p\u{E9}")
        #expect(
            findings(text, options(.imap)) == [
                .error("PWD001", row: 3, line: 4, column: 17),
                .warning("CSV008", row: 4, line: 5, column: 17), .error("PWD004", row: 4, line: 5, column: 17),
            ])
    }
}
