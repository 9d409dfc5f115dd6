import CSupport
import Synchronization

/// An open-addressing hash table of 64-bit fingerprints with a 32-bit value each, in raw
/// memory: no per-entry allocation, no exclusivity checks on the hot path.
///
/// Slots come in buckets of five, one 64-byte cache line each (five fingerprints, then their
/// five values), so a lookup or an insertion touches one line in the common case: on a file of a
/// million rows the two tables are far larger than the caches, and the rows' lookups are bound by
/// how many lines are in flight at once. A fingerprint's home bucket is its high bits scaled to
/// the bucket count ("fastrange"), so the table can be sized to the expected number of entries
/// (``reserve(_:)``): a million entries at 80% load take 16 MiB. Fingerprint 0 marks an empty
/// slot; callers never store 0.
///
/// Probing moves to the next bucket when one is full, and never wraps: ``slack`` buckets follow
/// the last home bucket, and a fingerprint whose probe runs past them (vanishingly rare, unless
/// fingerprints were made to collide) is kept in a small dictionary instead, so that no input
/// makes the table grow beyond its load.
final class FingerprintTable {
    /// Slots per bucket.
    static let width = 5
    /// Bytes per bucket: one cache line.
    static let bucketBytes = 64
    /// Byte offset of a bucket's values.
    private static let valuesOffset = width * MemoryLayout<UInt64>.stride
    /// Buckets after the last home bucket, so that a probe never wraps around.
    static let slack = 16

    // The properties skip the run-time exclusivity checks of class properties: the table has one
    // owner, which uses it from one thread at a time, and the checks cost more than a lookup.
    @exclusivity(unchecked) private var buckets: UnsafeMutableRawPointer
    /// Home buckets (the table has ``slack`` more after them).
    @exclusivity(unchecked) private var bucketCount: Int
    /// Fingerprints whose probe ran past the last bucket.
    @exclusivity(unchecked) private var overflow: [UInt64: UInt32] = [:]
    @exclusivity(unchecked) private(set) var count = 0
    /// The large memory that ``reserve(_:)`` sized for the file, while another thread backs it
    /// with pages (``TableMemory/populate()``): until that is done (``pagesReady``), entries go
    /// to the small table in ``buckets``, so that this thread never stops to have a 2 MiB page
    /// cleared; the first operation after it moves them over (``moveToReserved()``).
    @exclusivity(unchecked) private var reserved: (buckets: UnsafeMutableRawPointer, bucketCount: Int)?
    /// Set once the pages of ``reserved`` are there.
    private let pagesReady = ReadyFlag()
    /// Entries the small table takes while the large one waits for its pages (at 80% load).
    static let interimEntries = 48 * 1024

    /// Home slots in all.
    var capacity: Int { bucketCount &* Self.width }

    init(capacity: Int = 4096) {
        bucketCount = max(capacity / Self.width, 4)
        buckets = Self.allocate(bucketCount + Self.slack)
    }

    deinit {
        csvcheck_table_free(buckets, (bucketCount + Self.slack) * Self.bucketBytes)
        if let reserved { csvcheck_table_free(reserved.buckets, (reserved.bucketCount + Self.slack) * Self.bucketBytes) }
    }

    /// Zeroed memory for `count` buckets from CSupport's `csvcheck_table_allocate`: whole pages
    /// from the kernel, huge pages where it allows them.
    private static func allocate(_ count: Int) -> UnsafeMutableRawPointer {
        guard let memory = csvcheck_table_allocate(count * bucketBytes) else {
            fatalError("csvcheck: out of memory for a table of \(count) buckets")
        }
        return memory
    }

    /// The table's memory as it is now: where it starts and how many bytes it has (for
    /// ``TableMemory/populate()``; a later growth moves it).
    var region: TableMemory {
        if let reserved {
            return TableMemory(base: reserved.buckets, bytes: (reserved.bucketCount + Self.slack) * Self.bucketBytes, ready: pagesReady)
        }
        return TableMemory(base: buckets, bytes: (bucketCount + Self.slack) * Self.bucketBytes, ready: pagesReady)
    }

