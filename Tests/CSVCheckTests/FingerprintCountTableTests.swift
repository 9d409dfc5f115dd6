@testable import CSVCheck
import Testing

// The counting fingerprint table (PWD007's shared-password counts): seven fingerprints a
// bucket with a one-byte count each, the exact count in the overflow past 255 and for keys
// that spill past the slack. Checked against a Dictionary of counts through growth, the interim
// table's move (counts past 255 included), spills into the overflow, and the one-key cache in
// front of the overflow's counts.

@Suite("Counting fingerprint table")
struct FingerprintCountTableTests {
    /// Keys drawn from pools of different sizes (every key repeated often, some, or almost
    /// none), counted by a table that starts small and grows or that was reserved up front (its
    /// first entries in the interim table, moved over when the pages are marked ready).
    @Test(arguments: [
        (pool: 3, steps: 5_000, reserve: 0), (pool: 100, steps: 20_000, reserve: 0),
        (pool: 50_000, steps: 100_000, reserve: 0), (pool: 50_000, steps: 100_000, reserve: 600_000),
    ])
    func tallyMatchesADictionary(pool: Int, steps: Int, reserve: Int) {
        var random = SplitMix64(seed: UInt64(pool &* 7 &+ reserve))
        let keys = (0..<pool).map { _ in random.next() | 1 }
        let table = FingerprintTable(capacity: 16, counting: true)
        if reserve > 0 { table.reserve(reserve) }
        var oracle: [UInt64: UInt32] = [:]
        for step in 0..<steps {
            if reserve > 0 && step == steps / 2 { table.region.markReady() }
            // Runs of one key now and then, as a batch with one password for many rows has.
            let key = keys[step % 97 < 10 ? 0 : Int.random(in: 0..<keys.count, using: &random)]
            #expect(table.tally(key) == oracle[key, default: 0], "step \(step)")
            oracle[key, default: 0] += 1
        }
        #expect(table.count == oracle.count)
        #expect(table.count * 5 <= table.capacity * 4)
        if reserve > 0 && pool > FingerprintTable.pollInterval { #expect(table.capacity >= reserve) }
    }

    /// Keys counted past 255 (their exact counts in the overflow) and keys spilled past the
    /// slack, then moved from the interim table to the reserved one by the insertions of new
    /// keys: every count goes on from where it was.
    @Test(arguments: [3, 40])
    func countsPast255SurviveTheMove(hotKeys: Int) {
        var random = SplitMix64(seed: UInt64(hotKeys))
        let table = FingerprintTable(capacity: 16, counting: true)
        table.reserve(600_000)
        let small = table.capacity
        // Hot keys, and keys that share the interim table's last home bucket (they spill).
        let hot = (0..<hotKeys).map { _ in random.next() | 1 }
        let spilling = (1...150).map { UInt64.max &- UInt64($0) << 8 }
        var oracle: [UInt64: UInt32] = [:]
        func tally(_ key: UInt64, _ note: String) {
            #expect(table.tally(key) == oracle[key, default: 0], "\(note)")
            oracle[key, default: 0] += 1
        }
        for round in 0..<300 {
            for key in hot { tally(key, "hot, round \(round)") }
            if round % 50 == 0 { for key in spilling { tally(key, "spilling, round \(round)") } }
        }
        #expect(table.capacity == small)
        // The test's premises: hot counts past 255, and some spilling keys in no slot.
        #expect(hot.allSatisfy { oracle[$0]! > 255 })
        #expect(spilling.contains { table.position(of: $0) == nil })
        table.region.markReady()
        for step in 0..<(2 * FingerprintTable.pollInterval) {
            tally(random.next() | 1, "new, step \(step)")
            tally(hot[step % hot.count], "hot after, step \(step)")
        }
        #expect(table.capacity >= 600_000)
        #expect(spilling.contains { table.position(of: $0) == nil })
        for key in hot + spilling { tally(key, "last") }
        #expect(table.count == oracle.count)
    }

    /// The counts of two keys that take turns, in runs of different lengths: the one-key cache
    /// hands its count back to the dictionary on every switch.
    @Test(arguments: [[1, 1, 2, 1, 2, 2, 3, 1, 3, 3, 3, 2, 1], [1, 2, 1, 2, 1, 2], [3, 3, 3, 3, 1, 3]])
    func countsSurviveSwitchingKeys(sequence: [Int]) {
        let table = FingerprintTable(capacity: 64, counting: true)
        let keys: [Int: UInt64] = [1: 0x1111_0000_0000_0001, 2: 0x2222_0000_0000_0002, 3: 0x3333_0000_0000_0003]
        var seen: [Int: UInt32] = [:]
        for (step, name) in sequence.enumerated() {
            #expect(table.tally(keys[name]!) == seen[name, default: 0], "step \(step), key \(name)")
            seen[name, default: 0] += 1
        }
        #expect(table.count == seen.count)
    }

    /// Keys sharing a home bucket fill its seven slots in order, spill into the next buckets
    /// and, past the slack buckets, into the overflow; each is counted once per tally there,
    /// past 255 too (the slot's count full, or no slot).
    @Test(arguments: [1, 7, 8, 14, 15, 118, 119, 120, 200])
    func keysSharingABucketFillItAndSpillOver(count: Int) {
        let buckets = 100
        let table = FingerprintTable(capacity: buckets * FingerprintTable.countWidth, counting: true)
        #expect(table.capacity == buckets * FingerprintTable.countWidth)
        // The first fingerprints whose home is the last bucket (its high bits scaled to 100).
        let (quotient, remainder) = UInt64(buckets).dividingFullWidth((high: UInt64(buckets - 1), low: 0))
        let first = quotient &+ (remainder == 0 ? 0 : 1)
        let keys = (0..<count).map { first &+ UInt64($0 + 1) }
        for key in keys { #expect(table.tally(key) == 0) }
        for (index, key) in keys.enumerated() {
            let bucket = buckets - 1 + index / FingerprintTable.countWidth
            let position = table.position(of: key)
            if bucket < buckets + FingerprintTable.slack {
                #expect(position?.bucket == bucket && position?.slot == index % FingerprintTable.countWidth, "key \(index)")
            } else {
                #expect(position == nil, "key \(index) should be in the overflow")
            }
        }
        for round in 1...300 {
            for key in keys { #expect(table.tally(key) == UInt32(round), "round \(round)") }
        }
        // One key at a time now (the overflow's cache), each past its earlier count.
        for key in keys.reversed() {
            for round in 301...303 { #expect(table.tally(key) == UInt32(round)) }
        }
        #expect(table.count == count)
    }

    /// The password index counts rows per password through this table: 0 for a new password,
    /// then the rows before.
    @Test func passwordIndexCountsEarlierRows() {
        let index = PasswordIndex()
        let same = Array("Welcome2024!".utf8).withUnsafeBytes { PasswordIndex.key($0) }
        let other = Array("Another#2024".utf8).withUnsafeBytes { PasswordIndex.key($0) }
        #expect(index.insert(key: same) == 0)
        #expect(index.insert(key: other) == 0)
        #expect(index.insert(key: same) == 1)
        #expect(index.insert(key: same) == 2)
        #expect(index.insert(key: other) == 1)
        #expect(index.insert(key: same) == 3)
    }
}
