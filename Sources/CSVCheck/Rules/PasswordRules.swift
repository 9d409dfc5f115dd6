// The Microsoft 365 password policy for the Password column of a staged batch (PWD001-PWD006),
// the banned-password list behind PWD005, and the digest behind PWD007.
//
// A password is a secret: no message or help built here contains the password or any part of
// it. Problems are described by position (1-based character index), character class, length
// and score only.

/// One problem with a Password value, found by
/// ``PasswordRules/check(password:localPart:tenant:banned:)``: codes PWD001 to PWD006; the message
/// never contains the password or any part of it.
typealias PasswordFinding = ValueFinding

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
    /// - Complexity: O(*n*) for a password of *n* bytes plus the banned-term matching, which
    ///   runs only where the trigram prefilter of ``BannedPasswords`` finds a candidate; no
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
        if count <= fastPathLength {
            // The common case, printable ASCII of ordinary length: one pass over the bytes takes
            // the classes and the normalized copy that the banned-term and name checks search.
            let index = banned.index
            let foldAndKind = index.foldAndKind
            let trigrams = index.trigrams
            let tenantLength = tenant.count >= BannedPasswords.minimumTermLength ? tenant.count : 0
            let (first, last) = index.tenantAnchors(tenant, tenantLength)
            let raw = password.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fastPathLength + BannedPasswords.padding) {
                buffer in
                let text = buffer.baseAddress!
                // One pass: the classes, the normalized copy, and BannedIndex.scan on a rolling
                // register (the windows that reach before the first byte hold zeros; they can
                // only add candidates, which are verified).
                var both: UInt32 = 0  // the class bits, in the second byte
                var rolling: UInt32 = 0  // the last normalized bytes, the latest in the top byte
                var hit: UInt64 = 0
                var windows: UInt64 = 0
                for i in 0..<count {
                    let entry = UInt32(foldAndKind[Int(raw[i])])
                    both |= entry
                    text[i] = UInt8(truncatingIfNeeded: entry)
                    rolling = rolling >> 8 | entry << 24
                    let product = BannedIndex.trigramProduct(rolling >> 8)
                    let bit = BannedIndex.trigramBit(product: product)
                    hit |= trigrams[bit >> 6] >> UInt64(bit & 63)
                    windows |= BannedIndex.windowBits(product: product)
                }
                let classes = UInt8(truncatingIfNeeded: both >> 8)
                if classes & PasswordTables.disallowed != 0 {
                    return checkScanning(password: password, localPart: localPart, tenant: tenant, banned: banned)
                }
                BannedPasswords.zeroPadding(text + count)
                // Printable ASCII: one scalar per byte, no PWD003, and space is the only whitespace.
                var trailingRunStart = -1
                if raw[count - 1] == 0x20 {
                    var start = count - 1
                    while start > 0 && raw[start - 1] == 0x20 { start -= 1 }
                    trailingRunStart = start
                }
                // Without a window in `trigrams`, only the tenant's anchors can make a candidate:
                // the Bloom filter's guess is confirmed on the windows themselves, which is much
                // cheaper than the search it would otherwise start.
                let candidates =
                    hit & 1 != 0
                    || (BannedIndex.mayHold(windows, first, last) && BannedIndex.hasWindow(text, count, first, last))
                let evaluation = banned.evaluate(
                    folded: text, count: count, password: password, tenant: tenant, tenantLength: tenantLength,
                    localPart: localPart, candidates: candidates, first: first, last: last, windows: windows)
                return findings(
                    password: password, scalars: count, classes: classes, firstBad: -1, firstBadByte: -1, badCount: 0,
                    leadingSpace: raw[0] == 0x20, trailingRunStart: trailingRunStart, score: evaluation.score,
                    hasName: evaluation.containsName)
            }
        }
        return checkScanning(password: password, localPart: localPart, tenant: tenant, banned: banned)
    }

    /// The longest password that ``check(password:localPart:tenant:banned:)-(_,_,UnsafeRawBufferPointer,_)``
    /// handles in its fast path (printable ASCII normalized into a stack buffer).
    private static let fastPathLength = 64

    /// The general path of ``check(password:localPart:tenant:banned:)-(_,_,UnsafeRawBufferPointer,_)``:
    /// any length, control characters and UTF-8.
    private static func checkScanning(
        password: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer?, tenant: UnsafeRawBufferPointer,
        banned: BannedPasswords
    ) -> [PasswordFinding] {
        let count = password.count
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

        let (score, hasName) = banned.evaluate(password, tenant: tenant, localPart: localPart)
        return findings(
            password: password, scalars: scalars, classes: classes, firstBad: firstBad, firstBadByte: firstBadByte,
            badCount: badCount, leadingSpace: leadingSpace, trailingRunStart: trailingRunStart, score: score,
            hasName: hasName)
    }

    /// The findings of one password, in code order, from what its scan and evaluation found.
    @inline(__always)
    private static func findings(
        password: UnsafeRawBufferPointer, scalars: Int, classes: UInt8, firstBad: Int, firstBadByte: Int,
        badCount: Int, leadingSpace: Bool, trailingRunStart: Int, score: Int?, hasName: Bool
    ) -> [PasswordFinding] {
        var findings: [PasswordFinding] = []
        if scalars < minimumLength || scalars > maximumLength {
            findings.append(
                PasswordFinding(
                    code: "PWD001",
                    message: "the password has \(scalars) characters; Microsoft 365 requires \(minimumLength) to \(maximumLength)",
                    help: scalars < minimumLength ? "use at least \(minimumLength) characters" : "use at most \(maximumLength) characters",
                    scalarOffset: scalars < minimumLength ? 0 : maximumLength))
        }
        let classCount = (classes & 0x0F).nonzeroBitCount
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
/// **Prefilter**: splitting the other way (`a` of at least 3 characters at the start, or `b` of
/// at least 3 at the end) shows that every match begins with the term's first three bytes or,
/// for a fuzzy term, ends with its last three; a year begins with the normalized `19` or `20`
/// and a digit. These anchors are kept in a 65,536-bit set of hashed trigrams, which one
/// branch-free pass over the password's 3-byte windows consults (the same pass that normalizes
/// the password, in ``PasswordRules/check(password:localPart:tenant:banned:)-(_,_,UnsafeRawBufferPointer,_)``).
/// The few windows it lets through are tried against the terms anchored there; only a password
/// with an actual match is then searched and scored as above, so the list of matches, its order
/// and the score are those of the full search. The same pass fills a 64-bit Bloom filter of the
/// windows, which rules out most tenant-name anchors and most PWD006 pieces without a search.
///
/// **Score** (Entra's rule): each banned term found scores 1 point, each other character 1
/// point; the password passes with 5 points or more. Matches may overlap, so the score is the
/// lowest over all choices of non-overlapping matches, found by a shortest-path pass over the
/// positions. A password needs at most 4 matches and 4 other characters to score under 5, so one
/// longer than `4 × (longest term + 1)` bytes passes without being searched.
struct BannedPasswords: Sendable {
    /// The tables, shared by copies (immutable after construction).
    fileprivate let index: BannedIndex
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

    /// The bytes after a normalized text that the word-at-a-time loops may read.
    static let padding = 8

    /// Zeroes the ``padding`` bytes at `end`.
    @inline(__always)
    static func zeroPadding(_ end: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(end).storeBytes(of: 0, as: UInt64.self)
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
        let scan = index.scan(text, count, first: first, last: last)
        return evaluate(
            folded: text, count: count, password: password, tenant: tenant, tenantLength: tenantLength,
            localPart: localPart, candidates: scan.candidates, first: first, last: last, windows: scan.windows)
    }

    /// The end of ``evaluate(folded:count:password:tenant:localPart:)``, after the scan of the
    /// windows (``BannedIndex/scan(_:_:first:last:)``) found `candidates` and `windows`.
    ///
    /// Most passwords hold no banned term, so the matching is guarded by a cheap proof that
    /// nothing can match (see the type's documentation); only the passwords it cannot clear are
    /// searched and scored.
    @inline(__always)
    func evaluate(
        folded text: UnsafeMutablePointer<UInt8>, count: Int, password: UnsafeRawBufferPointer,
        tenant: UnsafeRawBufferPointer, tenantLength: Int, localPart: UnsafeRawBufferPointer?, candidates: Bool,
        first: UInt32, last: UInt32, windows: UInt64
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
            containsName = PasswordText.containsName(
                UnsafeBufferPointer(start: text, count: count), localPart: localPart, fold: index.fold, windows: windows)
        }
        return (score, containsName)
    }
}