    /// Makes room for `entries` in all without growing (load at most 80%). A table of at least
    /// ``TableMemory/populateThreshold`` bytes is only reserved: the caller must hand its
    /// ``region`` to ``TableMemory/populate()`` or ``TableMemory/markReady()``; until then a
    /// small table of ``interimEntries`` takes the entries.
    func reserve(_ entries: Int) {
        moveToReserved()
        let wanted = entries + entries / 4 + 16
        guard wanted > capacity else { return }
        let large = max((wanted + Self.width - 1) / Self.width, 4)
        guard (large + Self.slack) * Self.bucketBytes >= TableMemory.populateThreshold else {
            rehash(toSlots: wanted)
            return
        }
        let interim = Self.interimEntries + Self.interimEntries / 4
        if capacity < interim { rehash(toSlots: interim) }
        reserved = (Self.allocate(large + Self.slack), large)
        pagesReady.reset()
    }

    /// Once the reserved table has its pages, moves every entry there and makes it the table.
    /// Also called when the small table is full before that (the pages are then cleared as
    /// this thread first touches them).
    @inline(__always)
    private func moveToReservedWhenReady() {
        if reserved != nil, pagesReady.isSet { moveToReserved() }
    }

    private func moveToReserved() {
        guard let target = reserved else { return }
        reserved = nil
        move(to: target.buckets, bucketCount: target.bucketCount)
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(bucketCount)).high)
    }

    // Raw loads and stores: a bucket holds fingerprints and values side by side. Wrapping
    // arithmetic: a bucket index is below `bucketCount + slack`, so no offset can overflow, and
    // the overflow checks were a third of a lookup's instructions.

    @inline(__always)
    private func key(_ bucket: Int, _ slot: Int) -> UInt64 {
        buckets.load(fromByteOffset: bucket &* Self.bucketBytes &+ slot &* 8, as: UInt64.self)
    }

    @inline(__always)
    private func value(_ bucket: Int, _ slot: Int) -> UInt32 {
        buckets.load(fromByteOffset: bucket &* Self.bucketBytes &+ Self.valuesOffset &+ slot &* 4, as: UInt32.self)
    }

    @inline(__always)
    private func store(_ key: UInt64, _ value: UInt32, _ bucket: Int, _ slot: Int) {
        buckets.storeBytes(of: key, toByteOffset: bucket &* Self.bucketBytes &+ slot &* 8, as: UInt64.self)
        setValue(value, bucket, slot)
    }

    @inline(__always)
    private func setValue(_ value: UInt32, _ bucket: Int, _ slot: Int) {
        buckets.storeBytes(
            of: value, toByteOffset: bucket &* Self.bucketBytes &+ Self.valuesOffset &+ slot &* 4, as: UInt32.self)
    }

    /// Starts loading the home bucket of `key` into the cache, so that a lookup a little later
    /// does not wait for memory.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        csvcheck_prefetch(buckets + home(key) &* Self.bucketBytes)
    }

    /// The bucket and slot holding `key`, or the empty slot where it would go; nil when the probe
    /// ran past the last bucket.
    @inline(__always)
    private func find(_ key: UInt64) -> (bucket: Int, slot: Int, found: Bool)? {
        let end = bucketCount &+ Self.slack
        var bucket = home(key)
        while bucket < end {
            let line = buckets + bucket &* Self.bucketBytes
            var slot = 0
            while slot < Self.width {
                let stored = line.load(fromByteOffset: slot &* 8, as: UInt64.self)
                if stored == key { return (bucket, slot, true) }
                if stored == 0 { return (bucket, slot, false) }
                slot &+= 1
            }
            bucket &+= 1
        }
        return nil
    }

    /// Inserts `key` with `value` if it is absent; returns the stored value if it was present.
    @inline(__always)
    func insertIfAbsent(_ key: UInt64, value: UInt32) -> UInt32? {
        moveToReservedWhenReady()
        guard let (bucket, slot, found) = find(key) else {
            if let stored = overflow[key] { return stored }
            overflow[key] = value
            count += 1
            return nil
        }
        if found { return self.value(bucket, slot) }
        place(key, value, bucket, slot)
        return nil
    }

    /// Adds one to the value of `key` (inserting it with 1); returns the value before.
    @inline(__always)
    func increment(_ key: UInt64) -> UInt32 {
        moveToReservedWhenReady()
        guard let (bucket, slot, found) = find(key) else {
            let before = overflow[key] ?? 0
            if before == 0 { count += 1 }
            overflow[key] = before &+ 1
            return before
        }
        guard found else {
            place(key, 1, bucket, slot)
            return 0
        }
        let before = value(bucket, slot)
        setValue(before &+ 1, bucket, slot)
        return before
    }

    @inline(__always)
    private func place(_ key: UInt64, _ value: UInt32, _ bucket: Int, _ slot: Int) {
        store(key, value, bucket, slot)
        count &+= 1
        if count &* 5 > capacity &* 4 {
            if reserved != nil {
                moveToReserved()
            } else {
                rehash(toSlots: capacity * 2)
            }
        }
    }

    /// Moves every entry, the overflow's included, into a table of at least `slots` home slots.
    private func rehash(toSlots slots: Int) {
        let count = max((slots + Self.width - 1) / Self.width, 4)
        move(to: Self.allocate(count + Self.slack), bucketCount: count)
    }

    /// Moves every entry, the overflow's included, into the zeroed memory `target` of
    /// `bucketCount` home buckets (and ``slack`` more), which becomes the table.
    private func move(to target: UnsafeMutableRawPointer, bucketCount newCount: Int) {
        let old = (buckets: buckets, count: bucketCount + Self.slack)
        let spilled = overflow
        overflow = [:]
        bucketCount = newCount
        buckets = target
        func put(_ key: UInt64, _ value: UInt32) {
            if let (bucket, slot, _) = find(key) {
                store(key, value, bucket, slot)
            } else {
                overflow[key] = value
            }
        }
        for bucket in 0..<old.count {
            let base = old.buckets + bucket * Self.bucketBytes
            for slot in 0..<Self.width {
                let key = base.load(fromByteOffset: slot * 8, as: UInt64.self)
                if key != 0 { put(key, base.load(fromByteOffset: Self.valuesOffset + slot * 4, as: UInt32.self)) }
            }
        }
        for (key, value) in spilled { put(key, value) }
        csvcheck_table_free(old.buckets, old.count * Self.bucketBytes)
    }
}

/// Whether a reserved table's pages are there: set by the thread that backs them, read by the
/// table's owner before each operation.
final class ReadyFlag: Sendable {
    private let flag = Atomic<Bool>(true)

    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
    func reset() { flag.store(false, ordering: .releasing) }
}

/// A range of table memory, handed to another thread to be backed with pages ahead of use.
struct TableMemory: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let bytes: Int
    /// Set when the pages are there (see ``FingerprintTable/reserve(_:)``).
    let ready: ReadyFlag

    /// Tables below this size are left to fault in as they are used (a small file's tables
    /// cost less than handing the work over to another thread).
    static let populateThreshold = 4 << 20

    /// Backs the memory with pages (`csvcheck_table_populate`). Changes no byte, so it is
    /// safe while another thread fills the table; memory freed meanwhile (the table grew) is
    /// refused by the kernel or, if mapped again, only given its zeroed pages early.
    func populate() {
        _ = csvcheck_table_populate(base, bytes)
        ready.set()
    }

    /// Lets the table use the memory at once, its pages cleared as they are first touched.
    func markReady() {
        ready.set()
    }
}
