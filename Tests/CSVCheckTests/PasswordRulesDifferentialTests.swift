import Testing

@testable import CSVCheck

/// `PasswordRules.check` (its fast path, the trigram prefilter, the anchored verification and the
/// index) against a plain reference written from the rules: every term tried at every position,
/// every edit spelled out, the score by a direct shortest path, the name by a plain substring
/// search. Findings must be identical: codes, offsets and the score in PWD005's message.
@Suite struct PasswordRulesDifferentialTests {
    // MARK: The reference

    /// The reference policy for one banned list.
    struct Reference {
        /// The normalized terms of at least 3 bytes, deduplicated.
        let terms: [[UInt8]]
        let longestTerm: Int

        init(_ list: [String]) {
            var unique = Set<[UInt8]>()
            for term in list {
                let normalized = term.lowercased().utf8.map(Self.normalize)
                if normalized.count >= 3 { unique.insert(normalized) }
            }
            terms = Array(unique)
            longestTerm = terms.map(\.count).max() ?? 0
        }

        /// Lowercase ASCII letters, then 0->o 1->l $->s @->a 3->e 5->s 7->t 4->a.
        static func normalize(_ byte: UInt8) -> UInt8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte + 32
            case UInt8(ascii: "0"): return UInt8(ascii: "o")
            case UInt8(ascii: "1"): return UInt8(ascii: "l")
            case UInt8(ascii: "$"), UInt8(ascii: "5"): return UInt8(ascii: "s")
            case UInt8(ascii: "@"), UInt8(ascii: "4"): return UInt8(ascii: "a")
            case UInt8(ascii: "3"): return UInt8(ascii: "e")
            case UInt8(ascii: "7"): return UInt8(ascii: "t")
            default: return byte
            }
        }

        /// Whether `s` is `t` after at most one edit, as the policy counts edits (terms of 7 bytes
        /// or more only; shorter terms match exactly):
        /// - no edit: `s == t`;
        /// - one substitution: same length, exactly one position differs;
        /// - one deletion: `t` with any one byte removed;
        /// - one insertion between two of `t`'s bytes: `t[..<j] + x + t[j...]` for `1 <= j < L`,
        ///   where `x` differs from `t[j]`, the byte it is put in front of (putting a copy of `t[j]`
        ///   there would be the same text as putting it after the run of `t[j]`s, which can reach
        ///   the end of the term: an append, which is not an edit of the term).
        ///
        /// `s` is `text[start..<(start + length)]`. With `p` and `q` the lengths of the common
        /// prefix and suffix of `s` and `t`: a deletion leaves `p + q >= L - 1`, and an insertion
        /// of `x != t[j]` at `j` leaves `p == j` followed by `t[j...]`.
        static func withinOneEdit(_ t: [UInt8], _ text: [UInt8], _ start: Int, _ length: Int) -> Bool {
            let l = t.count
            var p = 0
            while p < min(l, length) && text[start + p] == t[p] { p += 1 }
            if p == l && length == l { return true }
            if l < BannedPasswords.minimumFuzzyLength { return false }
            var q = 0
            while q < min(l, length) && text[start + length - 1 - q] == t[l - 1 - q] { q += 1 }
            switch length - l {
            case 0:  // one substitution: everything but one position agrees
                var differences = 0
                for i in 0..<l where text[start + i] != t[i] { differences += 1 }
                return differences == 1
            case -1:  // one deletion, anywhere
                return p + q >= l - 1
            case 1:  // one insertion of x != t[j] at 1 <= j < L
                return p >= 1 && p < l && q >= l - p
            default:
                return false
            }
        }

        /// Every match `(start, end)` of the terms, then of the tenant name, then the years.
        func matches(_ password: [UInt8], tenant: [UInt8]) -> [(Int, Int)] {
            let text = password.map(Self.normalize)
            let n = text.count
            var found: [(Int, Int)] = []
            var all = terms
            if tenant.count >= 3 { all.append(tenant.map(Self.normalize)) }
            for term in all {
                let l = term.count
                let lengths = l >= BannedPasswords.minimumFuzzyLength ? [l - 1, l, l + 1] : [l]
                for start in 0..<n {
                    // A cheap necessary condition first, to keep this test fast: with at most
                    // one edit, the text starts with t[0] or t[1] (t[0] deleted), or has t[1]
                    // second (t[0] substituted).
                    let first = text[start]
                    let second = start + 1 < n ? text[start + 1] : 0
                    if first != term[0] && first != term[1] && second != term[1] { continue }
                    for length in lengths where start + length <= n {
                        if Self.withinOneEdit(term, text, start, length) { found.append((start, start + length)) }
                    }
                }
            }
            if n >= 4 {
                for i in 0...(n - 4) {
                    let century = (password[i], password[i + 1])
                    if century == (0x31, 0x39) || century == (0x32, 0x30),
                        (0x30...0x39).contains(password[i + 2]), (0x30...0x39).contains(password[i + 3])
                    {
                        found.append((i, i + 4))
                    }
                }
            }
            return found
        }

        /// The score (1 per match used, 1 per other character; the lowest over all choices of
        /// non-overlapping matches), or `nil` without any match or when the password is too long
        /// to score under 5 (more than 4 x (longest term + 1) bytes) or shorter than 2 bytes.
        /// `overflow` when there are more matches than the implementation keeps (128).
        func score(_ password: [UInt8], tenant: [UInt8]) -> (score: Int?, overflow: Bool) {
            let n = password.count
            let tenantLength = tenant.count >= 3 ? tenant.count : 0
            if n < 2 || n > 4 * (max(longestTerm, tenantLength, 4) + 1) { return (nil, false) }
            let found = matches(password, tenant: tenant)
            if found.isEmpty { return (nil, false) }
            var best = [Int](repeating: 0, count: n + 1)
            for end in 1...n {
                let startsCharacter = password[end - 1] & 0xC0 != 0x80
                best[end] = best[end - 1] + (startsCharacter ? 1 : 0)
                for (start, matchEnd) in found where matchEnd == end {
                    best[end] = min(best[end], best[start] + 1)
                }
            }
            return (best[n], found.count > 128)
        }

        /// PWD006: the local part, or a piece of it between `.`, `-` and `_` of 4 characters or
        /// more (the whole only when no piece is that long), occurs in the password, both
        /// normalized. Only for a local part and a password of 4 bytes or more.
        static func containsName(_ password: [UInt8], localPart: [UInt8]) -> Bool {
            if localPart.count < 4 || password.count < 4 { return false }
            let text = password.map(normalize)
            func characters(_ bytes: ArraySlice<UInt8>) -> Int { bytes.filter { $0 & 0xC0 != 0x80 }.count }
            func occurs(_ needle: ArraySlice<UInt8>) -> Bool {
                let pattern = needle.map(normalize)
                guard pattern.count <= text.count else { return false }
                return (0...(text.count - pattern.count)).contains { Array(text[$0..<($0 + pattern.count)]) == pattern }
            }
            let pieces = localPart.split(omittingEmptySubsequences: false) { $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }
            let long = pieces.count > 1 ? pieces.filter { characters($0) >= 4 } : []
            if !long.isEmpty { return long.contains { occurs($0) } }
            return characters(localPart[...]) >= 4 && occurs(localPart[...])
        }

        /// The findings as `(code, offset)`, and the score PWD005 reports.
        func findings(password: String, localPart: String?, tenant: String) -> (codes: [String], score: Int?, overflow: Bool) {
            let scalars = Array(password.unicodeScalars)
            let bytes = Array(password.utf8)
            if bytes.isEmpty { return ([], nil, false) }
            var codes: [String] = []
            if scalars.count < 8 { codes.append("PWD001@0") }
            if scalars.count > 256 { codes.append("PWD001@256") }
            var classes = Set<Int>()
            for scalar in scalars where scalar.value >= 0x20 && scalar.value <= 0x7E {
                switch scalar.value {
                case 0x61...0x7A: classes.insert(0)
                case 0x41...0x5A: classes.insert(1)
                case 0x30...0x39: classes.insert(2)
                default: classes.insert(3)
                }
            }
            if classes.count < 3 { codes.append("PWD002@0") }
            if let bad = scalars.firstIndex(where: { $0.value < 0x20 || $0.value > 0x7E }) { codes.append("PWD003@\(bad)") }
            let leading = scalars[0].properties.isWhitespace
            var trailing = scalars.count
            while trailing > 0 && scalars[trailing - 1].properties.isWhitespace { trailing -= 1 }
            if leading || trailing < scalars.count { codes.append("PWD004@\(leading ? 0 : trailing)") }
            let (score, overflow) = self.score(bytes, tenant: Array(tenant.utf8))
            if let score, score < 5 { codes.append("PWD005@0") }
            if let localPart, Self.containsName(bytes, localPart: Array(localPart.utf8)) { codes.append("PWD006@0") }
            return (codes, score, overflow)
        }
    }

    // MARK: The generator

    static let names = [
        "pilar.pinilla", "j.vanderberg", "victoria.griffin3901", "o'brien", "jo.li", "anna-maria_smit", "bob",
        "christopher", "zoë.müller", "x.y.z.w", "admin", "d.o.e", "Marie.Curie", "steven_king1947",
    ]
    static let tenants = ["contoso", "fabrikam", "tailspintoys", "abc", "ab", "", "wingtip", "coho", "C0nt0so", "northwindtraders"]
    static let symbols = Array("@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> ")
    static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let odd: [Character] = ["é", "ß", "€", "\t", "\u{7}", "\u{200B}", "\u{00A0}", "日", "\n"]

    /// One generated password of one of several shapes.
    static func password(_ rng: inout SplitMix64, terms: [String], localPart: String, tenant: String) -> String {
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
        func randomText(_ count: Int) -> String {
            var text = ""
            for _ in 0..<count {
                switch rng.next() % 10 {
                case 0...3: text.append(pick(letters))
                case 4...5: text.append(Character(Unicode.Scalar(UInt8(0x30 + rng.next() % 10))))
                case 6...8: text.append(pick(symbols))
                default: text.append(chance(10) ? pick(odd) : pick(letters))
                }
            }
            return text
        }
        func leet(_ word: String) -> String {
            String(
                word.map { c -> Character in
                    guard chance(35) else { return chance(30) ? Character(c.uppercased()) : c }
                    switch c {
                    case "a": return pick(["@", "4", "A"])
                    case "e": return "3"
                    case "o": return "0"
                    case "l": return "1"
                    case "s": return pick(["$", "5"])
                    case "t": return "7"
                    default: return Character(c.uppercased())
                    }
                })
        }
        func edit(_ word: String) -> String {
            var chars = Array(word)
            guard !chars.isEmpty else { return word }
            let at = Int(rng.next() % UInt64(chars.count))
            switch rng.next() % 5 {
            case 0: chars[at] = pick(letters)
            case 1: chars.remove(at: at)
            case 2: chars.insert(pick(letters + symbols), at: at)
            case 3: chars.append(chars[chars.count - 1])  // the doubled last letter
            default: break
            }
            return String(chars)
        }
        let year = String(1890 + rng.next() % 220)
        switch rng.next() % 8 {
        case 0, 1:  // random, the shape of a clean batch, sometimes with odd characters
            return randomText(1 + Int(rng.next() % 24))
        case 2:  // a banned word, leetspeak'd, one edit, with a year and symbols around
            return randomText(Int(rng.next() % 3)) + leet(edit(pick(terms))) + (chance(50) ? year : "") + randomText(Int(rng.next() % 4))
        case 3:  // several words
            return (0..<(1 + Int(rng.next() % 3))).map { _ in leet(pick(terms)) }.joined(separator: chance(50) ? "" : pick(["!", "1", " ", "#"]))
        case 4:  // the name
            let pieces = localPart.split(whereSeparator: { ".-_".contains($0) }).map(String.init)
            let piece = chance(30) ? localPart : (pieces.isEmpty ? localPart : pick(pieces))
            return randomText(Int(rng.next() % 4)) + leet(chance(20) ? edit(piece) : piece) + randomText(Int(rng.next() % 6))
        case 5:  // the tenant
            return randomText(Int(rng.next() % 3)) + leet(chance(40) ? edit(tenant) : tenant) + (chance(50) ? year : randomText(3))
        case 6:  // years and digits
            return randomText(Int(rng.next() % 5)) + year + randomText(Int(rng.next() % 5)) + (chance(30) ? year : "")
        default:  // long or repetitive text
            let unit = chance(50) ? pick(terms) : randomText(2 + Int(rng.next() % 4))
            return String(repeating: unit, count: 1 + Int(rng.next() % 12)) + randomText(Int(rng.next() % 8))
        }
    }

    /// Runs `count` generated passwords through both and returns the mismatches (at most 10).
    static func compare(count: Int, seed: UInt64, list: [String]?) -> (mismatches: [String], flagged: Int, named: Int) {
        let banned = list.map { BannedPasswords(terms: $0) } ?? .builtIn
        let reference = Reference(list ?? BannedPasswords.builtInTerms)
        let terms = list ?? BannedPasswords.builtInTerms
        var rng = SplitMix64(seed: seed)
        var mismatches: [String] = []
        var flagged = 0
        var named = 0
        for k in 0..<count {
            let localPart = names[Int(rng.next() % UInt64(names.count))]
            let tenant = tenants[Int(rng.next() % UInt64(tenants.count))]
            let password = Self.password(&rng, terms: terms, localPart: localPart, tenant: tenant)
            let withName = rng.next() % 8 != 0
            let expected = reference.findings(password: password, localPart: withName ? localPart : nil, tenant: tenant)
            if expected.overflow { continue }  // beyond the implementation's 128 matches: documented as approximate
            let actual = PasswordRulesTests.bytes(password) { raw in
                PasswordRulesTests.bytes(localPart) { local in
                    PasswordRulesTests.bytes(tenant) { tenantBytes in
                        PasswordRules.check(password: raw, localPart: withName ? local : nil, tenant: tenantBytes, banned: banned)
                    }
                }
            }
            // The tenant name's anchors looked for apart, as for a file with more tenant names
            // than the index keeps trigram sets for.
            let apart = PasswordRulesTests.bytes(password) { raw in
                PasswordRulesTests.bytes(localPart) { local in
                    PasswordRulesTests.bytes(tenant) { tenantBytes in
                        let verdict = PasswordRules.verdict(
                            password: raw, localPart: withName ? local : nil,
                            tenant: PasswordTenant(tenantBytes, index: banned.index, ownTable: false), banned: banned)
                        return PasswordRules.findings(password: raw, verdict)
                    }
                }
            }
            let codes = actual.map { "\($0.code)@\($0.scalarOffset)" }
            var same = codes == expected.codes && apart.map(\.message) == actual.map(\.message)
            if let pwd005 = actual.first(where: { $0.code == "PWD005" }), let score = expected.score {
                same = same && pwd005.message.contains("(score \(score),")
            }
            // The other entry points: the score alone and the name alone.
            let score = PasswordRulesTests.bytes(password) { raw in
                PasswordRulesTests.bytes(tenant) { tenantBytes in banned.evaluate(raw, tenant: tenantBytes, localPart: nil).score }
            }
            same = same && score == expected.score
            if withName {
                let name = PasswordRulesTests.bytes(password) { raw in
                    PasswordRulesTests.bytes(localPart) { PasswordRules.containsName(raw, localPart: $0) }
                }
                same = same && name == Reference.containsName(Array(password.utf8), localPart: Array(localPart.utf8))
            }
            if codes.contains("PWD005@0") { flagged += 1 }
            if codes.contains("PWD006@0") { named += 1 }
            if !same && mismatches.count < 10 {
                // The test's own generated data, not a user's secret.
                mismatches.append("#\(k) \(password.debugDescription) local \(localPart) tenant \(tenant): \(codes) score \(score.map(String.init) ?? "nil") vs \(expected.codes) score \(expected.score.map(String.init) ?? "nil")")
            }
        }
        return (mismatches, flagged, named)
    }

    // MARK: The tests

    /// A short custom list that exercises every kind of term: exact (3-6 bytes) and fuzzy (7 or
    /// more), leetspeak in the term itself, a non-ASCII term, shared prefixes and suffixes, and a
    /// doubled last letter.
    static let customList = [
        "password", "passwort", "welkom", "may", "été", "märz", "zomer", "P@ssw0rd", "football", "summer",
        "administrator", "letmein", "qwertyuiop", "1234", "aaa", "abcabcabc", "mississippi", "zz",
    ]

    @Test func customListOn60000Passwords() {
        let result = Self.compare(count: 60_000, seed: 11, list: Self.customList)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.joined(separator: "\n"))")
        #expect(result.flagged > 4_000)
        #expect(result.named > 2_000)
    }

    @Test func builtInListOn10000Passwords() {
        let result = Self.compare(count: 10_000, seed: 12, list: nil)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.joined(separator: "\n"))")
        #expect(result.flagged > 1_000)
        #expect(result.named > 300)
    }
}

