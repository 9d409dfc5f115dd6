import Testing

@testable import CSVCheck

/// The fast paths of the address rules against their general paths, on seeded random addresses
/// (ASCII and not, upper case, dots, quotes, `@` signs, IDN labels, ill-formed UTF-8) and on
/// edge cases.
@Suite struct AddressFastPathTests {
    /// Pieces that random addresses are made of: the common shapes and the awkward ones.
    static let pieces: [[UInt8]] = [
        "a", "Z", "victoria", "GRIFFIN", "3901", ".", ".", "-", "_", "+", "@", "@", "contoso", "com", "co.uk",
        "xn--", "\"", "'", " ", "\t", "<", ">", "mailto:", "[", "]", "é", "É", "ö", "Ö", "ß", "ẞ", "×", "÷", "ÿ",
        "İ", "ı", "Ÿ", "Ǆ", "ǅ", "Ⱥ", "Ω", "Σ", "ς", "e\u{301}", "o\u{308}", "\u{301}", "\u{308}", "Å", "ñ", "Ñ",
        "я", "Я", "😀", "ﬁ", "Ａ", "µ", "ª", "\u{200B}", "\u{AD}", "\u{7F}",
    ].map { Array($0.utf8) } + [[0xC3], [0x80], [0xBF], [0xC2, 0x41], [0xE2, 0x82], [0xFF], [0xC0, 0xAF], [0xCB], [0x00]]

    /// A seeded random address: mostly plausible, often broken.
    static func randomAddress(_ rng: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        let count = Int(rng.next() % 14)
        for _ in 0..<count { bytes += pieces[Int(rng.next() % UInt64(pieces.count))] }
        if rng.next() % 3 == 0 { bytes += Array("@contoso.com".utf8) }
        if rng.next() % 5 == 0 { bytes += Array(repeating: UInt8(ascii: "x"), count: Int(rng.next() % 70)) }
        return bytes
    }

    /// Random inputs for the folding and message tests: random addresses, random bytes, and
    /// long values (over the 60 characters at which messages cut an address).
    static func randomInputs(seed: UInt64, count: Int) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        var inputs: [[UInt8]] = []
        for _ in 0..<count {
            switch rng.next() % 4 {
            case 0: inputs.append((0..<Int(rng.next() % 24)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            case 1:
                var long: [UInt8] = []
                while long.count < 50 + Int(rng.next() % 40) { long += Self.randomAddress(&rng) + [0x61] }
                inputs.append(long)
            default: inputs.append(Self.randomAddress(&rng))
            }
        }
        return inputs.filter { !$0.isEmpty }
    }

    /// Every scalar from U+0080 to U+04FF, alone and between ASCII letters: the Latin-1
    /// arithmetic and the property look-ups of the fast lower-casing, and the quick categories
    /// of the scalar descriptions.
    static let scalarInputs: [[UInt8]] = (0x80..<0x500).flatMap { value -> [[UInt8]] in
        let scalar = String(Unicode.Scalar(UInt32(value))!)
        return [Array(scalar.utf8), Array("Ab\(scalar)Z@x.com".utf8), Array("a\u{301}\(scalar)".utf8)]
    }

    static func lowercasedBelowCombiningMarks(_ raw: UnsafeRawBufferPointer) -> [UInt8]? {
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * raw.count)
        defer { out.deallocate() }
        return AddressRule.lowercasedBelowCombiningMarks(raw, into: out).map { Array(UnsafeBufferPointer(start: out, count: $0)) }
    }

    /// Whether the fast lower-casing answers for `bytes`: well-formed, every scalar below
    /// U+0300 but for a combining mark right after an ASCII letter that ``LatinComposition``
    /// composes it with.
    static func fastPathAnswers(_ bytes: [UInt8]) -> Bool {
        guard bytes.withUnsafeBytes({ UTF8Validation.firstInvalid(in: $0) }) == nil else { return false }
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        return scalars.indices.allSatisfy { i in
            guard scalars[i].value >= 0x300 else { return true }
            guard i > 0, scalars[i - 1].isASCII, let letter = UInt8(exactly: scalars[i - 1].value) else { return false }
            return LatinComposition.composite(letter, scalars[i].value) != nil
        }
    }

