// The tables that find the banned terms of BannedPasswords in a normalized password.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The normalized terms and the tables that find them (see ``BannedPasswords``).
///
/// Immutable after `init` (but for the tenant tables, built under a lock and never changed once
/// built), hence safe to share between threads; raw pointers keep bounds checks and reference
/// counting out of the per-byte loop.
final class BannedIndex: @unchecked Sendable {
    /// The normalization of every byte (``PasswordTables/fold``).
    let fold: UnsafeMutablePointer<UInt8>
    /// ``PasswordTables/foldAndKind``.
    let foldAndKind: UnsafeMutablePointer<UInt32>
    /// ``PasswordTables/pairFoldAndKind``.
    let pairFoldAndKind: UnsafeMutablePointer<UInt32>
    /// A set of 65,536 hashed trigrams (``trigramBit(_:)``), one byte each (1 for a member, else
    /// 0): the first three bytes of every term and the last three of every fuzzy term. Every
    /// match covers one of them (see ``BannedPasswords``), so a password none of whose trigrams
    /// is in the set has no match. A byte rather than a bit per member: the per-byte pass then
    /// tests a window with one load and no shifts.
    let trigrams: UnsafeMutablePointer<UInt8>
    /// The anchors behind the members `64 w ..< 64 (w + 1)` of ``trigrams`` are
    /// `anchorTerms[anchorStarts[w]..<anchorStarts[w + 1]]`, with their trigrams in
    /// `anchorTrigrams` (as `b0 | b1 << 8 | b2 << 16`, the order of a little-endian load); an
    /// anchor is packed as in ``entries``.
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
    /// Copies of ``trigrams`` with one tenant name's anchors added (``trigrams(withTenant:_:)``),
    /// read and written only under ``tenantLock``. A pthread mutex (``PThreadMutex``), not
    /// `Synchronization.Mutex`: ThreadSanitizer does not see the futex behind `Mutex`, and
    /// reported the tables' accesses from two workers as races.
    private var tenantTables = TenantTables()
    private let tenantLock = PThreadMutex()

    /// Runs `body` on ``tenantTables`` under ``tenantLock``.
    private func withTenantTables<R>(_ body: (inout TenantTables) -> R) -> R {
        tenantLock.lock()
        defer { tenantLock.unlock() }
        return body(&tenantTables)
    }

    /// The tables of ``trigrams(withTenant:_:)``: `count` of them, each ``trigramCount`` bytes
    /// long, one after the other in `tables`, with their anchors `first << 32 | last` in `keys`.
    private struct TenantTables {
        var count = 0
        var keys: UnsafeMutablePointer<UInt64>?
        var tables: UnsafeMutablePointer<UInt8>?
    }

    /// The most tenant names with a table of their own; a file with more takes the others'
    /// anchors with ``hasTenantWindow(_:_:first:last:)``.
    static let maximumTenantTables = 16

