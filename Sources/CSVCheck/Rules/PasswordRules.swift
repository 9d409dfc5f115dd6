// The Microsoft 365 password policy for the Password column of a staged batch (PWD001-PWD006),
// the banned-password list behind PWD005, and the digest behind PWD007.
//
// A password is a secret: no message or help built here contains the password or any part of
// it. Problems are described by position (1-based character index), character class, length
// and score only.

/// One problem with a Password value, found by ``PasswordRules/check(password:localPart:tenant:banned:)``.
struct PasswordFinding: Sendable, Hashable {
    /// The rule code, `"PWD001"` to `"PWD006"`.
    var code: String
    /// What is wrong, in one sentence; never contains the password or any part of it.
    var message: String
    /// How to fix it, when there is a fix to suggest.
    var help: String?
    /// The 0-based position, in Unicode scalars within the value, of the offending part; 0 when
    /// the whole value is at fault.
    var scalarOffset: Int
}

/// The cloud password policy applied to passwords in a staged migration batch.
enum PasswordRules {
    /// The shortest accepted password, in characters (Unicode scalars).
    static let minimumLength = 8
    /// The longest accepted password, in characters (Unicode scalars).
    static let maximumLength = 256
    /// The lowest score that passes the banned-password check (PWD005).
    static let minimumScore = 5
    /// The shortest local part, or piece of one, that PWD006 looks for.
    static let minimumNameLength = 4

    /// Checks one password against the policy.
    ///
    /// Findings come in code order, at most one per code:
    /// - PWD001: fewer than 8 or more than 256 characters (Unicode scalars); offset 0 when too
    ///   short, 256 (the first character over the limit) when too long.
    /// - PWD002: fewer than three of the classes lowercase (`a-z`), uppercase (`A-Z`), digit
    ///   (`0-9`) and symbol (any other allowed character, space included); offset 0. Characters
    ///   outside the allowed set count in no class.
    /// - PWD003: a character outside `A-Z a-z 0-9`, space and
    ///   ``@ # $ % ^ & * - _ ! + = [ ] { } | \ : ' , . ? / ` ~ " ( ) ; < >``. Every printable
    ///   ASCII character is in that set, so this means a control character or anything
    ///   non-ASCII. The message gives the first one's position and class, and how many more
    ///   there are; offset is the first one's.
    /// - PWD004: whitespace (ASCII or Unicode) at the start or end; offset 0 for leading
    ///   whitespace, else the start of the trailing run.
    /// - PWD005 (warning): a banned or common password; see ``BannedPasswords``; offset 0.
    /// - PWD006 (warning): the password contains the mailbox's local part, or a dot-, hyphen- or
    ///   underscore-separated piece of it, of 4 characters or more. Both sides are compared
    ///   after the same normalization as PWD005, which includes ignoring case (so `PILAR` and
    ///   `Pil@r` contain `pilar`); offset 0, so the column shown does not point at the name
    ///   inside the password.
    ///
    /// - Parameters:
    ///   - password: The UTF-8 bytes of the value exactly as given. An empty value ("use the
    ///     batch's setting") is not checked.
    ///   - localPart: The UTF-8 bytes of the mailbox's local part, if known.
    ///   - tenant: The tenant name (see ``AddressCheck/tenantName(ofDomain:)-(UnsafeRawBufferPointer)``),
    ///     treated as one more banned term for this call.
    ///   - banned: The banned terms.
    /// - Returns: The findings; an empty array (no allocation) for a good password.
    /// - Complexity: O(*n*) for a password of *n* bytes plus the banned-term matching; no
    ///   allocation unless a finding is returned.
    static func check(
        password: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer?, tenant: String?,
        banned: BannedPasswords
    ) -> [PasswordFinding] {
        PasswordText.withUTF8(of: tenant) { check(password: password, localPart: localPart, tenant: $0, banned: banned) }
    }

