import CSupport

/// An open-addressing hash table of 64-bit fingerprints with a 32-bit value each, in raw
/// memory: 13 bytes a slot, no per-entry allocation, no exclusivity checks on the hot path.
///
/// The capacity need not be a power of two: a fingerprint's home slot is its high bits scaled to
/// the capacity ("fastrange"), so the table can be sized to the expected number of entries
/// (``reserve(_:)``) and a million entries at 75% load take 17 MiB. Fingerprint 0 is never
/// stored (callers map it to another value).
///
/// Probing is linear, over a byte of *tag* per slot (the fingerprint's low seven bits and a set
/// high bit; 0 marks an empty slot), eight tags per step. A lookup reads one cache line of tags
/// and compares a fingerprint only where its tag matches, so inserting a new fingerprint, the
/// common case, reads no fingerprint at all, however long the run of occupied slots. Probes
/// never wrap: ``slack`` slots follow the last home slot, and a fingerprint whose probe runs
/// past them (vanishingly rare, unless fingerprints were made to collide) is kept in a small
/// dictionary instead, so that no input makes the table grow beyond its load.
final class FingerprintTable {
    private var keys: UnsafeMutablePointer<UInt64>
    private var values: UnsafeMutablePointer<UInt32>
    private var tags: UnsafeMutablePointer<UInt8>
    /// Home slots (the tables have ``slack`` more slots after them).
    private(set) var capacity: Int
    private(set) var count = 0
    /// Fingerprints whose probe ran past the last slot.
    private var overflow: [UInt64: UInt32] = [:]

    /// Slots after the last home slot, so that a probe never wraps around.
    static let slack = 64

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        (keys, values, tags) = Self.allocate(self.capacity + Self.slack)
    }

    deinit {
        Self.release(keys, values, tags, capacity + Self.slack)
    }

    /// Zeroed arrays for `slots` slots from CSupport's `csvcheck_table_allocate`: whole pages
    /// from the kernel, huge pages where it allows them, so that random lookups miss the TLB less.
    private static func allocate(
        _ slots: Int
    ) -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt8>) {
        func zeroed<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
            guard let raw = csvcheck_table_allocate(slots * MemoryLayout<T>.stride) else {
                fatalError("csvcheck: out of memory for a table of \(slots) entries")
            }
            return raw.bindMemory(to: T.self, capacity: slots)
        }
        return (zeroed(UInt64.self), zeroed(UInt32.self), zeroed(UInt8.self))
    }

    /// Frees what ``allocate(_:)`` returned.
    private static func release(
        _ keys: UnsafeMutablePointer<UInt64>, _ values: UnsafeMutablePointer<UInt32>, _ tags: UnsafeMutablePointer<UInt8>,
        _ slots: Int
    ) {
        csvcheck_table_free(UnsafeMutableRawPointer(keys), slots * MemoryLayout<UInt64>.stride)
        csvcheck_table_free(UnsafeMutableRawPointer(values), slots * MemoryLayout<UInt32>.stride)
        csvcheck_table_free(UnsafeMutableRawPointer(tags), slots)
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

    @inline(__always)
    private static func tag(_ key: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: key) | 0x80 }

    /// Starts loading the home slot of `key` into the cache, so that a lookup a little later
    /// does not wait for memory.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        let slot = home(key)
        csvcheck_prefetch(tags + slot)
        csvcheck_prefetch(keys + slot)
        csvcheck_prefetch(values + slot)
    }

    /// The slot holding `key`, or the empty slot where it would go; nil when the probe ran past
    /// the last slot (the table must grow).
    @inline(__always)
    private func find(_ key: UInt64) -> (slot: Int, found: Bool)? {
        let tag = Self.tag(key)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let wanted = ones &* UInt64(tag)
        let end = capacity + Self.slack
        var base = home(key)
        while base + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(tags + base).loadUnaligned(as: UInt64.self))
            // Occupied tags have their high bit set: the empty slots are exactly the bytes without.
            let empties = ~word & high
            // Bytes equal to the tag (the lowest hit is exact; any above it is checked anyway).
            let x = word ^ wanted
            var matches = (x &- ones) & ~x & high
            if empties != 0 { matches &= (empties & (0 &- empties)) &- 1 }
            while matches != 0 {
                let slot = base + matches.trailingZeroBitCount >> 3
                if keys[slot] == key { return (slot, true) }
                matches &= matches &- 1
            }
            if empties != 0 { return (base + empties.trailingZeroBitCount >> 3, false) }
            base += 8
        }
        while base < end {
            let stored = tags[base]
            if stored == 0 { return (base, false) }
            if stored == tag, keys[base] == key { return (base, true) }
            base += 1
        }
        return nil
    }

    /// Inserts `key` with `value` if it is absent; returns the stored value if it was present.
    @inline(__always)
    func insertIfAbsent(_ key: UInt64, value: UInt32) -> UInt32? {
        guard let (slot, found) = find(key) else { return overflowInsert(key, value: value) }
        if found { return values[slot] }
        place(key, value, at: slot)
        return nil
    }

    /// Adds one to the value of `key` (inserting it with 1); returns the value before.
    @inline(__always)
    func increment(_ key: UInt64) -> UInt32 {
        guard let (slot, found) = find(key) else {
            let before = overflow[key] ?? 0
            if before == 0 { count += 1 }
            overflow[key] = before &+ 1
            return before
        }
        guard found else {
            place(key, 1, at: slot)
            return 0
        }
        let before = values[slot]
        values[slot] = before &+ 1
        return before
    }

    @inline(__always)
    private func place(_ key: UInt64, _ value: UInt32, at slot: Int) {
        keys[slot] = key
        values[slot] = value
        tags[slot] = Self.tag(key)
        count += 1
        if count * 4 > capacity * 3 { rehash(to: capacity * 2) }
    }

    private func overflowInsert(_ key: UInt64, value: UInt32) -> UInt32? {
        if let stored = overflow[key] { return stored }
        overflow[key] = value
        count += 1
        return nil
    }

    /// Moves every entry, the overflow's included, into tables with `newCapacity` home slots.
    private func rehash(to newCapacity: Int) {
        let old = (keys: keys, values: values, tags: tags, slots: capacity + Self.slack)
        let spilled = overflow
        overflow = [:]
        capacity = newCapacity
        (keys, values, tags) = Self.allocate(capacity + Self.slack)
        func put(_ key: UInt64, _ value: UInt32) {
            if let (slot, _) = find(key) {
                keys[slot] = key
                values[slot] = value
                tags[slot] = Self.tag(key)
            } else {
                overflow[key] = value
            }
        }
        for index in 0..<old.slots where old.tags[index] != 0 { put(old.keys[index], old.values[index]) }
        for (key, value) in spilled { put(key, value) }
        Self.release(old.keys, old.values, old.tags, old.slots)
    }
}
