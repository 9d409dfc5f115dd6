import Testing

@testable import CSVCheck

// ENC003, ENC004, ENC005 and CSV008 on every field, unknown columns included. The files have a
// Notes column after the staged ones (unknown columns allowed: HDR002 is a warning at line 1,
// column 43); a value in Notes starts at column 34 of line 2.

private let notesHeader = stagedHeader + ",Notes"

private func notes(_ name: String, _ value: String, _ expected: [Found], sourceLocation: Testing.SourceLocation)
    -> CheckCase
{
    CheckCase(
        name, csv(notesHeader, "a@contoso.com,\(goodPassword),False,\(value)"), options: options(allowUnknown: true),
        [.warning("HDR002", row: 0, line: 1, column: 43)] + expected, sourceLocation: sourceLocation)
}

private func w(_ code: String, column: Int) -> Found { .warning(code, row: 1, line: 2, column: column) }
private func e(_ code: String, column: Int) -> Found { .error(code, row: 1, line: 2, column: column) }

@Suite("Text rules (ENC003-ENC005, CSV008)")
struct TextRuleTests {
    @Test(arguments: [
        notes("plain ASCII", "Sales team", [], sourceLocation: at()),
        notes("NFC accents", "Ren\u{E9}e Fran\u{E7}ois", [], sourceLocation: at()),
        notes("CJK and emoji", "\u{55B6}\u{696D} \u{1F600}", [], sourceLocation: at()),

        // ENC003: NFD.
        notes("NFD e + combining acute", "Rene\u{301}e", [w("ENC003", column: 34)], sourceLocation: at()),
        notes("NFD u + combining diaeresis", "Mu\u{308}ller", [w("ENC003", column: 34)], sourceLocation: at()),

        // ENC004: control characters.
        notes("quoted line break", "\"two\nlines\"", [e("ENC004", column: 38)], sourceLocation: at()),
        notes("TAB inside", "a\tb", [e("ENC004", column: 35)], sourceLocation: at()),
        notes("BEL", "a\u{07}b", [e("ENC004", column: 35)], sourceLocation: at()),
        notes("C1 control (U+0085)", "a\u{85}b", [e("ENC004", column: 35)], sourceLocation: at()),
        // Two-byte letters (U+00C0-U+07FF) before the character are passed over undecoded and
        // still counted: one column each.
        notes("C1 control after letters", "\u{E9}\u{F1}\u{DF}\u{7FF}\u{85}", [e("ENC004", column: 38)], sourceLocation: at()),
        notes("C1 control after U+00BF", "\u{BF}\u{85}", [e("ENC004", column: 35)], sourceLocation: at()),

        // ENC005: invisible and look-alike characters.
        notes("no-break space", "Sales\u{A0}team", [w("ENC005", column: 39)], sourceLocation: at()),
        notes("zero-width space", "Sa\u{200B}les", [w("ENC005", column: 36)], sourceLocation: at()),
        notes("soft hyphen", "Sales\u{AD}team", [w("ENC005", column: 39)], sourceLocation: at()),
        notes("smart quote", "O\u{2019}Brien", [w("ENC005", column: 35)], sourceLocation: at()),
        notes("BOM inside a value", "\u{FEFF}Sales", [w("ENC005", column: 34)], sourceLocation: at()),
        notes("en dash", "North\u{2013}West", [w("ENC005", column: 39)], sourceLocation: at()),
        notes("no-break space after letters", "Ren\u{E9}e\u{A0}Fran\u{E7}ois", [w("ENC005", column: 39)], sourceLocation: at()),
        notes("smart quote after a long accented run", "\u{C0}\u{C1}\u{C2}\u{C3}\u{C4}\u{C5}\u{C6}\u{C7}\u{C8}\u{2019}",
            [w("ENC005", column: 43)], sourceLocation: at()),

        // CSV008: surrounding whitespace.
        notes("leading space", " Sales", [w("CSV008", column: 34)], sourceLocation: at()),
        notes("trailing space", "Sales ", [w("CSV008", column: 39)], sourceLocation: at()),
        notes("trailing space in quotes", "\"Sales \"", [w("CSV008", column: 40)], sourceLocation: at()),
        notes("inner space is fine", "Sales team", [], sourceLocation: at()),
    ])
    func unknownColumnValues(_ c: CheckCase) { c.verify() }

