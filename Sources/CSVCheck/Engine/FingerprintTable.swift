import CSupport
import Synchronization

/// An open-addressing hash table of 64-bit fingerprints with a 32-bit value each, or with a
/// small count each, in raw memory: no per-entry allocation, no exclusivity checks on the hot
/// path.
///
/// Slots come in buckets of one 64-byte cache line each: five fingerprints, then their five
/// values, or seven fingerprints, then their seven one-byte counts, in a counting table
/// (``counting``), so a lookup or an insertion touches one line in the common case: on a file
/// of a million rows the two tables are far larger than the caches, and the rows' lookups are
/// bound by how many lines are in flight at once. A fingerprint's home bucket is its high bits
/// scaled to the bucket count ("fastrange"), so the table can be sized to the expected number
/// of entries (``reserve(_:)``): a million entries at 80% load take 16 MiB with values,
/// 11.4 MiB with counts. Fingerprint 0 marks an empty slot; callers never store 0.
///
/// A counting table (``tally(_:)``) keeps a key's count in its slot up to 255; past that, and
/// for a key whose probe ran past the slack, the exact count is kept in ``overflow``. Most keys
/// are counted once, and every page of a table is memory the kernel must clear (and, in a
/// virtual machine, the host may have to supply), so the smaller slots cost less before the
/// first lookup as well as in the caches. (Keys alone, eight a line, with the counts of repeated
/// keys in a second table, took 0.85 s and 77 MB for a million rows whose passwords come in
/// pairs, against 0.68 s and 60 MB with values.)
///
/// Probing moves to the next bucket when one is full, and never wraps: ``slack`` buckets follow
/// the last home bucket, and a fingerprint whose probe runs past them (vanishingly rare, unless
/// fingerprints were made to collide) is kept in a small dictionary instead, so that no input
/// makes the table grow beyond its load.
final class FingerprintTable {
    /// Slots per bucket of a table with values.
    static let width = 5
    /// Slots per bucket of a counting table.
    static let countWidth = Int(CSVCHECK_TABLE_COUNT_WIDTH)
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
    /// The count past which an insertion leaves its fast path (``passCheckpoint()``): the most
    /// entries the table takes at 80% load or, while a reserved table waits for its pages, the
    /// count at which to look at ``pagesReady`` next.
    @exclusivity(unchecked) private var checkpoint = 0
    /// Insertions left before ``checkpoint``: the count is kept as this distance, so that an
    /// insertion costs one decrement and a sign test, where there were two tests an operation
    /// (is a table reserved, are its pages there) and a load test an insertion.
    @exclusivity(unchecked) private var room = 0
    /// Entries in the table and its overflow.
    var count: Int { checkpoint &- room }
    /// The large memory that ``reserve(_:)`` sized for the file, while another thread backs it
    /// with pages (``TableMemory/populate()``): until that is done (``pagesReady``), entries go
    /// to the small table in ``buckets``, so that this thread never stops to have a 2 MiB page
    /// cleared; an insertion at most ``pollInterval`` after that moves them over
    /// (``moveToReserved()``).
    @exclusivity(unchecked) private var reserved: (buckets: UnsafeMutableRawPointer, bucketCount: Int)?
    /// Set once the pages of ``reserved`` are there.
    private let pagesReady = ReadyFlag()
    /// Entries the small table takes while the large one waits for its pages (at 80% load).
    static let interimEntries = 48 * 1024
    /// Insertions between two looks at ``pagesReady`` while a reserved table waits for its pages:
    /// the entries move over at most this many insertions after the pages are there (lookups
    /// find the same entries in either table, so when they move changes no answer).
    static let pollInterval = 1024

    /// Whether the slots hold fingerprints and one-byte counts (``tally(_:)``), not
    /// fingerprints and values (``insertIfAbsent(_:value:)``).
    let counting: Bool
    /// Slots per bucket: ``width`` or ``countWidth``.
    private let slotsPerBucket: Int
    /// In a counting table, a key of ``overflow`` whose count is held in ``cachedCount`` (and
    /// not yet written back), 0 for none: a batch that gives every mailbox one password counts
    /// it past 255 on every row, without hashing it into the dictionary each time.
    @exclusivity(unchecked) private var cachedKey: UInt64 = 0
    @exclusivity(unchecked) private var cachedCount: UInt32 = 0
    /// Interim tables left behind by ``moveToReserved()``, freed at deinit (see ``retire(_:)``).
    private var retired: [(buckets: UnsafeMutableRawPointer, bytes: Int)] = []

