// The banned-password list behind PWD005: its normalization, matching and score (see
// BannedPasswords), and the built-in terms.

/// The banned and common passwords behind PWD005, normalized and indexed for fast matching.
///
/// **Normalization** (as Microsoft Entra Password Protection does): ASCII letters are lowercased,
/// then `0`->`o`, `1`->`l`, `$`->`s`, `@`->`a`, `3`->`e`, `5`->`s`, `7`->`t`, `4`->`a`. Each byte
/// maps to one byte, so positions are kept. Terms are lowercased with Unicode rules at
/// construction; passwords are folded for ASCII only (non-ASCII characters are PWD003 anyway).
///
/// **Matching**: a term of 7 or more bytes matches any substring of the normalized password
/// within one edit: one substitution, one deletion (anywhere, so a truncated word matches), or
/// one insertion *between* two of the term's characters. An insertion before or after the term
/// is not an edit of it: the term is found as it is and the neighbour counts as another
/// character (otherwise every match would swallow a character for free). Shorter terms (3 to 6
/// bytes) match exactly; terms under 3 bytes are ignored. Lengths are in bytes, which are
/// characters for ASCII terms. The tenant name passed to ``score(of:tenant:)`` is one more term
/// under the same rules. A year from 1900 to 2099 (four digits of the password as given) counts
/// as one more banned term: `Summer2024!` is the most common password pattern.
///
/// *Why 7*: a fuzzy match of a short term in a random password is a coincidence of few
/// characters. Measured on a million random 8-20 character passwords of three or four classes
/// (the shape of a clean batch), one edit allowed from 4 bytes flagged 43 as banned, from 5
/// bytes 22, from 6 bytes 10, from 7 bytes none. Leetspeak, the main disguise, is undone by the
/// normalization before any matching, so exact matching loses little on short terms.
///
/// **Index**: with one edit, a term `t = a + b` (halves of at least 3 characters each) keeps
/// either `a` intact at the start of the matching substring or `b` intact at its end. So every
/// match begins with the term's first two characters or ends with its last two (exact terms:
/// begins). Terms are grouped by their first pair and, when fuzzy, by their last pair. At each
/// position of the password a 65,536-bit set of used pairs rejects most positions with one load;
/// otherwise one table lookup yields the few terms to try, each on the substrings starting at
/// the pair (first-pair group) or ending after it (last-pair group). Early exits: a term's
/// comparison stops at its second mismatch, and a password too long to score under 5 (below) is
/// not searched at all.
///
/// **Prefilter**: splitting the other way (`a` of at least 3 characters at the start, or `b` of
/// at least 3 at the end) shows that every match begins with the term's first three bytes or,
/// for a fuzzy term, ends with its last three; a year begins with the normalized `19` or `20`
/// and a digit. These anchors are kept in a set of 65,536 hashed trigrams (a byte each), which
/// one branch-free pass over the password's 3-byte windows consults (the pass after the one
/// that normalizes the password, in ``PasswordRules/normalizePrintable(_:_:into:foldAndKind:pairs:trigrams:)``,
/// behind ``PasswordRules/passes(password:localPart:tenant:banned:)`` and
/// ``PasswordRules/verdict(password:localPart:tenant:banned:)``). The tenant
/// name's anchors are added to a copy of the set kept for that tenant name
/// (``BannedIndex/trigrams(withTenant:_:)``), so the same pass answers for them; past 16 tenant
/// names they are looked for 16 positions at a time (``PasswordWindows``), as are the first four
/// bytes of each PWD006 piece. The few windows the pass lets through are tried against the terms
/// anchored there; only a password with an actual match is then searched and scored as above,
/// so the list of matches, its order and the score are those of the full search.
///
/// **Score** (Entra's rule): each banned term found scores 1 point, each other character 1
/// point; the password passes with 5 points or more. Matches may overlap, so the score is the
/// lowest over all choices of non-overlapping matches, found by a shortest-path pass over the
/// positions. A password needs at most 4 matches and 4 other characters to score under 5, so one
/// longer than `4 × (longest term + 1)` bytes passes without being searched.
struct BannedPasswords: Sendable {
    /// The tables, shared by copies (immutable after construction).
    let index: BannedIndex
    /// The longest term, in bytes.
    let maxTermLength: Int

    /// The shortest term that is matched at all, in bytes.
    static let minimumTermLength = 3
    /// The shortest term that is matched with one edit allowed, in bytes.
    static let minimumFuzzyLength = 7

    /// The built-in list only.
    static let builtIn = BannedPasswords(terms: builtInTerms)

    /// The built-in list only.
    init() { self = Self.builtIn }

    /// The built-in list plus custom terms (from configuration); without custom terms, the
    /// shared ``builtIn`` tables.
    init(adding custom: [String]) {
        if custom.isEmpty {
            self = Self.builtIn
        } else {
            self.init(terms: Self.builtInTerms + custom)
        }
    }

