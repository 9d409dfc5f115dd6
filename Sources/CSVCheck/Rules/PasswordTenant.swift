/// The tenant name of one password check, one more banned term for PWD005 (see
/// ``BannedPasswords``): its bytes as given and the anchors the prefilter looks for.
struct PasswordTenant {
    /// The UTF-8 bytes of the tenant name as given (empty for none).
    let bytes: UnsafeRawBufferPointer
    /// `bytes.count` when the name is long enough to be a term (3 bytes or more), else 0.
    let length: Int
    /// The name's first three normalized bytes and, for a fuzzy name, its last three (else the
    /// first again), as `b0 | b1 << 8 | b2 << 16`; `UInt32.max` for none
    /// (``BannedIndex/tenantAnchors(_:_:)``).
    let first: UInt32
    let last: UInt32
    /// The index's trigram set with `first` and `last` added
    /// (``BannedIndex/trigrams(withTenant:_:)``), or `nil` when the anchors are to be looked
    /// for apart (``BannedIndex/hasTenantWindow(_:_:first:last:)``).
    let trigrams: UnsafePointer<UInt8>?

    /// No tenant name.
    static var none: PasswordTenant {
        PasswordTenant(bytes: UnsafeRawBufferPointer(start: nil, count: 0), length: 0, first: .max, last: .max, trigrams: nil)
    }

    /// The tenant name `bytes`, with its anchors computed by `index` and, when `ownTable`, the
    /// index's trigram set that includes them.
    init(_ bytes: UnsafeRawBufferPointer, index: BannedIndex, ownTable: Bool = true) {
        let length = bytes.count >= BannedPasswords.minimumTermLength ? bytes.count : 0
        let (first, last) = index.tenantAnchors(bytes, length)
        self.init(
            bytes: bytes, length: length, first: first, last: last,
            trigrams: ownTable ? index.trigrams(withTenant: first, last) : nil)
    }

    /// The parts as given; `first` and `last` must be the anchors of `bytes`, and `trigrams`
    /// the index's set with them or `nil`.
    init(bytes: UnsafeRawBufferPointer, length: Int, first: UInt32, last: UInt32, trigrams: UnsafePointer<UInt8>?) {
        self.bytes = bytes
        self.length = length
        self.first = first
        self.last = last
        self.trigrams = trigrams
    }
}

/// The local part and tenant name of a row's EmailAddress, with the last two domains' tenant
/// names kept: most files hold one domain or a few (often two, mixed row by row), so a domain's
/// tenant name and its anchors are found once and recognized on the next rows by comparing the
/// end of the address.
///
/// The answer is always that of ``AddressCheck/domain(of:)`` and
/// ``AddressCheck/tenantRange(ofDomain:)`` on the row's own bytes: a row is taken from the
/// cache only when its address ends with `@` and exactly a cached domain, which has no `@`, so
/// that its last `@` is the one before the domain.
struct PasswordTenantCache {
    /// One cached domain.
    private struct Entry {
        /// `@` and the domain (`length` bytes, 8 to ``capacity``), as words read at offsets 0,
        /// 8, 16 and `length - 8`; the ones past `length` are 0.
        var word0: UInt64 = 0
        var word1: UInt64 = 0
        var word2: UInt64 = 0
        var lastWord: UInt64 = 0
        /// The length of `@` and the domain; 0 for an empty entry.
        var length = 0
        /// The tenant name's range within the domain (`start == end` for none), and its anchors.
        var tenantStart = 0
        var tenantEnd = 0
        var first: UInt32 = .max
        var last: UInt32 = .max
        var trigrams: UnsafePointer<UInt8>?

