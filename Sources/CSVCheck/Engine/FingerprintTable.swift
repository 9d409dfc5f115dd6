import CSupport

/// An open-addressing hash table of 64-bit fingerprints with a 32-bit value each, in raw
/// memory: 12 bytes a slot, no per-entry allocation, no exclusivity checks on the hot path.
///
/// The capacity need not be a power of two: a fingerprint's home slot is its high bits scaled to
/// the capacity ("fastrange"), so the table can be sized to the expected number of entries
/// (``reserve(_:)``) and a million entries at 75% load take 16 MiB. Fingerprint 0 marks an empty
/// slot; callers never store 0.
final class FingerprintTable {
    private var keys: UnsafeMutablePointer<UInt64>
    private var values: UnsafeMutablePointer<UInt32>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        keys = .allocate(capacity: self.capacity)
        keys.initialize(repeating: 0, count: self.capacity)
        values = .allocate(capacity: self.capacity)
        values.initialize(repeating: 0, count: self.capacity)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Makes room for `entries` in all without growing (load at most 75%).
    func reserve(_ entries: Int) {
        let wanted = entries + entries / 3 + 16
        if wanted > capacity { rehash(to: wanted) }
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// Starts loading the home slot of `key` into the cache, so that a lookup a little later
    /// does not wait for memory.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        let slot = home(key)
        csvcheck_prefetch(keys + slot)
        csvcheck_prefetch(values + slot)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: UInt64) -> (slot: Int, found: Bool) {
        var slot = home(key)
        while true {
            let stored = keys[slot]
            if stored == key { return (slot, true) }
            if stored == 0 { return (slot, false) }
            slot += 1
            if slot == capacity { slot = 0 }
        }
    }

    /// Inserts `key` with `value` if it is absent; returns the stored value if it was present.
    @inline(__always)
    func insertIfAbsent(_ key: UInt64, value: UInt32) -> UInt32? {
        let (slot, found) = find(key)
        if found { return values[slot] }
        keys[slot] = key
        values[slot] = value
        count += 1
        if count * 4 > capacity * 3 { rehash(to: capacity * 2) }
        return nil
    }

    /// Adds one to the value of `key` (inserting it with 1); returns the value before.
    @inline(__always)
    func increment(_ key: UInt64) -> UInt32 {
        let (slot, found) = find(key)
        if found {
            let before = values[slot]
            values[slot] = before &+ 1
            return before
        }
        keys[slot] = key
        values[slot] = 1
        count += 1
        if count * 4 > capacity * 3 { rehash(to: capacity * 2) }
        return 0
    }

    private func rehash(to newCapacity: Int) {
        let oldKeys = keys
        let oldValues = values
        let oldCapacity = capacity
        capacity = newCapacity
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0, count: capacity)
        for index in 0..<oldCapacity where oldKeys[index] != 0 {
            let (slot, _) = find(oldKeys[index])
            keys[slot] = oldKeys[index]
            values[slot] = oldValues[index]
        }
        oldKeys.deallocate()
        oldValues.deallocate()
    }
}
