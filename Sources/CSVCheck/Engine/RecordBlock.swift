import CSVCore
import CSupport
import Dispatch
import Synchronization

/// Copies of consecutive records, so that a block of rows can be checked on several cores and
/// then reported in order. The copies own their bytes; a block holds at most
/// ``RecordBlock/capacity`` records and is emptied after each use, so memory stays bounded.
struct RecordBlock {
    /// Where one record's copies lie: 64 bytes, one cache line per record. Offsets inside the
    /// block are 32-bit (``isFull`` keeps a block's bytes under 1 GiB); positions in the file
    /// stay full-width; field and line counts saturate at `Int32.max` (a record over 2 GiB).
    struct Entry: BitwiseCopyable {
        var offset: Int
        var line: Int
        var rawLength: Int
        var bytesStart: UInt32
        var bytesEnd: UInt32
        var scratchStart: UInt32
        var scratchEnd: UInt32
        var spansStart: UInt32
        var spansEnd: UInt32
        var fieldCount: Int32
        var lineCount: Int32
        /// The unterminated field's index, or -1.
        var unterminatedField: Int32
        var terminator: LineTerminator
    }

    /// The most bytes (or scratch bytes) a block holds before it counts as full, so that its
    /// offsets fit in 32 bits.
    static let byteLimit = 1 << 30

    /// Records per block. Each block is one hand-over to the worker and one wait for it; with
    /// 2,048 (about 380 KB of bytes, spans and entries, within the L2 cache) the 1M-row file
    /// made 488 of each. 8,192 (about 1.5 MB) measured faster on it (median wall time, 16
    /// rounds each with py_validate first, twice: 0.199 -> 0.178 s and 0.198 -> 0.187 s, CPU
    /// time equal or lower); 16,384 was faster again but brought the clean check's peak memory
    /// to 61 MiB, near the 64 MiB budget. The file's last block runs on the reading thread alone.
    static let capacity = 8192

    /// Record bytes past which a block counts as full before it has ``capacity`` records, so
    /// that blocks of wide rows stay about as large as blocks of the usual ones (8,192 rows of
    /// 500 bytes raised the peak memory of a 100,000-row file from 35 to 58 MB without it).
    static let byteTarget = 1 << 20

    private var entries = GrowableBuffer<Entry>()
    private var bytes = GrowableBuffer<UInt8>()
    private var scratch = GrowableBuffer<UInt8>()
    private var spans = GrowableBuffer<FieldSpan>()

    var count: Int { entries.count }
    var isFull: Bool {
        entries.count >= Self.capacity || bytes.count >= Self.byteTarget || scratch.count >= Self.byteLimit
    }

    /// An empty block with room for `reserving` records (``capacity`` by default).
    init(reserving: Int = Self.capacity) {
        entries.reserve(reserving)
        bytes.reserve(reserving * 64)
        spans.reserve(reserving * 4)
    }

    mutating func append(_ record: Record) {
        let byteStart = bytes.count
        bytes.append(record.bytes)
        let scratchStart = scratch.count
        if !record.scratch.isEmpty { scratch.append(record.scratch) }
        let spanStart = spans.count
        spans.append(UnsafeRawBufferPointer(record.fields))
        entries.append(
            Entry(
                offset: record.offset, line: record.line, rawLength: record.rawLength,
                bytesStart: UInt32(truncatingIfNeeded: byteStart), bytesEnd: UInt32(truncatingIfNeeded: bytes.count),
                scratchStart: UInt32(truncatingIfNeeded: scratchStart), scratchEnd: UInt32(truncatingIfNeeded: scratch.count),
                spansStart: UInt32(truncatingIfNeeded: spanStart), spansEnd: UInt32(truncatingIfNeeded: spans.count),
                fieldCount: Int32(clamping: record.fieldCount), lineCount: Int32(clamping: record.lineCount),
                unterminatedField: Int32(truncatingIfNeeded: record.unterminatedField ?? -1), terminator: record.terminator))
    }

