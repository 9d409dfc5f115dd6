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

/// The local part and tenant name of a row's EmailAddress, with the last four domains' tenant
/// names kept: most files hold one domain or a few (a tenant's own domain, a second brand, its
/// `onmicrosoft.com` domain, mixed row by row), so a domain's tenant name and its anchors are
/// found once and recognized on the next rows by comparing the end of the address. (With two
/// entries, a file of three domains looked one up again on one row in eight; each look takes
/// the index's lock.)
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
        /// The tenant name's start within the domain and its length (0 for none), its
        /// ``PasswordTenant/length`` and its anchors.
        var tenantStart = 0
        var tenantCount = 0
        var termLength = 0
        var first: UInt32 = .max
        var last: UInt32 = .max
        var trigrams: UnsafePointer<UInt8>?

        /// Whether `address` ends with `@` and this entry's domain: then its local part is its
        /// first `address.count - length` bytes.
        @inline(__always)
        func matches(_ address: UnsafeRawBufferPointer) -> Bool {
            let n = address.count
            let cached = length
            guard cached >= 8 && n > cached else { return false }
            let start = n &- cached
            // (`^` and `|` share a precedence in Swift: every xor is in parentheses.)
            var difference =
                (address.loadUnaligned(fromByteOffset: start, as: UInt64.self) ^ word0)
                | (address.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) ^ lastWord)
            if cached > 16 {
                difference |= address.loadUnaligned(fromByteOffset: start &+ 8, as: UInt64.self) ^ word1
                if cached > 24 { difference |= address.loadUnaligned(fromByteOffset: start &+ 16, as: UInt64.self) ^ word2 }
            }
            return difference == 0
        }

        /// The tenant name of an `address` that ``matches(_:)`` this entry.
        @inline(__always)
        func tenant(of address: UnsafeRawBufferPointer) -> PasswordTenant {
            // In bounds: the entry's tenant range lies within its domain, which ends the address.
            PasswordTenant(
                bytes: UnsafeRawBufferPointer(
                    start: address.baseAddress! + (address.count &- length &+ 1 &+ tenantStart), count: tenantCount),
                length: termLength, first: first, last: last, trigrams: trigrams)
        }
    }

    /// The cached domains. `entries[front]` answered last and is tried first; a new domain
    /// replaces the entries in turn, never the one that answered last.
    private var entries = (Entry(), Entry(), Entry(), Entry())
    private var front = 0
    private var replaced = 0
    /// How many addresses were looked up in full (``miss(_:index:)``), for the tests.
    private(set) var misses = 0

    /// How many domains are cached.
    static let entryCount = 4

    /// The longest `@` and domain that is cached.
    static let capacity = 32

    /// The local part and tenant name of a trimmed address, as
    /// `address[..<(domain.lowerBound - 1)]` and `domain[tenantRange]` (``PasswordTenant/none``
    /// without one); `nil` and ``PasswordTenant/none`` when the address has no domain.
    @inline(__always)
    mutating func resolve(_ address: UnsafeRawBufferPointer, index: BannedIndex) -> (
        localPart: UnsafeRawBufferPointer?, tenant: PasswordTenant
    ) {
        let first = front
        // The entry that answers, trying the one that answered last first.
        let found = withUnsafePointer(to: &entries) { tuple -> (which: Int, length: Int, tenant: PasswordTenant)? in
            // A tuple of one type is laid out as an array.
            let entry = UnsafeRawPointer(tuple).assumingMemoryBound(to: Entry.self)
            var which = first
            if !entry[which].matches(address) {
                guard let other = (0..<Self.entryCount).first(where: { $0 != first && entry[$0].matches(address) }) else {
                    return nil
                }
                which = other
            }
            return (which, entry[which].length, entry[which].tenant(of: address))
        }
        guard let found else { return miss(address, index: index) }
        front = found.which
        return (UnsafeRawBufferPointer(start: address.baseAddress, count: address.count &- found.length), found.tenant)
    }

    /// ``resolve(_:index:)`` for an address that does not end with a cached domain: finds the
    /// domain and its tenant name, and caches them (in place of the next entry in turn) when
    /// they fit.
    mutating func miss(_ address: UnsafeRawBufferPointer, index: BannedIndex) -> (
        localPart: UnsafeRawBufferPointer?, tenant: PasswordTenant
    ) {
        misses &+= 1
        guard let domainRange = AddressCheck.domain(of: address) else { return (nil, .none) }
        let localPart = UnsafeRawBufferPointer(rebasing: address[..<(domainRange.lowerBound - 1)])
        let domain = UnsafeRawBufferPointer(rebasing: address[domainRange])
        let tenantRange = AddressCheck.tenantRange(ofDomain: domain) ?? 0..<0
        let tenant = PasswordTenant(UnsafeRawBufferPointer(rebasing: domain[tenantRange]), index: index)
        let stored = domain.count + 1
        if stored >= 8 && stored <= Self.capacity {
            let start = domainRange.lowerBound - 1
            // The entries are replaced in turn, past the one that answered last.
            replaced = (replaced &+ 1) % Self.entryCount
            if replaced == front { replaced = (replaced &+ 1) % Self.entryCount }
            front = replaced
            let entry = Entry(
                word0: address.loadUnaligned(fromByteOffset: start, as: UInt64.self),
                word1: stored > 16 ? address.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self) : 0,
                word2: stored > 24 ? address.loadUnaligned(fromByteOffset: start + 16, as: UInt64.self) : 0,
                lastWord: address.loadUnaligned(fromByteOffset: address.count - 8, as: UInt64.self),
                length: stored, tenantStart: tenantRange.lowerBound, tenantCount: tenantRange.count,
                termLength: tenant.length, first: tenant.first, last: tenant.last, trigrams: tenant.trigrams)
            withUnsafeMutablePointer(to: &entries) {
                UnsafeMutableRawPointer($0).assumingMemoryBound(to: Entry.self)[front] = entry
            }
        }
        return (localPart, tenant)
    }
}
