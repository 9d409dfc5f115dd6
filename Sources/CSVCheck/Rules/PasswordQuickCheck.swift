// The per-row fast answer of the cloud password policy (see PasswordRules): most passwords of
// a clean batch are printable ASCII of ordinary length with no finding at all, and are
// recognized as such in one pass over their bytes, without building a verdict.

extension PasswordRules {
    /// Whether `password` certainly has no finding (PWD001-PWD006): what
    /// ``verdict(password:localPart:tenant:banned:)`` ``Verdict/isClean`` says, for a password of
    /// 8 to ``fastPathLength`` bytes of printable ASCII in which no banned term, tenant name or
    /// year matches. `false` means "not known": the caller then asks
    /// ``verdict(password:localPart:tenant:banned:)``, so a password that does not pass here can
    /// still be clean (a longer one, say, or one with a match that scores 5 or more).
    ///
    /// - Parameters: as ``verdict(password:localPart:tenant:banned:)``.
    /// - Complexity: one pass over the bytes, the name search, and the banned-term matching only
    ///   where the trigram prefilter finds a candidate; no allocation.
    @inline(__always)
    static func passes(
        password: UnsafeRawBufferPointer, localPart: UnsafeRawBufferPointer?, tenant: PasswordTenant,
        banned: BannedPasswords
    ) -> Bool {
        let count = password.count
        guard count >= minimumLength && count <= fastPathLength else { return false }
        let index = banned.index
        // With the tenant's own trigram set, the per-byte pass answers for its anchors too.
        let table = tenant.trigrams ?? UnsafePointer(index.trigrams)
        let raw = password.baseAddress!.assumingMemoryBound(to: UInt8.self)
        // Printable ASCII: space is the only whitespace (PWD004).
        if raw[0] == 0x20 || raw[count &- 1] == 0x20 { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fastPathLength + BannedPasswords.padding) {
            buffer in
            let text = buffer.baseAddress!
            let (classes, hit) = normalizePrintable(
                raw, count, into: text, foldAndKind: index.foldAndKind, trigrams: table)
            // PWD003 (a disallowed character) and PWD002 (fewer than 3 classes).
            if classes & PasswordTables.disallowed != 0 || (classes & 0x0F).nonzeroBitCount < 3 { return false }
            BannedPasswords.zeroPadding(text + count)
            // PWD005: any match at all is left to the verdict, which scores it.
            if hit || tenant.trigrams == nil {
                if hasCandidateMatch(text, count, hit: hit, password: password, tenant: tenant, banned: banned) {
                    return false
                }
            }
            // PWD006.
            if let localPart, localPart.count >= minimumNameLength {
                return !PasswordName.containsName(
                    UnsafeBufferPointer(start: text, count: count), localPart: localPart, fold: index.fold)
            }
            return true
        }
    }

    /// Whether a banned term, the tenant name or a year matches the normalized `text` (`count`
    /// bytes of printable ASCII followed by zero padding) of
    /// ``passes(password:localPart:tenant:banned:)``,
    /// once the per-byte pass found a candidate window (`hit`) or could not answer for the tenant
    /// name, which then has no trigram set of its own. A password too long to score under 5 is
    /// not searched (see ``BannedPasswords``). Apart, so that the per-row path stays small.
    @inline(never)
    static func hasCandidateMatch(
        _ text: UnsafeMutablePointer<UInt8>, _ count: Int, hit: Bool, password: UnsafeRawBufferPointer,
        tenant: PasswordTenant, banned: BannedPasswords
    ) -> Bool {
        let index = banned.index
        if !hit && !(tenant.trigrams == nil && index.hasTenantWindow(text, count, first: tenant.first, last: tenant.last)) {
            return false
        }
        let longest = max(banned.maxTermLength, tenant.length, 4)
        return count <= 4 &* (longest &+ 1)
            && index.anyMatch(
                text, count, password: password, tenant: tenant.bytes, tenantLength: tenant.length,
                first: tenant.first, last: tenant.last, tenantTrigrams: tenant.trigrams)
    }

    /// The per-byte pass of the fast paths over `count` bytes at `raw`: their normalized copy into
    /// `text`, their class bits (``PasswordTables``; ``PasswordTables/disallowed`` set when a byte
    /// is not printable ASCII, and then the copy and the answer are not to be used), and whether
    /// a 3-byte window of the copy is in `trigrams` (``BannedIndex/scan(_:_:)`` on a rolling
    /// register; the windows that reach before the first byte hold zeros, which can only add
    /// candidates, and candidates are verified).
    ///
    /// `foldAndKind` is ``PasswordTables/foldAndKind``: its class bits land in the register's top
    /// byte, which the trigram hash ignores (``BannedIndex/trigramSlot(rolling:)``).
    @inline(__always)
    static func normalizePrintable(
        _ raw: UnsafePointer<UInt8>, _ count: Int, into text: UnsafeMutablePointer<UInt8>,
        foldAndKind: UnsafeMutablePointer<UInt32>, trigrams: UnsafePointer<UInt8>
    ) -> (classes: UInt8, hit: Bool) {
        var both: UInt32 = 0  // the class bits, in the top byte
        var rolling: UInt32 = 0  // the last normalized bytes, the latest lowest
        var hit: UInt8 = 0
        /// One byte: its entry into `both`, the copy and the register, and its window's member.
        @inline(__always)
        func take(_ i: Int) {
            let entry = foldAndKind[Int(raw[i])]
            both |= entry
            text[i] = UInt8(truncatingIfNeeded: entry)
            rolling = rolling << 8 | entry
            hit |= trigrams[BannedIndex.trigramSlot(rolling: rolling)]
        }
        // Four bytes per turn, to cut the loop's own work; the first `count % 4` before.
        var i = 0
        if count & 1 != 0 {
            take(0)
            i = 1
        }
        if count & 2 != 0 {
            take(i)
            take(i &+ 1)
            i &+= 2
        }
        while i < count {
            take(i)
            take(i &+ 1)
            take(i &+ 2)
            take(i &+ 3)
            i &+= 4
        }
        return (UInt8(truncatingIfNeeded: both >> 24), hit != 0)
    }
}