    /// ``check(password:localPart:tenant:banned:)`` with the tenant name as UTF-8 bytes (empty
    /// for none), e.g. `value[AddressCheck.tenantRange(ofDomain:)]` straight from the
    /// EmailAddress field: no `String` per row. Case and leetspeak in the tenant bytes do not
    /// matter; they are normalized like the password.
    static func check(
        password: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer?, tenant: UnsafeRawBufferPointer,
        banned: BannedPasswords
    ) -> [PasswordFinding] {
        let count = password.count
        if count == 0 { return [] }

        // One pass: length in scalars, classes, disallowed characters, whitespace at the ends.
        var scalars = 0
        var classes: UInt8 = 0  // PasswordTables' class bits: 1 lowercase, 2 uppercase, 4 digit, 8 symbol
        var firstBad = -1
        var firstBadByte = -1
        var badCount = 0
        var leadingSpace = false
        var trailingRunStart = -1
        var i = 0
        let kinds = PasswordTables.shared.kinds
        while i < count {
            let byte = password[i]
            let kind = kinds[Int(byte)]
            let isSpace: Bool
            if kind & PasswordTables.disallowed == 0 {
                // Printable ASCII, the common case.
                classes |= kind
                isSpace = byte == 0x20
                i += 1
            } else {
                // A control character or a non-ASCII scalar: never allowed.
                if firstBad < 0 {
                    firstBad = scalars
                    firstBadByte = i
                }
                badCount += 1
                if byte < 0x80 {
                    isSpace = byte >= 0x09 && byte <= 0x0D
                    i += 1
                } else {
                    let (scalar, length) = PasswordText.decode(password, at: i)
                    isSpace = scalar?.properties.isWhitespace ?? false
                    i += length
                }
            }
            if scalars == 0 { leadingSpace = isSpace }
            if isSpace {
                if trailingRunStart < 0 { trailingRunStart = scalars }
            } else {
                trailingRunStart = -1
            }
            scalars += 1
        }

        var findings: [PasswordFinding] = []
        if scalars < minimumLength || scalars > maximumLength {
            findings.append(
                PasswordFinding(
                    code: "PWD001",
                    message: "the password has \(scalars) characters; Microsoft 365 requires \(minimumLength) to \(maximumLength)",
                    help: scalars < minimumLength ? "use at least \(minimumLength) characters" : "use at most \(maximumLength) characters",
                    scalarOffset: scalars < minimumLength ? 0 : maximumLength))
        }
        let classCount = classes.nonzeroBitCount
        if classCount < 3 {
            findings.append(classFinding(classes: classes, count: classCount))
        }
        if firstBad >= 0 {
            let (scalar, _) = PasswordText.decode(password, at: firstBadByte)
            let more = badCount > 1 ? " (and \(badCount - 1) more)" : ""
            findings.append(
                PasswordFinding(
                    code: "PWD003",
                    message: "character \(firstBad + 1) of the password is \(PasswordText.describe(scalar)), which Microsoft 365 does not allow\(more)",
                    help: "use only A-Z, a-z, 0-9, space and the symbols listed in the Microsoft 365 password policy",
                    scalarOffset: firstBad))
        }
        if leadingSpace || trailingRunStart >= 0 {
            let placement =
                leadingSpace && trailingRunStart >= 0
                ? "starts and ends" : leadingSpace ? "starts" : "ends"
            findings.append(
                PasswordFinding(
                    code: "PWD004",
                    message: "the password \(placement) with whitespace, which Microsoft 365 does not allow",
                    help: "remove the whitespace at the start and end of the password",
                    scalarOffset: leadingSpace ? 0 : trailingRunStart))
        }
        let (score, hasName) = banned.evaluate(password, tenant: tenant, localPart: localPart)
        if let score, score < minimumScore {
            findings.append(
                PasswordFinding(
                    code: "PWD005",
                    message: "the password is built on a common or banned word (score \(score), at least \(minimumScore) needed)",
                    help: "Microsoft Entra rejects such passwords; choose one without common words, names or years",
                    scalarOffset: 0))
        }
        if hasName {
            findings.append(
                PasswordFinding(
                    code: "PWD006",
                    message: "the password contains the mailbox's name (its local part or a part of it)",
                    help: "choose a password that does not contain the user's name",
                    scalarOffset: 0))
        }
        return findings
    }

