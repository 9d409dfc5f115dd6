@testable import CSVCheck
import Testing

// Where the fingerprint table's probe (`csvcheck_table.h`) puts entries and finds them: the
// slots of a bucket in order, a full bucket spilling to the next, the slack buckets after the
// last home bucket, the overflow dictionary past them; and when entries move from the interim
// table to the reserved one.

@Suite("Fingerprint table probe")
struct FingerprintTableProbeTests {
    /// Home buckets of the tables below: `capacity` 500 makes 100 (and 16 slack buckets).
    static let buckets = 100

    /// Distinct fingerprints whose home bucket is `home` in a table of ``buckets`` buckets: the
    /// home is the fingerprint's high bits scaled to the bucket count, so the fingerprints start
    /// at the first one of that bucket and go up one by one.
    static func keys(home: Int, count: Int) -> [UInt64] {
        // The smallest fingerprint whose scaled high bits reach `home`: ceil(home * 2^64 / buckets).
        let (quotient, remainder) = UInt64(buckets).dividingFullWidth((high: UInt64(home), low: 0))
        let first = quotient &+ (remainder == 0 ? 0 : 1)
        return (0..<count).map { first &+ UInt64($0 + 1) }
    }

    /// Where the `index`th fingerprint of one home bucket goes: the slots of that bucket in
    /// order, then those of the next buckets; nil past the slack (the overflow dictionary).
    static func expectedPosition(home: Int, index: Int) -> (bucket: Int, slot: Int)? {
        let bucket = home + index / FingerprintTable.width
        guard bucket < buckets + FingerprintTable.slack else { return nil }
        return (bucket, index % FingerprintTable.width)
    }

    /// Fingerprints sharing a home bucket fill it slot by slot and spill into the next buckets,
    /// at the first bucket, in the middle, and at the last home bucket, whose spill runs through
    /// the slack buckets into the overflow (17 buckets hold 85 entries). Each one is then found
    /// in its slot by `insertIfAbsent`, and a new fingerprint goes to the next free slot.
    @Test(arguments: [0, 41, 99], [1, 2, 3, 4, 5, 6, 9, 10, 11, 84, 85, 86, 120])
    func fingerprintsFillTheirBucketsInOrder(home: Int, count: Int) {
        let table = FingerprintTable(capacity: Self.buckets * FingerprintTable.width)
        #expect(table.capacity == Self.buckets * FingerprintTable.width)
        let keys = Self.keys(home: home, count: count + 1)
        for index in 0..<count {
            #expect(table.insertIfAbsent(keys[index], value: UInt32(100 + index)) == nil, "insert \(index)")
        }
        #expect(table.count == count)
        for index in 0..<count {
            let position = table.position(of: keys[index])
            let expected = Self.expectedPosition(home: home, index: index)
            #expect(position?.bucket == expected?.bucket && position?.slot == expected?.slot, "key \(index) at \(String(describing: position))")
        }
        // Found in every slot: the stored value comes back and is not replaced.
        for index in 0..<count {
            #expect(table.insertIfAbsent(keys[index], value: 7) == UInt32(100 + index), "find \(index)")
        }
        // A new fingerprint of the same home goes to the next free slot (or to the overflow).
        #expect(table.insertIfAbsent(keys[count], value: 1) == nil)
        let position = table.position(of: keys[count])
        let expected = Self.expectedPosition(home: home, index: count)
        #expect(position?.bucket == expected?.bucket && position?.slot == expected?.slot)
        #expect(table.insertIfAbsent(keys[count], value: 7) == 1)
        #expect(table.count == count + 1)
        #expect(table.capacity == Self.buckets * FingerprintTable.width)
    }

    /// A fingerprint is found in any slot of a bucket whatever the other slots hold: each
    /// slot in turn holds it, the slots before it other fingerprints of the same home.
    @Test(arguments: 0..<FingerprintTable.width)
    func aFingerprintIsFoundInEverySlot(slot: Int) {
        let table = FingerprintTable(capacity: Self.buckets * FingerprintTable.width)
        let keys = Self.keys(home: 7, count: FingerprintTable.width)
        let target = keys[slot]
        for (index, key) in keys.enumerated() where index < slot {
            #expect(table.insertIfAbsent(key, value: UInt32(index + 1)) == nil)
        }
        #expect(table.insertIfAbsent(target, value: 40) == nil)
        #expect(table.position(of: target)?.bucket == 7 && table.position(of: target)?.slot == slot)
        for _ in 1...3 { #expect(table.insertIfAbsent(target, value: 50) == 40) }
        // The slots after it are empty: a fingerprint of another home is not found there.
        #expect(table.insertIfAbsent(Self.keys(home: 8, count: 1)[0], value: 1) == nil)
        #expect(table.count == slot + 2)
    }

    /// A reserved table's pages marked ready before the first insertion: that insertion moves
    /// the entries over (the next one is already in the large table).
    @Test func theFirstInsertionAfterTheMarkMoves() {
        let table = FingerprintTable()
        table.reserve(600_000)
        #expect(table.capacity < 600_000)
        table.region.markReady()
        #expect(table.insertIfAbsent(0x1234_5678_9ABC_DEF1, value: 3) == nil)
        #expect(table.capacity >= 600_000)
        #expect(table.insertIfAbsent(0x1234_5678_9ABC_DEF1, value: 4) == 3)
        #expect(table.count == 1)
    }

    /// Pages marked ready while the interim table is in use: the entries move within
    /// ``FingerprintTable/pollInterval`` insertions, not before the mark; lookups alone never
    /// move them, and every entry is found before and after the move.
    @Test(arguments: [0, 1, 500, 1_023, 1_024, 3_000])
    func entriesMoveWithinOnePollInterval(before: Int) {
        let table = FingerprintTable()
        table.reserve(600_000)
        let small = table.capacity
        var random = SplitMix64(seed: UInt64(before) | 0x5EED_0000)
        let keys = (0..<(before + FingerprintTable.pollInterval)).map { _ in random.next() | 1 }
        for (index, key) in keys.enumerated() where index < before {
            #expect(table.insertIfAbsent(key, value: UInt32(index)) == nil)
        }
        #expect(table.capacity == small)
        table.region.markReady()
        for (index, key) in keys.enumerated() where index < before {
            #expect(table.insertIfAbsent(key, value: 0) == UInt32(index))
        }
        #expect(table.capacity == small)
        for (index, key) in keys.enumerated() where index >= before {
            #expect(table.insertIfAbsent(key, value: UInt32(index)) == nil)
        }
        #expect(table.capacity >= 600_000)
        for (index, key) in keys.enumerated() {
            #expect(table.insertIfAbsent(key, value: 0) == UInt32(index), "key \(index)")
        }
        #expect(table.count == keys.count)
    }
}
