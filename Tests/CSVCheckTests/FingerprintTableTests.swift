import Dispatch
@testable import CSVCheck
import Testing

// The duplicate tables (DUP001/DUP002, PWD007) against a Dictionary: growth from the smallest
// table, fingerprints that all share a home slot (the overflow past the last slot), and counts.

@Suite("Fingerprint table")
struct FingerprintTableTests {
    /// Keys drawn from a small pool (so many repeat), inserted into a table that starts small
    /// and grows, or that was reserved up front.
    @Test(arguments: [(entries: 100, reserve: 0), (entries: 50_000, reserve: 0), (entries: 50_000, reserve: 50_000)])
    func insertIfAbsentMatchesADictionary(entries: Int, reserve: Int) {
        var random = SplitMix64(seed: UInt64(entries + reserve))
        let pool = (0..<entries).map { _ in random.next() | 1 }
        let table = FingerprintTable(capacity: 16)
        if reserve > 0 { table.reserve(reserve) }
        var oracle: [UInt64: UInt32] = [:]
        for step in 0..<(entries * 2) {
            let key = pool[Int.random(in: 0..<pool.count, using: &random)]
            let value = UInt32(step + 1)
            let stored = table.insertIfAbsent(key, value: value)
            #expect(stored == oracle[key], "step \(step)")
            if oracle[key] == nil { oracle[key] = value }
        }
        #expect(table.count == oracle.count)
        #expect(table.count * 5 <= table.capacity * 4)
    }

    /// Keys whose home slot is the same at every capacity (equal high bits) fill the run of
    /// slots to the end of the table and spill over; every one must still be found once.
    @Test func keysSharingAHomeSlotSpillOverAndAreFound() {
        let table = FingerprintTable(capacity: 4096)
        let keys = (1...300).map { UInt64(0xABCD_0000_0000_0000) | UInt64($0) << 8 | 0x11 }
        for (index, key) in keys.enumerated() {
            #expect(table.insertIfAbsent(key, value: UInt32(index + 1)) == nil)
        }
        for (index, key) in keys.enumerated() {
            #expect(table.insertIfAbsent(key, value: 0) == UInt32(index + 1))
        }
        #expect(table.count == keys.count)
        // Growth (forced by other keys) keeps them.
        var random = SplitMix64(seed: 7)
        for _ in 0..<10_000 { _ = table.insertIfAbsent(random.next() | 1, value: 9) }
        for (index, key) in keys.enumerated() {
            #expect(table.insertIfAbsent(key, value: 0) == UInt32(index + 1))
        }
    }

    /// Backing the memory with pages ahead of use (another thread does it while rows fill the
    /// table) must change no byte: every entry made before, during and after is still found.
    @Test func populatingTheMemoryKeepsEveryEntry() {
        let table = FingerprintTable()
        table.reserve(600_000)
        let memory = table.region
        #expect(memory.bytes >= TableMemory.populateThreshold)
        var random = SplitMix64(seed: 0x9091_A7E5)
        let keys = (0..<300_000).map { _ in random.next() | 1 }
        for (index, key) in keys.enumerated() where index < 100_000 {
            #expect(table.insertIfAbsent(key, value: UInt32(index)) == nil)
        }
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            memory.populate()
            done.signal()
        }
        for (index, key) in keys.enumerated() where index >= 100_000 {
            #expect(table.insertIfAbsent(key, value: UInt32(index)) == nil)
        }
        done.wait()
        memory.populate()
        for (index, key) in keys.enumerated() {
            #expect(table.insertIfAbsent(key, value: 0) == UInt32(index))
        }
    }

    /// A large reserved table takes its first entries in a small interim table until its pages
    /// are ready, then moves them over; or moves them when the interim table fills first.
    /// Stored values must come through either move unchanged (a counting table's moves:
    /// FingerprintCountTableTests).
    @Test(arguments: [(before: 1_000, ready: true), (before: 1_000, ready: false), (before: 60_000, ready: false)])
    func entriesMoveFromTheInterimTable(before: Int, ready: Bool) {
        let table = FingerprintTable()
        table.reserve(600_000)
        let memory = table.region
        #expect(memory.bytes >= TableMemory.populateThreshold)
        #expect(!memory.ready.isSet)
        // The small table holds the entries meanwhile.
        #expect(table.capacity < 600_000)
        var random = SplitMix64(seed: UInt64(before) &* 31 &+ (ready ? 1 : 0))
        let keys = (0..<(before + 5_000)).map { _ in random.next() | 1 }
        for (index, key) in keys.enumerated() where index < before {
            #expect(table.insertIfAbsent(key, value: UInt32(index + 1)) == nil)
        }
        if ready { memory.markReady() }
        for (index, key) in keys.enumerated() where index >= before {
            #expect(table.insertIfAbsent(key, value: UInt32(index + 1)) == nil)
        }
        // Past the interim table's size, or once the pages were ready, the large table is in use.
        if ready || before > FingerprintTable.interimEntries {
            #expect(table.capacity >= 600_000)
        }
        for (index, key) in keys.enumerated() {
            #expect(table.insertIfAbsent(key, value: 0) == UInt32(index + 1), "key \(index)")
        }
        #expect(table.count == keys.count)
    }
}
