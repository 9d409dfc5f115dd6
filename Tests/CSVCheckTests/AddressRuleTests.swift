import CSVCheck
import Testing

// EML001-EML006, DUP001 and DUP002 through the whole checker. Every case is a staged file whose
// only data row (row 1, line 2) holds the address; the column is where the finding points.

private let d189 = String(repeating: "a", count: 63) + "." + String(repeating: "b", count: 63) + "."
    + String(repeating: "c", count: 57) + ".com"
private let d190 = String(repeating: "a", count: 63) + "." + String(repeating: "b", count: 63) + "."
    + String(repeating: "c", count: 58) + ".com"
private let local64 = String(repeating: "x", count: 64)

private func address(_ name: String, _ value: String, _ expected: [Found], sourceLocation: Testing.SourceLocation)
    -> CheckCase
{
    CheckCase(name, stagedEmail(value), expected, sourceLocation: sourceLocation)
}

private func eml(_ code: String, column: Int) -> Found { .error(code, row: 1, line: 2, column: column) }

@Suite("Address rules (EML, DUP)")
struct AddressRuleTests {
    @Test(arguments: [
        // Valid addresses.
        address("plain", "pilarp@contoso.com", [], sourceLocation: at()),
        address("apostrophe (o'brien@) is atext", "o'brien@contoso.com", [], sourceLocation: at()),
        address("plus tag (a+tag@) is atext", "a+tag@contoso.com", [], sourceLocation: at()),
        address("every atext symbol", "!#$%&'*+-/=?^_`{|}~@contoso.com", [], sourceLocation: at()),
        address("dots between atoms", "pilar.p.m@mail.contoso.com", [], sourceLocation: at()),
        address("hyphen inside a label", "p@con-toso.co.uk", [], sourceLocation: at()),
        address("local part of exactly 64", local64 + "@contoso.com", [], sourceLocation: at()),
        address(
            "label of exactly 63", "p@" + String(repeating: "a", count: 63) + ".com", [], sourceLocation: at()),
        address("address of exactly 254", local64 + "@" + d189, [], sourceLocation: at()),
        address("surrounding spaces: only CSV008", " pilarp@contoso.com", [.warning("CSV008", row: 1, line: 2, column: 1)],
                sourceLocation: at()),

        // EML001.
        address("empty", "", [eml("EML001", column: 1)], sourceLocation: at()),

        // EML002: display names, mailto:, quoted local parts, IP literals and the rest.
        address("display name form", "Pilar <pilarp@contoso.com>", [eml("EML002", column: 1)], sourceLocation: at()),
        address("bare angle brackets", "<pilarp@contoso.com>", [eml("EML002", column: 1)], sourceLocation: at()),
        CheckCase(
            "quoted display name form", staged("\"Pilar Pérez <pilarp@contoso.com>\",\(goodPassword),False"),
            [eml("EML002", column: 2)], sourceLocation: at()),
        address("mailto:", "mailto:pilarp@contoso.com", [eml("EML002", column: 1)], sourceLocation: at()),
        address("MAILTO: in capitals", "MAILTO:pilarp@contoso.com", [eml("EML002", column: 1)], sourceLocation: at()),
        CheckCase(
            "quoted local part", staged("\"\"\"pilar p\"\"@contoso.com\",\(goodPassword),False"),
            [eml("EML002", column: 2)], sourceLocation: at()),
        CheckCase(
            "quoted local part without a space", staged("\"\"\"pilarp\"\"@contoso.com\",\(goodPassword),False"),
            [eml("EML002", column: 2)], sourceLocation: at()),
        address("IPv4 literal", "pilarp@[192.0.2.1]", [eml("EML002", column: 8)], sourceLocation: at()),
        address("IPv6 literal", "pilarp@[IPv6:2001:db8::1]", [eml("EML002", column: 8)], sourceLocation: at()),
        address("bare IP domain", "pilarp@192.0.2.1", [eml("EML002", column: 8)], sourceLocation: at()),
        address("no @", "pilar.contoso.com", [eml("EML002", column: 1)], sourceLocation: at()),
        address("two @ in a row", "a@@contoso.com", [eml("EML002", column: 3)], sourceLocation: at()),
        address("two addresses", "a@contoso.com@b.com", [eml("EML002", column: 14)], sourceLocation: at()),
        address(
            "nothing before @ (and SEC001 for the leading @)", "@contoso.com",
            [.warning("SEC001", row: 1, line: 2, column: 1), eml("EML002", column: 1)], sourceLocation: at()),
        address("nothing after @", "pilarp@", [eml("EML002", column: 7)], sourceLocation: at()),
        address("leading dot", ".pilar@contoso.com", [eml("EML002", column: 1)], sourceLocation: at()),
        address("trailing dot in local part", "pilar.@contoso.com", [eml("EML002", column: 6)], sourceLocation: at()),
        address("doubled dot", "pilar..p@contoso.com", [eml("EML002", column: 7)], sourceLocation: at()),
        address("inner space", "pilar p@contoso.com", [eml("EML002", column: 6)], sourceLocation: at()),
        address("character outside atext", "pilar(p)@contoso.com", [eml("EML002", column: 6)], sourceLocation: at()),
        address("comma in a quoted value", "\"pilar,p@contoso.com\"", [eml("EML002", column: 7)], sourceLocation: at()),
        address("single-label domain", "pilarp@contoso", [eml("EML002", column: 8)], sourceLocation: at()),
        address("domain ends with a dot", "pilarp@contoso.com.", [eml("EML002", column: 19)], sourceLocation: at()),
        address("label starts with a hyphen", "pilarp@-contoso.com", [eml("EML002", column: 8)], sourceLocation: at()),
        address("underscore in the domain", "pilarp@con_toso.com", [eml("EML002", column: 11)], sourceLocation: at()),

        // EML003: the 64 / 254 / 63 limits, one over.
        address("local part of 65", "x" + local64 + "@contoso.com", [eml("EML003", column: 1)], sourceLocation: at()),
        address(
            "label of 64", "p@" + String(repeating: "a", count: 64) + ".com", [eml("EML003", column: 3)],
            sourceLocation: at()),
        address("address of 255", local64 + "@" + d190, [eml("EML003", column: 1)], sourceLocation: at()),

        // EML004: non-ASCII and IDN.
        address("accented local part", "josé@contoso.com", [eml("EML004", column: 4)], sourceLocation: at()),
        address("non-ASCII domain (IDN)", "pilar@bücher.de", [eml("EML004", column: 8)], sourceLocation: at()),
        address("xn-- (punycode) domain", "pilar@xn--bcher-kva.de", [eml("EML004", column: 7)], sourceLocation: at()),
        address("XN-- in capitals", "pilar@mail.XN--bcher-kva.de", [eml("EML004", column: 12)], sourceLocation: at()),
        address(
            "no-break space: ENC005 and EML004", "pilar\u{A0}p@contoso.com",
            [.warning("ENC005", row: 1, line: 2, column: 6), eml("EML004", column: 6)], sourceLocation: at()),
        address(
            "zero-width space: ENC005 and EML004", "pilarp\u{200B}@contoso.com",
            [.warning("ENC005", row: 1, line: 2, column: 7), eml("EML004", column: 7)], sourceLocation: at()),
        // Past 8 and 16 ASCII bytes (which the text rules skip a word at a time).
        address(
            "zero-width space after 8 ASCII bytes", "pilar.pe\u{200B}@contoso.com",
            [.warning("ENC005", row: 1, line: 2, column: 9), eml("EML004", column: 9)], sourceLocation: at()),
        address(
            "zero-width space after 17 ASCII bytes", "pilar.perez.lopez\u{200B}x@contoso.com",
            [.warning("ENC005", row: 1, line: 2, column: 18), eml("EML004", column: 18)], sourceLocation: at()),
        address(
            "NFD: ENC003 at the value, EML004 at the combining mark", "rene\u{301}@contoso.com",
            [.warning("ENC003", row: 1, line: 2, column: 1), eml("EML004", column: 5)], sourceLocation: at()),

        // EML005: cloud-only domain, a warning in a staged file.
        address(
            "onmicrosoft.com", "pilarp@contoso.onmicrosoft.com", [.warning("EML005", row: 1, line: 2, column: 8)],
            sourceLocation: at()),
        address(
            "mail.onmicrosoft.com", "pilarp@contoso.mail.onmicrosoft.com",
            [.warning("EML005", row: 1, line: 2, column: 8)], sourceLocation: at()),
    ])
    func addressSyntax(_ c: CheckCase) { c.verify() }

