import CSVCore
import CSupport
import Foundation
import Testing

@testable import CSVCheck

/// The address hash and the one-pass check-and-hash of a plain local part (`csvcheck_address.h`)
/// against a byte-by-byte reference of their definition, and the rule's fast path (a known
/// domain) against its general path, on seeded random inputs.
@Suite struct AddressHashFastPathTests {
    // MARK: The reference, byte by byte

    static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.low ^ product.high
    }

    /// The 16 bytes at `offset` (zero past the end), lower-cased, as two little-endian words.
    static func chunk(_ bytes: [UInt8], at offset: Int) -> (UInt64, UInt64) {
        var a: UInt64 = 0
        var b: UInt64 = 0
        for k in 0..<8 {
            let i = offset + k
            let j = offset + 8 + k
            if i < bytes.count { a |= UInt64(lowercased(bytes[i])) << UInt64(8 * k) }
            if j < bytes.count { b |= UInt64(lowercased(bytes[j])) << UInt64(8 * k) }
        }
        return (a, b)
    }

    /// The chunk hash as the header defines it, written out.
    static func referenceChunks(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0xFF51_AFD7_ED55_8CCD)
        func mix(_ offset: Int) {
            let (a, b) = chunk(bytes, at: offset)
            h = mum(a ^ h ^ 0xA076_1D64_78BD_642F, b ^ 0xE703_7ED1_A0B4_28DB)
        }
        if bytes.isEmpty { return h }
        if bytes.count < 16 {
            mix(0)
            return h
        }
        var offset = 0
        while offset + 16 <= bytes.count {
            mix(offset)
            offset += 16
        }
        if offset < bytes.count { mix(bytes.count - 16) }
        return h
    }

    /// The address hash: the part before the last `@` and the part after it.
    static func referenceAddressHash(_ bytes: [UInt8]) -> UInt64 {
        let localSeed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let domainSeed: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else {
            return mum(referenceChunks(bytes, seed: localSeed) ^ 0x8EBC_6AF0_9C88_C6E3, referenceChunks([], seed: domainSeed) ^ 0x1D8E_4E27_C47D_124F)
        }
        let local = referenceChunks(Array(bytes[..<at]), seed: localSeed)
        let domain = referenceChunks(Array(bytes[(at + 1)...]), seed: domainSeed)
        return mum(local ^ 0x8EBC_6AF0_9C88_C6E3, domain ^ 0x5899_65CC_7537_4CC3)
    }

    /// Whether a local part is plain as `csvcheck_plain_local_part` defines it.
    static func referencePlain(_ local: [UInt8]) -> Bool {
        guard (1...64).contains(local.count) else { return false }
        for byte in local {
            let letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            if !letter && !(0x2D...0x39).contains(byte) { return false }
        }
        let dot = UInt8(ascii: ".")
        return local.first != dot && local.last != dot && !zip(local, local.dropFirst()).contains { $0 == dot && $1 == dot }
    }

    // MARK: Inputs

    /// Random bytes from an alphabet of the awkward ones: both cases, the narrow alphabet's
    /// edges (`,` `-` `.` `/` `0` `9` `:` `@` `[` `` ` `` `{`), other atext, spaces and non-ASCII.
    static func randomBytes(_ rng: inout SplitMix64, count: Int) -> [UInt8] {
        let alphabet = Array("aAzZqQ09-./,:@[`{_+' \t".utf8) + [0x80, 0xC3, 0xA9, 0xFF, 0x00, 0x7F, 0xE0, 0xFA, 0xC1, 0xDA]
        return (0..<count).map { _ in
            rng.next() % 2 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(ascii: "a") + UInt8(rng.next() % 26)
        }
    }

    /// Local parts of every length from 0 to 80: mostly the narrow alphabet (so that many are
    /// plain), with dots anywhere, some other bytes, and upper case.
    static func randomLocalPart(_ rng: inout SplitMix64) -> [UInt8] {
        let count = Int(rng.next() % 81)
        var local = (0..<count).map { _ -> UInt8 in
            switch rng.next() % 10 {
            case 0: UInt8(ascii: ".")
            case 1: Array("-/0189".utf8)[Int(rng.next() % 6)]
            case 2: UInt8(ascii: "A") + UInt8(rng.next() % 26)
            default: UInt8(ascii: "a") + UInt8(rng.next() % 26)
            }
        }
        if count > 0, rng.next() % 6 == 0 {
            local[Int(rng.next() % UInt64(count))] = Array("@_+' é[`{:,".utf8)[Int(rng.next() % 12)]
        }
        return local
    }

    // MARK: Tests

    /// `foldedAddressHash` (and the chunk hash under it) against the reference, on every
    /// length from 0 to 100, with and without `@` signs, and on random bytes.
    @Test func addressHashMatchesReference() {
        var rng = SplitMix64(seed: 61)
        var inputs: [[UInt8]] = (0...100).map { Array(repeating: UInt8(ascii: "Q"), count: $0) }
        inputs += (0...100).map { Array(repeating: UInt8(ascii: "x"), count: $0) + Array("@Contoso.COM".utf8) }
        inputs += (0...40).map { Array("a@".utf8) + Array(repeating: UInt8(ascii: "D"), count: $0) }
        for _ in 0..<20_000 { inputs.append(Self.randomBytes(&rng, count: Int(rng.next() % 90))) }
        for bytes in inputs {
            bytes.withUnsafeBytes { raw in
                #expect(foldedAddressHash(raw) == Self.referenceAddressHash(bytes), "\(bytes)")
                let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
                #expect(csvcheck_folded_chunks_hash(base, raw.count, 7) == Self.referenceChunks(bytes, seed: 7), "\(bytes)")
                #expect(csvcheck_last_byte(base, raw.count, UInt8(ascii: "@")) == bytes.lastIndex(of: UInt8(ascii: "@")) ?? -1, "\(bytes)")
            }
        }
        // Case-insensitive, and nothing else is.
        let pairs = [("Pilar@Contoso.com", "pilar@contoso.COM", true), ("pilar@contoso.com", "pilar@contoso.co", false),
                     ("a@b", "ab", false), ("a@", "a", false), ("@", "", false), ("[@contoso.com", "{@contoso.com", false)]
        for (a, b, same) in pairs {
            let ha = Array(a.utf8).withUnsafeBytes { foldedAddressHash($0) }
            let hb = Array(b.utf8).withUnsafeBytes { foldedAddressHash($0) }
            #expect((ha == hb) == same, "\(a) \(b)")
        }
    }

    /// `csvcheck_plain_local_part` against the reference definition; what it clears, `check`
    /// clears; and its hash is the chunk hash of the local part.
    @Test func plainLocalPartMatchesReference() {
        var rng = SplitMix64(seed: 62)
        var plain = 0
        for _ in 0..<40_000 {
            let local = Self.randomLocalPart(&rng)
            let address = local + Array("@contoso.com".utf8)
            // The fast path reads 16 bytes from the local part's start (production calls it only
            // on values of at least 16 bytes): a padded copy keeps short addresses in bounds.
            let padded = address + [UInt8](repeating: 0, count: 16)
            let answer = padded.withUnsafeBytes { csvcheck_plain_local_part($0.baseAddress!.assumingMemoryBound(to: UInt8.self), local.count) }
            address.withUnsafeBytes { raw in
                let cleared = answer.plain != 0
                let hash = answer.hash
                #expect(cleared == Self.referencePlain(local), "\(String(decoding: local, as: UTF8.self))")
                guard cleared else { return }
                plain += 1
                #expect(AddressCheck.check(raw) == nil, "\(String(decoding: address, as: UTF8.self))")
                #expect(hash == Self.referenceChunks(local, seed: 0x9E37_79B9_7F4A_7C15))
                if local.count >= 8 {
                    #expect(AddressCheck.isPlainLocalPart(UnsafeRawBufferPointer(rebasing: raw[..<local.count])))
                }
            }
        }
        #expect(plain > 10_000)
    }

    /// The rule's two ways to an address's hash: the fast path (`checkValue` on a domain it
    /// knows) gives what `hash(of:)` gives, and the same findings as a rule that knows no
    /// domain. Addresses repeat with other cases, spaces around them, other domains, and local
    /// parts that are not plain.
    @Test func checkValueMatchesGeneralPath() {
        var rng = SplitMix64(seed: 63)
        let domains = ["contoso.com", "CONTOSO.com", "fabrikam.com", "contoso.onmicrosoft.com", "x.io", "sub.tailspintoys.com"]
        let layout = ColumnLayout(columns: Profile.staged.columns)
        let opts = options(domains: ["contoso.com", "fabrikam.com"])
        var fast = AddressRule(options: opts)
        var fastPaths = 0
        for _ in 0..<20_000 {
            var address = Self.randomLocalPart(&rng)
            if rng.next() % 10 != 0 { address += Array("@".utf8) }
            address += Array(domains[Int(rng.next() % UInt64(domains.count))].utf8)
            if rng.next() % 12 == 0 { address = [0x20] + address }
            if rng.next() % 12 == 0 { address += [0x20] }
            // Addresses never hold a comma or a quote here: one record of three fields.
            let line = address.map { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") ? UInt8(ascii: "q") : $0 } + Array(",x,True\r\n".utf8)
            var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
            var records = 0
            let check: (Record) -> Void = { record in
                records += 1
                let row = RowView(record: record, layout: layout, row: 1)
                let value = row.emailAddress!.bytes
                var fastFindings = Findings()
                let knewDomain = fast.lastDomain.start(in: value) != nil || fast.previousDomain.start(in: value) != nil
                let hash = fast.checkValue(row, &fastFindings)
                var fresh = AddressRule(options: opts)
                var freshFindings = Findings()
                fresh.checkValue(row, &freshFindings)
                #expect(hash == AddressRule.hash(of: row), "\(String(decoding: value, as: UTF8.self))")
                #expect(fastFindings.items.map(\.code) == freshFindings.items.map(\.code))
                #expect(fastFindings.messages == freshFindings.messages)
                #expect(fastFindings.items.map(\.scalarOffset) == freshFindings.items.map(\.scalarOffset))
                if knewDomain, fastFindings.items.isEmpty { fastPaths += 1 }
            }
            line.withUnsafeBytes { tokenizer.feed($0, check) }
            tokenizer.finish(check)
            #expect(records == 1)
        }
        #expect(fastPaths > 1_000)
    }

    /// Whole files, on two cores (the fast path's hashes) and on one (the general path's):
    /// the same duplicates, and the ones that folding the addresses by hand finds.
    @Test func duplicatesMatchOnOneAndTwoCores() {
        var rng = SplitMix64(seed: 64)
        let locals = ["pilar", "Pilar.Pinilla", "a", "victoria.griffin3901", "VICTORIA.GRIFFIN3901", "o'brien", "x-y/z", "j0"]
        let domains = ["contoso.com", "Contoso.COM", "fabrikam.com", "tailspintoys.com"]
        var rows: [String] = []
        var expected: [Int] = []
        var seen: Set<String> = []
        for i in 1...3_000 {
            let address = "\(locals[Int(rng.next() % UInt64(locals.count))])\(rng.next() % 40)@\(domains[Int(rng.next() % UInt64(domains.count))])"
            let shown = rng.next() % 10 == 0 ? " \(address)" : address
            if !seen.insert(address.lowercased()).inserted { expected.append(i) }
            rows.append("\(shown),Qx7#mLp2vR!\(i),True")
        }
        let bytes = Array(([stagedHeader] + rows).map { $0 + "\r\n" }.joined().utf8)
        var serial = options(maxRows: 1_000_000)
        serial.pipeline = false
        let one = Checker(options: serial).check(bytes: bytes, name: "d.csv")
        let two = Checker(options: options(maxRows: 1_000_000)).check(bytes: bytes, name: "d.csv")
        let duplicates = two.diagnostics.filter { $0.code == .duplicateAddress }
        #expect(duplicates.compactMap(\.location.row) == expected)
        #expect(expected.count > 500)
        #expect(one.diagnostics.map(Found.init) == two.diagnostics.map(Found.init))
        #expect(one.diagnostics.map(\.message) == two.diagnostics.map(\.message))
    }
}
