import CSupport

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
                raw, count, into: text, foldAndKind: index.foldAndKind, pairs: index.pairFoldAndKind,
                trigrams: table)
            // PWD003 (a disallowed character) and PWD002 (fewer than 3 classes).
            if !PasswordTables.isAllowedWithThreeClasses(classes) { return false }
            // PWD005: any match at all is left to the verdict, which scores it.
            if hit || tenant.trigrams == nil {
                if hasCandidateMatch(text, count, hit: hit, password: password, tenant: tenant, banned: banned) {
                    return false
                }
            }
            // PWD006: most local parts are ruled out by the prefilter alone.
            if let localPart, localPart.count >= minimumNameLength {
                // (`csvcheck_password_name_absent`, called directly: through a Swift wrapper the
                // compiler laid out this function less well, 5.6 instructions a row more.)
                if csvcheck_password_name_absent(
                    text, count, localPart.baseAddress!.assumingMemoryBound(to: UInt8.self), localPart.count,
                    index.fold) != 0
                {
                    return true
                }
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
    /// `text`, followed by ``BannedPasswords/padding`` zero bytes (`text` must have room for
    /// them), their class bits (``PasswordTables``; ``PasswordTables/disallowed`` set when a byte
    /// is not printable ASCII, and then the copy and the answer are not to be used), and whether
    /// a 3-byte window of the copy is in `trigrams` (``BannedIndex/scan(_:_:)``).
    ///
    /// Two passes: the first takes two bytes at a time, with their entry of `pairs`
    /// (``PasswordTables/pairFoldAndKind``; an odd first byte from `foldAndKind`), and stores
    /// the normalized pair; the second reads each window of the copy with one 4-byte load, whose
    /// fourth byte the trigram hash ignores (``BannedIndex/trigramSlot(window:)``). Apart, each
    /// loop carries one value from step to step, where one loop carried a rolling register
    /// through shifts.
    @inline(__always)
    static func normalizePrintable(
        _ raw: UnsafePointer<UInt8>, _ count: Int, into text: UnsafeMutablePointer<UInt8>,
        foldAndKind: UnsafeMutablePointer<UInt32>, pairs: UnsafeMutablePointer<UInt32>, trigrams: UnsafePointer<UInt8>
    ) -> (classes: UInt8, hit: Bool) {
        var both: UInt32 = 0  // the class bits, in the top byte
        let source = UnsafeRawPointer(raw)
        let target = UnsafeMutableRawPointer(text)
        /// The two bytes at `i`: their entry into `both` and the copy.
        @inline(__always)
        func take(_ i: Int) {
            let entry = pairs[Int(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: i, as: UInt16.self)))]
            both |= entry
            target.storeBytes(of: UInt16(truncatingIfNeeded: entry).littleEndian, toByteOffset: i, as: UInt16.self)
        }
        // Four bytes per turn, to cut the loop's own work; the first `count % 4` before.
        var i = 0
        if count & 1 != 0 {
            let entry = foldAndKind[Int(raw[0])]
            both = entry
            text[0] = UInt8(truncatingIfNeeded: entry)
            i = 1
        }
        if count & 2 != 0 {
            take(i)
            i &+= 2
        }
        while i < count {
            take(i)
            take(i &+ 2)
            i &+= 4
        }
        BannedPasswords.zeroPadding(text + count)
        return (UInt8(truncatingIfNeeded: both >> 24), hasTrigram(text, count, trigrams: trigrams))
    }

    /// Whether a 3-byte window `0...(count - 3)` of the normalized `text` (followed by readable
    /// bytes) is in `trigrams`: the second pass of
    /// ``normalizePrintable(_:_:into:foldAndKind:pairs:trigrams:)``, branch-free, four windows a turn.
    @inline(__always)
    static func hasTrigram(_ text: UnsafeMutablePointer<UInt8>, _ count: Int, trigrams: UnsafePointer<UInt8>) -> Bool {
        let windows = count &- 2
        if windows <= 0 { return false }
        let bytes = UnsafeRawPointer(text)
        var hit: UInt8 = 0
        /// Window `j`'s member of the set.
        @inline(__always)
        func member(_ j: Int) -> UInt8 {
            trigrams[BannedIndex.trigramSlot(window: bytes.loadUnaligned(fromByteOffset: j, as: UInt32.self).littleEndian)]
        }
        var j = 0
        if windows & 1 != 0 {
            hit = member(0)
            j = 1
        }
        if windows & 2 != 0 {
            hit |= member(j) | member(j &+ 1)
            j &+= 2
        }
        while j < windows {
            hit |= member(j) | member(j &+ 1) | member(j &+ 2) | member(j &+ 3)
            j &+= 4
        }
        return hit != 0
    }
}