    @Test(arguments: [
        CheckCase(
            "accepted domain", stagedEmail("pilarp@contoso.com"), options: options(domains: ["contoso.com"]), [],
            sourceLocation: at()),
        CheckCase(
            "accepted domain, other case", stagedEmail("pilarp@CONTOSO.com"),
            options: options(domains: ["Contoso.COM"]), [], sourceLocation: at()),
        CheckCase(
            "one of two accepted domains", stagedEmail("pilarp@fabrikam.com"),
            options: options(domains: ["contoso.com", "fabrikam.com"]), [], sourceLocation: at()),
        CheckCase(
            "other domain", stagedEmail("pilarp@contoso.com"), options: options(domains: ["fabrikam.com"]),
            [eml("EML006", column: 8)], sourceLocation: at()),
        CheckCase(
            "a subdomain is not the accepted domain", stagedEmail("pilarp@mail.contoso.com"),
            options: options(domains: ["contoso.com"]), [eml("EML006", column: 8)], sourceLocation: at()),
        CheckCase(
            "no accepted domains configured: no EML006", stagedEmail("pilarp@fabrikam.com"), [],
            sourceLocation: at()),
        CheckCase(
            "onboarding: onmicrosoft.com is not EML005", csv("EmailAddress", "pilarp@contoso.onmicrosoft.com"),
            options: options(.onboarding), [], sourceLocation: at()),
    ])
    func acceptedDomainsAndProfiles(_ c: CheckCase) { c.verify() }