        /// The local part and tenant name of `address` when it ends with `@` and this entry's
        /// domain.
        @inline(__always)
        func match(_ address: UnsafeRawBufferPointer) -> (localPart: UnsafeRawBufferPointer, tenant: PasswordTenant)? {
            let n = address.count
            let cached = length
            guard cached >= 8 && n > cached else { return nil }
            let start = n - cached
            // (`^` and `|` share a precedence in Swift: every xor is in parentheses.)
            var difference =
                (address.loadUnaligned(fromByteOffset: start, as: UInt64.self) ^ word0)
                | (address.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) ^ lastWord)
            if cached > 16 {
                difference |= address.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self) ^ word1
                if cached > 24 { difference |= address.loadUnaligned(fromByteOffset: start + 16, as: UInt64.self) ^ word2 }
            }
            guard difference == 0 else { return nil }
            // In bounds: the entry's tenant range lies within its domain, which ends the address.
            let base = address.baseAddress!
            let tenantLength = tenantEnd &- tenantStart
            let tenant = PasswordTenant(
                bytes: UnsafeRawBufferPointer(start: base + (start &+ 1 &+ tenantStart), count: tenantLength),
                length: tenantLength >= BannedPasswords.minimumTermLength ? tenantLength : 0,
                first: first, last: last, trigrams: trigrams)
            return (UnsafeRawBufferPointer(start: base, count: start), tenant)
        }
    }

    /// The two cached domains (a tuple of one type, hence laid out as an array of two);
    /// `entries[front]` answered last and is tried first, and a new domain replaces the other.
    /// An index rather than a swap, which would copy both entries.
    private var entries = (Entry(), Entry())
    private var front = 0

    /// The longest `@` and domain that is cached.
    static let capacity = 32

    /// The local part and tenant name of a trimmed address, as
    /// `address[..<(domain.lowerBound - 1)]` and `domain[tenantRange]` (``PasswordTenant/none``
    /// without one); `nil` and ``PasswordTenant/none`` when the address has no domain.
    @inline(__always)
    mutating func resolve(_ address: UnsafeRawBufferPointer, index: BannedIndex) -> (
        localPart: UnsafeRawBufferPointer?, tenant: PasswordTenant
    ) {
        let front = self.front
        let found = withUnsafeMutablePointer(to: &entries) { pair -> (Int, UnsafeRawBufferPointer, PasswordTenant)? in
            let entry = UnsafeMutableRawPointer(pair).assumingMemoryBound(to: Entry.self)
            for k in 0..<2 {
                if let (localPart, tenant) = entry[front ^ k].match(address) { return (front ^ k, localPart, tenant) }
            }
            return nil
        }
        if let (which, localPart, tenant) = found {
            self.front = which
            return (localPart, tenant)
        }
        return miss(address, index: index)
    }

    /// ``resolve(_:index:)`` for an address that does not end with a cached domain: finds the
    /// domain and its tenant name, and caches them (in place of the entry that answered less
    /// recently) when they fit.
    private mutating func miss(_ address: UnsafeRawBufferPointer, index: BannedIndex) -> (
        localPart: UnsafeRawBufferPointer?, tenant: PasswordTenant
    ) {
        guard let domainRange = AddressCheck.domain(of: address) else { return (nil, .none) }
        let localPart = UnsafeRawBufferPointer(rebasing: address[..<(domainRange.lowerBound - 1)])
        let domain = UnsafeRawBufferPointer(rebasing: address[domainRange])
        let tenantRange = AddressCheck.tenantRange(ofDomain: domain) ?? 0..<0
        let tenant = PasswordTenant(UnsafeRawBufferPointer(rebasing: domain[tenantRange]), index: index)
        let stored = domain.count + 1
        if stored >= 8 && stored <= Self.capacity {
            let start = domainRange.lowerBound - 1
            // The new entry replaces the one that answered less recently.
            front ^= 1
            let entry = Entry(
                word0: address.loadUnaligned(fromByteOffset: start, as: UInt64.self),
                word1: stored > 16 ? address.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self) : 0,
                word2: stored > 24 ? address.loadUnaligned(fromByteOffset: start + 16, as: UInt64.self) : 0,
                lastWord: address.loadUnaligned(fromByteOffset: address.count - 8, as: UInt64.self),
                length: stored, tenantStart: tenantRange.lowerBound, tenantEnd: tenantRange.upperBound,
                first: tenant.first, last: tenant.last, trigrams: tenant.trigrams)
            if front == 0 { entries.0 = entry } else { entries.1 = entry }
        }
        return (localPart, tenant)
    }
}