    /// Points `sink` at the block's storage, with room for the block's ``capacity`` records (the
    /// tokenizer then copies plain records in place: ``adoptSink(_:)`` takes them over).
    mutating func exportSink(_ sink: UnsafeMutablePointer<csvcheck_block_sink>) {
        entries.reserve(Self.capacity)
        if bytes.rawStorage == nil { bytes.reserve(Self.capacity * 64) }
        if spans.rawStorage == nil { spans.reserve(Self.capacity * 4) }
        if scratch.rawStorage == nil { scratch.reserve(Self.capacity * 8) }
        let entryStorage = entries.rawStorage!
        let byteStorage = bytes.rawStorage!
        let spanStorage = spans.rawStorage!
        // The byte target ends the block (the record that does not fit takes the general way,
        // and the block is then full); the byte limit keeps a block's offsets in 32 bits.
        let byteRoom = Swift.min(byteStorage.capacity, Self.byteTarget)
        sink.pointee.entries = UnsafeMutableRawPointer(entryStorage.base).assumingMemoryBound(to: csvcheck_block_entry.self)
        sink.pointee.entries_count = Int64(entries.count)
        sink.pointee.entries_capacity = Int64(Swift.min(entryStorage.capacity, Self.capacity))
        sink.pointee.bytes = byteStorage.base
        sink.pointee.bytes_count = Int64(bytes.count)
        sink.pointee.bytes_capacity = Int64(Swift.max(byteRoom, bytes.count))
        sink.pointee.spans = UnsafeMutableRawPointer(spanStorage.base).assumingMemoryBound(to: csvcheck_span.self)
        sink.pointee.spans_count = Int64(spans.count)
        sink.pointee.spans_capacity = Int64(spanStorage.capacity)
        let scratchStorage = scratch.rawStorage!
        sink.pointee.scratch = scratchStorage.base
        sink.pointee.scratch_count = Int64(scratch.count)
        sink.pointee.scratch_capacity = Int64(Swift.max(Swift.min(scratchStorage.capacity, Self.byteLimit), scratch.count))
    }

    /// Takes over the records that the tokenizer copied into `sink` (see ``exportSink(_:)``).
    mutating func adoptSink(_ sink: UnsafePointer<csvcheck_block_sink>) {
        entries.setCount(Int(sink.pointee.entries_count))
        bytes.setCount(Int(sink.pointee.bytes_count))
        spans.setCount(Int(sink.pointee.spans_count))
        scratch.setCount(Int(sink.pointee.scratch_count))
    }

    /// The field count of the first record at or after `index` that is not blank, or nil when
    /// every record from there on is blank.
    func firstNonBlankFieldCount(from index: Int = 0) -> Int? {
        var i = index
        while i < entries.count {
            if entries[i].fieldCount > 0 { return Int(entries[i].fieldCount) }
            i += 1
        }
        return nil
    }

    mutating func removeAll() {
        entries.removeAll()
        bytes.removeAll()
        scratch.removeAll()
        spans.removeAll()
    }

    /// Views of the stored records, valid while the block is not changed.
    struct View: @unchecked Sendable {
        let entries: UnsafeBufferPointer<Entry>
        let bytes: UnsafeRawBufferPointer
        let scratch: UnsafeRawBufferPointer
        let spans: UnsafeBufferPointer<FieldSpan>

        /// Starts loading the entry of record `index` into the cache (a hint; never faults).
        @inline(__always)
        func prefetchEntry(_ index: Int) {
            csvcheck_prefetch(entries.baseAddress! + index)
        }

        /// Starts loading the first bytes and the first spans of record `index`, whose entry
        /// should be in the cache already (``prefetchEntry(_:)``).
        @inline(__always)
        func prefetchRecord(_ index: Int) {
            let entry = entries[index]
            if let base = bytes.baseAddress {
                csvcheck_prefetch(base + Int(entry.bytesStart))
                csvcheck_prefetch(base + Int(entry.bytesStart) + 64)
            }
            if let base = spans.baseAddress { csvcheck_prefetch(base + Int(entry.spansStart)) }
        }

        /// The record at `index`.
        @inline(__always)
        func record(_ index: Int) -> Record {
            let entry = entries[index]
            return Record(
                bytes: UnsafeRawBufferPointer(
                    start: bytes.baseAddress.map { $0 + Int(entry.bytesStart) }, count: Int(entry.bytesEnd &- entry.bytesStart)),
                scratch: UnsafeRawBufferPointer(
                    start: scratch.baseAddress.map { $0 + Int(entry.scratchStart) },
                    count: Int(entry.scratchEnd &- entry.scratchStart)),
                fields: UnsafeBufferPointer(
                    start: spans.baseAddress.map { $0 + Int(entry.spansStart) }, count: Int(entry.spansEnd &- entry.spansStart)),
                fieldCount: Int(entry.fieldCount), offset: entry.offset, line: entry.line, lineCount: Int(entry.lineCount),
                rawLength: entry.rawLength, terminator: entry.terminator,
                unterminatedField: entry.unterminatedField < 0 ? nil : Int(entry.unterminatedField))
        }
    }