/// The name search (PWD006) and the 16-position prefilters it and the tenant name use, against
/// plain searches, on local parts and passwords of every length the word, vector and byte paths
/// take.
@Suite struct PasswordNameDifferentialTests {
    /// A random local part of `length` bytes: letters, digits, separators (sometimes doubled or
    /// at the ends), now and then a capital, a leetspeak digit or a non-ASCII letter.
    static func localPart(_ rng: inout SplitMix64, length: Int) -> [UInt8] {
        let pool = Array("abcdefghijklmnopqrstuvwxyzAZ0134579$@._-'+".utf8)
        var bytes: [UInt8] = []
        while bytes.count < length {
            if rng.next() % 40 == 0 {
                bytes += Array("ë".utf8)
            } else {
                bytes.append(pool[Int(rng.next() % UInt64(pool.count))])
            }
        }
        return Array(bytes.prefix(length))
    }

    @Test func containsNameMatchesThePlainSearch() {
        var rng = SplitMix64(seed: 31)
        var mismatches: [String] = []
        var found = 0
        for k in 0..<40_000 {
            let length = Int(rng.next() % 81)
            let local = Self.localPart(&rng, length: length)
            // A password that holds a piece of the local part, all of it, or any part of it
            // (often across a separator), most of the time.
            var password = Array("Qx7#mLp2vR!aZk9".utf8).shuffled(using: &rng).prefix(Int(rng.next() % 16))
            let pieces = local.split { $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }
            var inserted: ArraySlice<UInt8> = []
            switch rng.next() % 4 {
            case 0 where !pieces.isEmpty: inserted = pieces[Int(rng.next() % UInt64(pieces.count))]
            case 1: inserted = local[...]
            case 2 where !local.isEmpty:
                let start = Int(rng.next() % UInt64(local.count))
                inserted = local[start..<min(local.count, start + 3 + Int(rng.next() % 12))]
            default: break
            }
            let at = Int(rng.next() % UInt64(password.count + 1))
            password.insert(contentsOf: inserted, at: password.startIndex + at)
            let bytes = Array(password)
            let expected = PasswordRulesDifferentialTests.Reference.containsName(bytes, localPart: local)
            let actual = bytes.withUnsafeBytes { raw in local.withUnsafeBytes { PasswordRules.containsName(raw, localPart: $0) } }
            if expected { found += 1 }
            if actual != expected && mismatches.count < 10 {
                // The test's own generated data, not a user's secret.
                mismatches.append("#\(k) \(bytes) in \(local): \(actual) vs \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(found > 5_000)
    }

    /// `mayContain` and `mayHaveWindow` never miss a needle that occurs, at any length and
    /// position, with the padding that follows a normalized password.
    @Test func prefiltersNeverMissANeedle() {
        var rng = SplitMix64(seed: 32)
        let alphabet = Array("abcelost!#".utf8)
        for _ in 0..<20_000 {
            let n = 3 + Int(rng.next() % 62)
            var text = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            text += [UInt8](repeating: 0, count: BannedPasswords.padding)
            let window = { (i: Int, width: Int) -> UInt32 in
                (0..<width).reduce(UInt32(0)) { $0 | UInt32(text[i + $1]) << UInt32(8 * $1) }
            }
            // Needles taken from the text (present) and made up (mostly absent).
            let at = Int(rng.next() % UInt64(n - 2))
            let first = rng.next() % 2 == 0 ? window(at, 3) : UInt32(truncatingIfNeeded: rng.next()) & 0x6F6F6F
            let last = rng.next() % 4 == 0 ? window(Int(rng.next() % UInt64(n - 2)), 3) : 0x212121
            let hasWindow = (0...(n - 3)).contains { window($0, 3) == first || window($0, 3) == last }
            let mayHave = text.withUnsafeBufferPointer { PasswordWindows.mayHaveWindow($0.baseAddress!, n, first, last) }
            #expect(!hasWindow || mayHave, "\(text.prefix(n)) \(first) \(last)")
            guard n >= 4 else { continue }
            let head = rng.next() % 2 == 0 ? window(Int(rng.next() % UInt64(n - 3)), 4) : UInt32(truncatingIfNeeded: rng.next())
            let contains = (0...(n - 4)).contains { window($0, 4) == head }
            let mayContain = text.withUnsafeBufferPointer { PasswordWindows.mayContain($0.baseAddress!, n, head: head) }
            #expect(!contains || mayContain, "\(text.prefix(n)) \(head)")
            // Needles of printable bytes match no position that reaches into the zero padding.
            #expect(contains == mayContain || head & 0x8080_8080 != 0 || [head & 0xFF, head >> 8 & 0xFF, head >> 16 & 0xFF, head >> 24].contains(0))
        }
    }
}