/// The normalized terms and the tables that find them (see ``BannedPasswords``).
///
/// Immutable after `init`, hence safe to share between threads; raw pointers keep bounds checks
/// and reference counting out of the per-byte loop.
private final class BannedIndex: @unchecked Sendable {
    /// The normalization of every byte (``PasswordTables/fold``).
    let fold: UnsafeMutablePointer<UInt8>
    /// ``PasswordTables/foldAndKind``.
    let foldAndKind: UnsafeMutablePointer<UInt16>
    /// A 65,536-bit set of hashed trigrams (``trigramBit(_:)``): the first three bytes of every
    /// term and the last three of every fuzzy term. Every match covers one of them (see
    /// ``BannedPasswords``), so a password none of whose trigrams is in the set has no match.
    let trigrams: UnsafeMutablePointer<UInt64>
    /// The anchors behind the bits of ``trigrams`` word `w` are
    /// `anchorTerms[anchorStarts[w]..<anchorStarts[w + 1]]`, with their trigrams in
    /// `anchorTrigrams`; an anchor is packed as in ``entries``.
    let anchorStarts: UnsafeMutablePointer<Int32>
    let anchorTrigrams: UnsafeMutablePointer<UInt32>
    let anchorTerms: UnsafeMutablePointer<UInt64>
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
        fold = PasswordTables.shared.fold
        foldAndKind = PasswordTables.shared.foldAndKind
        let words = 1 << (Self.trigramBits - 6)
        let trigramSet = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        trigramSet.initialize(repeating: 0, count: words)
        trigrams = trigramSet
        // The anchors in insertion order, then grouped by their word of `trigrams` with a stable
        // counting sort (one array, where an array per word would allocate hundreds of times).
        var found: [(word: Int, trigram: UInt32, entry: UInt64)] = []
        found.reserveCapacity(2 * sorted.count + 20)
        func addAnchor(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ entry: UInt64) {
            let trigram = UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16
            let bit = Self.trigramBit(trigram)
            trigramSet[bit >> 6] |= 1 << UInt64(bit & 63)
            found.append((bit >> 6, trigram, entry))
        }
        var offset = 0
        for term in sorted {
            let length = term.count
            let packed = UInt64(offset) << 32 | UInt64(length) << 1
            offset += length
            addAnchor(term[0], term[1], term[2], packed)
            if length >= BannedPasswords.minimumFuzzyLength {
                addAnchor(term[length - 3], term[length - 2], term[length - 1], packed | 1)
            }
        }
        // Years: the normalized "19" or "20" and a digit.
        let fold = PasswordTables.shared.fold
        for (tens, units) in [(UInt8(ascii: "1"), UInt8(ascii: "9")), (UInt8(ascii: "2"), UInt8(ascii: "0"))] {
            for digit in UInt8(ascii: "0")...UInt8(ascii: "9") {
                addAnchor(fold[Int(tens)], fold[Int(units)], fold[Int(digit)], Self.yearAnchor)
            }
        }
        anchorStarts = .allocate(capacity: words + 1)
        anchorTrigrams = .allocate(capacity: max(found.count, 1))
        anchorTerms = .allocate(capacity: max(found.count, 1))
        let (trigramSlots, termSlots) = (anchorTrigrams, anchorTerms)
        groupStably(found, groups: words, by: { $0.word }, starts: anchorStarts) { anchor, slot in
            trigramSlots[slot] = anchor.trigram
            termSlots[slot] = anchor.entry
        }
        var codes = [UInt8](repeating: 0, count: 256)
        var next = 1
        func assignCode(_ byte: UInt8) {
            if codes[Int(byte)] == 0 {
                codes[Int(byte)] = UInt8(next)
                next += 1
            }
        }
        for term in sorted {
            assignCode(term[0])
            assignCode(term[1])
            assignCode(term[term.count - 2])
            assignCode(term[term.count - 1])
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

        let pairSet = UnsafeMutablePointer<UInt64>.allocate(capacity: 1024)
        pairSet.initialize(repeating: 0, count: 1024)
        usedPairs = pairSet
        let pairWidth = next
        // The candidates in insertion order, then grouped by pair with a stable counting sort.
        var candidates: [(pair: Int, entry: UInt64)] = []
        candidates.reserveCapacity(2 * sorted.count)
        func addCandidate(_ first: UInt8, _ second: UInt8, _ entry: UInt64) {
            candidates.append((Int(codes[Int(first)]) * pairWidth + Int(codes[Int(second)]), entry))
            let bytePair = Int(first) << 8 | Int(second)
            pairSet[bytePair >> 6] |= 1 << UInt64(bytePair & 63)
        }
        for (k, term) in sorted.enumerated() {
            let length = term.count
            let packed = UInt64(offsets[k]) << 32 | UInt64(length) << 1
            addCandidate(term[0], term[1], packed)
            if length >= BannedPasswords.minimumFuzzyLength {
                addCandidate(term[length - 2], term[length - 1], packed | 1)
            }
        }
        let pairCount = pairWidth * pairWidth
        entryCount = max(candidates.count, 1)
        entries = .allocate(capacity: entryCount)
        groupStarts = .allocate(capacity: pairCount + 1)
        let entrySlots = entries
        groupStably(candidates, groups: pairCount, by: { $0.pair }, starts: groupStarts) { candidate, slot in
            (entrySlots + slot).initialize(to: candidate.entry)
        }
    }