    @Test(arguments: [
        CheckCase(
            "NBSP in a password: ENC005 and PWD003, never the character",
            staged("a@contoso.com,Qx7#mLp2\u{A0}vR!a,False"),
            [.warning("ENC005", row: 1, line: 2, column: 23), .error("PWD003", row: 1, line: 2, column: 23)],
            sourceLocation: at()),
        CheckCase(
            "zero-width space in a password", staged("a@contoso.com,\u{200B}Qx7#mLp2vR!a,False"),
            [.warning("ENC005", row: 1, line: 2, column: 15), .error("PWD003", row: 1, line: 2, column: 15)],
            sourceLocation: at()),
        CheckCase(
            "line break in a quoted password", staged("a@contoso.com,\"Qx7#mLp2\nvR!a\",False"),
            [.error("ENC004", row: 1, line: 2, column: 24), .error("PWD003", row: 1, line: 2, column: 24)],
            sourceLocation: at()),
        CheckCase(
            "line break in a quoted address", staged("\"a@contoso\r\n.com\",\(goodPassword),False"),
            // A quoted value with a line break may have swallowed the next rows (passwords
            // included): only the text rules, whose messages quote no value, run on it.
            [.error("ENC004", row: 1, line: 2, column: 11)],
            sourceLocation: at()),
        CheckCase(
            "' false ' is valid with a CSV008 warning", staged("a@contoso.com,\(goodPassword), false "),
            [.warning("CSV008", row: 1, line: 2, column: 28)], sourceLocation: at()),
        CheckCase(
            "header name whitespace is HDR004, not CSV008", csv("EmailAddress ", "a@contoso.com"),
            [.error("HDR004", row: 0, line: 1, column: 1)], sourceLocation: at()),
    ])
    func profileColumnValues(_ c: CheckCase) { c.verify() }

    @Test func textRulesReportOncePerFieldAndEveryField() {
        let text = csv(notesHeader + ",Office", "a@contoso.com,\(goodPassword),False,\u{A0}x\u{A0}y, z")
        #expect(
            findings(text, options(allowUnknown: true)) == [
                .warning("HDR002", row: 0, line: 1, column: 43), .warning("HDR002", row: 0, line: 1, column: 49),
                w("ENC005", column: 34), w("CSV008", column: 39),
            ])
    }

    /// The word-at-a-time printable test (whole words, an overlapping last word, two 4-byte
    /// halves for 4 to 7 bytes) and the start and end tests before it, against byte loops: every
    /// length up to 40 with one byte of every kind at every position.
    @Test func fastPathMatchesByteLoop() {
        let probes: [UInt8] = [0x00, 0x09, 0x0D, 0x1F, 0x20, 0x2B, 0x2D, 0x3D, 0x40, 0x41, 0x7E, 0x7F, 0x80, 0xC3, 0xFF]
        let formulaStarts: [UInt8] = [0x3D, 0x2B, 0x2D, 0x40]  // = + - @
        // On a printable background and on a non-ASCII one (bytes past 0x7F are not controls).
        for (length, background) in (0...40).flatMap({ length in [(length, UInt8(ascii: "k")), (length, 0xC3)] }) {
            for position in 0..<max(length, 1) {
                for probe in probes {
                    var bytes = [UInt8](repeating: background, count: length)
                    if length > 0 { bytes[position] = probe }
                    bytes.withUnsafeBytes { raw in
                        let printable = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
                        #expect(TextRule.isPrintableASCII(raw) == printable, "\(bytes)")
                        #expect(TextRule.hasControl(raw) == bytes.contains { $0 < 0x20 || $0 == 0x7F }, "\(bytes)")
                        guard let first = bytes.first, let last = bytes.last else { return }
                        let plain =
                            printable && first != 0x20 && last != 0x20
                            && !formulaStarts.contains(first)
                        #expect(TextRule.needsNoCheck(raw) == plain, "\(bytes)")
                    }
                }
            }
        }
    }
}

/// The shortcuts of the text rules against what they stand for.
@Suite struct TextRuleShortcutTests {
    /// SEC001's bit test answers for every byte what a search of the six formula starts
    /// (TAB, CR, `=`, `+`, `-`, `@`, in the order of their messages) answers.
    @Test func formulaStartMatchesTheList() {
        let starts: [UInt8] = [0x09, 0x0D, UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@")]
        for byte in UInt8.min...UInt8.max {
            #expect(TextRule.formulaStart(byte) == starts.firstIndex(of: byte), "byte \(byte)")
        }
    }

    /// `checkUnicode` passes over the two-byte scalars U+00C0-U+07FF without looking them up:
    /// none of them is a C1 control or has an ENC005 name. A name added in that range must
    /// end the shortcut.
    @Test func twoByteLettersNeedNoLookUp() {
        for value in UInt32(0xC0)...0x7FF {
            #expect(TextRule.invisibleName(value) == nil, "U+\(String(value, radix: 16))")
        }
    }
}
