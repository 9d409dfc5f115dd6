import Testing

@testable import CSVCheck

/// `PasswordTenantCache` (the last four domains' tenant names, recognized by the end of the
/// address) against the general path it stands for: `AddressCheck.domain(of:)`, then
/// `AddressCheck.tenantRange(ofDomain:)` and the tenant's anchors, on every address.
@Suite struct PasswordTenantCacheTests {
    /// Domains that share suffixes, differ in case only, are too short or too long to be cached,
    /// have a trailing dot, a two-label public suffix or the cloud suffix, or no tenant name.
    static let domains = [
        "contoso.com", "fabrikam.com", "xcontoso.com", "mail.contoso.com", "CONTOSO.COM", "ontoso.com", "a.io",
        "ab.cd", "contoso.co.uk", "mail.contoso.co.uk", "contoso.onmicrosoft.com", "contoso.mail.onmicrosoft.com",
        "contoso.com.", "com", "co.uk", "x.y", "tailspintoys-and-northwind.example.org",
        "averyveryverylongsubdomain.contoso.com", "c0nt0s0.com", "contoso.com@fabrikam.com", "wingtiptoys.com",
        "exactly-thirty-one-bytes.com.nl",
    ]
    static let localParts = [
        "pilar.pinilla", "j", "", "victoria.griffin3901", "a@b", "o'brien", "x.y.z", "zoë.müller", "averyverylonglocalpart",
    ]

    /// What the cache must answer for `address`.
    static func expected(_ address: UnsafeRawBufferPointer, index: BannedIndex) -> (
        localPart: [UInt8]?, tenant: [UInt8], length: Int, first: UInt32, last: UInt32
    ) {
        guard let domainRange = AddressCheck.domain(of: address) else { return (nil, [], 0, .max, .max) }
        let domain = UnsafeRawBufferPointer(rebasing: address[domainRange])
        let tenantBytes =
            AddressCheck.tenantRange(ofDomain: domain).map { UnsafeRawBufferPointer(rebasing: domain[$0]) }
            ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let tenant = PasswordTenant(tenantBytes, index: index)
        return (Array(address[..<(domainRange.lowerBound - 1)]), Array(tenantBytes), tenant.length, tenant.first, tenant.last)
    }