    deinit {
        trigrams.deallocate()
        anchorStarts.deallocate()
        anchorTrigrams.deallocate()
        anchorTerms.deallocate()
        pairCodes.deallocate()
        usedPairs.deallocate()
        groupStarts.deallocate()
        entries.deallocate()
        terms.deallocate()
    }

    /// The size of the trigram set, as a power of two.
    static let trigramBits = 16

    /// The bit of a trigram `first | second << 8 | third << 16` in ``trigrams``.
    @inline(__always)
    static func trigramBit(_ trigram: UInt32) -> Int { trigramBit(product: trigramProduct(trigram)) }

    /// ``trigramBit(_:)`` from the trigram's ``trigramProduct(_:)``.
    @inline(__always)
    static func trigramBit(product: UInt32) -> Int { Int(truncatingIfNeeded: product >> UInt32(32 - trigramBits)) }

    /// The tenant name's anchors for ``scan(_:_:first:last:)``: its first three normalized bytes
    /// and, when it is fuzzy, its last three (else the first again), as `b0 | b1 << 8 | b2 << 16`;
    /// a value no window has (`UInt32.max`) without a tenant name (`tenantLength` 0).
    @inline(__always)
    func tenantAnchors(_ tenant: UnsafeRawBufferPointer, _ tenantLength: Int) -> (first: UInt32, last: UInt32) {
        if tenantLength == 0 { return (.max, .max) }
        let fold = self.fold
        let first = UInt32(fold[Int(tenant[0])]) | UInt32(fold[Int(tenant[1])]) << 8 | UInt32(fold[Int(tenant[2])]) << 16
        if tenantLength < BannedPasswords.minimumFuzzyLength { return (first, first) }
        let last =
            UInt32(fold[Int(tenant[tenantLength - 3])]) | UInt32(fold[Int(tenant[tenantLength - 2])]) << 8
            | UInt32(fold[Int(tenant[tenantLength - 1])]) << 16
        return (first, last)
    }

