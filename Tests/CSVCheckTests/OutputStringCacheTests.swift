import Testing

@testable import CSVCheck

// JSONStringCache (JSON literals remembered by the strings' bits and copied) and the code
// table's index by bits, compared with their general paths: escaping every time, and looking
// codes up by string comparison.

/// A pool of strings to write again and again: literals, the same texts made at run time (other
/// storage, other bits), escapes, non-ASCII, and every length around the copy's steps.
private func stringPool(_ random: inout SplitMix64) -> [String] {
    var pool = ["", "a", "EML004", "BOOL001", "EmailAddress", "Password", "say \"hi\"", "tab\there", "back\\slash", "é", "日本語のテキスト", "\u{1}\u{1F}"]
    pool.append("use the mailbox's ASCII primary SMTP address")
    for length in 0..<40 {
        pool.append(String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(0x61 + random.next() % 26))) }))
    }
    // The same texts again, made at run time: long ones get storage of their own.
    pool += pool.map { String(decoding: Array($0.utf8), as: UTF8.self) }
    return pool
}

/// `string` written as a JSON literal through `cache`, and through the escaping path.
private func writtenBothWays(_ string: String, _ cache: inout JSONStringCache) -> (cached: [UInt8], escaped: [UInt8]) {
    let bound = ReservedBytes.jsonBound(string.utf8.count)
    var cachedOut = OutputSink.memory()
    cachedOut.writeReserved(atMost: bound) { cache.write(string, to: &$0) }
    var escapedOut = OutputSink.memory()
    escapedOut.writeReserved(atMost: bound) { $0.writeJSONString(string) }
    return (cachedOut.bytes, escapedOut.bytes)
}

@Test("JSON string cache: every write equals escaping, over repeats and new strings", arguments: 0..<4)
func jsonStringCacheEqualsEscaping(_ seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &+ 401)
    let pool = stringPool(&random)
    var cache = JSONStringCache()
    for round in 0..<3000 {
        // Mostly strings of the pool (hits after the first time); now and then a new one, more
        // than the cache remembers in all.
        let string: String
        if round % 7 == 0 {
            string = "help \(round) \"\(random.next() % 1000)\"" + String(repeating: "x", count: Int(random.next() % 30))
        } else {
            string = pool[Int(random.next() % UInt64(pool.count))]
        }
        let (cached, escaped) = writtenBothWays(string, &cache)
        #expect(cached == escaped, "\(string)")
    }
}

@Test("JSON string cache: a full cache still writes new strings and finds the old ones")
func jsonStringCacheFull() {
    var cache = JSONStringCache()
    let strings = (0..<(JSONStringCache.capacity + 50)).map { "string number \($0) with some length" }
    for _ in 0..<2 {
        for string in strings {
            let (cached, escaped) = writtenBothWays(string, &cache)
            #expect(cached == escaped, "\(string)")
        }
    }
}

@Test("reserved copy: every length from 0 to 80 copies exactly those bytes")
func reservedCopyLengths() {
    let source = (0..<96).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
    for count in 0...80 {
        var out = OutputSink.memory()
        source.withUnsafeBufferPointer { bytes in
            out.writeReserved(atMost: count) { $0.copy(from: bytes.baseAddress!, count: count) }
        }
        #expect(out.bytes == Array(source[0..<count]), "count \(count)")
    }
}

@Test("JSON renderer fits an existential's inline buffer")
func jsonRendererIsInline() {
    // A renderer over 24 bytes would be boxed in `any DiagnosticRenderer` and copied on write
    // on each diagnostic; the output would not change, only its cost.
    #expect(MemoryLayout<JSONRenderer>.size <= 3 * MemoryLayout<Int>.size)
}

@Test("code table: lookups by the very strings set and by copies in other storage", arguments: 0..<4)
func codeTableBitsIndex(_ seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &+ 9)
    var codes: [String] = RuleCatalogue.all.map(\.code.rawValue)
    // Long codes live in storage: the index finds the very string, and a copy made elsewhere
    // falls back to the comparison.
    codes += (0..<30).map { "CUSTOM-RULE-CODE-\($0)-\(random.next() % 1000)" }
    var table = CodeTable<Int>()
    var expected: [String: Int] = [:]
    for (index, code) in codes.enumerated() {
        table[RuleCode(code)] = index
        expected[code] = index
        if random.next() % 4 == 0 {
            // Setting again through a copy in other storage replaces the value.
            let copy = String(decoding: Array(code.utf8), as: UTF8.self)
            table[RuleCode(copy)] = index + 1000
            expected[code] = index + 1000
        }
    }
    for code in codes {
        let copy = String(decoding: Array(code.utf8), as: UTF8.self)
        #expect(table[RuleCode(code)] == expected[code], "\(code)")
        #expect(table[RuleCode(copy)] == expected[code], "\(code)")
    }
    #expect(table[RuleCode("NOPE01")] == nil)
    #expect(table[RuleCode("CUSTOM-RULE-CODE-NONE")] == nil)
}

@Test("JSON string cache: hundreds of short strings of one length, which differ in few bits")
func jsonStringCacheShortStrings() {
    // Every two-letter string: more than the cache holds, so its table is as full as it gets and
    // lookups pass over many slots of strings that differ in one byte only.
    let letters = (UInt8(ascii: "a")...UInt8(ascii: "z")).map { Character(Unicode.Scalar($0)) }
    let strings = letters.flatMap { first in letters.map { String([first, $0]) } }
    var cache = JSONStringCache()
    for _ in 0..<2 {
        for string in strings {
            let (cached, escaped) = writtenBothWays(string, &cache)
            #expect(cached == escaped, "\(string)")
        }
    }
}