    @Test func matchesTheGeneralPathOnMixedDomains() {
        let index = BannedPasswords.builtIn.index
        var cache = PasswordTenantCache()
        var rng = SplitMix64(seed: 21)
        var mismatches: [String] = []
        for k in 0..<20_000 {
            // Runs of one domain, two domains mixed row by row, and anything at all.
            let domain: String
            switch (k / 500) % 3 {
            case 0: domain = Self.domains[(k / 100) % Self.domains.count]
            case 1: domain = Self.domains[(k / 500 + Int(rng.next() % 2)) % Self.domains.count]
            default: domain = Self.domains[Int(rng.next() % UInt64(Self.domains.count))]
            }
            let local = Self.localParts[Int(rng.next() % UInt64(Self.localParts.count))]
            let address: String
            switch rng.next() % 20 {
            case 0: address = local  // no domain
            case 1: address = local + "@"  // an empty domain
            case 2: address = domain  // no local part and no `@`
            case 3: address = "@" + domain  // an empty local part
            default: address = local + "@" + domain
            }
            let same = PasswordRulesTests.bytes(address) { bytes in
                let want = Self.expected(bytes, index: index)
                let got = cache.resolve(bytes, index: index)
                return got.localPart.map(Array.init) == want.localPart && Array(got.tenant.bytes) == want.tenant
                    && got.tenant.length == want.length && got.tenant.first == want.first
                    && got.tenant.last == want.last
                    && (got.localPart.map { $0.baseAddress == bytes.baseAddress } ?? true)
            }
            if !same && mismatches.count < 10 {
                let detail = PasswordRulesTests.bytes(address) { bytes in
                    let want = Self.expected(bytes, index: index)
                    var copy = cache
                    let got = copy.resolve(bytes, index: index)
                    return "\(String(describing: got.localPart.map(Array.init))) \(Array(got.tenant.bytes)) \(got.tenant.length) \(got.tenant.first) \(got.tenant.last) vs \(String(describing: want))"
                }
                mismatches.append("#\(k) \(address) \(detail)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    /// Up to four domains mixed row by row are each looked up once; a fifth makes the cache
    /// look domains up again, but never the one that answered last.
    @Test(arguments: [(2, 2), (3, 3), (4, 4)])
    func domainsMixedRowByRowAreLookedUpOnce(domainCount: Int, expectedMisses: Int) {
        let index = BannedPasswords.builtIn.index
        let domains = ["contoso.com", "fabrikam.com", "contoso.onmicrosoft.com", "wingtiptoys.com"]
        var cache = PasswordTenantCache()
        var rng = SplitMix64(seed: 7)
        for k in 0..<2_000 {
            // Every domain once first, then any of them.
            let domain = domains[k < domainCount ? k : Int(rng.next() % UInt64(domainCount))]
            _ = PasswordRulesTests.bytes("pilar.pinilla@" + domain) { cache.resolve($0, index: index) }
        }
        #expect(cache.misses == expectedMisses)
    }

    @Test func aFifthDomainNeverEvictsTheOneThatAnsweredLast() {
        let index = BannedPasswords.builtIn.index
        let domains = ["contoso.com", "fabrikam.com", "contoso.onmicrosoft.com", "wingtiptoys.com", "tailspintoys.com"]
        var cache = PasswordTenantCache()
        for k in 0..<100 {
            // The first domain on every other row, the four others in turn between.
            let domain = k % 2 == 0 ? domains[0] : domains[1 + (k / 2) % 4]
            _ = PasswordRulesTests.bytes("pilar.pinilla@" + domain) { cache.resolve($0, index: index) }
        }
        // The first domain answered before every miss, so it was never replaced; the four
        // others share three entries, so each comes back to a miss.
        #expect(cache.misses == 1 + 50)
    }

    /// The end of an address is compared word by word: a difference in any byte of `@` and the
    /// domain, at every length the cache takes, makes it look the domain up again.
    @Test func everyByteOfTheDomainCounts() {
        let index = BannedPasswords.builtIn.index
        for length in 6...34 {
            let domain = String(repeating: "d", count: length - 4) + ".com"
            var cache = PasswordTenantCache()
            _ = PasswordRulesTests.bytes("someone@" + domain) { cache.resolve($0, index: index) }
            for position in 0...length {
                // `@` and the domain with one byte changed (the `@` itself at position 0).
                var bytes = Array(("someone@" + domain).utf8)
                bytes[7 + position] = position == 0 ? UInt8(ascii: "x") : UInt8(ascii: "e")
                let address = String(decoding: bytes, as: UTF8.self)
                let same = PasswordRulesTests.bytes(address) { raw in
                    let want = Self.expected(raw, index: index)
                    let got = cache.resolve(raw, index: index)
                    return got.localPart.map(Array.init) == want.localPart && Array(got.tenant.bytes) == want.tenant
                        && got.tenant.first == want.first && got.tenant.last == want.last
                }
                #expect(same, "length \(length), byte \(position)")
                // Back to the first domain, so that the next change is compared with it again.
                _ = PasswordRulesTests.bytes("someone@" + domain) { cache.resolve($0, index: index) }
            }
        }
    }

    /// The index keeps a trigram set per tenant name, up to its limit: each holds the shared
    /// set and the tenant's anchors, the same one is handed out again, and past the limit there
    /// is none (the anchors are then looked for apart).
    @Test func tenantTrigramSets() {
        let banned = BannedPasswords(terms: ["password", "welkom", "zomer"])
        let index = banned.index
        let size = BannedIndex.trigramCount
        #expect(index.trigrams(withTenant: .max, .max) == UnsafePointer(index.trigrams))
        var tables: [UnsafePointer<UInt8>] = []
        for k in 0..<(BannedIndex.maximumTenantTables + 4) {
            let name = String(UnicodeScalar(UInt8(97 + k))) + "qcontoso"  // other first anchors
            let (first, last) = PasswordRulesTests.bytes(name) { index.tenantAnchors($0, $0.count) }
            let table = index.trigrams(withTenant: first, last)
            if k >= BannedIndex.maximumTenantTables {
                #expect(table == nil)
                continue
            }
            guard let table else {
                Issue.record("no table for tenant \(k)")
                continue
            }
            #expect(index.trigrams(withTenant: first, last) == table)
            for w in 0..<size { #expect(table[w] | index.trigrams[w] == table[w]) }
            for anchor in [first, last] { #expect(table[BannedIndex.trigramBit(anchor)] == 1) }
            tables.append(table)
        }
        #expect(Set(tables).count == BannedIndex.maximumTenantTables)
    }
}