    /// One branch-free pass over the 3-byte windows of the normalized `text` (`n` bytes).
    ///
    /// - Returns: `candidates`: whether a window is in ``trigrams`` or may equal one of the
    ///   tenant's anchors `first` and `last` (``tenantAnchors(_:_:)``). Without candidates no
    ///   term, tenant name or year occurs: every match of a term or of the tenant name starts
    ///   with the term's first three bytes or, for a fuzzy term, ends with its last three, and a
    ///   year starts with the normalized `19` or `20` and a digit. With candidates,
    ///   ``anyMatch(_:_:password:tenant:tenantLength:first:last:)`` tells. `windows`: a 64-bit
    ///   Bloom filter of the windows (``windowBits(product:)``), for the tenant's anchors and
    ///   PWD006.
    @inline(__always)
    func scan(_ text: UnsafeMutablePointer<UInt8>, _ n: Int, first: UInt32, last: UInt32) -> (candidates: Bool, windows: UInt64) {
        if n < 3 { return (false, 0) }
        let trigrams = self.trigrams
        var rolling: UInt32 = 0
        var hit: UInt64 = 0
        var windows: UInt64 = 0
        for i in 0..<n {
            rolling = rolling >> 8 | UInt32(text[i]) << 24
            let product = Self.trigramProduct(rolling >> 8)
            let bit = Self.trigramBit(product: product)
            hit |= trigrams[bit >> 6] >> UInt64(bit & 63)
            windows |= Self.windowBits(product: product)
        }
        return (hit & 1 != 0 || Self.mayHold(windows, first, last), windows)
    }