    /// Exactly the given terms: normalized, deduplicated, terms under 3 bytes dropped.
    ///
    /// Runs at the start of every check for the built-in list, so it keeps off what costs on
    /// first use in a process: no `Set` (its generic metadata needs a protocol-conformance
    /// lookup), no key path, no `sort` for up to 512 terms (binary insertion instead: `sort`'s
    /// run stack is such a generic type too), and `lowercased()` only for terms that are not
    /// all ASCII (``normalize(_:)`` already folds ASCII capitals).
    init(terms: [String]) {
        var normalized: [[UInt8]] = []
        normalized.reserveCapacity(terms.count)
        for term in terms {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(term.utf8.count)
            var ascii = true
            for byte in term.utf8 {
                if byte >= 0x80 { ascii = false }
                bytes.append(Self.normalize(byte))
            }
            if !ascii { bytes = term.lowercased().utf8.map(Self.normalize) }
            if bytes.count >= Self.minimumTermLength { normalized.append(bytes) }
        }
        var sorted: [[UInt8]] = []
        sorted.reserveCapacity(normalized.count)
        if normalized.count <= 512 {
            for term in normalized {
                var low = 0
                var high = sorted.count
                while low < high {
                    let middle = (low + high) / 2
                    if sorted[middle].lexicographicallyPrecedes(term) { low = middle + 1 } else { high = middle }
                }
                if low == sorted.count || sorted[low] != term { sorted.insert(term, at: low) }
            }
        } else {
            normalized.sort { $0.lexicographicallyPrecedes($1) }
            for term in normalized where sorted.last != term { sorted.append(term) }
        }
        var longest = 0
        for term in sorted { longest = max(longest, term.count) }
        index = BannedIndex(terms: sorted)
        maxTermLength = longest
    }

    /// The number of distinct normalized terms.
    var count: Int { index.termCount }

    /// The normalized form of one byte (see the type's documentation).
    static func normalize(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x41...0x5A: return byte | 0x20
        case 0x30: return 0x6F  // 0 -> o
        case 0x31: return 0x6C  // 1 -> l
        case 0x33: return 0x65  // 3 -> e
        case 0x34, 0x40: return 0x61  // 4, @ -> a
        case 0x35, 0x24: return 0x73  // 5, $ -> s
        case 0x37: return 0x74  // 7 -> t
        default: return byte
        }
    }

    /// The Entra-style score of a password when it contains at least one banned term.
    ///
    /// - Parameters:
    ///   - password: The UTF-8 bytes of the password as given.
    ///   - tenant: The tenant name, one more banned term for this call (ignored when shorter
    ///     than 3 bytes).
    /// - Returns: The lowest score (1 per banned term, 1 per other character) over all choices
    ///   of non-overlapping matches, or `nil` when no banned term occurs (or the password is too
    ///   long to score under 5). The password passes when the result is `nil` or at least 5.
    /// - Complexity: O(*n*) table lookups for *n* bytes, plus O(*L*) per candidate term; no heap
    ///   allocation for passwords and tenant names of ordinary length.
    func score(of password: UnsafeRawBufferPointer, tenant: String?) -> Int? {
        PasswordText.withUTF8(of: tenant) { evaluate(password, tenant: $0, localPart: nil).score }
    }

    /// The PWD005 score and the PWD006 answer, normalizing the password once.
    ///
    /// - Parameters:
    ///   - password: The UTF-8 bytes of the password as given.
    ///   - tenant: The UTF-8 bytes of the tenant name, not yet normalized (empty for none).
    ///   - localPart: The mailbox's local part, when PWD006 applies.
    /// - Returns: `score` as ``score(of:tenant:)``; `containsName` as
    ///   ``PasswordRules/containsName(_:localPart:)``.
    func evaluate(
        _ password: UnsafeRawBufferPointer, tenant: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer?
    ) -> (score: Int?, containsName: Bool) {
        let count = password.count
        let fold = index.fold
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + Self.padding) { buffer in
            let text = buffer.baseAddress!
            for i in 0..<count { text[i] = fold[Int(password[i])] }
            Self.zeroPadding(text + count)
            return evaluate(folded: text, count: count, password: password, tenant: tenant, localPart: localPart)
        }
    }

    /// The bytes after a normalized text that the word-at-a-time loops and the 16-position
    /// prefilters (``PasswordWindows``) may read.
    static let padding = 24

    /// Zeroes the ``padding`` bytes at `end`.
    @inline(__always)
    static func zeroPadding(_ end: UnsafeMutablePointer<UInt8>) {
        let bytes = UnsafeMutableRawPointer(end)
        bytes.storeBytes(of: 0, as: UInt64.self)
        bytes.storeBytes(of: 0, toByteOffset: 8, as: UInt64.self)
        bytes.storeBytes(of: 0, toByteOffset: 16, as: UInt64.self)
    }

    /// ``evaluate(_:tenant:localPart:)`` on a password already normalized into `text`, which
    /// must be followed by ``padding`` zero bytes.
    @inline(__always)
    func evaluate(
        folded text: UnsafeMutablePointer<UInt8>, count: Int, password: UnsafeRawBufferPointer,
        tenant: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer?
    ) -> (score: Int?, containsName: Bool) {
        let tenantLength = tenant.count >= Self.minimumTermLength ? tenant.count : 0
        let (first, last) = index.tenantAnchors(tenant, tenantLength)
        let candidates = index.scan(text, count) || index.hasTenantWindow(text, count, first: first, last: last)
        return evaluate(
            folded: text, count: count, password: password, tenant: tenant, tenantLength: tenantLength,
            localPart: localPart, candidates: candidates, first: first, last: last)
    }

    /// The end of ``evaluate(folded:count:password:tenant:localPart:)``, once the windows of the
    /// text were tried against the trigrams of the index (``BannedIndex/scan(_:_:)``) and the
    /// tenant name's anchors (``BannedIndex/hasTenantWindow(_:_:first:last:)``): `candidates`
    /// when either found one.
    ///
    /// Most passwords hold no banned term, so the matching is guarded by a cheap proof that
    /// nothing can match (see the type's documentation); only the passwords it cannot clear are
    /// searched and scored.
    @inline(__always)
    func evaluate(
        folded text: UnsafeMutablePointer<UInt8>, count: Int, password: UnsafeRawBufferPointer,
        tenant: UnsafeRawBufferPointer, tenantLength: Int, localPart: UnsafeRawBufferPointer?, candidates: Bool,
        first: UInt32, last: UInt32
    ) -> (score: Int?, containsName: Bool) {
        let longest = max(maxTermLength, tenantLength, 4)
        // Under 5 points takes at most 4 matches of at most `longest + 1` bytes and 4 other
        // characters, so a longer password cannot score under 5.
        let scores = count >= 2 && count <= 4 * (longest + 1)
        let index = self.index
        var score: Int? = nil
        if scores && candidates
            && index.anyMatch(text, count, password: password, tenant: tenant, tenantLength: tenantLength, first: first, last: last)
        {
            score = index.lowestScore(text, count, password: password, tenant: tenant, tenantLength: tenantLength)
        }
        var containsName = false
        if let localPart, localPart.count >= PasswordRules.minimumNameLength, count >= PasswordRules.minimumNameLength {
            containsName = PasswordName.containsName(
                UnsafeBufferPointer(start: text, count: count), localPart: localPart, fold: index.fold)
        }
        return (score, containsName)
    }
}

