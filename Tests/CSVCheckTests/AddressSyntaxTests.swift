import Testing

@testable import CSVCheck

/// EML002, EML003, EML004 and the domain helpers in `Rules/AddressSyntax.swift`.
@Suite struct AddressSyntaxTests {
    /// One address and the finding expected for it (`code == nil`: valid).
    struct Case: Sendable, CustomTestStringConvertible {
        let value: String
        let code: String?
        let offset: Int
        /// A fragment the message must contain, when the case is about *which* problem it names.
        let mentions: String?
        /// A fragment the help must contain.
        let helps: String?
        let sourceLocation: Testing.SourceLocation

        init(
            _ value: String, _ code: String?, at offset: Int = 0, mentions: String? = nil, helps: String? = nil,
            sourceLocation: Testing.SourceLocation = #_sourceLocation
        ) {
            self.value = value
            self.code = code
            self.offset = offset
            self.mentions = mentions
            self.helps = helps
            self.sourceLocation = sourceLocation
        }

        var testDescription: String {
            let shown = value.count > 40 ? String(value.prefix(37)) + "..." : value
            return "\(shown) -> \(code ?? "valid")"
        }
    }

    static let local64 = String(repeating: "a", count: 64)
    /// A 189-character domain: with a 64-character local part and the '@', 254 characters.
    static let domain189 =
        String(repeating: "b", count: 63) + "." + String(repeating: "c", count: 63) + "."
        + String(repeating: "d", count: 57) + ".com"

