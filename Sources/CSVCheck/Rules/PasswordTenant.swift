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

    /// The two cached domains, tried in order; `entries[front]` answered last, and a new domain
    /// replaces the other.
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
        if let which = lookup(address) {
            return (
                UnsafeRawBufferPointer(start: address.baseAddress, count: address.count &- length(which)),
                tenant(which, of: address)
            )
        }
        return miss(address, index: index)
    }

    /// Which cached entry (0 or 1) `address` (trimmed) ends with, `@` and its domain, trying
    /// the one that answered last first; `nil` when neither.
    @inline(__always)
    mutating func lookup(_ address: UnsafeRawBufferPointer) -> Int? {
        let first = front
        let found = withUnsafePointer(to: &entries) { pair -> Int? in
            // A tuple of one type is laid out as an array.
            let entry = UnsafeRawPointer(pair).assumingMemoryBound(to: Entry.self)
            if entry[first].matches(address) { return first }
            if entry[first ^ 1].matches(address) { return first ^ 1 }
            return nil
        }
        if let found { front = found }
        return found
    }

    /// The length of `@` and the domain of entry `which` of ``lookup(_:)``: an address it
    /// answered for has its local part in all but its last `length(which)` bytes.
    @inline(__always)
    func length(_ which: Int) -> Int { which == 0 ? entries.0.length : entries.1.length }

    /// The trigram set of the tenant name of entry `which` of ``lookup(_:)``
    /// (``PasswordTenant/trigrams``).
    @inline(__always)
    func trigrams(_ which: Int) -> UnsafePointer<UInt8>? { which == 0 ? entries.0.trigrams : entries.1.trigrams }

    /// The tenant name of an `address` for which ``lookup(_:)`` answered `which`.
    @inline(__always)
    func tenant(_ which: Int, of address: UnsafeRawBufferPointer) -> PasswordTenant {
        which == 0 ? entries.0.tenant(of: address) : entries.1.tenant(of: address)
    }

    /// ``resolve(_:index:)`` for an address that does not end with a cached domain: finds the
    /// domain and its tenant name, and caches them (in place of the entry that answered less
    /// recently) when they fit.
    mutating func miss(_ address: UnsafeRawBufferPointer, index: BannedIndex) -> (
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
                length: stored, tenantStart: tenantRange.lowerBound, tenantCount: tenantRange.count,
                termLength: tenant.length, first: tenant.first, last: tenant.last, trigrams: tenant.trigrams)
            if front == 0 { entries.0 = entry } else { entries.1 = entry }
        }
        return (localPart, tenant)
    }
}