    private static func classFinding(classes: UInt8, count: Int) -> PasswordFinding {
        let names = ["lowercase letters", "uppercase letters", "digits", "symbols"]
        var present: [String] = []
        var missing: [String] = []
        for bit in 0..<4 {
            if classes & (1 << bit) != 0 { present.append(names[bit]) } else { missing.append(names[bit]) }
        }
        let has = present.isEmpty ? "" : " (\(present.joined(separator: ", ")))"
        return PasswordFinding(
            code: "PWD002",
            message: "the password uses \(count) of the 4 character classes\(has); Microsoft 365 requires 3",
            help: "add \(missing.joined(separator: " or "))",
            scalarOffset: 0)
    }

    /// Whether `password` contains `localPart`, or one of its pieces separated by `.`, `-` or
    /// `_`, of at least ``minimumNameLength`` characters, both normalized as for PWD005 (PWD006).
    ///
    /// - Complexity: O(*n* × *m*) for a password of *n* and a local part of *m* bytes; no
    ///   allocation for passwords of ordinary length.
    static func containsName(_ password: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer) -> Bool {
        BannedPasswords.builtIn.evaluate(password, tenant: UnsafeRawBufferPointer(start: nil, count: 0), localPart: localPart)
            .containsName
    }
}

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
/// **Score** (Entra's rule): each banned term found scores 1 point, each other character 1
/// point; the password passes with 5 points or more. Matches may overlap, so the score is the
/// lowest over all choices of non-overlapping matches, found by a shortest-path pass over the
/// positions. A password needs at most 4 matches and 4 other characters to score under 5, so one
/// longer than `4 × (longest term + 1)` bytes passes without being searched.
struct BannedPasswords: Sendable {
    /// The tables, shared by copies (immutable after construction).
    private let index: BannedIndex
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

    /// The built-in list plus custom terms (from configuration).
    init(adding custom: [String]) {
        self.init(terms: Self.builtInTerms + custom)
    }

    /// Exactly the given terms: normalized, deduplicated, terms under 3 bytes dropped.
    init(terms: [String]) {
        var unique = Set<[UInt8]>()
        for term in terms {
            let normalized = term.lowercased().utf8.map(Self.normalize)
            if normalized.count >= Self.minimumTermLength { unique.insert(normalized) }
        }
        let sorted = unique.sorted { $0.lexicographicallyPrecedes($1) }
        index = BannedIndex(terms: sorted)
        maxTermLength = sorted.map(\.count).max() ?? 0
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
        let tenantLength = tenant.count >= Self.minimumTermLength ? tenant.count : 0
        let longest = max(maxTermLength, tenantLength, 4)
        // Under 5 points takes at most 4 matches of at most `longest + 1` bytes and 4 other
        // characters, so a longer password cannot score under 5.
        let scores = count >= 2 && count <= 4 * (longest + 1)
        let names = localPart.map { $0.count >= PasswordRules.minimumNameLength } ?? false
            && count >= PasswordRules.minimumNameLength
        if !scores && !names { return (nil, false) }

        let index = self.index
        let fold = index.fold
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + tenantLength) { buffer in
            let base = buffer.baseAddress!
            for i in 0..<count { base[i] = fold[Int(password[i])] }
            for i in 0..<tenantLength { base[count + i] = fold[Int(tenant[i])] }
            let text = UnsafeBufferPointer(start: base, count: count)
            var score: Int? = nil
            if scores {
                score = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: MatchList.capacity) { storage in
                    var matches = MatchList(storage: storage.baseAddress!)
                    index.findTerms(in: text, into: &matches)
                    if tenantLength > 0 {
                        BannedIndex.findTerm(base + count, tenantLength, in: text, into: &matches)
                    }
                    BannedIndex.findYears(in: password, into: &matches)
                    return matches.count == 0 ? nil : BannedIndex.lowestScore(text, matches)
                }
            }
            let containsName = names && PasswordText.containsName(text, localPart: localPart!, fold: fold)
            return (score, containsName)
        }
    }
}