    static let cases: [Case] = [
        // Valid.
        Case("o'brien@contoso.com", nil),
        Case("a+tag@contoso.com", nil),
        Case("first.last@sub.contoso.co.uk", nil),
        Case("user_1@contoso-eu.com", nil),
        Case("Pilar.Pinilla@CONTOSO.COM", nil),
        Case("!#$%&'*+-/=?^_`{|}~@contoso.com", nil),
        Case("x@a.io", nil),
        Case("user@123.contoso.com", nil),
        Case(local64 + "@contoso.com", nil),
        Case("user@" + String(repeating: "b", count: 63) + ".com", nil),
        Case(local64 + "@" + domain189, nil),

        // EML002: '@'.
        Case("pilar.contoso.com", "EML002", mentions: "no '@'"),
        Case("pilar@@contoso.com", "EML002", at: 6, mentions: "more than one '@'"),
        Case("a@b@contoso.com", "EML002", at: 3, mentions: "more than one '@'"),
        Case("@contoso.com", "EML002", mentions: "nothing before the '@'"),
        Case("pilar@", "EML002", at: 5, mentions: "nothing after the '@'"),
        // Spaces and control characters.
        Case("pilar pinilla@contoso.com", "EML002", at: 5, mentions: "a space"),
        Case("pilar@contoso .com", "EML002", at: 13, mentions: "a space"),
        Case("pilar\t@contoso.com", "EML002", at: 5, mentions: "a tab"),
        // Dots in the local part.
        Case(".pilar@contoso.com", "EML002", mentions: "starts with a dot"),
        Case("pilar.@contoso.com", "EML002", at: 5, mentions: "ends with a dot"),
        Case("pilar..pinilla@contoso.com", "EML002", at: 6, mentions: "two dots in a row"),
        // Characters outside atext.
        Case("pilar,pinilla@contoso.com", "EML002", at: 5, mentions: "the character ',' is not allowed in an address"),
        Case("pilar(x)@contoso.com", "EML002", at: 5, mentions: "'('"),
        Case("pi\"lar@contoso.com", "EML002", at: 2, mentions: "'\"'"),
        Case("pilar;x@contoso.com", "EML002", at: 5, mentions: "';'"),
        // Quoted local part, IP literal, display name, mailto.
        Case("\"john smith\"@contoso.com", "EML002", mentions: "quoted"),
        Case("user@[10.0.0.1]", "EML002", at: 5, mentions: "IP address"),
        Case("user@10.0.0.1", "EML002", at: 5, mentions: "IP address"),
        Case("Pilar Pinilla <pilar@contoso.com>", "EML002", mentions: "display name", helps: "'pilar@contoso.com'"),
        Case("<pilar@contoso.com>", "EML002", mentions: "display name", helps: "'pilar@contoso.com'"),
        Case("José Müller <jose@contoso.com>", "EML002", mentions: "display name", helps: "'jose@contoso.com'"),
        Case("mailto:pilar@contoso.com", "EML002", mentions: "mailto:", helps: "'pilar@contoso.com'"),
        Case("MAILTO:pilar@contoso.com", "EML002", mentions: "mailto:", helps: "'pilar@contoso.com'"),
        // Domains.
        Case("user@localhost", "EML002", at: 5, mentions: "single label"),
        Case("user@.contoso.com", "EML002", at: 5, mentions: "starts with a dot"),
        Case("user@contoso.com.", "EML002", at: 16, mentions: "ends with a dot"),
        Case("user@contoso..com", "EML002", at: 13, mentions: "two dots in a row"),
        Case("user@-contoso.com", "EML002", at: 5, mentions: "hyphen"),
        Case("user@contoso-.com", "EML002", at: 12, mentions: "hyphen"),
        Case("user@contoso.-com", "EML002", at: 13, mentions: "hyphen"),
        Case("user@contoso_eu.com", "EML002", at: 12, mentions: "'_'"),

        // EML003.
        Case("a" + local64 + "@contoso.com", "EML003", mentions: "65"),
        Case(local64 + "@" + domain189 + "d", "EML003", at: 0, mentions: "255"),
        Case("user@" + String(repeating: "b", count: 64) + ".com", "EML003", at: 5, mentions: "64"),
        Case("user@mail." + String(repeating: "b", count: 70) + ".com", "EML003", at: 10, mentions: "70"),

        // EML004: non-ASCII first, then xn--.
        Case("josé.müller@contoso.com", "EML004", at: 3, mentions: "'é'"),
        Case("jose\u{301}@contoso.com", "EML004", at: 4, mentions: "U+0301"),
        Case("zoë smith@contoso.com", "EML004", at: 2),
        Case("pilar@bücher.de", "EML004", at: 7, mentions: "domain"),
        Case("user@xn--bcher-kva.de", "EML004", at: 5, mentions: "xn--"),
        Case("user@mail.XN--bcher-kva.de", "EML004", at: 10, mentions: "xn--"),
    ]

    @Test(arguments: cases)
    func check(_ c: Case) {
        let finding = Self.bytes(c.value) { AddressCheck.check($0) }
        #expect(finding?.code == c.code, "\(finding?.message ?? "no finding")", sourceLocation: c.sourceLocation)
        guard let finding, c.code != nil else { return }
        #expect(finding.scalarOffset == c.offset, "\(finding.message)", sourceLocation: c.sourceLocation)
        if let mentions = c.mentions {
            #expect(finding.message.contains(mentions), "\(finding.message)", sourceLocation: c.sourceLocation)
        }
        if let helps = c.helps {
            #expect(finding.help?.contains(helps) == true, "\(finding.help ?? "no help")", sourceLocation: c.sourceLocation)
        }
        #expect(finding.message.count < 220, sourceLocation: c.sourceLocation)
    }