    /// The hash of a trigram `b0 | b1 << 8 | b2 << 16`, behind ``trigramBit(product:)`` and
    /// ``windowBits(product:)``.
    @inline(__always)
    static func trigramProduct(_ trigram: UInt32) -> UInt32 { trigram &* 0x9E37_79B1 }

    /// The two bits of a trigram in a 64-bit Bloom filter of windows (``scan(_:_:first:last:)``).
    @inline(__always)
    static func windowBits(product: UInt32) -> UInt64 {
        1 << UInt64((product >> 4) & 63) | 1 << UInt64((product >> 10) & 63)
    }

    /// Whether the Bloom filter `windows` may hold the trigram `first` or `last`
    /// (``tenantAnchors(_:_:)``; `UInt32.max` for none).
    @inline(__always)
    static func mayHold(_ windows: UInt64, _ first: UInt32, _ last: UInt32) -> Bool {
        if first == .max { return false }
        let a = windowBits(product: trigramProduct(first))
        let b = windowBits(product: trigramProduct(last))
        return windows & a == a || windows & b == b
    }

    /// Whether a 3-byte window of the normalized `text` (`n` bytes, followed by readable
    /// padding) is `first` or `last`: exactly what ``mayHold(_:_:_:)`` guesses.
    @inline(__always)
    static func hasWindow(_ text: UnsafePointer<UInt8>, _ n: Int, _ first: UInt32, _ last: UInt32) -> Bool {
        if n < 3 { return false }
        let bytes = UnsafeRawPointer(text)
        for i in 0...(n - 3) {
            let window = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian & 0xFF_FFFF
            if window == first || window == last { return true }
        }
        return false
    }

    /// The packed anchor of a year (``anchorTerms``): no term has this offset and length.
    private static let yearAnchor = UInt64.max

    /// Whether a term, the tenant name or a year matches the normalized `text` anywhere: each
    /// 3-byte window found in ``trigrams`` (or equal to the tenant's `first` or `last` three
    /// normalized bytes) is tried against what is anchored there; the first match ends the
    /// search.
    func anyMatch(
        _ text: UnsafeMutablePointer<UInt8>, _ n: Int, password: UnsafeRawBufferPointer, tenant: UnsafeRawBufferPointer,
        tenantLength: Int, first: UInt32, last: UInt32
    ) -> Bool {
        if n < 3 { return false }  // every term, tenant name and year is longer
        let buffer = UnsafeBufferPointer(start: text, count: n)
        let bytes = UnsafeRawPointer(text)
        var tenantHit = false
        let trigrams = self.trigrams
        // A tight loop over the windows; the rare window in `trigrams` is tried in a separate
        // function, so that the loop keeps its values in registers.
        for i in 0...(n - 3) {
            let window = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian & 0xFF_FFFF
            if window == first || window == last { tenantHit = true }
            let bit = Self.trigramBit(window)
            if trigrams[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { continue }
            if anchorsMatch(at: i, window: window, bit: bit, buffer, password: password) { return true }
        }
        guard tenantHit else { return false }
        let fold = self.fold
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: tenantLength) { folded in
            let term = folded.baseAddress!
            for i in 0..<tenantLength { term[i] = fold[Int(tenant[i])] }
            let fuzzy = tenantLength >= BannedPasswords.minimumFuzzyLength
            for i in 0...(n - 3) {
                let window = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian & 0xFF_FFFF
                if window == first && Self.hasMatch(at: i, term: term, length: tenantLength, in: buffer) { return true }
                if fuzzy && window == last && Self.hasMatch(endingAt: i + 3, term: term, length: tenantLength, in: buffer) {
                    return true
                }
            }
            return false
        }
    }