/// The normalized terms and the tables that find them (see ``BannedPasswords``).
///
/// Immutable after `init`, hence safe to share between threads; raw pointers keep bounds checks
/// and reference counting out of the per-byte loop.
private final class BannedIndex: @unchecked Sendable {
    /// The normalization of every byte.
    var fold: UnsafeMutablePointer<UInt8> { PasswordTables.shared.fold }
    /// A small code for each byte that starts or ends a term (0: none).
    let pairCodes: UnsafeMutablePointer<UInt8>
    /// The number of pair codes, including 0.
    let width: Int
    /// Pair `p`'s candidates are `entries[groupStarts[p]..<groupStarts[p + 1]]`, where a pair is
    /// `code(first) * width + code(second)`.
    let groupStarts: UnsafeMutablePointer<Int32>
    /// A candidate: `offset << 32 | length << 1 | anchoredAtEnd`. A prefix candidate is tried
    /// on the substrings starting at the pair, an end-anchored one on those ending after it.
    let entries: UnsafeMutablePointer<UInt64>
    /// The normalized terms, concatenated.
    let terms: UnsafeMutablePointer<UInt8>
    let termCount: Int
    /// A 65,536-bit set of the byte pairs `first << 8 | second` that have candidates: one load
    /// rejects most positions of a password.
    let usedPairs: UnsafeMutablePointer<UInt64>
    private let entryCount: Int
    private let byteCount: Int

    init(terms sorted: [[UInt8]]) {
        var codes = [UInt8](repeating: 0, count: 256)
        var next = 1
        for term in sorted {
            for byte in [term[0], term[1], term[term.count - 2], term[term.count - 1]] where codes[Int(byte)] == 0 {
                codes[Int(byte)] = UInt8(next)
                next += 1
            }
        }
        width = next
        pairCodes = .allocate(capacity: 256)
        pairCodes.initialize(from: codes, count: 256)

        var offsets: [Int] = []
        var flat: [UInt8] = []
        for term in sorted {
            offsets.append(flat.count)
            flat += term
        }
        byteCount = max(flat.count, 1)
        terms = .allocate(capacity: byteCount)
        terms.initialize(from: flat, count: flat.count)
        termCount = sorted.count

        usedPairs = .allocate(capacity: 1024)
        usedPairs.initialize(repeating: 0, count: 1024)
        var buckets = [[UInt64]](repeating: [], count: width * width)
        for (k, term) in sorted.enumerated() {
            let length = term.count
            let packed = UInt64(offsets[k]) << 32 | UInt64(length) << 1
            var pairs = [(term[0], term[1], packed)]
            if length >= BannedPasswords.minimumFuzzyLength {
                pairs.append((term[length - 2], term[length - 1], packed | 1))
            }
            for (first, second, entry) in pairs {
                buckets[Int(codes[Int(first)]) * width + Int(codes[Int(second)])].append(entry)
                let bytePair = Int(first) << 8 | Int(second)
                usedPairs[bytePair >> 6] |= 1 << UInt64(bytePair & 63)
            }
        }
        let all = buckets.flatMap { $0 }
        entryCount = max(all.count, 1)
        entries = .allocate(capacity: entryCount)
        entries.initialize(from: all, count: all.count)
        groupStarts = .allocate(capacity: width * width + 1)
        var start: Int32 = 0
        for (p, bucket) in buckets.enumerated() {
            groupStarts[p] = start
            start += Int32(bucket.count)
        }
        groupStarts[width * width] = start
    }

    deinit {
        pairCodes.deallocate()
        usedPairs.deallocate()
        groupStarts.deallocate()
        entries.deallocate()
        terms.deallocate()
    }

