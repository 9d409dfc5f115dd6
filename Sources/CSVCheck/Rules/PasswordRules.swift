// The Microsoft 365 password policy for the Password column of a staged batch (PWD001-PWD006).
// The banned-password list behind PWD005 is in PasswordBannedList.swift and
// PasswordBannedIndex.swift, the name search behind PWD006 in PasswordText.swift, and the
// digest behind PWD007 in PasswordDigest.swift.
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
        let tenant = PasswordTenant(tenant, index: banned.index)
        let verdict = self.verdict(password: password, localPart: localPart, tenant: tenant, banned: banned)
        return verdict.isClean ? [] : findings(password: password, verdict)
    }

    /// What the checks found in one password, before any message is built: the findings of
    /// ``check(password:localPart:tenant:banned:)`` are ``findings(password:_:)`` of it, and
    /// there are none exactly when ``isClean``.
    struct Verdict {
        /// The length in characters (Unicode scalars); 0 for an empty value, which is not
        /// checked.
        var scalars = 0
        /// ``PasswordTables``' class bits of the allowed characters.
        var classes: UInt8 = 0
        /// The first disallowed character's index in characters and in bytes (-1 for none), and
        /// the number of disallowed characters.
        var firstBad = -1
        var firstBadByte = -1
        var badCount = 0
        /// Whitespace at the start, and the start of the whitespace run at the end (-1 for none).
        var leadingSpace = false
        var trailingRunStart = -1
        /// The PWD005 score (``BannedPasswords/score(of:tenant:)``) and the PWD006 answer.
        var score: Int? = nil
        var hasName = false

        /// Whether the password has no finding at all.
        @inline(__always)
        var isClean: Bool {
            if scalars == 0 { return true }
            return scalars >= minimumLength && scalars <= maximumLength && (classes & 0x0F).nonzeroBitCount >= 3
                && firstBad < 0 && !leadingSpace && trailingRunStart < 0 && (score ?? minimumScore) >= minimumScore
                && !hasName
        }
    }

    /// Checks one password against the policy (see ``check(password:localPart:tenant:banned:)``)
    /// without building any message. Per row, ``passes(password:localPart:tenant:banned:)``
    /// answers first for most passwords.
    ///
    /// - Complexity: as ``check(password:localPart:tenant:banned:)``; never allocates for a
    ///   password of ordinary length.
    static func verdict(
        password: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer?, tenant: PasswordTenant,
        banned: BannedPasswords
    ) -> Verdict {
        let count = password.count
        if count == 0 { return Verdict() }
        if count <= fastPathLength {
            // The common case, printable ASCII of ordinary length: one pass over the bytes takes
            // the classes and the normalized copy that the banned-term and name checks search.
            let index = banned.index
            let foldAndKind = index.foldAndKind
            // With the tenant's own trigram set, the per-byte pass answers for its anchors too.
            let trigrams = tenant.trigrams ?? UnsafePointer(index.trigrams)
            let (first, last) = (tenant.first, tenant.last)
            let raw = password.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fastPathLength + BannedPasswords.padding) {
                buffer in
                let text = buffer.baseAddress!
                let (classes, hit) = normalizePrintable(
                    raw, count, into: text, foldAndKind: foldAndKind, pairs: index.pairFoldAndKind, trigrams: trigrams)
                if classes & PasswordTables.disallowed != 0 {
                    return verdictScanning(password: password, localPart: localPart, tenant: tenant.bytes, banned: banned)
                }
                // Printable ASCII: one scalar per byte, no PWD003, and space is the only whitespace.
                let leadingSpace = raw[0] == 0x20
                let trailingSpace = raw[count - 1] == 0x20
                let candidates =
                    hit || (tenant.trigrams == nil && index.hasTenantWindow(text, count, first: first, last: last))
                let evaluation = banned.evaluate(
                    folded: text, count: count, password: password, tenant: tenant.bytes, tenantLength: tenant.length,
                    localPart: localPart, candidates: candidates, first: first, last: last)
                var trailingRunStart = -1
                if trailingSpace {
                    var start = count - 1
                    while start > 0 && raw[start - 1] == 0x20 { start -= 1 }
                    trailingRunStart = start
                }
                return Verdict(
                    scalars: count, classes: classes, leadingSpace: leadingSpace, trailingRunStart: trailingRunStart,
                    score: evaluation.score, hasName: evaluation.containsName)
            }
        }
        return verdictScanning(password: password, localPart: localPart, tenant: tenant.bytes, banned: banned)
    }

    /// The longest password that ``verdict(password:localPart:tenant:banned:)`` and
    /// ``passes(password:localPart:tenant:banned:)`` handle in their fast path (printable ASCII
    /// normalized into a stack buffer).
    static let fastPathLength = 64

    /// The general path of ``verdict(password:localPart:tenant:banned:)``: any length, control
    /// characters and UTF-8.
    private static func verdictScanning(
        password: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer?, tenant: UnsafeRawBufferPointer,
        banned: BannedPasswords
    ) -> Verdict {
        let count = password.count
        // One pass: length in scalars, classes, disallowed characters, whitespace at the ends.
        var verdict = Verdict()
        var scalars = 0
        var i = 0
        let kinds = PasswordTables.shared.kinds
        while i < count {
            let byte = password[i]
            let kind = kinds[Int(byte)]
            let isSpace: Bool
            if kind & PasswordTables.disallowed == 0 {
                // Printable ASCII, the common case.
                verdict.classes |= kind
                isSpace = byte == 0x20
                i += 1
            } else {
                // A control character or a non-ASCII scalar: never allowed.
                if verdict.firstBad < 0 {
                    verdict.firstBad = scalars
                    verdict.firstBadByte = i
                }
                verdict.badCount += 1
                if byte < 0x80 {
                    isSpace = byte >= 0x09 && byte <= 0x0D
                    i += 1
                } else {
                    let (scalar, length) = PasswordText.decode(password, at: i)
                    isSpace = scalar?.properties.isWhitespace ?? false
                    i += length
                }
            }
            if scalars == 0 { verdict.leadingSpace = isSpace }
            if isSpace {
                if verdict.trailingRunStart < 0 { verdict.trailingRunStart = scalars }
            } else {
                verdict.trailingRunStart = -1
            }
            scalars += 1
        }
        verdict.scalars = scalars
        (verdict.score, verdict.hasName) = banned.evaluate(password, tenant: tenant, localPart: localPart)
        return verdict
    }

    /// The findings of one password, in code order, from its ``Verdict``; empty (no
    /// allocation) when the verdict ``Verdict/isClean``.
    static func findings(password: UnsafeRawBufferPointer, _ verdict: Verdict) -> [PasswordFinding] {
        let scalars = verdict.scalars
        let classes = verdict.classes
        let (firstBad, firstBadByte, badCount) = (verdict.firstBad, verdict.firstBadByte, verdict.badCount)
        let (leadingSpace, trailingRunStart) = (verdict.leadingSpace, verdict.trailingRunStart)
        var findings: [PasswordFinding] = []
        if scalars == 0 { return findings }
        if scalars < minimumLength || scalars > maximumLength {
            findings.append(
                PasswordFinding(
                    code: "PWD001",
                    message: MessageText.make {
                        $0.append("the password has ")
                        $0.append(decimal: scalars)
                        $0.append(" characters; Microsoft 365 requires ")
                        $0.append(decimal: minimumLength)
                        $0.append(" to ")
                        $0.append(decimal: maximumLength)
                    },
                    help: scalars < minimumLength ? lengthHelp.tooShort : lengthHelp.tooLong,
                    scalarOffset: scalars < minimumLength ? 0 : maximumLength))
        }
        let classCount = (classes & 0x0F).nonzeroBitCount
        if classCount < 3 {
            findings.append(classFinding(classes: classes))
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
        if let score = verdict.score, score < minimumScore {
            findings.append(
                PasswordFinding(
                    code: "PWD005",
                    message: "the password is built on a common or banned word (score \(score), at least \(minimumScore) needed)",
                    help: "Microsoft Entra rejects such passwords; choose one without common words, names or years",
                    scalarOffset: 0))
        }
        if verdict.hasName {
            findings.append(
                PasswordFinding(
                    code: "PWD006",
                    message: "the password contains the mailbox's name (its local part or a part of it)",
                    help: "choose a password that does not contain the user's name",
                    scalarOffset: 0))
        }
        return findings
    }

    /// PWD001's help, made once.
    private static let lengthHelp = (
        tooShort: "use at least \(minimumLength) characters", tooLong: "use at most \(maximumLength) characters"
    )

    /// PWD002 for a password whose class bits are `classes`: its message and help, made once
    /// for each of the 16 combinations of classes (``classTexts``).
    private static func classFinding(classes: UInt8) -> PasswordFinding {
        let (message, help) = classTexts[Int(classes & 0x0F)]
        return PasswordFinding(code: "PWD002", message: message, help: help, scalarOffset: 0)
    }

    /// PWD002's message and help for each combination of the four class bits: a dirty file has
    /// hundreds of such passwords, and each message took about 14,000 instructions to
    /// interpolate and join (callgrind).
    private static let classTexts: [(message: String, help: String)] = (0..<16).map { classes in
        let names = ["lowercase letters", "uppercase letters", "digits", "symbols"]
        var present: [String] = []
        var missing: [String] = []
        for bit in 0..<4 {
            if classes & (1 << bit) != 0 { present.append(names[bit]) } else { missing.append(names[bit]) }
        }
        let has = present.isEmpty ? "" : " (\(present.joined(separator: ", ")))"
        return (
            "the password uses \(present.count) of the 4 character classes\(has); Microsoft 365 requires 3",
            "add \(missing.joined(separator: " or "))"
        )
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