    /// Home slots in all.
    var capacity: Int { bucketCount &* slotsPerBucket }

    /// A table of at least `capacity` home slots (at least four buckets), with values or, with
    /// `counting`, with one-byte counts.
    init(capacity: Int = 4096, counting: Bool = false) {
        self.counting = counting
        slotsPerBucket = counting ? Self.countWidth : Self.width
        bucketCount = max(capacity / slotsPerBucket, 4)
        buckets = Self.allocate(bucketCount + Self.slack)
        setCheckpoint(loadLimit)
    }

    deinit {
        csvcheck_table_free(buckets, (bucketCount + Self.slack) * Self.bucketBytes)
        if let reserved { csvcheck_table_free(reserved.buckets, (reserved.bucketCount + Self.slack) * Self.bucketBytes) }
        for range in retired { csvcheck_table_free(range.buckets, range.bytes) }
    }

    /// Zeroed memory for `count` buckets from CSupport's `csvcheck_table_allocate`: whole pages
    /// from the kernel, huge pages where it allows them. With `populated`, backed with pages at
    /// once (`csvcheck_table_populate`, on this thread), as every table is but a reserved one,
    /// whose pages another thread backs (``reserve(_:)``).
    ///
    /// Why at once: a slot is read (the probe) before it is written, and the first read of a
    /// page the kernel has not backed maps the shared zero page; the write after it then faults
    /// again, and the kernel has every other core that runs this process flush the page from
    /// its TLB, an interrupt it waits for. On the 1M-row file the main thread spent about 1.3 ms
    /// a run in those waits on the interim tables (`smp_call_function_many_cond` under page
    /// faults in `FileRun.tableRow`, 8 runs under perf).
    private static func allocate(_ count: Int, populated: Bool = true) -> UnsafeMutableRawPointer {
        let bytes = count * bucketBytes
        guard let memory = csvcheck_table_allocate(bytes) else {
            fatalError("csvcheck: out of memory for a table of \(count) buckets")
        }
        if populated { _ = csvcheck_table_populate(memory, bytes) }
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
        let large = max((wanted + slotsPerBucket - 1) / slotsPerBucket, 4)
        guard (large + Self.slack) * Self.bucketBytes >= TableMemory.populateThreshold else {
            rehash(toSlots: wanted)
            return
        }
        let interim = Self.interimEntries + Self.interimEntries / 4
        if capacity < interim { rehash(toSlots: interim) }
        reserved = (Self.allocate(large + Self.slack, populated: false), large)
        pagesReady.reset()
        // The next insertion looks at the pages (at once, when they were marked ready first).
        setCheckpoint(min(count, loadLimit))
    }

    /// The most entries the table takes at 80% load.
    private var loadLimit: Int { capacity &* 4 / 5 }

    /// Moves ``checkpoint`` to `entries`, keeping the count.
    private func setCheckpoint(_ entries: Int) {
        let count = self.count
        checkpoint = entries
        room = entries &- count
    }

    /// The slow part of an insertion that took the count past ``checkpoint``: moves the entries
    /// to the reserved table once its pages are there, or when the small table is full before
    /// that (this thread then backs the rest of the pages itself); else, past 80%
    /// load, doubles the table. Sets the next checkpoint.
    @inline(never)
    private func passCheckpoint() {
        if reserved != nil {
            if !pagesReady.isSet && count > loadLimit {
                // The small table is full before the other thread has backed the large one with
                // pages: this thread backs what is left (the two threads then share it). Moving
                // over at once would probe memory with no pages: every first read of a page maps
                // the zero page, and the write after it faults again and has the other core flush
                // its TLB (perf, 8 runs of the 1M-row file: 3.2 ms a run of this thread in
                // `moveCounts` waiting for those flushes, under perf).
                region.populate()
            }
            if pagesReady.isSet {
                moveToReserved()
            } else {
                setCheckpoint(min(count &+ Self.pollInterval &- 1, loadLimit))
            }
        } else if count > loadLimit {
            rehash(toSlots: capacity * 2)
        } else {
            setCheckpoint(loadLimit)
        }
    }

    private func moveToReserved() {
        guard let target = reserved else { return }
        reserved = nil
        retire(move(to: target.buckets, bucketCount: target.bucketCount))
    }