    /// Collects the matches of the indexed terms in the normalized `text`.
    func findTerms(in text: UnsafeBufferPointer<UInt8>, into matches: inout MatchList) {
        let n = text.count
        if n < 2 { return }
        // Locals, so that the loop does not reload the fields.
        let pairCodes = self.pairCodes
        let width = self.width
        let groupStarts = self.groupStarts
        let entries = self.entries
        let terms = self.terms
        let usedPairs = self.usedPairs
        var previous = Int(text[0])
        for i in 0..<(n - 1) {
            let next = Int(text[i + 1])
            let bytePair = previous << 8 | next
            previous = next
            if usedPairs[bytePair >> 6] & (1 << UInt64(bytePair & 63)) == 0 { continue }
            let pair = Int(pairCodes[Int(text[i])]) &* width &+ Int(pairCodes[next])
            var k = Int(groupStarts[pair])
            let end = Int(groupStarts[pair + 1])
            while k < end {
                let entry = entries[k]
                let term = terms + Int(entry >> 32)
                let length = Int(truncatingIfNeeded: (entry >> 1) & 0x7FFF_FFFF)
                if entry & 1 == 0 {
                    Self.matchAt(i, term: term, length: length, in: text, into: &matches)
                } else {
                    Self.matchEndingAt(i + 2, term: term, length: length, in: text, into: &matches)
                }
                k += 1
            }
        }
    }

    /// Collects the matches of one term that is not indexed (the tenant name), by the same rules.
    static func findTerm(
        _ term: UnsafePointer<UInt8>, _ length: Int, in text: UnsafeBufferPointer<UInt8>, into matches: inout MatchList
    ) {
        let n = text.count
        if n < 2 { return }
        let fuzzy = length >= BannedPasswords.minimumFuzzyLength
        for i in 0..<(n - 1) {
            if text[i] == term[0] && text[i + 1] == term[1] {
                matchAt(i, term: term, length: length, in: text, into: &matches)
            }
            if fuzzy && text[i] == term[length - 2] && text[i + 1] == term[length - 1] {
                matchEndingAt(i + 2, term: term, length: length, in: text, into: &matches)
            }
        }
    }

    /// Years 1900-2099, on the password as given (normalization turns digits into letters).
    static func findYears(in password: UnsafeRawBufferPointer, into matches: inout MatchList) {
        let n = password.count
        if n < 4 { return }
        for i in 0...(n - 4) {
            let a = password[i]
            let b = password[i + 1]
            if (a == 0x31 && b == 0x39) || (a == 0x32 && b == 0x30),
                password[i + 2] &- 0x30 < 10, password[i + 3] &- 0x30 < 10
            {
                matches.add(i, i + 4)
            }
        }
    }

    /// Tries a term against the substrings starting at `start`: of its length and, for fuzzy
    /// terms, one byte shorter and longer.
    @inline(__always)
    private static func matchAt(
        _ start: Int, term: UnsafePointer<UInt8>, length: Int, in text: UnsafeBufferPointer<UInt8>,
        into matches: inout MatchList
    ) {
        let available = text.count - start
        let s = text.baseAddress! + start
        if length < BannedPasswords.minimumFuzzyLength {
            if available >= length && equal(term, s, length) { matches.add(start, start + length) }
            return
        }
        for candidate in (length - 1)...(length + 1) where candidate <= available {
            if withinOneEdit(term, length, s, candidate) { matches.add(start, start + candidate) }
        }
    }

    /// Tries a fuzzy term against the substrings ending at `end`.
    @inline(__always)
    private static func matchEndingAt(
        _ end: Int, term: UnsafePointer<UInt8>, length: Int, in text: UnsafeBufferPointer<UInt8>,
        into matches: inout MatchList
    ) {
        for candidate in (length - 1)...(length + 1) where candidate <= end {
            if withinOneEdit(term, length, text.baseAddress! + end - candidate, candidate) {
                matches.add(end - candidate, end)
            }
        }
    }

    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether `s` (length `sl`) is within one edit of `t` (length `tl`); `sl` is `tl - 1`,
    /// `tl` or `tl + 1`. An insertion before or after `t` does not count.
    @inline(__always)
    private static func withinOneEdit(_ t: UnsafePointer<UInt8>, _ tl: Int, _ s: UnsafePointer<UInt8>, _ sl: Int) -> Bool {
        let shorter = min(tl, sl)
        var k = 0
        while k < shorter && t[k] == s[k] { k += 1 }
        if k == shorter { return sl <= tl }  // equal, or t's last byte deleted (not an appended byte)
        if sl == tl { return equal(t + k + 1, s + k + 1, tl - k - 1) }  // substitution at k
        if sl < tl { return equal(t + k + 1, s + k, tl - k - 1) }  // s lacks t[k]
        // s has an extra byte at k; an insertion at either end does not count.
        return k > 0 && equal(t + k, s + k + 1, tl - k)
    }

