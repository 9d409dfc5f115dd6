import Testing

@testable import CSVCheck

/// PWD001-PWD006, the banned list and the digest in `Rules/PasswordRules.swift`.
@Suite struct PasswordRulesTests {
    /// One password and the exact findings expected for it, as `(code, scalarOffset)` pairs in
    /// code order.
    struct Case: Sendable, CustomTestStringConvertible {
        let password: String
        let localPart: String?
        let tenant: String?
        let expected: [Expected]
        let sourceLocation: Testing.SourceLocation

        struct Expected: Sendable, Equatable, CustomStringConvertible {
            let code: String
            let offset: Int
            var description: String { "\(code)@\(offset)" }
        }

        init(
            _ password: String, localPart: String? = nil, tenant: String? = nil, _ expected: [(String, Int)],
            sourceLocation: Testing.SourceLocation = #_sourceLocation
        ) {
            self.password = password
            self.localPart = localPart
            self.tenant = tenant
            self.expected = expected.map { Expected(code: $0.0, offset: $0.1) }
            self.sourceLocation = sourceLocation
        }

        /// The test name: the expectation and the line, not the password.
        var testDescription: String {
            "line \(sourceLocation.line): " + (expected.isEmpty ? "valid" : expected.map(\.description).joined(separator: " "))
        }
    }

    static let cases: [Case] = [
        // Valid.
        Case("kV8#pq2Lm!", []),
        Case("Tr0ub4dor&3x", []),
        Case("correct Horse 9", []),
        Case("Abcdefg1", []),
        Case("zx!Q" + String(repeating: "k7", count: 126), []),  // 256 characters
        // PWD001.
        Case("Ab1!x", [("PWD001", 0)]),
        Case("Ab1!xyz", [("PWD001", 0)]),
        Case("zx!Q" + String(repeating: "k7", count: 126) + "z", [("PWD001", 256)]),
        Case("Zx9é", [("PWD001", 0), ("PWD003", 3)]),  // 4 characters, 5 bytes
        // PWD002.
        Case("abcdefgh1", [("PWD002", 0)]),
        Case("ABCDEFGHJK", [("PWD002", 0)]),
        Case("hjkxvbnq", [("PWD002", 0)]),
        Case("!#%^&*()", [("PWD002", 0)]),
        Case("abc def 12", []),  // space is a symbol
        // PWD003: position and class.
        Case("Abcdéfg1!", [("PWD003", 4)]),
        Case("Abc\tdefg1", [("PWD003", 3)]),
        Case("Abcdefg1\u{0007}", [("PWD003", 8)]),
        Case("Abcd\u{200B}efg1", [("PWD003", 4)]),
        Case("Ab€cdefg1", [("PWD003", 2)]),
        Case("Ab😀cdefg1", [("PWD003", 2)]),
        Case("日本語のパスワード", [("PWD002", 0), ("PWD003", 0)]),
        // PWD004.
        Case(" Abcdefg1!", [("PWD004", 0)]),
        Case("Abcdefg1!  ", [("PWD004", 9)]),
        Case(" Abcdefg1! ", [("PWD004", 0)]),
        Case("Abcdefg1!\u{00A0}", [("PWD003", 9), ("PWD004", 9)]),
        Case("\nAbcdefg1!", [("PWD003", 0), ("PWD004", 0)]),
        // PWD005.
        Case("P@ssw0rd1", [("PWD005", 0)]),
        Case("Password1", [("PWD005", 0)]),
        Case("Zomer2024!", [("PWD005", 0)]),
        Case("Welkom01!", [("PWD005", 0)]),
        Case("Welcome123", [("PWD005", 0)]),
        Case("Qwerty123!", [("PWD005", 0)]),
        Case("Januari2025", [("PWD005", 0)]),
        Case("Frühling2024!", [("PWD003", 2), ("PWD005", 0)]),
        Case("Printemps24!", [("PWD005", 0)]),
        Case("Passw0rd!x", [("PWD005", 0)]),  // one insertion: "passwo" + ...
        Case("Pa$$wrd2024", [("PWD005", 0)]),  // one deletion
        Case("Pas%word#2", [("PWD005", 0)]),  // one substitution
        Case("Zomr#2o9xQ!", []),  // "zomer" is too short for one edit
        Case("Summer2024!Xq", []),  // 1 + 1 + 3 = 5 points
        Case("Contoso2024!", tenant: "contoso", [("PWD005", 0)]),
        Case("Contoso2024!", []),
        Case("C0nt0so#Blank", tenant: "contoso", []),  // contoso + 6 characters
        // PWD006.
        Case("Pilar#2o9xQ", localPart: "pilar.pinilla", [("PWD006", 0)]),
        Case("xQ9#PINILLAz", localPart: "pilar.pinilla", [("PWD006", 0)]),
        Case("Pil@rPin!lla9", localPart: "pilar.pinilla", [("PWD006", 0)]),
        Case("xQ9#JoLiZ!", localPart: "jo.li", []),  // pieces under 4 characters
        Case("xQ9#jvanderbergZ", localPart: "j.vanderberg", [("PWD006", 0)]),
        Case("xQ9#Bergen!z", localPart: "j.vanderberg", []),
        // Several at once.
        Case(" pilar ", localPart: "pilar", [("PWD001", 0), ("PWD002", 0), ("PWD004", 0), ("PWD006", 0)]),
    ]

