import Testing

@testable import CSVCheck

// CodeTable looks ASCII codes of up to 16 bytes up by their bytes packed into integers; these
// tests compare its answers with a plain search by string equality (the general path), on
// seeded random tables and on codes where bytes and strings could disagree.

/// What a table built by setting `entries` in order answers for `code`, by string equality:
/// setting a code equal to one already set replaces its value.
private func reference(_ entries: [(String, Int)], _ code: String) -> Int? {
    var list: [(code: String, value: Int)] = []
    for (key, value) in entries {
        if let index = list.firstIndex(where: { $0.code == key }) {
            list[index].value = value
        } else {
            list.append((key, value))
        }
    }
    return list.first { $0.code == code }?.value
}

private func table(_ entries: [(String, Int)]) -> CodeTable<Int> {
    var table = CodeTable<Int>()
    for (code, value) in entries { table[RuleCode(code)] = value }
    return table
}

@Test("code table: packed lookups equal string lookups on random tables", arguments: 0..<6)
func codeTableRandom(_ seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &+ 77)
    let alphabet = Array("ABCEHLMNOPRSUVWD0123456789-_a\u{0}")
    let odd = ["K", "\u{212A}", "ENC00\u{212A}", "é", "e\u{301}", "AB", "AB\u{0}", "ABCDEFGHIJKLMNO", "ABCDEFGHIJKLMNOP"]
    func randomCode() -> String {
        if random.next() % 8 == 0 { return odd[Int(random.next() % UInt64(odd.count))] }
        let count = Int(random.next() % 19)
        return String((0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }
    for round in 0..<100 {
        // Half the tables hold only codes that pack (ASCII, 15 bytes at most).
        let entries = (0..<Int(random.next() % 40)).map { index -> (String, Int) in
            var code = randomCode()
            if round % 2 == 0 { while PackedCode(code) == nil { code = randomCode() } }
            return (code, index)
        }
        let built = table(entries)
        var queries = entries.map(\.0) + odd
        for _ in 0..<40 { queries.append(randomCode()) }
        for query in queries {
            #expect(built[RuleCode(query)] == reference(entries, query), "\(entries) \(query)")
        }
    }
}

@Test func codeTableBuiltInCodes() {
    var severities = CodeTable<Severity>()
    for descriptor in RuleCatalogue.all { severities[descriptor.code] = descriptor.defaultSeverity }
    for descriptor in RuleCatalogue.all {
        #expect(severities[descriptor.code] == descriptor.defaultSeverity)
    }
    #expect(severities[RuleCode("XYZ999")] == nil)
    #expect(severities[RuleCode("")] == nil)
    // A code canonically equal to a built-in one, though not byte for byte, finds it, as a
    // string comparison does.
    var kelvin = CodeTable<Int>()
    kelvin[RuleCode("K1")] = 1
    #expect(kelvin[RuleCode("\u{212A}1")] == 1)
}

@Test func packedCodesOrderAsStrings() {
    let codes = ["", "A", "A\u{0}", "AB", "B", "ENC001", "ENC002", "EML001", "ABCDEFGHIJKLMNO", "ABCDEFGHIJKLMNA", "ABCDEFGHIJKLMN\u{0}", "abc"]
    for a in codes {
        for b in codes {
            let (pa, pb) = (PackedCode(a)!, PackedCode(b)!)
            #expect((pa < pb) == (a < b), "\(a) \(b)")
            #expect((pa == pb) == (a == b), "\(a) \(b)")
        }
    }
    #expect(PackedCode("ABCDEFGHIJKLMNOP") == nil)
    #expect(PackedCode("é") == nil)
}