    /// The lowest score over all choices of non-overlapping matches: a shortest path over
    /// positions 0...n where each byte that starts a character costs 1 and each match costs 1.
    static func lowestScore(_ text: UnsafeBufferPointer<UInt8>, _ matches: MatchList) -> Int {
        let n = text.count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: n + 1) { best in
            best[0] = 0
            for end in 1...n {
                var value = best[end - 1] + (text[end - 1] & 0xC0 == 0x80 ? 0 : 1)
                for m in 0..<matches.count {
                    let packed = matches.storage[m]
                    if Int(packed & 0xFFFF) == end {
                        value = min(value, best[Int(packed >> 16)] + 1)
                    }
                }
                best[end] = value
            }
            return Int(best[n])
        }
    }
}

/// Byte tables for the per-byte loops, built once and never freed.
private final class PasswordTables: @unchecked Sendable {
    /// Class bits of every byte: ``lowercase`` ... ``symbol`` for printable ASCII (space is a
    /// symbol), ``disallowed`` for control bytes and every byte of a non-ASCII character.
    let kinds: UnsafeMutablePointer<UInt8>
    /// ``BannedPasswords/normalize(_:)`` of every byte.
    let fold: UnsafeMutablePointer<UInt8>

    static let lowercase: UInt8 = 1
    static let uppercase: UInt8 = 2
    static let digit: UInt8 = 4
    static let symbol: UInt8 = 8
    static let disallowed: UInt8 = 16

    static let shared = PasswordTables()

    private init() {
        kinds = .allocate(capacity: 256)
        fold = .allocate(capacity: 256)
        for value in 0..<256 {
            let byte = UInt8(value)
            let kind: UInt8
            switch byte {
            case 0x61...0x7A: kind = Self.lowercase
            case 0x41...0x5A: kind = Self.uppercase
            case 0x30...0x39: kind = Self.digit
            case 0x20...0x7E: kind = Self.symbol
            default: kind = Self.disallowed
            }
            kinds[value] = kind
            fold[value] = BannedPasswords.normalize(byte)
        }
    }
}

/// A fixed-capacity list of matches `(start, end)` packed as `start << 16 | end`, in stack
/// memory (512 bytes: `withUnsafeTemporaryAllocation` asks the system about the stack, which
/// allocates, for anything over 1 KiB). Matches past the capacity are dropped: the score can
/// then only be too high, which takes a pathological password.
private struct MatchList {
    static let capacity = 128
    let storage: UnsafeMutablePointer<UInt32>
    private(set) var count = 0

    init(storage: UnsafeMutablePointer<UInt32>) { self.storage = storage }

    @inline(__always)
    mutating func add(_ start: Int, _ end: Int) {
        guard count < Self.capacity else { return }
        storage[count] = UInt32(truncatingIfNeeded: start) << 16 | UInt32(truncatingIfNeeded: end)
        count += 1
    }
}