    init(terms sorted: [[UInt8]]) {
        fold = PasswordTables.shared.fold
        foldAndKind = PasswordTables.shared.foldAndKind
        pairFoldAndKind = PasswordTables.shared.pairFoldAndKind
        let words = Self.trigramCount >> 6
        let trigramSet = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.trigramCount)
        trigramSet.initialize(repeating: 0, count: Self.trigramCount)
        trigrams = trigramSet
        // The anchors in insertion order, then grouped by their word of `trigrams` with a stable
        // counting sort (one array, where an array per word would allocate hundreds of times).
        var found: [(word: Int, trigram: UInt32, entry: UInt64)] = []
        found.reserveCapacity(2 * sorted.count + 20)
        func addAnchor(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ entry: UInt64) {
            let trigram = UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16
            let bit = Self.trigramSlot(window: trigram)
            trigramSet[bit] = 1
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
        withTenantTables { tables in
            tables.keys?.deallocate()
            tables.tables?.deallocate()
        }
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

    /// The size of the trigram set, as a power of two: 64 KiB, of which the terms' anchors take
    /// 1 in 250. With 256 KiB, fewer clean passwords meet another trigram's member (13.6k rather
    /// than 17.9k of 200,000 reach the full check: about 1M instructions less on those rows), but
    /// the set, and each tenant's copy of it, no longer sits in the caches beside the rows: the
    /// dirty file ran 5% slower (wall and CPU, 10 rounds each), the clean file no faster.
    static let trigramBits = 16
    /// The number of members of the trigram set (and bytes of ``trigrams``).
    static let trigramCount = 1 << trigramBits

    /// The member of a trigram `first | second << 8 | third << 16` in ``trigrams``.
    @inline(__always)
    static func trigramBit(_ trigram: UInt32) -> Int { trigramSlot(window: trigram) }

    /// The member of ``trigrams`` of the trigram in the low three bytes of `window` (`b0 | b1 <<
    /// 8 | b2 << 16`, as a little-endian 4-byte load at the trigram reads it); the top byte is
    /// ignored, so the load needs no mask. The hash is the top ``trigramBits`` bits of the
    /// trigram times an odd number, modulo 2^24: the multiplier shifted left by 8 makes the
    /// product drop the top byte by itself.
    @inline(__always)
    static func trigramSlot(window: UInt32) -> Int {
        Int(truncatingIfNeeded: (window &* 0x3779_B100) >> UInt32(32 - trigramBits))
    }

    /// The 3-byte window of `text` at byte `i` as `b0 | b1 << 8 | b2 << 16` and its top byte
    /// (the next byte), from one load; `text` must be readable 4 bytes from `i`.
    @inline(__always)
    static func window(_ text: UnsafePointer<UInt8>, at i: Int) -> UInt32 {
        UnsafeRawPointer(text).loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian
    }

    /// The tenant name's anchors for ``hasTenantWindow(_:_:first:last:)``: its first three
    /// normalized bytes and, when it is fuzzy, its last three (else the first again), as
    /// `b0 | b1 << 8 | b2 << 16`; a value no window has (`UInt32.max`) without a tenant name
    /// (`tenantLength` 0).
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

    /// ``trigrams`` with the tenant name's anchors `first` and `last` (``tenantAnchors(_:_:)``)
    /// added: a text none of whose windows is in it holds no term, no year and no match of the
    /// tenant name, so that the per-byte pass of
    /// ``PasswordRules/verdict(password:localPart:tenant:banned:)`` answers for the tenant name
    /// too. Built on first use for each tenant name and kept as long as the index.
    ///
    /// - Returns: ``trigrams`` itself without a tenant name (`first` `UInt32.max`); `nil` once
    ///   ``maximumTenantTables`` other tenant names have tables.
    func trigrams(withTenant first: UInt32, _ last: UInt32) -> UnsafePointer<UInt8>? {
        if first == .max { return UnsafePointer(trigrams) }
        let key = UInt64(first) << 32 | UInt64(last)
        let size = Self.trigramCount
        let shared = UInt(bitPattern: trigrams)
        let found = withTenantTables { tables -> UInt in
            if tables.keys == nil {
                tables.keys = .allocate(capacity: Self.maximumTenantTables)
                tables.tables = .allocate(capacity: Self.maximumTenantTables * size)
            }
            let keys = tables.keys!
            let all = tables.tables!
            for k in 0..<tables.count where keys[k] == key { return UInt(bitPattern: all + k * size) }
            guard tables.count < Self.maximumTenantTables else { return 0 }
            let table = all + tables.count * size
            table.initialize(from: UnsafePointer<UInt8>(bitPattern: shared)!, count: size)
            table[Self.trigramBit(first)] = 1
            table[Self.trigramBit(last)] = 1
            keys[tables.count] = key
            tables.count += 1
            return UInt(bitPattern: table)
        }
        return UnsafePointer(bitPattern: found)
    }

    /// One branch-free pass over the 3-byte windows of the normalized `text` (`n` bytes, followed
    /// by readable bytes such as ``BannedPasswords/padding``).
    ///
    /// - Returns: whether a window is in ``trigrams``. Without one, no term and no year occurs:
    ///   every match of a term starts with the term's first three bytes or, for a fuzzy term,
    ///   ends with its last three, and a year starts with the normalized `19` or `20` and a
    ///   digit. With one, ``anyMatch(_:_:password:tenant:tenantLength:first:last:tenantTrigrams:)`` tells.
    ///   (The tenant name is ``hasTenantWindow(_:_:first:last:)``'s.)
    @inline(__always)
    func scan(_ text: UnsafeMutablePointer<UInt8>, _ n: Int) -> Bool {
        PasswordRules.hasTrigram(text, n, trigrams: UnsafePointer(trigrams))
    }

    /// Whether a 3-byte window of the normalized `text` (`n` bytes, followed by
    /// ``BannedPasswords/padding`` zero bytes) is the tenant name's anchor `first` or `last`
    /// (``tenantAnchors(_:_:)``; `UInt32.max` for none): a match of the tenant name starts with
    /// `first` or, when it is fuzzy, ends with `last`. Looked for 16 positions at a time, and
    /// confirmed one window at a time where that finds one.
    @inline(__always)
    func hasTenantWindow(_ text: UnsafePointer<UInt8>, _ n: Int, first: UInt32, last: UInt32) -> Bool {
        first != .max && n >= 3 && PasswordWindows.mayHaveWindow(text, n, first, last)
            && Self.hasWindow(text, n, first, last)
    }

    /// Whether a 3-byte window of the normalized `text` (`n` bytes, followed by readable
    /// padding) is `first` or `last`.
    @inline(never)
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

    /// Whether a term, the tenant name or a year matches the normalized `text` (`n` bytes,
    /// followed by readable bytes such as ``BannedPasswords/padding``) anywhere: each
    /// 3-byte window found in ``trigrams`` (or equal to the tenant's `first` or `last` three
    /// normalized bytes) is tried against what is anchored there; the first match ends the
    /// search.
    ///
    /// With `tenantTrigrams`, the tenant name's own set (``trigrams(withTenant:_:)``, which holds
    /// ``trigrams`` and the tenant's anchors), a text of up to 66 bytes is first reduced to the
    /// windows in that set, one bit each, in a loop without a branch; only those are then looked
    /// at. Never inlined: it runs for a few passwords only, and the per-row callers keep their
    /// registers for their own loops.
    @inline(never)
    func anyMatch(
        _ text: UnsafeMutablePointer<UInt8>, _ n: Int, password: UnsafeRawBufferPointer, tenant: UnsafeRawBufferPointer,
        tenantLength: Int, first: UInt32, last: UInt32, tenantTrigrams: UnsafePointer<UInt8>? = nil
    ) -> Bool {
        if n < 3 { return false }  // every term, tenant name and year is longer
        let buffer = UnsafeBufferPointer(start: text, count: n)
        var tenantHit = false
        let trigrams = self.trigrams
        if let tenantTrigrams, n <= 66 {
            // Window `i` is bit `i`.
            var found: UInt64 = 0
            for i in 0...(n &- 3) {
                let member = tenantTrigrams[Self.trigramSlot(window: Self.window(text, at: i))]
                found |= UInt64(member) &<< UInt64(i)
            }
            while found != 0 {
                let i = found.trailingZeroBitCount
                found &= found &- 1
                let window = Self.window(text, at: i) & 0xFF_FFFF
                if window == first || window == last { tenantHit = true }
                let bit = Self.trigramSlot(window: window)
                if trigrams[bit] != 0 && anchorsMatch(at: i, window: window, bit: bit, buffer, password: password) {
                    return true
                }
            }
        } else {
            // A tight loop over the windows; the rare window in `trigrams` is tried in a
            // separate function, so that the loop keeps its values in registers.
            for i in 0...(n &- 3) {
                let window = Self.window(text, at: i) & 0xFF_FFFF
                if window == first || window == last { tenantHit = true }
                let bit = Self.trigramSlot(window: window)
                if trigrams[bit] == 0 { continue }
                if anchorsMatch(at: i, window: window, bit: bit, buffer, password: password) { return true }
            }
        }
        return tenantHit && tenantMatches(buffer, tenant: tenant, tenantLength: tenantLength, first: first, last: last)
    }

    /// Whether the tenant name (its first `tenantLength` bytes, not yet normalized) matches the
    /// normalized `text` where a window is its anchor `first` or `last`: the end of
    /// ``anyMatch(_:_:password:tenant:tenantLength:first:last:tenantTrigrams:)``.
    private func tenantMatches(
        _ text: UnsafeBufferPointer<UInt8>, tenant: UnsafeRawBufferPointer, tenantLength: Int, first: UInt32, last: UInt32
    ) -> Bool {
        let n = text.count
        let bytes = UnsafeRawPointer(text.baseAddress!)
        let fold = self.fold
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: tenantLength) { folded in
            let term = folded.baseAddress!
            for i in 0..<tenantLength { term[i] = fold[Int(tenant[i])] }
            let fuzzy = tenantLength >= BannedPasswords.minimumFuzzyLength
            for i in 0...(n - 3) {
                let window = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian & 0xFF_FFFF
                if window == first && Self.hasMatch(at: i, term: term, length: tenantLength, in: text) { return true }
                if fuzzy && window == last && Self.hasMatch(endingAt: i + 3, term: term, length: tenantLength, in: text) {
                    return true
                }
            }
            return false
        }
    }

    /// Whether a term or a year anchored at the trigram `window` (`b0 | b1 << 8 | b2 << 16`,
    /// whose member of ``trigrams`` is `bit`) matches the normalized `text` at window `i`: the body of
    /// ``anyMatch(_:_:password:tenant:tenantLength:first:last:tenantTrigrams:)``'s loop for a window in
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

/// A fixed-capacity list of matches `(start, end)` packed as `start << 16 | end`, in stack
/// memory (512 bytes: `withUnsafeTemporaryAllocation` asks the system about the stack, which
/// allocates, for anything over 1 KiB). Matches past the capacity are dropped: the score can
/// then only be too high, which takes a pathological password.
struct MatchList {
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