    /// Whether a term or a year anchored at the trigram `window` (whose bit in ``trigrams`` is
    /// `bit`) matches the normalized `text` at window `i`: the body of
    /// ``anyMatch(_:_:password:tenant:tenantLength:first:last:)``'s loop for a window in
    /// ``trigrams``.
    @inline(never)
    private func anchorsMatch(
        at i: Int, window: UInt32, bit: Int, _ text: UnsafeBufferPointer<UInt8>, password: UnsafeRawBufferPointer
    ) -> Bool {
        let n = text.count
        for k in Int(anchorStarts[bit >> 6])..<Int(anchorStarts[(bit >> 6) + 1]) where anchorTrigrams[k] == window {
            let entry = anchorTerms[k]
            if entry == Self.yearAnchor {
                if i + 4 <= n && Self.isYear(password, at: i) { return true }
                continue
            }
            let term = terms + Int(entry >> 32)
            let length = Int(truncatingIfNeeded: (entry >> 1) & 0x7FFF_FFFF)
            if entry & 1 == 0 {
                if Self.hasMatch(at: i, term: term, length: length, in: text) { return true }
            } else {
                if Self.hasMatch(endingAt: i + 3, term: term, length: length, in: text) { return true }
            }
        }
        return false
    }

    /// The PWD005 score of the normalized `text`: the matches of the terms, of the tenant name
    /// (its first `tenantLength` bytes; 0 for none) and of years, in that order, scored by
    /// ``lowestScore(_:_:)``; `nil` when there is no match.
    func lowestScore(
        _ text: UnsafeMutablePointer<UInt8>, _ count: Int, password: UnsafeRawBufferPointer, tenant: UnsafeRawBufferPointer,
        tenantLength: Int
    ) -> Int? {
        let fold = self.fold
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: tenantLength) { folded in
            let term = folded.baseAddress
            for i in 0..<tenantLength { term![i] = fold[Int(tenant[i])] }
            return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: MatchList.capacity) { storage in
                let text = UnsafeBufferPointer(start: text, count: count)
                var matches = MatchList(storage: storage.baseAddress!)
                findTerms(in: text, into: &matches)
                if tenantLength > 0 {
                    Self.findTerm(term!, tenantLength, in: text, into: &matches)
                }
                Self.findYears(in: password, into: &matches)
                return matches.count == 0 ? nil : Self.lowestScore(text, matches)
            }
        }
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
        for i in 0...(n - 4) where isYear(password, at: i) {
            matches.add(i, i + 4)
        }
    }

    /// Whether `password[i..<(i + 4)]` is a year from 1900 to 2099.
    @inline(__always)
    static func isYear(_ password: UnsafeRawBufferPointer, at i: Int) -> Bool {
        let a = password[i]
        let b = password[i + 1]
        return ((a == 0x31 && b == 0x39) || (a == 0x32 && b == 0x30)) && password[i + 2] &- 0x30 < 10
            && password[i + 3] &- 0x30 < 10
    }

    /// Whether ``matchAt(_:term:length:in:into:)`` would find a match.
    @inline(__always)
    private static func hasMatch(at start: Int, term: UnsafePointer<UInt8>, length: Int, in text: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        let available = text.count - start
        let s = text.baseAddress! + start
        if length < BannedPasswords.minimumFuzzyLength {
            return available >= length && equal(term, s, length)
        }
        for candidate in (length - 1)...(length + 1) where candidate <= available {
            if withinOneEdit(term, length, s, candidate) { return true }
        }
        return false
    }

    /// Whether ``matchEndingAt(_:term:length:in:into:)`` would find a match.
    @inline(__always)
    private static func hasMatch(
        endingAt end: Int, term: UnsafePointer<UInt8>, length: Int, in text: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        for candidate in (length - 1)...(length + 1) where candidate <= end {
            if withinOneEdit(term, length, text.baseAddress! + end - candidate, candidate) { return true }
        }
        return false
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
    /// Both of every byte in one load: `fold | kinds << 8`.
    let foldAndKind: UnsafeMutablePointer<UInt16>

    static let lowercase: UInt8 = 1
    static let uppercase: UInt8 = 2
    static let digit: UInt8 = 4
    static let symbol: UInt8 = 8
    static let disallowed: UInt8 = 16

    static let shared = PasswordTables()

    private init() {
        kinds = .allocate(capacity: 256)
        fold = .allocate(capacity: 256)
        foldAndKind = .allocate(capacity: 256)
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
            foldAndKind[value] = UInt16(fold[value]) | UInt16(kind) << 8
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

    /// PWD006 on a normalized password: the local part, or a piece of it between `.`, `-` or
    /// `_` (only when there is such a separator), of at least 4 characters.
    ///
    /// A text that contains the whole local part contains each of its pieces, so the whole is
    /// searched only when no piece is long enough. Pieces are measured while the separators are
    /// looked for: a piece's characters are its bytes less its UTF-8 continuation bytes.
    static func containsName(
        _ text: UnsafeBufferPointer<UInt8>, localPart: UnsafeRawBufferPointer, fold: UnsafeMutablePointer<UInt8>,
        windows: UInt64
    ) -> Bool {
        let length = localPart.count
        let minimum = PasswordRules.minimumNameLength
        let name = localPart.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if length < 8 || length > 64 { return containsNameBytewise(text, name, length, fold, windows) }
        // ASCII, 8 bytes at a time: a bitmap of the separators, without a branch per byte. The
        // words are read at 0, 8, 16, ... and the last one ends at `length` (it may overlap the
        // one before, which sets the same bits again).
        let raw = UnsafeRawPointer(name)
        let last = length - 8
        var any: UInt64 = 0
        var separators: UInt64 = 0
        if length <= 32 {
            // A fixed four words: no loop exit to mispredict.
            for k in 0..<4 {
                let offset = min(8 * k, last)
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
                any |= word
                separators |= separatorBits(word) << UInt64(offset)
            }
        } else {
            var offset = 0
            while true {
                let word = raw.loadUnaligned(fromByteOffset: min(offset, last), as: UInt64.self).littleEndian
                any |= word
                separators |= separatorBits(word) << UInt64(min(offset, last))
                offset += 8
                if offset >= length { break }
            }
        }
        if any & 0x8080_8080_8080_8080 != 0 { return containsNameBytewise(text, name, length, fold, windows) }
        var start = 0
        var longPieces = 0
        while separators != 0 {
            let i = separators.trailingZeroBitCount
            if i - start >= minimum {
                longPieces += 1
                if contains(text, name + start, i - start, fold, windows) { return true }
            }
            start = i + 1
            separators &= separators &- 1
        }
        // The last piece; without any separator it is the whole local part.
        if length - start >= minimum {
            longPieces += 1
            if contains(text, name + start, length - start, fold, windows) { return true }
        }
        return longPieces == 0 && contains(text, name, length, fold, windows)
    }

    /// The separators `.`, `-` and `_` among the 8 bytes of `word` (little-endian), one bit per
    /// byte; meaningful for ASCII bytes only.
    @inline(__always)
    private static func separatorBits(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let ones: UInt64 = 0x0101_0101_0101_0101
        // A lane's top bit is set after `+ low` exactly when the (ASCII) byte differs from the
        // separator.
        let dot = ((word ^ (0x2E &* ones)) & low) &+ low
        let hyphen = ((word ^ (0x2D &* ones)) & low) &+ low
        let underscore = ((word ^ (0x5F &* ones)) & low) &+ low
        let lanes = ~(dot & hyphen & underscore) & 0x8080_8080_8080_8080
        return ((lanes >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// ``containsName(_:localPart:fold:)`` one byte at a time, for short and non-ASCII local
    /// parts.
    private static func containsNameBytewise(
        _ text: UnsafeBufferPointer<UInt8>, _ name: UnsafePointer<UInt8>, _ length: Int, _ fold: UnsafeMutablePointer<UInt8>,
        _ windows: UInt64
    ) -> Bool {
        let minimum = PasswordRules.minimumNameLength
        var start = 0
        var continuations = 0  // in the current piece
        var allContinuations = 0
        var longPieces = 0
        for i in 0..<length {
            let byte = name[i]
            if byte == 0x2E || byte == 0x2D || byte == 0x5F {
                if i - start - continuations >= minimum {
                    longPieces += 1
                    if contains(text, name + start, i - start, fold, windows) { return true }
                }
                start = i + 1
                continuations = 0
            } else if byte & 0xC0 == 0x80 {
                continuations += 1
                allContinuations += 1
            }
        }
        // The last piece; without any separator it is the whole local part, searched below.
        if start > 0 && length - start - continuations >= minimum {
            longPieces += 1
            if contains(text, name + start, length - start, fold, windows) { return true }
        }
        return longPieces == 0 && length - allContinuations >= minimum && contains(text, name, length, fold, windows)
    }

    /// Whether the normalized `text` contains `needle[0..<m]` (`m` at least 4) once normalized:
    /// the needle's first three normalized bytes are looked up in `windows` (a Bloom filter of
    /// the text's 3-byte windows, see ``BannedIndex/scan(_:_:first:last:)``), then its first four
    /// are compared as one word at each position.
    private static func contains(
        _ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafePointer<UInt8>, _ m: Int, _ fold: UnsafeMutablePointer<UInt8>,
        _ windows: UInt64
    ) -> Bool {
        let n = text.count
        if m > n { return false }
        let head =
            UInt32(fold[Int(needle[0])]) | UInt32(fold[Int(needle[1])]) << 8 | UInt32(fold[Int(needle[2])]) << 16
            | UInt32(fold[Int(needle[3])]) << 24
        let bits = BannedIndex.windowBits(product: BannedIndex.trigramProduct(head & 0xFF_FFFF))
        if windows & bits != bits { return false }
        let base = UnsafeRawPointer(text.baseAddress!)
        outer: for i in 0...(n - m) where base.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian == head {
            for k in 4..<m where text[i + k] != fold[Int(needle[k])] { continue outer }
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
        while i &+ 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = Self.round(h ^ word)
            i &+= 8
        }
        let rest = count &- i
        if rest > 0 {
            // The last 1-7 bytes, zero-padded, without a byte loop: from the word that ends the
            // value (shifted past the bytes already taken), or for a short value from
            // overlapping loads that set the same bytes twice.
            let word: UInt64
            if count >= 8 {
                word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
                    &>> UInt64(64 - 8 * rest)
            } else if rest >= 4 {
                let head = UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
                let tail = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: rest - 4, as: UInt32.self)))
                word = head | tail &<< UInt64(8 * (rest - 4))
            } else {
                word = UInt64(bytes[0]) | UInt64(bytes[rest / 2]) &<< UInt64(8 * (rest / 2))
                    | UInt64(bytes[rest - 1]) &<< UInt64(8 * (rest - 1))
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

/// Groups `items` by their group number (`0..<groups`), keeping their order within a group (a
/// counting sort): initializes `starts` (`groups + 1` entries) so that group `g` takes the
/// slots `starts[g]..<starts[g + 1]`, and hands each item its slot. The banned-password index
/// groups its anchors and its candidate pairs this way, one array in all rather than one per
/// group.
private func groupStably<Item>(
    _ items: [Item], groups: Int, by group: (Item) -> Int, starts: UnsafeMutablePointer<Int32>,
    place: (Item, Int) -> Void
) {
    starts.initialize(repeating: 0, count: groups + 1)
    for item in items { starts[group(item) + 1] += 1 }
    for g in 0..<groups { starts[g + 1] += starts[g] }
    var next = [Int32](UnsafeBufferPointer(start: starts, count: groups))
    for item in items {
        let g = group(item)
        place(item, Int(next[g]))
        next[g] += 1
    }
}