/// Decoding and describing single characters of a password, for messages that say what class a
/// character is without showing it.
private enum PasswordText {
    /// The scalar starting at byte `i`, and its length in bytes; `nil` and 1 for a byte that
    /// does not start a valid UTF-8 sequence.
    static func decode(_ bytes: UnsafeRawBufferPointer, at i: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            value = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        if i + length > bytes.count { return (nil, 1) }
        for k in 1..<length {
            let byte = bytes[i + k]
            if byte & 0xC0 != 0x80 { return (nil, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, length)
    }

    /// The class of a disallowed character, with an article: "a control character", "a non-ASCII
    /// letter", ...
    static func describe(_ scalar: Unicode.Scalar?) -> String {
        guard let scalar else { return "an invalid UTF-8 byte" }
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return "a line break"
        case 0x09: return "a tab"
        case 0x00..<0x20, 0x7F..<0xA0: return "a control character"
        default: break
        }
        if scalar.properties.isWhitespace { return "a non-ASCII space" }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return "a non-ASCII letter"
        case .decimalNumber, .letterNumber, .otherNumber:
            return "a non-ASCII digit"
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return "a combining mark"
        case .format:
            return "an invisible formatting character"
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
            .modifierSymbol, .otherSymbol:
            return "a non-ASCII symbol"
        default:
            return "a non-ASCII character"
        }
    }

    /// The number of scalars in `bytes[range]`.
    static func scalarCount(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
        var n = 0
        for i in range where bytes[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// PWD006 on a normalized password: the local part, or a piece of it between `.`, `-` or
    /// `_` (only when there is such a separator), of at least 4 characters.
    ///
    /// A text that contains the whole local part contains each of its pieces, so the whole is
    /// searched only when no piece is long enough.
    static func containsName(
        _ text: UnsafeBufferPointer<UInt8>, localPart: UnsafeRawBufferPointer, fold: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        let length = localPart.count
        let minimum = PasswordRules.minimumNameLength
        var start = 0
        var longPieces = 0
        for i in 0...length {
            if i == length || localPart[i] == 0x2E || localPart[i] == 0x2D || localPart[i] == 0x5F {
                if scalarCount(localPart, start..<i) >= minimum {
                    longPieces += 1
                    if contains(text, localPart, start..<i, fold) { return true }
                }
                start = i + 1
            }
        }
        return longPieces == 0 && scalarCount(localPart, 0..<length) >= minimum
            && contains(text, localPart, 0..<length, fold)
    }

    /// Whether the normalized `text` contains `needle[range]` once normalized.
    private static func contains(
        _ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafeRawBufferPointer, _ range: Range<Int>,
        _ fold: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        let m = range.count
        let n = text.count
        if m == 0 || m > n { return false }
        let low = range.lowerBound
        let first = fold[Int(needle[low])]
        outer: for i in 0...(n - m) where text[i] == first {
            for k in 1..<m where text[i + k] != fold[Int(needle[low + k])] { continue outer }
            return true
        }
        return false
    }

    /// Calls `body` with the UTF-8 bytes of `text`, or an empty buffer for `nil`; without
    /// copying for native strings.
    static func withUTF8<R>(of text: String?, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard let text else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

/// A 64-bit digest of the exact bytes of a password, so that PWD007 can count shared passwords
/// without keeping them.
///
/// The hash is non-cryptographic and written here: the length seeds the state, each 8-byte
/// little-endian word (the last one zero-padded) is xored in and mixed with a multiply-xorshift
/// round, and a final avalanche (the MurMur3 64-bit finalizer constants) spreads every input
/// bit over the result. For a million distinct passwords the chance of any collision is about
/// 3 in 100 million. A digest is still derived from a secret: never print, log or store it.
struct PasswordDigest: Hashable, Sendable {
    /// The 64-bit value.
    let value: UInt64

    /// The digest of `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: The exact bytes of the password.
    ///   - seed: Mixed into the state; a per-run random seed keeps digests from being comparable
    ///     across runs.
    /// - Complexity: O(*n*); no allocation.
    init(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) {
        let count = bytes.count
        var h = seed ^ 0x243F_6A88_85A3_08D3 ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        while i + 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = Self.round(h ^ word)
            i += 8
        }
        if i < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                word |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = Self.round(h ^ word)
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        value = h
    }

    @inline(__always)
    private static func round(_ x: UInt64) -> UInt64 {
        var x = x &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        x &*= 0x94D0_49BB_1331_11EB
        return x ^ (x >> 32)
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
