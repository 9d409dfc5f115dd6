import Testing

@testable import CSVCheck

// The messages that a run makes once and reuses: a profile column's CSV008, SEC001 and ENC003
// messages (made per file in TextRule.begin), and EML005's message for the domain of the last
// cloud-only address (AddressRule.cloudOnlyMessage). Each case puts the reused message on rows
// between which the cache could answer wrongly (leading then trailing, one formula start then
// another, a domain then the same domain in other letters), and checks every message.

/// One expected finding: its code, row and whole message.
struct MessageCase: CustomTestStringConvertible, Sendable {
    let name: String
    let rows: [String]
    let expected: [(code: String, row: Int, message: String)]
    var testDescription: String { name }

    func verify() {
        let text = ([stagedHeader + ",Notes"] + rows).joined(separator: "\r\n") + "\r\n"
        let report = Checker(options: options(allowUnknown: true)).check(bytes: Array(text.utf8), name: "case.csv")
        let codes = Set(expected.map(\.code))
        let found = report.diagnostics.filter { codes.contains($0.code.rawValue) }
            .map { "\($0.code.rawValue) row \($0.location.row ?? -1): \($0.message)" }
        #expect(found == expected.map { "\($0.code) row \($0.row): \($0.message)" })
    }
}

private let formula = "that a spreadsheet runs as a formula"

@Suite("Messages made once and reused")
struct MessageReuseTests {
    @Test(arguments: [
        MessageCase(
            name: "CSV008 leading, trailing, leading on a profile column and on an unknown one",
            rows: [
                "a@contoso.com,\(goodPassword), False, x",
                "b@contoso.com,\(goodPassword),False ,x ",
                "c@contoso.com,\(goodPassword), False, x",
            ],
            expected: [
                ("CSV008", 1, "the ForceChangePassword value has leading whitespace"),
                ("CSV008", 1, "the value of column 4 has leading whitespace"),
                ("CSV008", 2, "the ForceChangePassword value has trailing whitespace"),
                ("CSV008", 2, "the value of column 4 has trailing whitespace"),
                ("CSV008", 3, "the ForceChangePassword value has leading whitespace"),
                ("CSV008", 3, "the value of column 4 has leading whitespace"),
            ]),
        MessageCase(
            name: "SEC001 by first character, on a profile column and an unknown one",
            rows: [
                "=a@contoso.com,\(goodPassword),False,=1",
                "+a@contoso.com,\(goodPassword),False,+1",
                "-a@contoso.com,\(goodPassword),False,-1",
                "\"\ta@contoso.com\",\(goodPassword),False,\"\t1\"",
                "=b@contoso.com,\(goodPassword),False,=2",
            ],
            expected: [
                ("SEC001", 1, "the EmailAddress value starts with '=' \(formula)"),
                ("SEC001", 1, "the value of column 4 starts with '=' \(formula)"),
                ("SEC001", 2, "the EmailAddress value starts with '+' \(formula)"),
                ("SEC001", 2, "the value of column 4 starts with '+' \(formula)"),
                ("SEC001", 3, "the EmailAddress value starts with '-' \(formula)"),
                ("SEC001", 3, "the value of column 4 starts with '-' \(formula)"),
                ("SEC001", 4, "the EmailAddress value starts with 'TAB' \(formula)"),
                ("SEC001", 4, "the value of column 4 starts with 'TAB' \(formula)"),
                ("SEC001", 5, "the EmailAddress value starts with '=' \(formula)"),
                ("SEC001", 5, "the value of column 4 starts with '=' \(formula)"),
            ]),
        MessageCase(
            name: "SEC001 on the secret column names no character",
            rows: [
                "a@contoso.com,=\(goodPassword),False,@x",
                "b@contoso.com,@\(goodPassword),False,=x",
            ],
            expected: [
                ("SEC001", 1, "the Password value starts with a character \(formula)"),
                ("SEC001", 1, "the value of column 4 starts with '@' \(formula)"),
                ("SEC001", 2, "the Password value starts with a character \(formula)"),
                ("SEC001", 2, "the value of column 4 starts with '=' \(formula)"),
            ]),
        MessageCase(
            name: "ENC003 on a profile column and an unknown one",
            rows: [
                "rene\u{301}@contoso.com,\(goodPassword),False,Rene\u{301}e",
                "rene\u{301}e@contoso.com,\(goodPassword),False,x",
            ],
            expected: [
                ("ENC003", 1, "the EmailAddress value is not in Unicode NFC: it has decomposed characters"),
                ("ENC003", 1, "the value of column 4 is not in Unicode NFC: it has decomposed characters"),
                ("ENC003", 2, "the EmailAddress value is not in Unicode NFC: it has decomposed characters"),
            ]),
        MessageCase(
            name: "EML005 quotes each domain as typed",
            rows: [
                "a@contoso.onmicrosoft.com,\(goodPassword),False,x",
                "b@contoso.onmicrosoft.com,\(goodPassword),False,x",
                "c@Contoso.OnMicrosoft.com,\(goodPassword),False,x",
                "d@fabrikam.onmicrosoft.com,\(goodPassword),False,x",
                "e@contoso.onmicrosoft.com,\(goodPassword),False,x",
                // Over 24 bytes: not kept, made each time.
                "f@contoso.mail.onmicrosoft.com,\(goodPassword),False,x",
                "g@Contoso.Mail.OnMicrosoft.com,\(goodPassword),False,x",
                "h@contoso.onmicrosoft.com,\(goodPassword),False,x",
            ],
            expected: [
                "contoso.onmicrosoft.com", "contoso.onmicrosoft.com", "Contoso.OnMicrosoft.com",
                "fabrikam.onmicrosoft.com", "contoso.onmicrosoft.com", "contoso.mail.onmicrosoft.com",
                "Contoso.Mail.OnMicrosoft.com", "contoso.onmicrosoft.com",
            ].enumerated().map { index, domain in
                ("EML005", index + 1, "'\(domain)' is a cloud-only domain; a staged batch needs the on-premises primary SMTP address")
            }),
    ])
    func messages(_ c: MessageCase) { c.verify() }
}
