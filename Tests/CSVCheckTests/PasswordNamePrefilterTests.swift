import CSupport
import Testing

@testable import CSVCheck

/// The name prefilter of the password fast path (`csvcheck_password_name_absent`, SSE2 in C)
/// against a plain model of what it answers and the plain name search, and the fast answer
/// `PasswordRules.passes` that uses it against the verdict, on passwords of every class mix and
/// of the lengths where its paths change, with names, banned terms and the tenant name at every
/// offset.
@Suite struct PasswordNamePrefilterTests {
    /// The prefilter on `password` (normalized here, followed by zero padding) and `local`.
    static func certainlyAbsent(_ password: [UInt8], _ local: [UInt8]) -> Bool {
        var text = password.map(BannedPasswords.normalize) + [UInt8](repeating: 0, count: BannedPasswords.padding)
        let count = password.count
        return text.withUnsafeMutableBufferPointer { buffer in
            local.withUnsafeBytes { localPart in
                csvcheck_password_name_absent(
                    buffer.baseAddress!, count, localPart.baseAddress!.assumingMemoryBound(to: UInt8.self), localPart.count,
                    PasswordTables.shared.fold) != 0
            }
        }
    }

    /// What the prefilter answers, written plainly: for a local part of 8 to 32 bytes with a
    /// piece of 4 characters or more (its bytes less its UTF-8 continuation bytes) and a password
    /// of at most 35 bytes, whether no such piece's first four normalized bytes are a window of
    /// the normalized password; else `false`.
    static func model(_ password: [UInt8], _ local: [UInt8]) -> Bool {
        guard (8...32).contains(local.count), password.count <= 35 else { return false }
        let pieces = local.split(omittingEmptySubsequences: false) { $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }
        let long = pieces.filter { piece in piece.filter { $0 & 0xC0 != 0x80 }.count >= 4 }
        guard !long.isEmpty else { return false }
        let text = password.map(BannedPasswords.normalize)
        let heads = long.map { Array($0.prefix(4).map(BannedPasswords.normalize)) }
        return !heads.contains { head in
            text.count >= 4 && (0...(text.count - 4)).contains { Array(text[$0..<($0 + 4)]) == head }
        }
    }

    /// Local parts of the shapes the prefilter takes and the ones it leaves: pieces of 1 to 12
    /// bytes, of 3, 4 and 5 around the piece limit, at 7, 8, 16, 17, 24, 25, 32 and 33 bytes in
    /// all, with digits, capitals and leetspeak characters that normalize, and non-ASCII ones
    /// whose pieces have fewer characters than bytes (2, 3 and 4-byte characters, composed and
    /// decomposed, at 4 characters and around 8 and 32 bytes).
    static let localParts: [String] = [
        "victoria.griffin3901", "pilar.pinilla", "anna-maria_smit", "Marie.Curie", "steven_king1947", "christopher",
        "j.vanderberg", "x.y.z.w", "d.o.e", "abcdefg", "abcdefgh", "abc.defg", "abcd.efg", "a.b.c.d.e.f.g.h",
        "abcdefghijklmnop", "abcdefghijklmnopq", "0live.4ndrews", "$teve.7urner", "zoë.müller", "jo-anne.o_neill",
        "thomas.abernathy", "thomas.abernathyx", "maximilian.vonderschulenburg", "maximilian.vonderschulenburgh",
        "a.bcde.fghi.jklm.nopq.rstu.vwxy", "ab_cd_ef_gh_ij", "....abcd....", "abcd", "abcdefghijklmnopqrstuvwxyz0123456",
        "LONGNAME.WITH-CAPS", "first.last.", ".leading.dot", "m_o_r_e.s_e_p_s", "1234.5678.90", "ö.ä.ü.ß.long",
        "åsa.brontë9571", "betty.fuß6795", "a\u{30A}sa.bronte\u{308}", "jürgen.núñez", "ßßßß.x", "ßßß.xyz",
        "ëëë.ëëëë", "中文字.abcd", "中文.字字字字", "中文字中", "中文字中文", "\u{1F600}\u{1F600}\u{1F600}.abc",
        "ÅÅÅÅ", "ÅÅÅ.ÅÅÅÅ", "zoë.müller.ångström.ü", "ééééééééééééééé.a", "ééééééééééééééé.ab",
    ]

