import CSVCheck
import Testing

// VAL001 and VAL002, and each built-in profile (staged, imap, onboarding, google) end to end:
// its columns, its required values and its allowed values.

private let imapHeader = "EmailAddress,UserName,Password,UserRoot"
private let onboardingHeader = "EmailAddress,BadItemLimit,LargeItemLimit,MailboxType"

@Suite("Values and profiles (VAL, every profile)")
struct ValueRuleTests {
    @Test(arguments: [
        // staged.
        CheckCase("staged: full row", staged("a@contoso.com,\(goodPassword),True"), [], sourceLocation: at()),
        CheckCase("staged: blank optional values", staged("a@contoso.com,,"), [], sourceLocation: at()),
        CheckCase("staged: EmailAddress only", csv("EmailAddress", "a@contoso.com"), [], sourceLocation: at()),

        // imap.
        CheckCase(
            "imap: full rows", csv(imapHeader, "a@contoso.com,a,\(goodPassword),/users/a", "b@contoso.com,b,x,"),
            options: options(.imap), [], sourceLocation: at()),
        CheckCase(
            "imap: UserName empty is VAL001", csv(imapHeader, "a@contoso.com,,\(goodPassword),"),
            options: options(.imap), [.error("VAL001", row: 1, line: 2, column: 15)], sourceLocation: at()),
        CheckCase(
            "imap: Password empty is VAL001", csv(imapHeader, "a@contoso.com,a,,"),
            options: options(.imap), [.error("VAL001", row: 1, line: 2, column: 17)], sourceLocation: at()),
        CheckCase(
            "imap: UserRoot blank is fine", csv("EmailAddress,UserName,Password", "a@contoso.com,a,pw"),
            options: options(.imap), [], sourceLocation: at()),
        CheckCase(
            "imap: UserName with a trailing space is VAL002", csv(imapHeader, "a@contoso.com,a ,\(goodPassword),"),
            options: options(.imap),
            [.warning("CSV008", row: 1, line: 2, column: 16), .error("VAL002", row: 1, line: 2, column: 15)],
            sourceLocation: at()),
        CheckCase(
            "imap: cloud password policy does not apply", csv(imapHeader, "a@contoso.com,a,password,"),
            options: options(.imap), [], sourceLocation: at()),
        CheckCase(
            "imap: onmicrosoft.com is not EML005", csv(imapHeader, "a@contoso.onmicrosoft.com,a,pw,"),
            options: options(.imap), [], sourceLocation: at()),

        // onboarding.
        CheckCase(
            "onboarding: every value allowed",
            csv(onboardingHeader, "a@contoso.com,10,Unlimited,PrimaryOnly", "b@contoso.com,unlimited,2147483647,archiveonly",
                "c@contoso.com,0,0,PrimaryAndArchive", "d@contoso.com,,,"),
            options: options(.onboarding), [], sourceLocation: at()),
        CheckCase(
            "onboarding: out of range", csv(onboardingHeader, "a@contoso.com,2147483648,ten,Primary"),
            options: options(.onboarding),
            [
                .error("VAL002", row: 1, line: 2, column: 15), .error("VAL002", row: 1, line: 2, column: 26),
                .error("VAL002", row: 1, line: 2, column: 30),
            ], sourceLocation: at()),
        CheckCase(
            "onboarding: negative limit is VAL002 and SEC001", csv(onboardingHeader, "a@contoso.com,-1,,"),
            options: options(.onboarding),
            [.warning("SEC001", row: 1, line: 2, column: 15), .error("VAL002", row: 1, line: 2, column: 15)],
            sourceLocation: at()),
        CheckCase(
            "onboarding: ' 5 ' is trimmed for the range, CSV008 for the spaces", csv(onboardingHeader, "a@contoso.com, 5 ,,"),
            options: options(.onboarding), [.warning("CSV008", row: 1, line: 2, column: 15)], sourceLocation: at()),
        CheckCase(
            "onboarding: no Password column", csv("EmailAddress,Password", "a@contoso.com,\(goodPassword)"),
            options: options(.onboarding), [.error("HDR002", row: 0, line: 1, column: 14)], sourceLocation: at()),

        // google.
        CheckCase(
            "google: Username optional", csv("EmailAddress,Username", "a@contoso.com,a@gmail.example", "b@contoso.com,"),
            options: options(.google), [], sourceLocation: at()),
        CheckCase(
            "google: EmailAddress only", csv("EmailAddress", "a@contoso.com"), options: options(.google), [],
            sourceLocation: at()),
        CheckCase(
            "google: address rules apply", csv("EmailAddress,Username", "a@contoso.com,a", "A@contoso.com,b", "c,c"),
            options: options(.google),
            [.error("DUP001", row: 2, line: 3, column: 1), .error("EML002", row: 3, line: 4, column: 1)],
            sourceLocation: at()),
    ])
    func profiles(_ c: CheckCase) { c.verify() }

    @Test(arguments: Profile.builtIn)
    func everyProfileRequiresEmailAddress(_ profile: Profile) {
        let text = csv("Mail", "a@contoso.com")
        let codes = findings(text, options(profile)).map(\.code)
        #expect(codes.contains("HDR001"))
        #expect(Profile.named(profile.name) == profile)
    }

    @Test func profileLimits() {
        #expect(Profile.staged.maxRows == 2_000)
        #expect(Profile.imap.maxRows == 50_000)
        #expect(Profile.imap.maxFileBytes == 10 * 1024 * 1024)
        #expect(Profile.onboarding.maxRows == nil)
        #expect(Profile.google.maxRows == nil)
    }
}