    /// `lowercasedNFC` (the below-U+0300 path, then the well-formed path) against the path
    /// that decodes through `String` (which repairs), and against `String.lowercased()` of the
    /// NFC form for well-formed values; and the hashes the rule takes from them.
    @Test func lowercasingMatchesGeneralPath() {
        for bytes in Self.randomInputs(seed: 22, count: 8_000) + Self.scalarInputs {
            bytes.withUnsafeBytes { raw in
                let general = AddressRule.lowercasedNFCRepairing(raw)
                #expect(AddressRule.lowercasedNFC(raw) == general, "\(bytes)")
                #expect(AddressRule.lowercasedNFCGeneral(raw) == general, "\(bytes)")
                let fast = Self.lowercasedBelowCombiningMarks(raw)
                #expect((fast != nil) == Self.fastPathAnswers(bytes), "\(bytes)")
                if let fast { #expect(fast == general, "\(bytes)") }
                if let wellFormed = AddressRule.lowercasedNFCWellFormed(raw) {
                    #expect(wellFormed == general, "\(bytes)")
                    let nfc = String(decoding: NFC.normalize(raw), as: UTF8.self)
                    #expect(String(decoding: wellFormed, as: UTF8.self) == nfc.lowercased(), "\(bytes)")
                } else {
                    #expect(UTF8Validation.firstInvalid(in: raw) != nil, "\(bytes)")
                }
                if !bytes.allSatisfy({ $0 < 0x80 }) {
                    #expect(AddressRule.nonASCIIHash(raw) == general.withUnsafeBytes { foldedAddressHash($0) }, "\(bytes)")
                }
            }
        }
    }

    /// The quoted address of the messages, and the description of their non-ASCII character,
    /// against the general forms (`AddressCheck.quoted`, `AddressCheck.describeScalar`).
    @Test func messagePiecesMatchGeneralForms() {
        for bytes in Self.randomInputs(seed: 23, count: 8_000) + Self.scalarInputs {
            bytes.withUnsafeBytes { raw in
                #expect(Self.quotedByPieces(raw) == AddressCheck.quoted(raw), "\(bytes)")
                for offset in bytes.indices where bytes[offset] >= 0x80 {
                    let described = Self.describedByPieces(raw, at: offset)
                    #expect(described == AddressCheck.describeScalar(raw, at: offset), "\(bytes) at \(offset)")
                }
            }
        }
    }

    static func quotedByPieces(_ raw: UnsafeRawBufferPointer) -> String {
        let shown = QuotedAddress(raw, general: AddressCheck.quoted)
        return MessageText.make { $0.append(shown) }
    }

    static func describedByPieces(_ raw: UnsafeRawBufferPointer, at offset: Int) -> String {
        MessageText.make { $0.append(scalarDescription: raw, at: offset) }
    }

    static func decimalByPieces(_ n: Int) -> String { MessageText.make { $0.append(decimal: n) } }

    static func codePointByPieces(_ value: UInt32) -> String { MessageText.make { $0.append(codePoint: value) } }

    static func joinedByPieces(_ pieces: [[UInt8]], number: Int) -> String {
        MessageText.make { text in
            for piece in pieces {
                piece.withUnsafeBytes { text.append($0) }
                text.append(" and ")
            }
            text.append(decimal: number)
        }
    }

    /// Messages of every length around the scratch buffer's (320 bytes), ill-formed UTF-8 in
    /// them included: what does not fit is made in a second run.
    @Test func longMessagesMatchInterpolation() {
        var rng = SplitMix64(seed: 29)
        for length in 250..<400 {
            var pieces: [[UInt8]] = []
            var total = 0
            while total < length {
                let piece = Self.randomAddress(&rng)
                pieces.append(piece)
                total += piece.count + 5
            }
            let expected = pieces.map { String(decoding: $0, as: UTF8.self) + " and " }.joined() + "\(length)"
            #expect(Self.joinedByPieces(pieces, number: length) == expected)
        }
    }

    /// Numbers and code points as the interpolations they replace wrote them.
    @Test func numbersMatchInterpolation() {
        var rng = SplitMix64(seed: 24)
        var numbers = [0, 1, 9, 10, 99, 100, 12_345, Int.max]
        for _ in 0..<2_000 { numbers.append(Int(rng.next() >> UInt64(1 + rng.next() % 63))) }
        for n in numbers {
            #expect(Self.decimalByPieces(n) == "\(n)")
        }
        for value: UInt32 in [0x80, 0xAD, 0x301, 0xFFFD, 0x1_0000, 0x1F600, 0x10_FFFF] {
            let hex = String(value, radix: 16, uppercase: true)
            let expected = "U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)"
            #expect(Self.codePointByPieces(value) == expected)
        }
    }

    /// Whole findings on random values: the messages keep the templates they had (rebuilt here
    /// with interpolation from the general forms).
    @Test func findingMessagesMatchTemplates() {
        var named = 0  // EML004 findings that name the character
        for bytes in Self.randomInputs(seed: 25, count: 8_000) + Self.scalarInputs {
            bytes.withUnsafeBytes { raw in
                guard let finding = AddressCheck.check(raw) else { return }
                let quoted = AddressCheck.quoted(raw)
                #expect(finding.message.hasPrefix(quoted + " "), "\(bytes): \(finding.message)")
                guard finding.code == "EML004", finding.message.contains(" contains ") else { return }
                let first = bytes.firstIndex { $0 >= 0x80 }!
                let scalars = bytes[..<first].filter { $0 & 0xC0 != 0x80 }.count
                let expected =
                    "\(quoted) contains \(AddressCheck.describeScalar(raw, at: first)) (character \(scalars + 1)); Microsoft 365 does not support non-ASCII addresses"
                #expect(finding.message == expected, "\(bytes)")
                named += 1
            }
        }
        #expect(named > 1_000)
    }

    /// Local parts for the known-domain path: the narrow alphabet it clears 8 bytes at a time,
    /// the atext it leaves to the general proofs, dots in every place, `@`, non-ASCII, and
    /// every length from 1 to 70.
    static func randomLocalPart(_ rng: inout SplitMix64) -> [UInt8] {
        let alphabet = Array("abcXYZ0189.-/.._+'@é".utf8)
        let count = 1 + Int(rng.next() % 70)
        var local = (0..<count).map { _ in rng.next() % 3 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(ascii: "q") }
        if rng.next() % 4 == 0 { local = local.map { $0 == UInt8(ascii: "@") || $0 >= 0x80 ? UInt8(ascii: "r") : $0 } }
        return local
    }

    /// `isPlainLocalPart` clears only what `check` clears after it, and, on the narrow
    /// alphabet, all of it.
    @Test func plainLocalPartMatchesCheck() {
        var rng = SplitMix64(seed: 26)
        let narrow = Set(Array("abcXYZ0189-/q".utf8))
        var cleared = 0
        for _ in 0..<20_000 {
            let local = Self.randomLocalPart(&rng)
            let plain = local.withUnsafeBytes { AddressCheck.isPlainLocalPart($0) }
            let address = local + Array("@contoso.com".utf8)
            let valid = address.withUnsafeBytes { AddressCheck.check($0) } == nil
            if plain {
                #expect(valid, "\(String(decoding: local, as: UTF8.self))")
                cleared += 1
            }
            let dotsFine = local.first != 0x2E && local.last != 0x2E && !zip(local, local.dropFirst()).contains { $0 == 0x2E && $1 == 0x2E }
            if local.allSatisfy({ narrow.contains($0) || $0 == 0x2E }), local.count <= 64, dotsFine {
                #expect(plain, "\(String(decoding: local, as: UTF8.self))")
            }
        }
        #expect(cleared > 2_000)
    }

    /// The known-domain path of `AddressRule.checkValue`: an address that a remembered domain
    /// and `isPlainLocalPart` clear is one that `check` clears, with the same domain and the
    /// same cloud-only answer.
    @Test func knownDomainMatchesGeneralPath() {
        var rng = SplitMix64(seed: 27)
        let domains = [
            "contoso.com", "fabrikam.com", "CONTOSO.COM", "mail.contoso.co.uk", "contoso.onmicrosoft.com",
            "a.io", "abcdefgh.ij", "x-y.contoso-eu.com", "contoso.com.", "conto..so.com", "xn--bcher-kva.de",
            "contoso.123", "sub.fabrikam.onmicrosoft.com", "twenty-four-bytes.domain",
        ].map { Array($0.utf8) }
        var remembered: [PlainDomain] = []
        for domain in domains {
            let address = Array("someone@".utf8) + domain
            address.withUnsafeBytes { raw in
                guard let at = AddressCheck.plainAt(raw) else { return }
                let bytes = UnsafeRawBufferPointer(rebasing: raw[(at + 1)...])
                let cloud = AddressCheck.isCloudOnly(domain: bytes)
                if let plain = PlainDomain(bytes, cloudOnly: cloud, accepted: true) { remembered.append(plain) }
            }
        }
        #expect(remembered.count >= 8)
        var matched = 0
        for _ in 0..<20_000 {
            var address = Self.randomLocalPart(&rng)
            if rng.next() % 8 != 0 { address.append(UInt8(ascii: "@")) }
            address += domains[Int(rng.next() % UInt64(domains.count))]
            address.withUnsafeBytes { raw in
                for known in remembered {
                    guard let start = known.start(in: raw) else { continue }
                    #expect(raw[start - 1] == UInt8(ascii: "@"))
                    #expect(Array(raw[start...]).count == known.length)
                    guard AddressCheck.isPlainLocalPart(UnsafeRawBufferPointer(rebasing: raw[..<(start - 1)])) else { continue }
                    #expect(AddressCheck.check(raw) == nil, "\(String(decoding: raw, as: UTF8.self))")
                    #expect(AddressCheck.domain(of: raw) == start..<raw.count)
                    let domain = UnsafeRawBufferPointer(rebasing: raw[start...])
                    #expect(AddressCheck.isCloudOnly(domain: domain) == known.cloudOnly)
                    matched += 1
                }
            }
        }
        #expect(matched > 1_000)
    }

    /// A whole file whose addresses switch among a few domains (the rule remembers two) gets
    /// the EML findings that each of its addresses gets alone, in a file of its own (where
    /// the rule remembers nothing).
    @Test func fileFindingsMatchAddressesAlone() {
        var rng = SplitMix64(seed: 28)
        let domains = ["contoso.com", "fabrikam.com", "Contoso.COM", "contoso.onmicrosoft.com", "tailspintoys.com", "x.io"]
        let locals = ["pilar", "pilar.pinilla", "a", "victoria.griffin3901", "o'brien", ".dot", "two..dots", "end.", "jos\u{E9}", "x-y/z"]
        var rows: [String] = []
        for i in 0..<300 {
            let local = locals[Int(rng.next() % UInt64(locals.count))]
            let domain = domains[Int(rng.next() % 4 == 0 ? rng.next() % UInt64(domains.count) : rng.next() % 2)]
            rows.append("\(local)\(i % 7 == 0 ? "" : String(i))@\(domain)")
        }
        let accepted = options(domains: ["contoso.com", "contoso.onmicrosoft.com"])
        let whole = findings(staged(rows.map { "\($0),\(goodPassword),False" }.joined(separator: "\r\n")), accepted)
            .filter { $0.code.hasPrefix("EML") }
        var alone: [Found] = []
        for (i, row) in rows.enumerated() {
            for found in findings(stagedEmail(row), accepted) where found.code.hasPrefix("EML") {
                alone.append(Found(found.code, found.severity, row: i + 1, line: i + 2, column: found.column))
            }
        }
        #expect(whole == alone)
        #expect(alone.count > 50)
    }
}
