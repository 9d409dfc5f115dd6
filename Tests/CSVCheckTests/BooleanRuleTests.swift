@testable import CSVCheck
import Testing

// BOOL001, SSO001 and SSO002 on ForceChangePassword and Password. The value under test is in
// ForceChangePassword, which starts at column 28 of line 2 (after "a@contoso.com,Qx7#mLp2vR!a,").

private func flag(_ name: String, _ value: String, sso: Bool = false, _ expected: [Found],
                  sourceLocation: Testing.SourceLocation) -> CheckCase
{
    CheckCase(name, staged("a@contoso.com,\(goodPassword),\(value)"), options: options(sso: sso), expected,
              sourceLocation: sourceLocation)
}

private let bool001 = Found.error("BOOL001", row: 1, line: 2, column: 28)

@Suite("Booleans and single sign-on (BOOL001, SSO001, SSO002)")
struct BooleanRuleTests {
    @Test(arguments: [
        flag("True", "True", [], sourceLocation: at()),
        flag("False", "False", [], sourceLocation: at()),
        flag("lowercase true", "true", [], sourceLocation: at()),
        flag("uppercase FALSE", "FALSE", [], sourceLocation: at()),
        flag("mixed case", "fAlSe", [], sourceLocation: at()),
        flag("blank: the batch's setting", "", [], sourceLocation: at()),
        flag("' false ' is valid, with CSV008", " false ", [.warning("CSV008", row: 1, line: 2, column: 28)],
             sourceLocation: at()),
        flag("quoted ' True'", "\" True\"", [.warning("CSV008", row: 1, line: 2, column: 29)], sourceLocation: at()),

        flag("WAAR (Dutch)", "WAAR", [bool001], sourceLocation: at()),
        flag("ONWAAR (Dutch)", "ONWAAR", [bool001], sourceLocation: at()),
        flag("WAHR (German)", "WAHR", [bool001], sourceLocation: at()),
        flag("FALSCH (German)", "FALSCH", [bool001], sourceLocation: at()),
        flag("VRAI (French)", "VRAI", [bool001], sourceLocation: at()),
        flag("FAUX (French)", "FAUX", [bool001], sourceLocation: at()),
        flag("yes", "yes", [bool001], sourceLocation: at()),
        flag("no", "no", [bool001], sourceLocation: at()),
        flag("1", "1", [bool001], sourceLocation: at()),
        flag("0", "0", [bool001], sourceLocation: at()),
        flag("Tru", "Tru", [bool001], sourceLocation: at()),
        flag("True.", "True.", [bool001], sourceLocation: at()),
        flag("-1 (VBA TRUE): SEC001 and BOOL001", "-1",
             [.warning("SEC001", row: 1, line: 2, column: 28), bool001], sourceLocation: at()),
    ])
    func forceChangePassword(_ c: CheckCase) { c.verify() }

    @Test(arguments: [
        ("WAAR", "True"), ("ONWAAR", "False"), ("wahr", "True"), ("FALSCH", "False"), ("VRAI", "True"),
        ("faux", "False"), ("yes", "True"), ("NO", "False"), ("1", "True"), ("0", "False"),
    ])
    func bool001SuggestsTheBoolean(_ value: String, _ suggestion: String) throws {
        let report = checkReport(Array(staged("a@contoso.com,\(goodPassword),\(value)").utf8))
        let finding = try #require(report.diagnostics.first(where: { $0.code == .notBoolean }))
        #expect(finding.help?.hasPrefix("write \(suggestion)") == true, "\(finding.help ?? "no help")")
    }

    /// BOOL001's message shows the value as it is, or escaped and cut at 80 characters: the
    /// quick layout for short printable values and the general one agree (the expected text is
    /// written out here, not derived from either).
    @Test(arguments: [
        ("WAAR", "WAAR"), ("yes please", "yes please"), ("'1'", "'1'"),
        (String(repeating: "x", count: 80), String(repeating: "x", count: 80)),
        (String(repeating: "y", count: 81), String(repeating: "y", count: 77) + "..."),
        ("tr\u{7F}ue", "tr\\u{7f}ue"), ("vrai\u{1}", "vrai\\u{1}"), ("ja\u{A0}", "ja\u{A0}"), ("sí", "sí"),
    ])
    func bool001ShowsTheValue(_ value: String, _ shown: String) {
        let message = Array(value.utf8).withUnsafeBytes { BooleanRule.notBooleanMessage($0) }
        #expect(message == "ForceChangePassword is '\(shown)', not True or False")
    }

    @Test(arguments: [
        flag("SSO on, True: SSO001 and SSO002", "True", sso: true,
             [.warning("SSO002", row: 1, line: 2, column: 15), .error("SSO001", row: 1, line: 2, column: 28)],
             sourceLocation: at()),
        flag("SSO on, False: only SSO002 for the password", "False", sso: true,
             [.warning("SSO002", row: 1, line: 2, column: 15)], sourceLocation: at()),
        flag("SSO on, ' TRUE ': CSV008, SSO002, SSO001", " TRUE ", sso: true,
             [
                .warning("CSV008", row: 1, line: 2, column: 28), .warning("SSO002", row: 1, line: 2, column: 15),
                .error("SSO001", row: 1, line: 2, column: 28),
             ], sourceLocation: at()),
        flag("SSO on, WAAR: BOOL001, no SSO001", "WAAR", sso: true,
             [.warning("SSO002", row: 1, line: 2, column: 15), bool001], sourceLocation: at()),
        flag("SSO off, True: nothing", "True", sso: false, [], sourceLocation: at()),
        CheckCase(
            "SSO on, no password, False", staged("a@contoso.com,,False"), options: options(sso: true), [],
            sourceLocation: at()),
        CheckCase(
            "SSO on, no password, True", staged("a@contoso.com,,True"), options: options(sso: true),
            [.error("SSO001", row: 1, line: 2, column: 16)], sourceLocation: at()),
        CheckCase(
            "SSO on, only EmailAddress", csv("EmailAddress", "a@contoso.com"), options: options(sso: true), [],
            sourceLocation: at()),
        CheckCase(
            "SSO off, password set", staged("a@contoso.com,\(goodPassword),"), options: options(sso: false), [],
            sourceLocation: at()),
    ])
    func singleSignOn(_ c: CheckCase) { c.verify() }
}
