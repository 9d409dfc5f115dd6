import CSVCheck
import Testing

// HDR001-HDR005 through the whole checker: header findings are on row 0, line 1, at the column
// of the header name concerned.

private let row = "a@contoso.com,\(goodPassword),False"

private func header(_ name: String, _ header: String, options: CheckOptions = CheckOptions(), _ expected: [Found],
                    sourceLocation: Testing.SourceLocation) -> CheckCase
{
    let columns = header.split(separator: ",", omittingEmptySubsequences: false).count
    let values = ["a@contoso.com", goodPassword, "False"] + Array(repeating: "x", count: max(0, columns - 3))
    return CheckCase(name, csv(header, values.prefix(columns).joined(separator: ",")), options: options, expected,
                     sourceLocation: sourceLocation)
}

private func hdr(_ code: String, _ severity: Severity = .error, column: Int) -> Found {
    Found(code, severity, row: 0, line: 1, column: column)
}

@Suite("Header (HDR)")
struct HeaderTests {
    @Test(arguments: [
        header("canonical staged header", stagedHeader, [], sourceLocation: at()),
        CheckCase(
            "columns in another order", csv("ForceChangePassword,EmailAddress,Password", "True,a@contoso.com,\(goodPassword)"),
            [], sourceLocation: at()),
        header("EmailAddress alone", "EmailAddress", [], sourceLocation: at()),

        // HDR001.
        header(
            "'Email Address' is unknown, and EmailAddress is missing", "Email Address,Password,ForceChangePassword",
            [hdr("HDR002", column: 1), hdr("HDR001", column: 1)], sourceLocation: at()),
        CheckCase(
            "no EmailAddress at all", csv("Password,ForceChangePassword", "\(goodPassword),False"),
            [hdr("HDR001", column: 1)], sourceLocation: at()),

        // HDR002.
        header(
            "unknown column", "EmailAddress,Password,ForceChangePassword,Department",
            [hdr("HDR002", column: 43)], sourceLocation: at()),
        header(
            "unknown column allowed: a warning", "EmailAddress,Password,ForceChangePassword,Department",
            options: options(allowUnknown: true), [hdr("HDR002", .warning, column: 43)], sourceLocation: at()),
        header(
            "imap column in a staged file", "EmailAddress,UserName", [hdr("HDR002", column: 14)], sourceLocation: at()),

        // HDR003.
        header(
            "duplicate column, other case", "EmailAddress,Password,emailaddress",
            [hdr("HDR003", column: 23)], sourceLocation: at()),
        header(
            "duplicate Password", "EmailAddress,Password,Password", [hdr("HDR003", column: 23)], sourceLocation: at()),

        // HDR004.
        header("empty name", "EmailAddress,,ForceChangePassword", [hdr("HDR004", column: 14)], sourceLocation: at()),
        header(
            "leading space", "EmailAddress, Password,ForceChangePassword", [hdr("HDR004", column: 14)],
            sourceLocation: at()),
        header(
            "trailing space on EmailAddress", "EmailAddress ,Password", [hdr("HDR004", column: 1)], sourceLocation: at()),

        // HDR005.
        header(
            "lowercase and uppercase names", "emailaddress,Password,FORCECHANGEPASSWORD",
            [hdr("HDR005", .warning, column: 1), hdr("HDR005", .warning, column: 23)], sourceLocation: at()),
    ])
    func headerNames(_ c: CheckCase) { c.verify() }

    @Test(arguments: ["Email Address", "E-mail Address", "email", "PrimarySmtpAddress", "Mail"])
    func missingEmailAddressSuggestsIt(_ name: String) throws {
        let report = checkReport(Array(csv("\(name),Password", "a@contoso.com,\(goodPassword)").utf8))
        let missing = try #require(report.diagnostics.first(where: { $0.code == .missingColumn }))
        #expect(Found(missing) == hdr("HDR001", column: 1))
        #expect(missing.help?.contains("'EmailAddress'") == true, "\(missing.help ?? "no help")")
        #expect(missing.help?.contains("'\(name)'") == true, "names the column to rename: \(missing.help ?? "")")
    }

    @Test func quotedHeaderNamesResolve() {
        #expect(findings(csv("\"EmailAddress\",\"Password\"", "a@contoso.com,\(goodPassword)")).isEmpty)
    }

    @Test func headerWithBOMResolves() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(csv(stagedHeader, row).utf8)
        let report = checkReport(bytes)
        #expect(report.bom)
        #expect(report.diagnostics.isEmpty)
    }

    @Test(arguments: [
        (Profile.imap, "EmailAddress,Password", ["HDR001"]),
        (Profile.imap, "EmailAddress,UserName", ["HDR001"]),
        (Profile.onboarding, "EmailAddress,Password", ["HDR002"]),
        (Profile.google, "EmailAddress,UserName", ["HDR005"]),
        (Profile.google, "EmailAddress,Password", ["HDR002"]),
    ])
    func columnsDependOnTheProfile(_ profile: Profile, _ header: String, _ codes: [String]) {
        let text = csv(header, "a@contoso.com,\(goodPassword)")
        #expect(findings(text, options(profile)).map(\.code) == codes)
    }
}