    /// Every class mix (a non-empty set of lowercase, uppercase, digit, symbol) as a pool of
    /// characters.
    static let pools: [[UInt8]] = (1..<16).map { mix in
        var pool: [UInt8] = []
        if mix & 1 != 0 { pool += Array("abcdefghijklmnopqrstuvwxyz".utf8) }
        if mix & 2 != 0 { pool += Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8) }
        if mix & 4 != 0 { pool += Array("0123456789".utf8) }
        if mix & 8 != 0 { pool += Array("!#$%&*+-./:;<=>?@[]^_{|}~ ".utf8) }
        return pool
    }

    /// One password of `length` bytes (at least, when the inserted text is longer) from `pool`,
    /// with `inserted` at `offset` (clamped), a non-printable or non-ASCII byte now and then.
    static func password(
        _ rng: inout SplitMix64, length: Int, pool: [UInt8], inserted: [UInt8], offset: Int
    ) -> [UInt8] {
        var bytes = (0..<max(0, length - inserted.count)).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
        bytes.insert(contentsOf: inserted, at: min(offset, bytes.count))
        switch rng.next() % 40 {
        case 0: bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(rng.next() % 0x20)
        case 1: bytes[Int(rng.next() % UInt64(bytes.count))] = 0x7F
        case 2: bytes[Int(rng.next() % UInt64(bytes.count))] = 0x80 | UInt8(rng.next() % 0x80)
        default: break
        }
        return bytes
    }

    /// Text to insert into a password: a piece of the local part or all of it, sometimes
    /// recased, leetspeak'd or cut to its first 3 or 4 bytes, a banned term, the tenant name, a
    /// year, or nothing.
    static func inserted(_ rng: inout SplitMix64, local: [UInt8], tenant: [UInt8]) -> [UInt8] {
        let pieces = local.split { $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }.map(Array.init)
        var text: [UInt8]
        switch rng.next() % 8 {
        case 0, 1, 2: text = pieces.isEmpty ? local : pieces[Int(rng.next() % UInt64(pieces.count))]
        case 3: text = local
        case 4: text = Array(BannedPasswords.builtInTerms[Int(rng.next() % UInt64(BannedPasswords.builtInTerms.count))].utf8)
        case 5: text = tenant
        case 6: text = Array(String(1900 + rng.next() % 130).utf8)
        default: text = []
        }
        switch rng.next() % 6 {
        case 0: text = text.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        case 1:
            let leet: [UInt8: UInt8] = [0x61: 0x40, 0x65: 0x33, 0x6F: 0x30, 0x6C: 0x31, 0x73: 0x24, 0x74: 0x37]
            text = text.map { leet[$0] ?? $0 }
        case 2: text = Array(text.prefix(3 + Int(rng.next() % 2)))
        default: break
        }
        return text
    }

    /// The prefilter answers exactly as the model, and never when the plain search finds the
    /// name, at every offset, for passwords of 4 to 40 bytes and every local part above.
    @Test func prefilterMatchesItsModelAndNeverHidesAName() {
        var rng = SplitMix64(seed: 71)
        var mismatches: [String] = []
        var answered = 0
        var named = 0
        for local in Self.localParts.map({ Array($0.utf8) }) {
            for length in [4, 7, 8, 12, 15, 16, 17, 19, 20, 21, 24, 32, 35, 36, 40] {
                for offset in 0...length {
                    for _ in 0..<3 {
                        let pool = Self.pools[Int(rng.next() % UInt64(Self.pools.count))]
                        let inserted = Self.inserted(&rng, local: local, tenant: Array("contoso".utf8))
                        let password = Self.password(&rng, length: length, pool: pool, inserted: inserted, offset: offset)
                        let absent = Self.certainlyAbsent(password, local)
                        let expected = Self.model(password, local)
                        let contains = PasswordRulesDifferentialTests.Reference.containsName(password, localPart: local)
                        if absent { answered += 1 }
                        if contains { named += 1 }
                        if (absent != expected || (absent && contains)) && mismatches.count < 10 {
                            // The test's own generated data, not a user's secret.
                            mismatches.append("\(password) in \(String(decoding: local, as: UTF8.self)): \(absent)")
                        }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(answered > 5_000)
        #expect(named > 5_000)
    }

    /// `passes` (which asks the prefilter first) is true exactly for a clean password of 8 to 64
    /// bytes in which no banned term, tenant name or year matches, on passwords of every class
    /// mix and of 8, 15, 16, 17, 19, 20, 35 and 36 bytes with text inserted at every offset.
    @Test func passesAgreesWithTheVerdictAtEveryOffset() {
        let banned = BannedPasswords.builtIn
        var rng = SplitMix64(seed: 72)
        var mismatches: [String] = []
        var passed = 0
        var named = 0
        for localName in Self.localParts {
            let local = Array(localName.utf8)
            for tenantName in ["contoso", "fabrikam", "ab", ""] {
                let tenantBytes = Array(tenantName.utf8)
                for length in [8, 15, 16, 17, 19, 20, 35, 36] {
                    for offset in 0...length {
                        let pool = Self.pools[Int(rng.next() % UInt64(Self.pools.count))]
                        let inserted = Self.inserted(&rng, local: local, tenant: tenantBytes)
                        let password = Self.password(&rng, length: length, pool: pool, inserted: inserted, offset: offset)
                        let ownTable = rng.next() % 4 != 0
                        let (passes, clean, matched, hasName) = password.withUnsafeBytes { raw in
                            local.withUnsafeBytes { localPart in
                                tenantBytes.withUnsafeBytes { tenantRaw in
                                    let tenant = PasswordTenant(tenantRaw, index: banned.index, ownTable: ownTable)
                                    let verdict = PasswordRules.verdict(
                                        password: raw, localPart: localPart, tenant: tenant, banned: banned)
                                    let passes = PasswordRules.passes(
                                        password: raw, localPart: localPart, tenant: tenant, banned: banned)
                                    return (passes, verdict.isClean, verdict.score != nil, verdict.hasName)
                                }
                            }
                        }
                        let expected = clean && !matched && password.count >= 8 && password.count <= PasswordRules.fastPathLength
                        if passes { passed += 1 }
                        if hasName { named += 1 }
                        if passes != expected && mismatches.count < 10 {
                            // The test's own generated data, not a user's secret.
                            mismatches.append("\(password) local \(localName) tenant \(tenantName): \(passes)")
                        }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(passed > 3_000)
        #expect(named > 3_000)
    }
}