    /// Calls `body` with a view of the stored records, valid inside `body` only.
    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        try body(
            View(
                entries: entries.elements, bytes: UnsafeRawBufferPointer(bytes.elements), scratch: UnsafeRawBufferPointer(scratch.elements),
                spans: spans.elements))
    }
}

/// What the order-free rules found on one row of a block, computed before the ordered pass.
/// Plain values only: no reference is retained or released per row (the two threads would
/// fight over the reference counts of shared objects, such as the empty array's storage).
struct Precomputed {
    // 32 bytes, two rows per cache line: the ordered pass reads them from the other core's
    // cache. Eight-byte fields first and the flags in one byte, so that no padding creeps in.
    /// The bits of ``addressHash`` (meaningful with the address flag).
    private var addressHashBits: UInt64 = 0
    /// The password key for PWD007, or 0.
    var passwordKey: UInt64 = 0
    /// Where the row's findings start in its chunk's list (``BlockJob/items(ofChunk:)``).
    var itemStart: Int32 = 0
    /// How many findings the stateless rules reported, in rule order.
    var itemCount: Int32 = 0
    /// How many of those come first from the text rules (whose messages quote no value).
    var textCount: Int32 = 0
    /// The Boolean properties below, one bit each.
    private var flags: UInt8 = 0

    @inline(__always)
    private func flag(_ bit: UInt8) -> Bool { flags & bit != 0 }

    @inline(__always)
    private mutating func setFlag(_ bit: UInt8, _ value: Bool) {
        flags = value ? flags | bit : flags & ~bit
    }

    /// Whether the rules ran (the row has values in the right columns).
    var checked: Bool {
        get { flag(1) }
        set { setFlag(1, newValue) }
    }
    /// Whether the record's bytes are well-formed UTF-8 (no ENC001 to report).
    var validUTF8: Bool {
        get { flag(2) }
        set { setFlag(2, newValue) }
    }
    /// Whether a secret column (a password) holds a value.
    var hasSecretValue: Bool {
        get { flag(4) }
        set { setFlag(4, newValue) }
    }
    /// Whether the row is quiet: well-formed UTF-8, the header's field count, no quoting
    /// problem, and no finding from the order-free rules. The ordered pass then has only the
    /// table lookups left to do (see `FileRun.quietRow`).
    var quiet: Bool {
        get { flag(8) }
        set { setFlag(8, newValue) }
    }

    /// Whether the record's structure needs no look in order: not cut short, no quote left
    /// open, no stray quote, and the header's field count (`FileRun.structure` would report
    /// nothing). The ordered pass then leaves the record's spans alone, which it would read
    /// from memory the worker has long moved on from.
    var structureClean: Bool {
        get { flag(32) }
        set { setFlag(32, newValue) }
    }

    /// Whether the record after this one in the block has at least the header's field count
    /// (so is neither blank nor short): this row then needs no look at its neighbours for its
    /// trust (``RowTrust``) when the row before it was not short either.
    var nextRowFull: Bool {
        get { flag(64) }
        set { setFlag(64, newValue) }
    }

    /// The case-folded address hash for DUP001/DUP002, if the row has an address.
    var addressHash: UInt64? {
        get { flag(16) ? addressHashBits : nil }
        set {
            setFlag(16, newValue != nil)
            addressHashBits = newValue ?? 0
        }
    }
}

/// One block on its way through the pipeline. Its rows are cut into chunks of
/// ``chunkSize``; the worker and the reading thread both claim chunks (an atomic counter) and
/// run the order-free rules on them, so the reading thread helps whenever it would otherwise
/// wait. Each chunk writes only its own rows' ``results`` and its own findings list; the last
/// chunk to finish signals ``waitUntilDone()``.
final class BlockJob: @unchecked Sendable {
    private(set) var block: RecordBlock
    /// One result per row, written by whichever thread claimed the row's chunk.
    let results: UnsafeMutableBufferPointer<Precomputed>
    /// The findings of each chunk, in row order (see ``Precomputed/itemStart``).
    private let chunkItems: UnsafeMutableBufferPointer<[Findings.Item]>
    /// The text of each chunk's findings (``Findings/text``).
    private let chunkText: UnsafeMutableBufferPointer<[UInt8]>
    /// Rows per chunk: small enough to share a block between two threads evenly, large enough
    /// that claiming a chunk costs nothing next to checking it.
    static let chunkSize = 64
    let chunkCount: Int
    private let nextChunk = Atomic<Int>(0)
    private let doneChunks = Atomic<Int>(0)
    private let done = DispatchSemaphore(value: 0)
    /// Whether the order-free rules run at all (the fused one-row path runs none).
    let precomputes: Bool

