import CSVCore
import Dispatch

/// Copies of consecutive records, so that a block of rows can be checked on several cores and
/// then reported in order. The copies own their bytes; a block holds at most
/// ``RecordBlock/capacity`` records and is emptied after each use, so memory stays bounded.
struct RecordBlock {
    struct Entry {
        var bytes: Range<Int>
        var scratch: Range<Int>
        var spans: Range<Int>
        var fieldCount: Int
        var offset: Int
        var line: Int
        var lineCount: Int
        var rawLength: Int
        var terminator: LineTerminator
        var unterminatedField: Int?
    }

    /// Records per block: enough to keep two cores busy, small enough for the L2 cache.
    static let capacity = 2048

    private(set) var entries: [Entry] = []
    private var bytes: [UInt8] = []
    private var scratch: [UInt8] = []
    private var spans: [FieldSpan] = []

    var count: Int { entries.count }
    var isFull: Bool { entries.count >= Self.capacity }

    /// An empty block with room for `reserving` records (``capacity`` by default).
    init(reserving: Int = Self.capacity) {
        entries.reserveCapacity(reserving)
    }

    mutating func append(_ record: Record) {
        let byteStart = bytes.count
        bytes.append(contentsOf: record.bytes)
        let scratchStart = scratch.count
        scratch.append(contentsOf: record.scratch)
        let spanStart = spans.count
        spans.append(contentsOf: record.fields)
        entries.append(
            Entry(
                bytes: byteStart..<bytes.count, scratch: scratchStart..<scratch.count, spans: spanStart..<spans.count,
                fieldCount: record.fieldCount, offset: record.offset, line: record.line, lineCount: record.lineCount,
                rawLength: record.rawLength, terminator: record.terminator, unterminatedField: record.unterminatedField))
    }

    /// The field count of the first record at or after `index` that is not blank, or nil when
    /// every record from there on is blank.
    func firstNonBlankFieldCount(from index: Int = 0) -> Int? {
        var i = index
        while i < entries.count {
            if entries[i].fieldCount > 0 { return entries[i].fieldCount }
            i += 1
        }
        return nil
    }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    /// Views of the stored records, valid while the block is not changed.
    struct View: @unchecked Sendable {
        let entries: UnsafeBufferPointer<Entry>
        let bytes: UnsafeRawBufferPointer
        let scratch: UnsafeRawBufferPointer
        let spans: UnsafeBufferPointer<FieldSpan>

        /// The record at `index`.
        func record(_ index: Int) -> Record {
            let entry = entries[index]
            return Record(
                bytes: UnsafeRawBufferPointer(rebasing: bytes[entry.bytes]),
                scratch: UnsafeRawBufferPointer(rebasing: scratch[entry.scratch]),
                fields: UnsafeBufferPointer(rebasing: spans[entry.spans]), fieldCount: entry.fieldCount,
                offset: entry.offset, line: entry.line, lineCount: entry.lineCount, rawLength: entry.rawLength,
                terminator: entry.terminator, unterminatedField: entry.unterminatedField)
        }
    }

    /// Calls `body` with a view of the stored records, valid inside `body` only.
    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        try entries.withUnsafeBufferPointer { allEntries in
            try bytes.withUnsafeBytes { allBytes in
                try scratch.withUnsafeBytes { allScratch in
                    try spans.withUnsafeBufferPointer { allSpans in
                        try body(View(entries: allEntries, bytes: allBytes, scratch: allScratch, spans: allSpans))
                    }
                }
            }
        }
    }
}

/// What the order-free rules found on one row of a block, computed before the ordered pass.
/// Plain values only: no reference is retained or released per row (the two threads would
/// fight over the reference counts of shared objects, such as the empty array's storage).
struct Precomputed {
    /// Where the row's findings start in the block's ``BlockJob/items``.
    var itemStart: Int32 = 0
    /// How many findings the stateless rules reported, in rule order.
    var itemCount: Int32 = 0
    /// How many of those come first from the text rules (whose messages quote no value).
    var textCount: Int32 = 0
    /// The case-folded address hash for DUP001/DUP002, if the row has an address.
    var addressHash: UInt64?
    /// The password key for PWD007, or 0.
    var passwordKey: UInt64 = 0
    /// Whether the rules ran (the row has values in the right columns).
    var checked = false
}

/// One block on its way through the pipeline: the worker fills ``results`` (under ``group``),
/// then the reading thread, after waiting on ``group``, reads them in order.
final class BlockJob: @unchecked Sendable {
    private(set) var block: RecordBlock
    var results: [Precomputed]
    /// The findings of every row of the block, in row order (see ``Precomputed/itemStart``).
    var items: [Findings.Item] = []
    let group = DispatchGroup()

    init(block: RecordBlock) {
        self.block = block
        results = [Precomputed](repeating: Precomputed(), count: block.count)
    }

    /// Takes the block back, emptied but with its capacity, once the job is done with.
    func recycle() -> RecordBlock {
        var taken = RecordBlock(reserving: 0)
        swap(&taken, &block)
        taken.removeAll()
        return taken
    }

    /// Runs the order-free rules on every data row of the block.
    func run(layout: ColumnLayout, headerCount: Int, rules template: BuiltInRules) {
        var rules = template
        var findings = Findings()
        block.withView { view in
            results.withUnsafeMutableBufferPointer { out in
                for k in 0..<out.count {
                    let record = view.record(k)
                    guard !record.isBlank, !record.isTruncated, record.unterminatedField == nil,
                        record.fieldCount <= headerCount
                    else { continue }
                    rules.checkStateless(RowView(record: record, layout: layout, row: 0), into: &out[k], findings: &findings)
                }
            }
        }
        items = findings.items
    }
}