    /// The edges of the 8-bytes-at-a-time proof in `AddressCheck.check`: values of 8 to 64
    /// bytes, the last word overlapping the one before, what it leaves to the byte-wise path
    /// (`_`, other atext symbols, `--`, a long top label) and what it must not clear.
    static let wordPathCases: [Case] = [
        Case("abcd@e.f", nil), Case("abcdef@g", "EML002", at: 7), Case("abcdefg@example.com", nil),
        Case("a.b.c@x.y", nil), Case("abcdefg@b.c", nil), Case("a@bc.de.fg", nil),
        Case("aaaaaaaa@bbbbbbbb.cccccccc", nil), Case("abc@EXAMPLE.COM", nil), Case("ABC.DEF@Example.Com", nil),
        Case(String(repeating: "a", count: 40) + "@" + String(repeating: "b", count: 19) + ".com", nil),  // 64 bytes
        Case(String(repeating: "a", count: 41) + "@" + String(repeating: "b", count: 19) + ".com", nil),  // 65 bytes
        Case(String(repeating: "a", count: 63) + "@b.com", nil),
        Case("a@" + String(repeating: "c", count: 59) + ".de", nil),
        Case("abcdefgh@" + String(repeating: "c", count: 54) + ".d", nil),
        Case("abcdefgh@" + String(repeating: "c", count: 54) + ".1", "EML002", at: 9),
        Case("ab..cd@example.com", "EML002", at: 3), Case(".abcd@example.com", "EML002", at: 0),
        Case("abcd.@example.com", "EML002", at: 4), Case("abcd@-example.com", "EML002", at: 5),
        Case("abcd@example-.com", "EML002", at: 12), Case("abcd@example.com-", "EML002", at: 16),
        Case("abcd@exa--mple.com", nil), Case("abcd@example.-com", "EML002", at: 13),
        Case("abcd@example..com", "EML002", at: 13), Case("abcd@.example.com", "EML002", at: 5),
        Case("abcd@example.com.", "EML002", at: 16), Case("abcd@example.123", "EML002", at: 5),
        Case("abcd@example.c0m", nil), Case("abcd@12345678.com", nil),
        Case("abcdefgh@example.12345678", "EML002", at: 9), Case("abc@example.123456789", "EML002", at: 4),
        Case("abc@example.1234567a9", nil), Case("abc@example.a23456789", nil), Case("abc@example.1-2", nil),
        Case("ab_c@example.com", nil), Case("abcd@exam_ple.com", "EML002", at: 9),
        Case("abc@@example.com", "EML002", at: 4), Case("abcdefgh@examplecom", "EML002", at: 9),
        Case("@abcdefgh.com", "EML002", at: 0), Case("abcdefgh.com@", "EML002", at: 12),
        Case("abc+tag@example.com", nil), Case("x@xn--bcher-kva.com", "EML004", at: 2),
        Case("abcd@ex[ample.com", "EML002", at: 7), Case("abc`d@example.com", nil),
        Case("abcd@ex`ample.com", "EML002", at: 7), Case("abcd@example.c`m", "EML002", at: 14),
        Case("abcd@exa@mple.com", "EML002", at: 8),
    ]

    @Test(arguments: wordPathCases)
    func checkWordPath(_ c: Case) {
        check(c)
    }

    /// What `AddressRule` takes from `plainAt(_:)` instead of `check(_:)` and `domain(of:)`.
    @Test(arguments: cases + wordPathCases)
    func plainAtAgreesWithCheckAndDomain(_ c: Case) {
        Self.bytes(c.value) { raw in
            guard let at = AddressCheck.plainAt(raw) else { return }
            #expect(AddressCheck.check(raw) == nil, sourceLocation: c.sourceLocation)
            #expect(AddressCheck.domain(of: raw) == (at + 1)..<raw.count, sourceLocation: c.sourceLocation)
        }
    }

    /// `domain(of:)`, 8 bytes at a time from the end, against a byte loop.
    @Test func domainMatchesByteLoop() {
        var rng = SplitMix64(seed: 11)
        let alphabet = Array("ab.@".utf8) + [0xC3, 0xA9]
        for _ in 0..<20_000 {
            let bytes = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            bytes.withUnsafeBytes { raw in
                var reference: Range<Int>? = nil
                if raw.count > 1, let at = bytes.lastIndex(of: UInt8(ascii: "@")), at + 1 < raw.count {
                    reference = (at + 1)..<raw.count
                }
                #expect(AddressCheck.domain(of: raw) == reference, "\(bytes)")
            }
        }
    }