    init(block: RecordBlock, precomputes: Bool = true) {
        self.block = block
        self.precomputes = precomputes
        results = .allocate(capacity: block.count)
        // With the rules to run, each chunk's results are initialized by the thread that checks
        // the chunk (``work(layout:headerCount:rules:chunks:)``): initialized here, every line
        // of them went from this core to the worker's and back.
        if !precomputes { results.initialize(repeating: Precomputed()) }
        chunkCount = (block.count + Self.chunkSize - 1) / Self.chunkSize
        chunkItems = .allocate(capacity: chunkCount)
        chunkItems.initialize(repeating: [])
        chunkText = .allocate(capacity: chunkCount)
        chunkText.initialize(repeating: [])
    }

    deinit {
        results.deinitialize().deallocate()
        chunkItems.deinitialize().deallocate()
        chunkText.deinitialize().deallocate()
    }

    /// Takes the block back, emptied but with its capacity, once the job is done with.
    func recycle() -> RecordBlock {
        var taken = RecordBlock(reserving: 0)
        swap(&taken, &block)
        taken.removeAll()
        return taken
    }

    /// The findings of chunk `chunk` and the text of their messages, valid inside `body` only,
    /// after ``waitUntilDone()``.
    func items<R>(ofChunk chunk: Int, _ body: (UnsafeBufferPointer<Findings.Item>, UnsafeRawBufferPointer) -> R) -> R {
        chunkItems[chunk].withUnsafeBufferPointer { items in chunkText[chunk].withUnsafeBytes { body(items, $0) } }
    }

    /// Claims chunks and runs the order-free rules on their rows until no chunk is left, or
    /// until `limit` chunks were checked. Safe to call from several threads at once: each works
    /// on its own copy of the rules.
    /// - Returns: whether a chunk was checked.
    @discardableResult
    func work(layout: ColumnLayout, headerCount: Int, rules template: BuiltInRules, chunks limit: Int = .max) -> Bool {
        guard precomputes, limit > 0 else { return false }
        // The rules are copied only once a chunk is claimed (a copy retains all they hold), and
        // held as a plain value (an optional would be unwrapped on every row).
        var chunk = nextChunk.add(1, ordering: .relaxed).oldValue
        guard chunk < chunkCount else { return false }
        var rules = template
        var findings = Findings()
        var claimed = 0
        block.withView { view in
            while true {
                claimed += 1
                findings.removeAll()
                let start = chunk * Self.chunkSize
                let end = min(start + Self.chunkSize, results.count)
                (results.baseAddress! + start).initialize(repeating: Precomputed(), count: end - start)
                for k in start..<end {
                    rules.precompute(view.record(k), layout: layout, headerCount: headerCount, into: &results[k], findings: &findings)
                    // Read here, where the entries are at hand, not by the ordered pass.
                    if k &+ 1 < results.count, Int(view.entries[k &+ 1].fieldCount) >= headerCount {
                        results[k].nextRowFull = true
                    }
                }
                chunkItems[chunk] = findings.items
                chunkText[chunk] = findings.text
                if doneChunks.add(1, ordering: .acquiringAndReleasing).newValue == chunkCount { done.signal() }
                guard claimed < limit else { return }
                chunk = nextChunk.add(1, ordering: .relaxed).oldValue
                guard chunk < chunkCount else { return }
            }
        }
        return claimed > 0
    }

    /// Releases the chunks' findings (and the strings in them) on the calling thread, once the
    /// ordered pass is done with them.
    func dropFindings() {
        for chunk in 0..<chunkCount {
            chunkItems[chunk] = []
            chunkText[chunk] = []
        }
    }

    /// Waits until every chunk has been checked (at once when nothing was to be checked). While
    /// another thread finishes its last chunk, `help` is called (it checks a chunk of the next
    /// block, say) for as long as it returns true; only then does the caller block.
    func waitUntilDone(helping help: () -> Bool = { false }) {
        guard precomputes, chunkCount > 0 else { return }
        while doneChunks.load(ordering: .acquiring) < chunkCount, help() {}
        // Signalled once, by whichever thread finished the last chunk.
        done.wait()
    }
}
