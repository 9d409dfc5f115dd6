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
        let count = password.count
        if count == 0 { return [] }

        // One pass: length in scalars, classes, disallowed characters, whitespace at the ends.
        var scalars = 0
        var classes: UInt8 = 0  // 1 lowercase, 2 uppercase, 4 digit, 8 symbol
        var firstBad = -1
        var firstBadByte = -1
        var badCount = 0
        var leadingSpace = false
        var trailingRunStart = -1
        var i = 0
        while i < count {
            let byte = password[i]
            let isSpace: Bool
            if byte < 0x80 {
                switch byte {
                case 0x61...0x7A: classes |= 1
                case 0x41...0x5A: classes |= 2
                case 0x30...0x39: classes |= 4
                case 0x20...0x7E: classes |= 8
                default:
                    if firstBad < 0 {
                        firstBad = scalars
                        firstBadByte = i
                    }
                    badCount += 1
                }
                isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
                i += 1
            } else {
                let (scalar, length) = PasswordText.decode(password, at: i)
                if firstBad < 0 {
                    firstBad = scalars
                    firstBadByte = i
                }
                badCount += 1
                isSpace = scalar?.properties.isWhitespace ?? false
                i += length
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
        if let score = banned.score(of: password, tenant: tenant), score < minimumScore {
            findings.append(
                PasswordFinding(
                    code: "PWD005",
                    message: "the password is built on a common or banned word (score \(score), at least \(minimumScore) needed)",
                    help: "Microsoft Entra rejects such passwords; choose one without common words, names or years",
                    scalarOffset: 0))
        }
        if let localPart, containsName(password, localPart: localPart) {
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
    /// `_`, of at least ``minimumNameLength`` characters, both normalized as for PWD005.
    ///
    /// - Complexity: O(*n* × *m*) for a password of *n* and a local part of *m* bytes; no
    ///   allocation.
    static func containsName(_ password: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer) -> Bool {
        let length = localPart.count
        if length < minimumNameLength || password.count < minimumNameLength { return false }
        if PasswordText.scalarCount(localPart, 0..<length) >= minimumNameLength,
            PasswordText.containsNormalized(password, localPart, 0..<length)
        {
            return true
        }
        var start = 0
        var sawSeparator = false
        for i in 0...length {
            if i == length || localPart[i] == 0x2E || localPart[i] == 0x2D || localPart[i] == 0x5F {
                if i < length { sawSeparator = true }
                if sawSeparator, PasswordText.scalarCount(localPart, start..<i) >= minimumNameLength,
                    PasswordText.containsNormalized(password, localPart, start..<i)
                {
                    return true
                }
                start = i + 1
            }
        }
        return false
    }
}

/// The banned and common passwords behind PWD005, normalized and indexed for fast matching.
///
/// **Normalization** (as Microsoft Entra Password Protection does): ASCII letters are lowercased,
/// then `0`->`o`, `1`->`l`, `$`->`s`, `@`->`a`, `3`->`e`, `5`->`s`, `7`->`t`, `4`->`a`. Each byte
/// maps to one byte, so positions are kept. Terms are lowercased with Unicode rules at
/// construction; passwords are folded for ASCII only (non-ASCII characters are PWD003 anyway).
///
/// **Matching**: a term of 4 or more bytes matches any substring of the normalized password
/// within one edit: one substitution, one deletion (anywhere, so a truncated word matches), or
/// one insertion *between* two of the term's characters. An insertion before or after the term
/// is not an edit of it: the term is found as it is and the neighbour counts as another
/// character (otherwise every match would swallow a character for free). Terms of 3 bytes match
/// exactly (one edit on them would match almost any pair of characters); shorter ones are
/// ignored. Lengths are in bytes, which are characters for ASCII terms. The
/// tenant name passed to ``score(of:tenant:)`` is one more term under the same rules. A year
/// from 1900 to 2099 (four digits of the password as given) counts as one more banned term:
/// `Summer2024!` is the most common password pattern and Entra's global list rejects it.
///
/// **Index**: with one edit, a term `t = a + b` (halves of at least 2 characters each) keeps
/// either `a` intact at the start of the matching substring or `b` intact at its end. So every
/// match begins with the term's first two characters or ends with its last two. Terms are
/// grouped by their first pair and by their last pair; at each position of the password one
/// table lookup on the pair there yields the few terms to try (usually none), each tried with
/// the substring starting there (prefix group) or ending after the pair (suffix group).
///
/// **Score** (Entra's rule): each banned term found scores 1 point, each other character 1
/// point; the password passes with 5 points or more. Matches may overlap, so the score is the
/// lowest over all choices of non-overlapping matches, found by a shortest-path pass over the
/// positions. A password needs at most 4 matches and 4 other characters to score under 5, so one
/// longer than `4 × (longest term + 1)` bytes passes without being searched.
struct BannedPasswords: Sendable {
    /// The normalized terms, concatenated.
    private let termBytes: [UInt8]
    /// Term `k` is `termBytes[termStarts[k]..<termStarts[k + 1]]`.
    private let termStarts: [Int32]
    /// A small code for each byte that starts or ends a term (0: none), to index the pair tables.
    private let pairCodes: [UInt8]
    /// The number of pair codes, including 0.
    private let codeCount: Int
    /// Terms grouped by their first two bytes: pair `p`'s terms are
    /// `prefixTerms[prefixStarts[p]..<prefixStarts[p + 1]]`.
    private let prefixStarts: [Int32]
    private let prefixTerms: [Int32]
    /// Terms of 4 or more bytes grouped by their last two bytes, like the prefix tables.
    private let suffixStarts: [Int32]
    private let suffixTerms: [Int32]
    /// The longest term, in bytes.
    let maxTermLength: Int

    /// The shortest term that is matched at all, in bytes.
    static let minimumTermLength = 3
    /// The shortest term that is matched with one edit allowed, in bytes.
    static let minimumFuzzyLength = 4

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

        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        for term in sorted {
            bytes += term
            starts.append(Int32(bytes.count))
        }
        // Pair codes for every byte at a term's ends.
        var codes = [UInt8](repeating: 0, count: 256)
        var next = 1
        for term in sorted {
            for byte in [term[0], term[1], term[term.count - 2], term[term.count - 1]] where codes[Int(byte)] == 0 {
                codes[Int(byte)] = UInt8(next)
                next += 1
            }
        }
        // next <= 1 + 4 × terms, but at most 256 distinct bytes.
        let width = next
        func group(_ key: ([UInt8]) -> Int?) -> ([Int32], [Int32]) {
            var buckets = [[Int32]](repeating: [], count: width * width)
            for (k, term) in sorted.enumerated() {
                if let pair = key(term) { buckets[pair].append(Int32(k)) }
            }
            var offsets: [Int32] = [0]
            var members: [Int32] = []
            for bucket in buckets {
                members += bucket
                offsets.append(Int32(members.count))
            }
            return (offsets, members)
        }
        let (prefixStarts, prefixTerms) = group { term in
            Int(codes[Int(term[0])]) * width + Int(codes[Int(term[1])])
        }
        let (suffixStarts, suffixTerms) = group { term in
            guard term.count >= Self.minimumFuzzyLength else { return nil }
            return Int(codes[Int(term[term.count - 2])]) * width + Int(codes[Int(term[term.count - 1])])
        }
        self.termBytes = bytes
        self.termStarts = starts
        self.pairCodes = codes
        self.codeCount = width
        self.prefixStarts = prefixStarts
        self.prefixTerms = prefixTerms
        self.suffixStarts = suffixStarts
        self.suffixTerms = suffixTerms
        self.maxTermLength = sorted.map(\.count).max() ?? 0
    }

    /// The number of distinct normalized terms.
    var count: Int { termStarts.count - 1 }

    /// The normalized form of one byte (see the type's documentation).
    @inline(__always)
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
    ///     than 3 characters).
    /// - Returns: The lowest score (1 per banned term, 1 per other character) over all choices
    ///   of non-overlapping matches, or `nil` when no banned term occurs (or the password is too
    ///   long to score under 5). The password passes when the result is `nil` or at least 5.
    /// - Complexity: O(*n*) table lookups for *n* bytes, plus O(*L*) per candidate term; no heap
    ///   allocation for passwords and tenant names of ordinary length.
    func score(of password: UnsafeRawBufferPointer, tenant: String?) -> Int? {
        guard let tenant, tenant.utf8.count >= Self.minimumTermLength else {
            return score(of: password, tenant: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        if let result = tenant.utf8.withContiguousStorageIfAvailable({
            score(of: password, tenant: UnsafeRawBufferPointer($0))
        }) {
            return result
        }
        var copy = tenant
        return copy.withUTF8 { score(of: password, tenant: UnsafeRawBufferPointer($0)) }
    }

    /// ``score(of:tenant:)`` with the tenant name as UTF-8 bytes (not yet normalized; empty for
    /// none).
    func score(of password: UnsafeRawBufferPointer, tenant: UnsafeRawBufferPointer) -> Int? {
        let count = password.count
        let tenantLength = tenant.count >= Self.minimumTermLength ? tenant.count : 0
        let longest = max(maxTermLength, tenantLength, 4)
        if count < 2 || count > 4 * (longest + 1) { return nil }

        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + tenantLength) { buffer in
            let base = buffer.baseAddress!
            for i in 0..<count { base[i] = Self.normalize(password[i]) }
            let text = UnsafeBufferPointer(start: base, count: count)
            for i in 0..<tenantLength { base[count + i] = Self.normalize(tenant[i]) }
            let tenantTerm = UnsafeBufferPointer(start: base + count, count: tenantLength)

            return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: MatchList.capacity) { storage in
                var matches = MatchList(storage: storage.baseAddress!)
                termBytes.withUnsafeBufferPointer { terms in
                    findTerms(in: text, terms: terms.baseAddress!, into: &matches)
                }
                if tenantLength > 0 { Self.findTerm(tenantTerm, in: text, into: &matches) }
                Self.findYears(in: password, into: &matches)
                if matches.count == 0 { return nil }
                return Self.lowestScore(text, matches)
            }
        }
    }

    /// Collects the matches of the indexed terms.
    private func findTerms(in text: UnsafeBufferPointer<UInt8>, terms: UnsafePointer<UInt8>, into matches: inout MatchList) {
        let n = text.count
        let width = codeCount
        for i in 0..<(n - 1) {
            let first = Int(pairCodes[Int(text[i])])
            if first == 0 { continue }
            let second = Int(pairCodes[Int(text[i + 1])])
            if second == 0 { continue }
            let pair = first * width + second
            // Terms starting with this pair: substrings starting at i.
            var k = Int(prefixStarts[pair])
            var end = Int(prefixStarts[pair + 1])
            while k < end {
                let term = Int(prefixTerms[k])
                let start = Int(termStarts[term])
                let length = Int(termStarts[term + 1]) - start
                Self.matchAt(i, term: terms + start, length: length, in: text, into: &matches)
                k += 1
            }
            // Terms ending with this pair: substrings ending at i + 2.
            k = Int(suffixStarts[pair])
            end = Int(suffixStarts[pair + 1])
            while k < end {
                let term = Int(suffixTerms[k])
                let start = Int(termStarts[term])
                let length = Int(termStarts[term + 1]) - start
                Self.matchEndingAt(i + 2, term: terms + start, length: length, in: text, into: &matches)
                k += 1
            }
        }
    }

    /// Collects the matches of one term that is not indexed (the tenant name).
    private static func findTerm(_ term: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, into matches: inout MatchList) {
        let length = term.count
        let n = text.count
        let base = term.baseAddress!
        for i in 0..<(n - 1) {
            if text[i] == term[0] && text[i + 1] == term[1] {
                matchAt(i, term: base, length: length, in: text, into: &matches)
            }
            if length >= minimumFuzzyLength && text[i] == term[length - 2] && text[i + 1] == term[length - 1] {
                matchEndingAt(i + 2, term: base, length: length, in: text, into: &matches)
            }
        }
    }

    /// Years 1900-2099, on the password as given (normalization turns digits into letters).
    private static func findYears(in password: UnsafeRawBufferPointer, into matches: inout MatchList) {
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

    /// Tries a term against the substrings starting at `start` of its length and, for fuzzy
    /// terms, one byte shorter and longer.
    @inline(__always)
    private static func matchAt(
        _ start: Int, term: UnsafePointer<UInt8>, length: Int, in text: UnsafeBufferPointer<UInt8>,
        into matches: inout MatchList
    ) {
        let available = text.count - start
        let s = text.baseAddress! + start
        if length < minimumFuzzyLength {
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
    /// `tl` or `tl + 1`.
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
    private static func lowestScore(_ text: UnsafeBufferPointer<UInt8>, _ matches: MatchList) -> Int {
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

/// A fixed-capacity list of matches `(start, end)` packed as `start << 16 | end`, in stack
/// memory. Matches past the capacity are dropped: the score can then only be too high, and a
/// password with that many matches is far longer than any that could score under 5.
private struct MatchList {
    static let capacity = 512
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

    /// Whether the normalized `haystack` contains the normalized `needle[range]`.
    static func containsNormalized(
        _ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer, _ range: Range<Int>
    ) -> Bool {
        let m = range.count
        let n = haystack.count
        if m == 0 || m > n { return false }
        let first = BannedPasswords.normalize(needle[range.lowerBound])
        outer: for i in 0...(n - m) where BannedPasswords.normalize(haystack[i]) == first {
            for k in 1..<m
            where BannedPasswords.normalize(haystack[i + k]) != BannedPasswords.normalize(needle[range.lowerBound + k]) {
                continue outer
            }
            return true
        }
        return false
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