    /// Keeps the interim table `old`, pages and all, until deinit: giving anything back to the
    /// kernel here costs this thread, the pipeline's busier one, while another thread may be
    /// backing the large tables with pages (``TableMemory/populate()``).
    /// - `munmap` needs the memory-map lock alone, which the populating thread holds shared a
    ///   huge page at a time: 3.6 ms off the CPU in one run of the 1M-row file
    ///   (`perf record -e sched:sched_switch`), with the reading thread's page faults queued
    ///   behind it.
    /// - `MADV_DONTNEED` shares that lock, but unmaps pages that are there, so the kernel has
    ///   the other core flush them from its TLB and waits for it (an interrupt to the other
    ///   virtual CPU; the same wait as under the zero-page faults of ``allocate(_:populated:)``,
    ///   not measured apart for this call).
    ///
    /// The interim tables of a run hold at most ``interimEntries`` entries each, about 1.3 MB
    /// of pages in all, touched already: keeping them adds no page fault.
    private func retire(_ old: (buckets: UnsafeMutableRawPointer, count: Int)) {
        retired.append((old.buckets, old.count * Self.bucketBytes))
    }

    /// The home bucket of `key`: its high bits scaled to the bucket count.
    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(truncatingIfNeeded: bucketCount)).high)
    }

    /// Starts loading the home bucket of `key` into the cache, so that a lookup a little later
    /// does not wait for memory.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        csvcheck_prefetch(buckets + home(key) &* Self.bucketBytes)
    }

    // The probe and the work in its slot are CSupport's (`csvcheck_table.h`): one call returns
    // the value found or what became of the key, so no position comes back to be decoded. A
    // bucket index is below `bucketCount + slack`, so no offset can overflow.

    /// The last bucket a probe may look at, plus one.
    @inline(__always)
    private var end: Int { bucketCount &+ Self.slack }

    /// Inserts `key` with `value` if it is absent; returns the stored value if it was present.
    @inline(__always)
    func insertIfAbsent(_ key: UInt64, value: UInt32) -> UInt32? {
        assert(!counting, "a counting table has no values")
        let result = csvcheck_table_insert(buckets, home(key), end, key, value)
        if result >= 0 { return UInt32(truncatingIfNeeded: result) }
        if result == Int64(CSVCHECK_TABLE_INSERTED) {
            counted()
            return nil
        }
        if let stored = overflow[key] { return stored }
        overflow[key] = value
        room &-= 1
        return nil
    }

    /// For a counting table: counts one more row with `key`; returns how many rows were
    /// counted with it before (0 the first time).
    @inline(__always)
    func tally(_ key: UInt64) -> UInt32 {
        assert(counting, "a table with values cannot count")
        let result = csvcheck_table_count(buckets, home(key), end, key)
        if result == Int64(CSVCHECK_TABLE_INSERTED) {
            counted()
            return 0
        }
        // The slot's count is the rows before less one, until it reaches 255.
        if result >= 0 && result < 254 { return UInt32(truncatingIfNeeded: result) &+ 1 }
        return tallyInOverflow(key, result)
    }

    /// ``tally(_:)`` for a key whose count is (or now goes) in ``overflow``: one whose slot's
    /// count reaches 255 with this row (`result` 254), or had (255), or whose probe ran past
    /// the slack (``CSVCHECK_TABLE_FULL``).
    @inline(never)
    private func tallyInOverflow(_ key: UInt64, _ result: Int64) -> UInt32 {
        if result == 254 {
            // 255 rows before this one; from here on the overflow counts them all.
            overflow[key] = 256
            return 255
        }
        if result == Int64(CSVCHECK_TABLE_FULL), overflow[key] == nil {
            overflow[key] = 1
            room &-= 1
            return 0
        }
        if key != cachedKey {
            writeBackCachedCount()
            cachedKey = key
            cachedCount = overflow[key] ?? 0
        }
        cachedCount &+= 1
        return cachedCount &- 1
    }

    /// Writes the count held for ``cachedKey`` back to ``overflow``.
    private func writeBackCachedCount() {
        if cachedKey != 0 { overflow[cachedKey] = cachedCount }
        cachedKey = 0
    }

    /// Counts an entry just written to the table; past ``checkpoint``, hands over to
    /// ``passCheckpoint()``.
    @inline(__always)
    private func counted() {
        room &-= 1
        if room < 0 { passCheckpoint() }
    }

    /// The bucket and slot that hold `key`, or nil when it is absent or in the overflow (for
    /// tests: it reads every bucket).
    func position(of key: UInt64) -> (bucket: Int, slot: Int)? {
        for bucket in 0..<end {
            for slot in 0..<slotsPerBucket where buckets.load(fromByteOffset: bucket * Self.bucketBytes + slot * 8, as: UInt64.self) == key {
                return (bucket, slot)
            }
        }
        return nil
    }

    /// Moves every entry, the overflow's included, into a table of at least `slots` home slots.
    private func rehash(toSlots slots: Int) {
        let count = max((slots + slotsPerBucket - 1) / slotsPerBucket, 4)
        let old = move(to: Self.allocate(count + Self.slack), bucketCount: count)
        csvcheck_table_free(old.buckets, old.count * Self.bucketBytes)
    }

    /// Moves every entry, the overflow's included, into the zeroed memory `target` of
    /// `bucketCount` home buckets (and ``slack`` more), which becomes the table; returns the
    /// memory it replaced (`count` buckets), for the caller to release.
    private func move(
        to target: UnsafeMutableRawPointer, bucketCount newCount: Int
    ) -> (buckets: UnsafeMutableRawPointer, count: Int) {
        if counting { return moveCounts(to: target, bucketCount: newCount) }
        let (old, spilled) = install(target, bucketCount: newCount)
        func put(_ key: UInt64, _ value: UInt32) {
            // The keys are distinct: each one goes to an empty slot, or to the overflow.
            if csvcheck_table_insert(buckets, home(key), end, key, value) == Int64(CSVCHECK_TABLE_FULL) {
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
        return old
    }

    /// Makes the zeroed memory `target` of `bucketCount` home buckets (and ``slack`` more) the
    /// table, with an empty overflow, the count kept; returns the memory and the overflow it
    /// replaced, for the caller to move their entries and free the memory.
    private func install(
        _ target: UnsafeMutableRawPointer, bucketCount newCount: Int
    ) -> (old: (buckets: UnsafeMutableRawPointer, count: Int), overflow: [UInt64: UInt32]) {
        let old = (buckets: buckets, count: bucketCount + Self.slack)
        let spilled = overflow
        overflow = [:]
        bucketCount = newCount
        buckets = target
        setCheckpoint(loadLimit)
        return (old, spilled)
    }

    /// ``move(to:bucketCount:)`` for a counting table. ``overflow`` holds the exact count of
    /// the keys whose slot count is 255 and of the keys that are in no slot; each key keeps its
    /// count wherever it lands.
    private func moveCounts(
        to target: UnsafeMutableRawPointer, bucketCount newCount: Int
    ) -> (buckets: UnsafeMutableRawPointer, count: Int) {
        writeBackCachedCount()
        var (old, apart) = install(target, bucketCount: newCount)
        /// Puts `key`, counted `rows` times, in a slot (its count there the rows less one, at
        /// most 255, the exact count in the overflow past that) or in the overflow.
        func put(_ key: UInt64, rows: UInt32) {
            let count = UInt8(min(rows &- 1, 255))
            if csvcheck_table_put_count(buckets, home(key), end, key, count) == Int64(CSVCHECK_TABLE_FULL) || count == 255 {
                overflow[key] = rows
            }
        }
        for bucket in 0..<old.count {
            let base = old.buckets + bucket * Self.bucketBytes
            for slot in 0..<Self.countWidth {
                let key = base.load(fromByteOffset: slot * 8, as: UInt64.self)
                guard key != 0 else { continue }
                let count = base.load(fromByteOffset: Int(CSVCHECK_TABLE_COUNTS) + slot, as: UInt8.self)
                // A full count's rows are in the overflow (taken out of `apart`: what is left
                // there afterwards are the keys that were in no slot).
                let rows = count == 255 ? apart.removeValue(forKey: key) ?? 256 : UInt32(count) &+ 1
                put(key, rows: rows)
            }
        }
        for (key, rows) in apart { put(key, rows: rows) }
        return old
    }
}

/// Whether a reserved table's pages are there: set by the thread that backs them, read by the
/// table's owner every ``FingerprintTable/pollInterval`` insertions until they are.
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

    /// Tables below this size are not reserved: they are backed with pages on the thread that
    /// allocates them (a small file's tables cost less than handing the work over to another
    /// thread).
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