    @Test(arguments: cases)
    func check(_ c: Case) {
        let findings = Self.run(c.password, localPart: c.localPart, tenant: c.tenant)
        let actual = findings.map { Case.Expected(code: $0.code, offset: $0.scalarOffset) }
        #expect(actual == c.expected, "\(findings.map(\.message))", sourceLocation: c.sourceLocation)
    }

    @Test func pwd003MessageNamesPositionAndClass() {
        let finding = Self.run("Abcdéfg1!").first { $0.code == "PWD003" }
        #expect(finding?.message.contains("character 5") == true)
        #expect(finding?.message.contains("a non-ASCII letter") == true)
        let control = Self.run("Abcdefg1\u{0007}x").first { $0.code == "PWD003" }
        #expect(control?.message.contains("a control character") == true)
        let two = Self.run("Abcdéfgü1!").first { $0.code == "PWD003" }
        #expect(two?.message.contains("and 1 more") == true)
    }

    @Test func pwd005MessageGivesScore() {
        let finding = Self.run("Zomer2024!").first { $0.code == "PWD005" }
        #expect(finding?.message.contains("the password is built on a common or banned word") == true)
        #expect(finding?.message.contains("score 3") == true)
    }

    /// Passwords that look banned, written so that no 4 characters of them are words of the
    /// fixed message text (a password such as "Passwords1" shares "word" with any message
    /// that says "password", which reveals nothing).
    static let bannedLike = [
        "P@ssw0rd1", "Zomer2024!", "Welkom01!", "Qwerty123!", "Contoso2024!", "Dragon2023#", "Summer2024!",
        "Letmein!1", "Januari2025", "Herfst#2023", "H1ver2022!", "Aut0mne!!", "Adm1n1strat0r", "W3lc0me!",
        "Tr0ub4dor&3", "Iloveyou2!", "Monkey#12", "Sunsh1ne!", "Football99!", "Changeme#1", "1q2w3e4r!A",
    ]

    /// Random passwords over every class, plus control and non-ASCII characters and spaces at
    /// the ends, so that every finding appears.
    static func randomPasswords(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        let pool = Array(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> "
        )
        let odd: [Character] = ["é", "ß", "€", "\t", "\u{7}", "\u{200B}", "\u{00A0}", "日"]
        return (0..<count).map { _ in
            let length = Int(rng.next() % 30) + 1
            var text = ""
            for _ in 0..<length {
                text.append(rng.next() % 40 == 0 ? odd[Int(rng.next() % UInt64(odd.count))] : pool[Int(rng.next() % UInt64(pool.count))])
            }
            return text
        }
    }

    @Test func messagesNeverContainThePassword() {
        let passwords = Self.bannedLike + Self.randomPasswords(count: 20_000, seed: 7)
        var findingCount = 0
        for password in passwords {
            for finding in Self.run(password, localPart: "pilar.pinilla", tenant: "contoso") {
                findingCount += 1
                for text in [finding.message, finding.help ?? ""] {
                    let scalars = Array(password.unicodeScalars)
                    if scalars.count >= 4 {
                        for start in 0...(scalars.count - 4) {
                            var piece = String.UnicodeScalarView()
                            piece.append(contentsOf: scalars[start..<(start + 4)])
                            let fragment = String(piece)
                            #expect(!text.contains(fragment), "\(finding.code) reveals 4 characters")
                        }
                    }
                }
            }
        }
        #expect(findingCount > 10_000)
    }

