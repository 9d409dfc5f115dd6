import Testing

@testable import CSVCheck

/// The per-row fast answer `PasswordRules.passes` against the verdict it stands for, its per-byte
/// pass against a plain normalization and window scan, and `BannedIndex.anyMatch` with a tenant
/// name's trigram set (candidate windows gathered as bits first) against the window-by-window
/// search.
@Suite struct PasswordQuickCheckTests {
    /// A random password of printable ASCII, 6 to 24 characters, mostly of three or four
    /// classes: the shape of a clean batch, which the fast answer is for.
    static func printable(_ rng: inout SplitMix64) -> String {
        let length = 6 + Int(rng.next() % 19)
        return String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(0x20 + rng.next() % 95))) })
    }

    /// `passes` is true exactly for a clean password of 8 to 64 bytes in which no banned term,
    /// tenant name or year matches (the verdict then has no score), on the generated passwords
    /// of `PasswordRulesDifferentialTests` and clean-looking random ones, with and without the
    /// tenant name's own trigram set.
    @Test func passesAgreesWithTheVerdict() {
        for (list, seed) in [(nil as [String]?, UInt64(41)), (PasswordRulesDifferentialTests.customList, UInt64(42))] {
            let banned = list.map { BannedPasswords(terms: $0) } ?? .builtIn
            let terms = list ?? BannedPasswords.builtInTerms
            let names = PasswordRulesDifferentialTests.names
            let tenants = PasswordRulesDifferentialTests.tenants
            var rng = SplitMix64(seed: seed)
            var passed = 0
            var mismatches: [String] = []
            for k in 0..<30_000 {
                let localPart = names[Int(rng.next() % UInt64(names.count))]
                let tenantName = tenants[Int(rng.next() % UInt64(tenants.count))]
                let password =
                    k % 2 == 0
                    ? Self.printable(&rng)
                    : PasswordRulesDifferentialTests.password(&rng, terms: terms, localPart: localPart, tenant: tenantName)
                let withName = rng.next() % 8 != 0
                let ownTable = rng.next() % 4 != 0
                let (passes, clean, matched) = PasswordRulesTests.bytes(password) { raw in
                    PasswordRulesTests.bytes(localPart) { local in
                        PasswordRulesTests.bytes(tenantName) { tenantBytes in
                            let tenant = PasswordTenant(tenantBytes, index: banned.index, ownTable: ownTable)
                            let verdict = PasswordRules.verdict(
                                password: raw, localPart: withName ? local : nil, tenant: tenant, banned: banned)
                            let passes = PasswordRules.passes(
                                password: raw, localPart: withName ? local : nil, tenant: tenant, banned: banned)
                            return (passes, verdict.isClean, verdict.score != nil)
                        }
                    }
                }
                let count = password.utf8.count
                let expected = clean && !matched && count >= 8 && count <= PasswordRules.fastPathLength
                if passes { passed += 1 }
                if passes != expected && mismatches.count < 10 {
                    // The test's own generated data, not a user's secret.
                    mismatches.append("#\(k) \(password.debugDescription) local \(localPart) tenant \(tenantName): \(passes)")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
            #expect(passed > 8_000)
        }
    }

    /// The per-byte pass: the class bits of every byte, and for printable ASCII the normalized
    /// copy, the zero padding after it and whether a window of the text is in the set.
    @Test func perBytePassMatchesAPlainScan() {
        let index = BannedPasswords.builtIn.index
        let tenant = PasswordRulesTests.bytes("contoso") { PasswordTenant($0, index: index) }
        var rng = SplitMix64(seed: 43)
        var hits = 0
        for k in 0..<20_000 {
            let n = 1 + Int(rng.next() % UInt64(PasswordRules.fastPathLength))
            let raw: [UInt8] = (0..<n).map { _ in
                rng.next() % 50 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : UInt8(0x20 + rng.next() % 95)
            }
            let table = k % 2 == 0 ? UnsafePointer(index.trigrams) : tenant.trigrams!
            var text = [UInt8](repeating: 0xEE, count: n + BannedPasswords.padding)
            let (classes, hit) = raw.withUnsafeBufferPointer { bytes in
                text.withUnsafeMutableBufferPointer {
                    PasswordRules.normalizePrintable(
                        bytes.baseAddress!, n, into: $0.baseAddress!, foldAndKind: index.foldAndKind,
                        pairs: index.pairFoldAndKind, trigrams: table)
                }
            }
            var kinds: UInt8 = 0
            for byte in raw { kinds |= PasswordTables.shared.kinds[Int(byte)] }
            #expect(classes == kinds)
            guard kinds & PasswordTables.disallowed == 0 else { continue }
            #expect(text == raw.map(BannedPasswords.normalize) + [UInt8](repeating: 0, count: BannedPasswords.padding))
            let expected = n >= 3 && (0...(n - 3)).contains { i in
                table[BannedIndex.trigramBit(UInt32(text[i]) | UInt32(text[i + 1]) << 8 | UInt32(text[i + 2]) << 16)] != 0
            }
            #expect(hit == expected)
            if hit { hits += 1 }
        }
        #expect(hits > 1_000)
    }

    /// `anyMatch` with the tenant name's trigram set answers as without it, on texts of every
    /// length up to past the 66 bytes its bit gathering takes, rich in terms, years and the
    /// tenant name.
    @Test func candidateBitsAgreeWithTheWindowSearch() {
        let banned = BannedPasswords.builtIn
        let index = banned.index
        var rng = SplitMix64(seed: 44)
        var matches = 0
        for tenantName in PasswordRulesDifferentialTests.tenants {
            PasswordRulesTests.bytes(tenantName) { tenantBytes in
                let tenant = PasswordTenant(tenantBytes, index: index)
                for _ in 0..<2_000 {
                    var password = ""
                    while password.utf8.count < 3 + Int(rng.next() % 70) {
                        password +=
                            rng.next() % 3 == 0
                            ? PasswordRulesDifferentialTests.password(
                                &rng, terms: BannedPasswords.builtInTerms, localPart: "pilar.pinilla", tenant: tenantName)
                            : Self.printable(&rng)
                    }
                    let raw = Array(password.utf8)
                    let n = raw.count
                    var text = raw.map(BannedPasswords.normalize) + [UInt8](repeating: 0, count: BannedPasswords.padding)
                    let (plain, gathered) = raw.withUnsafeBytes { password in
                        text.withUnsafeMutableBufferPointer { buffer in
                            let text = buffer.baseAddress!
                            let plain = index.anyMatch(
                                text, n, password: password, tenant: tenantBytes, tenantLength: tenant.length,
                                first: tenant.first, last: tenant.last)
                            let gathered = index.anyMatch(
                                text, n, password: password, tenant: tenantBytes, tenantLength: tenant.length,
                                first: tenant.first, last: tenant.last, tenantTrigrams: tenant.trigrams)
                            return (plain, gathered)
                        }
                    }
                    // The test's own generated data, not a user's secret.
                    #expect(plain == gathered, "\(password.debugDescription) tenant \(tenantName)")
                    if plain { matches += 1 }
                }
            }
        }
        #expect(matches > 2_000)
    }
}
