import Testing

@testable import CSVCheck

/// The two-byte table of the per-byte pass and the one-bit class test, against the one-byte
/// definitions they stand for.
@Suite struct PasswordPairTableTests {
    /// Every pair's entry is the two bytes' normalizations in load order and their class bits
    /// together.
    @Test func pairEntriesMatchTheByteTables() {
        let tables = PasswordTables.shared
        var wrong = 0
        for second in 0..<256 {
            for first in 0..<256 {
                let expected =
                    UInt32(tables.fold[first]) | UInt32(tables.fold[second]) << 8
                    | UInt32(tables.kinds[first] | tables.kinds[second]) << 24
                if tables.pairFoldAndKind[second << 8 | first] != expected { wrong += 1 }
            }
        }
        #expect(wrong == 0)
    }

    /// The bit test says "no disallowed byte and three classes or more" for every class set.
    @Test func threeClassTestMatchesTheCount() {
        for classes in UInt8(0)..<32 {
            let expected = classes & PasswordTables.disallowed == 0 && (classes & 0x0F).nonzeroBitCount >= 3
            #expect(PasswordTables.isAllowedWithThreeClasses(classes) == expected, "classes \(classes)")
        }
    }
}