    @Test func randomStrongPasswordsAreRarelyBanned() {
        // The shape of the clean benchmark: 8-20 characters of three or four classes.
        var rng = SplitMix64(seed: 42)
        let classes = [
            Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), Array("abcdefghijklmnopqrstuvwxyz"), Array("0123456789"),
            Array("@#$%^&*-_!+=[]{}|\\:';.?/`~()<>"),
        ]
        var banned = 0
        for _ in 0..<20_000 {
            let password = Self.strongPassword(&rng, classes: classes)
            if Self.run(password).contains(where: { $0.code == "PWD005" }) { banned += 1 }
        }
        #expect(banned < 5)
    }

    @Test func customTermsAndTenant() {
        let custom = BannedPasswords(adding: ["Tulpen", "ab"])
        #expect(custom.count == BannedPasswords.builtIn.count + 1)  // "ab" is too short
        #expect(Self.run("Tulp3n!2", banned: custom).map(\.code) == ["PWD005"])
        #expect(Self.run("Tulp3n!2").isEmpty)
        #expect(Self.run("Tulp3n!2", banned: BannedPasswords(terms: ["tulpen"])).map(\.code) == ["PWD005"])
        #expect(Self.run("Fabr1kam#24", tenant: "fabrikam").map(\.code) == ["PWD005"])
        #expect(Self.run("Fabr1kam#24", tenant: "fa").isEmpty)
    }

    @Test(arguments: [
        ("passwordl", 1), ("zomer2024!", 3), ("passwordx", 1), ("welkomol!", 4), ("kv8#pq2lm!", nil),
        ("passwordpassword", 2), ("xadmlnq!", nil),  // "admin" is too short for one edit
        ("may!", 2), ("mmay", 2),
    ] as [(String, Int?)])
    func score(_ normalized: String, _ expected: Int?) {
        let score = Self.bytes(normalized) { BannedPasswords.builtIn.score(of: $0, tenant: nil) }
        #expect(score == expected)
    }

    @Test func digest() {
        let a = Self.bytes("kV8#pq2Lm!") { PasswordDigest($0) }
        let b = Self.bytes("kV8#pq2Lm!") { PasswordDigest($0) }
        let c = Self.bytes("kV8#pq2Lm?") { PasswordDigest($0) }
        let d = Self.bytes("kV8#pq2Lm!") { PasswordDigest($0, seed: 1) }
        #expect(a == b)
        #expect(a != c)
        #expect(a != d)
        #expect(Self.bytes("a") { PasswordDigest($0) } != Self.bytes("a\0") { PasswordDigest($0) })
        var seen = Set<UInt64>()
        var rng = SplitMix64(seed: 3)
        for _ in 0..<100_000 {
            var text = ""
            for _ in 0..<(8 + Int(rng.next() % 13)) { text.append(Character(Unicode.Scalar(UInt8(33 + rng.next() % 94)))) }
            seen.insert(Self.bytes(text) { PasswordDigest($0).value })
        }
        #expect(seen.count > 99_990)  // duplicates only where the random text repeats
    }

    /// The digest reads a value's words with (overlapping) word loads; the value must be that of
    /// the byte-by-byte definition for every length.
    @Test func digestMatchesDefinition() {
        var rng = SplitMix64(seed: 5)
        for length in 0...40 {
            for _ in 0..<50 {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let seed = rng.next()
                var h = seed ^ 0x243F_6A88_85A3_08D3 ^ (UInt64(length) &* 0x9E37_79B9_7F4A_7C15)
                func round(_ x: UInt64) -> UInt64 {
                    var x = x &* 0xBF58_476D_1CE4_E5B9
                    x ^= x >> 29
                    x &*= 0x94D0_49BB_1331_11EB
                    return x ^ (x >> 32)
                }
                func word(at start: Int, count: Int = 8) -> UInt64 {
                    var word: UInt64 = 0
                    for k in start..<min(start + count, length) { word |= UInt64(bytes[k]) << UInt64(8 * (k - start)) }
                    return word
                }
                if length >= 8 && length <= 24 {
                    // The first word, the second past 16 bytes, and the word that ends the value.
                    var words = [word(at: 0)]
                    if length > 16 { words.append(word(at: 8)) }
                    words.append(word(at: length - 8))
                    h ^= words[0]
                    for next in words.dropFirst() { h = h &* 0xBF58_476D_1CE4_E5B9 ^ next }
                    h &*= 0x94D0_49BB_1331_11EB
                    h ^= h >> 32
                } else {
                    for start in stride(from: 0, to: length, by: 8) { h = round(h ^ word(at: start)) }
                }
                let digest = bytes.withUnsafeBytes { PasswordDigest($0, seed: seed) }
                #expect(digest.value == h, "length \(length)")
            }
        }
    }

    static func strongPassword(_ rng: inout SplitMix64, classes: [[Character]]) -> String {
        let length = 8 + Int(rng.next() % 13)
        let drop = Int(rng.next() % 5)
        let used = classes.indices.filter { $0 != drop }.map { classes[$0] }
        var chars = used.map { $0[Int(rng.next() % UInt64($0.count))] }
        let pool = used.flatMap { $0 }
        while chars.count < length { chars.append(pool[Int(rng.next() % UInt64(pool.count))]) }
        for i in stride(from: chars.count - 1, to: 0, by: -1) { chars.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        return String(chars)
    }

    static func run(
        _ password: String, localPart: String? = nil, tenant: String? = nil, banned: BannedPasswords = .builtIn
    ) -> [PasswordFinding] {
        bytes(password) { raw in
            if let localPart {
                return bytes(localPart) {
                    PasswordRules.check(password: raw, localPart: $0, tenant: tenant, banned: banned)
                }
            }
            return PasswordRules.check(password: raw, localPart: nil, tenant: tenant, banned: banned)
        }
    }

    /// Calls `body` with the UTF-8 bytes of `text`.
    static func bytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