    @Test(arguments: [
        CheckCase(
            "same address twice", staged("a@contoso.com,\(goodPassword),False", "a@contoso.com,Zr4!kWq8nT#e,False"),
            [.error("DUP001", row: 2, line: 3, column: 1)], sourceLocation: at()),
        CheckCase(
            "case-insensitive", staged("pilar@contoso.com,\(goodPassword),False", "Pilar@CONTOSO.com,Zr4!kWq8nT#e,False"),
            [.error("DUP001", row: 2, line: 3, column: 1)], sourceLocation: at()),
        CheckCase(
            "third occurrence too, after a blank line",
            staged(
                "a@contoso.com,\(goodPassword),False", "b@contoso.com,Zr4!kWq8nT#e,False", "",
                "A@contoso.com,Hm3@vXp7sL!d,False"),
            [.warning("CSV007", line: 4, column: 1), .error("DUP001", row: 3, line: 5, column: 1)],
            sourceLocation: at()),
        CheckCase(
            "with surrounding whitespace", staged("a@contoso.com,\(goodPassword),False", " a@contoso.com,Zr4!kWq8nT#e,False"),
            [.warning("CSV008", row: 2, line: 3, column: 1), .error("DUP001", row: 2, line: 3, column: 2)],
            sourceLocation: at()),
        CheckCase(
            "different addresses", staged("a@contoso.com,\(goodPassword),False", "a@fabrikam.com,Zr4!kWq8nT#e,False"),
            [], sourceLocation: at()),
    ])
    func duplicates(_ c: CheckCase) { c.verify() }

    @Test func duplicateNamesTheFirstRow() throws {
        let report = checkReport(
            Array(
                staged(
                    "x@contoso.com,\(goodPassword),False", "a@contoso.com,Zr4!kWq8nT#e,False",
                    "y@contoso.com,Hm3@vXp7sL!d,False", "A@Contoso.com,Wb6%nRt2qZ!k,False"
                ).utf8))
        let duplicate = try #require(report.diagnostics.first(where: { $0.code == .duplicateAddress }))
        #expect(Found(duplicate) == .error("DUP001", row: 4, line: 5, column: 1))
        #expect(duplicate.message.contains("row 2"), "DUP001 names the first row: \(duplicate.message)")
    }

    @Test func duplicateAcrossTwoFilesOfTheSameChecker() {
        let checker = Checker(options: CheckOptions())
        let first = checker.check(
            bytes: Array(staged("a@contoso.com,\(goodPassword),False", "b@contoso.com,Zr4!kWq8nT#e,False").utf8),
            name: "wave1.csv")
        let second = checker.check(
            bytes: Array(staged("c@contoso.com,Hm3@vXp7sL!d,False", "B@Contoso.com,Wb6%nRt2qZ!k,False").utf8),
            name: "wave2.csv")
        #expect(first.diagnostics.isEmpty)
        #expect(second.diagnostics.map(Found.init).inFileOrder == [.error("DUP002", row: 2, line: 3, column: 1)])
        let message = second.diagnostics.first?.message ?? ""
        #expect(message.contains("wave1.csv") && message.contains("row 2"), "DUP002 names the file and row: \(message)")
    }

    @Test func duplicateAcrossFilesNeedsTheSameChecker() {
        let text = Array(staged("a@contoso.com,\(goodPassword),False").utf8)
        _ = Checker().check(bytes: text, name: "wave1.csv")
        #expect(Checker().check(bytes: text, name: "wave2.csv").diagnostics.isEmpty)
    }

    @Test func duplicateInTheThirdFileNamesTheRightFileAndRow() {
        let checker = Checker()
        _ = checker.check(bytes: Array(staged("a@contoso.com,\(goodPassword),False").utf8), name: "one.csv")
        _ = checker.check(
            bytes: Array(staged("b@contoso.com,Zr4!kWq8nT#e,False", "c@contoso.com,Hm3@vXp7sL!d,False").utf8),
            name: "two.csv")
        let third = checker.check(
            bytes: Array(staged("d@contoso.com,Wb6%nRt2qZ!k,False", "C@contoso.com,Tg5&yUi8oP#s,False").utf8),
            name: "three.csv")
        #expect(third.diagnostics.map(Found.init).inFileOrder == [.error("DUP002", row: 2, line: 3, column: 1)])
        let message = third.diagnostics.first?.message ?? ""
        #expect(message.contains("two.csv") && message.contains("row 2"), "\(message)")
    }
}