extension BannedPasswords {
    /// The built-in terms, as written (normalized at construction): Entra's examples, the most
    /// common passwords of public breach statistics, keyboard walks, and the months and seasons
    /// in English, Dutch, German and French (with and without accents), plus "password" and
    /// "welcome" in those languages.
    static let builtInTerms: [String] = [
        // Required by the design, and their translations.
        "password", "welcome", "welkom", "qwerty", "letmein", "admin", "changeme",
        "wachtwoord", "passwort", "motdepasse", "willkommen", "bienvenue", "administrator",
        // The most common passwords.
        "123456", "123456789", "12345678", "12345", "1234567", "1234567890", "1234", "111111",
        "000000", "123123", "654321", "666666", "121212", "112233", "123321", "987654321",
        "abc123", "password1", "qwerty123", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbnm",
        "azerty", "qwertz", "1q2w3e4r", "1qaz2wsx", "zaq12wsx", "qazwsx", "iloveyou", "monkey",
        "dragon", "football", "baseball", "soccer", "hockey", "sunshine", "princess", "shadow",
        "master", "superman", "batman", "trustno1", "michael", "jennifer", "jordan", "hunter",
        "ranger", "buster", "tigger", "charlie", "thomas", "robert", "daniel", "andrew",
        "jessica", "michelle", "ashley", "nicole", "pepper", "ginger", "maggie", "cheese",
        "computer", "whatever", "freedom", "starwars", "pokemon", "killer", "access", "secret",
        "hello", "hallo", "bonjour", "flower", "lovely", "love", "mustang", "harley", "matrix",
        "cookie", "chocolate", "butterfly", "purple", "orange", "banana", "soleil", "doudou",
        "test", "guest", "login", "default", "office", "microsoft", "windows", "outlook",
        "exchange", "temp", "geheim", "starten", "summer",
        // Months.
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
        "januari", "februari", "maart", "mei", "juni", "juli", "augustus", "oktober",
        "januar", "februar", "märz", "maerz", "marz", "mai", "dezember",
        "janvier", "février", "fevrier", "mars", "avril", "juin", "juillet", "août", "aout",
        "septembre", "octobre", "novembre", "décembre", "decembre",
        // Seasons.
        "spring", "autumn", "fall", "winter",
        "lente", "voorjaar", "zomer", "herfst", "najaar",
        "frühling", "fruehling", "fruhling", "sommer", "herbst",
        "printemps", "été", "ete", "automne", "hiver",
    ]
}