    /// `tenantRange(ofDomain:)`, with bit scans on domains of up to 64 bytes, against the label
    /// walk that domains beyond 64 bytes take (`bitScans: false`).
    @Test func tenantRangeMatchesLabelWalk() {
        var rng = SplitMix64(seed: 12)
        let pieces = ["a", "bc", "co", "uk", "com", "org", "contoso", ".", ".", ".", "onmicrosoft", "Co", "NET", "x"]
        for _ in 0..<50_000 {
            var domain = ""
            for _ in 0..<Int(rng.next() % 12) { domain += pieces[Int(rng.next() % UInt64(pieces.count))] }
            if rng.next() % 8 == 0 { domain = String(repeating: "d", count: Int(rng.next() % 70)) + "." + domain }
            let got = Self.bytes(domain) { AddressCheck.tenantRange(ofDomain: $0) }
            let expected = Self.bytes(domain) { AddressCheck.tenantRange(ofDomain: $0, bitScans: false) }
            #expect(got == expected, "\(domain)")
        }
    }

    @Test(arguments: [
        ("pilar@contoso.com", "contoso.com"), ("a@b@fabrikam.com", "fabrikam.com"),
        ("pilar.contoso.com", nil), ("pilar@", nil),
    ] as [(String, String?)])
    func domain(_ value: String, _ expected: String?) {
        let domain = Self.bytes(value) { raw in
            AddressCheck.domain(of: raw).map { String(decoding: raw[$0], as: UTF8.self) }
        }
        #expect(domain == expected)
    }

    @Test(arguments: [
        ("contoso.onmicrosoft.com", true), ("Contoso.OnMicrosoft.COM", true),
        ("contoso.mail.onmicrosoft.com", true), ("onmicrosoft.com", false), ("contoso.com", false),
        ("contoso.onmicrosoft.com.evil.com", false), ("xonmicrosoft.com", false),
    ])
    func cloudOnly(_ domain: String, _ expected: Bool) {
        #expect(Self.bytes(domain) { AddressCheck.isCloudOnly(domain: $0) } == expected)
    }

    @Test(arguments: [
        ("contoso.com", "contoso"), ("Contoso.COM", "contoso"), ("mail.contoso.com", "contoso"),
        ("mail.contoso.co.uk", "contoso"), ("contoso.co.uk", "contoso"), ("contoso.com.au", "contoso"),
        ("contoso.io", "contoso"), ("contoso.com.", "contoso"), ("contoso.onmicrosoft.com", "contoso"),
        ("Contoso.mail.onmicrosoft.com", "contoso"), ("com", nil), ("co.uk", nil), ("", nil),
        ("contoso..com", nil), ("onmicrosoft.com", "onmicrosoft"),
    ] as [(String, String?)])
    func tenantName(_ domain: String, _ expected: String?) {
        #expect(AddressCheck.tenantName(ofDomain: domain) == expected)
    }

    @Test(arguments: [
        ("contoso.com", true), ("CONTOSO.com", true), ("contoso.com.", true), ("fabrikam.com", true),
        ("mail.contoso.com", false), ("contoso.co", false), ("contoso.com.au", false),
    ])
    func acceptedDomains(_ domain: String, _ expected: Bool) {
        let accepted = AcceptedDomains(["Contoso.com", "fabrikam.com.", ""])
        #expect(!accepted.isEmpty)
        #expect(Self.bytes(domain) { accepted.contains($0) } == expected)
    }

    @Test func emptyAcceptedList() {
        #expect(AcceptedDomains([]).isEmpty)
        #expect(!Self.bytes("contoso.com") { AcceptedDomains([]).contains($0) })
    }

    /// Calls `body` with the UTF-8 bytes of `text`.
    static func bytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
