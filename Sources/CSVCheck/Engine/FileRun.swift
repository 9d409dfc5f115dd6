import CSVCore
import CSupport
import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The checker's work on one file: decoding, dialect, tokenizing, header and rows, in one
/// streaming pass. ``Checker`` drives it; it never throws (I/O errors are the caller's).
struct FileRun {
    let path: String
    let options: CheckOptions
    let severities: SeverityTable
    let fileIndex: Int
    var builtIn: BuiltInRules
    var rules: [any Rule]
    let sink: Sink
    /// Whether the rules' findings go to ``lender`` straight from where they are kept: a
    /// ``Sink/lent(_:)`` sink, once the run has started, with no observer, no kept diagnostics
    /// and no excerpts (see ``lendFinding(_:message:record:rawOffset:field:)``).
    private var lending = false
    /// The handler of the ``Sink/lent(_:)`` sink while ``lending``. Not optional: an optional
    /// closure is stored in its most general form, and unwrapping it to call it allocated a
    /// thunk's context on every call.
    private var lender: (LentDiagnostic) -> Void = { _ in }
    /// Receives the header and each data row, with their diagnostics.
    var observer: (any RowObserver)?
    /// Diagnostics of the row in progress, collected only for an observer.
    private var rowDiagnostics: [Diagnostic] = []
    /// Called once, when the file's metadata (encoding, delimiter, line ending) is known.
    var onStart: (FileReport) -> Void = { _ in }
    private var started = false
    /// Diagnostics found before ``onStart`` was called.
    private var early: [Diagnostic] = []
    /// Whether diagnostics are kept in the report (the library) or only streamed (the CLI).
    var keepDiagnostics = true

    private(set) var report: FileReport
    private var encoding = DetectedEncoding(kind: .utf8, bomLength: 0, name: "UTF-8", bytesPerUnit: 1)
    private var decoder: (any TranscodingDecoder)?
    /// Whether ``decoder`` is set, read per row (testing the optional existential copies it).
    private var transcoding = false
    /// The decoder's ``TranscodingDecoder/asciiSoFar`` after the last chunk it decoded: the
    /// records tokenized so far are then ASCII, one code unit a byte.
    private var decodedASCII = false
    private var detected = false
    private var sample: [UInt8] = []
    private var decoded: [UInt8] = []
    private var decodeErrors: [DecodeError] = []
    private var decodeErrorCursor = 0
    private var tokenizer: CSVTokenizer?
    private var mapper = OffsetMapper(encoding: DetectedEncoding(kind: .utf8, bomLength: 0, name: "UTF-8", bytesPerUnit: 1))
    private var totalBytes = 0
    private var sawHeader = false
    private var layout = ColumnLayout(columns: [])
    private var headerFieldCount = 0
    private var row = 0
    private var blankRun: (line: Int, offset: Int?, count: Int)?
    private var reportedRowLimit = false
    private var sawSecretValue = false
    private var reportedEmpty = false
    /// A quote went wrong (CSV002, CSV003): from there on a password may sit in any field, so no
    /// excerpt is shown.
    private var quotingDamaged = false
    /// The last non-blank data row had fewer fields than the header (see ``RowTrust``).
    private var afterShortRow = false
    /// How far the values of the row in hand can be trusted to be in their columns.
    private var trust = RowTrust.full
    /// The header was over the size limit: its columns are unknown.
    private var headerUnreadable = false
    /// The input was empty or whitespace only: nothing to tokenize.
    private var emptyInput = false
    private var findings = Findings()
    /// Data rows waiting to be checked as a block (see ``accept(_:)``).
    private var block = RecordBlock()
    /// The block's storage as the tokenizer sees it, once the header is read: plain records are
    /// copied into the block there (``RecordBlock/exportSink(_:)``), and while ``sinkActive`` the
    /// sink's counts are the block's (``adoptSink()`` before the block is touched).
    private let blockSink = SinkStorage()
    private var sinkActive = false
    /// Emptied blocks, kept with their capacity so that the next ones do not grow from empty.
    private var spareBlocks: [RecordBlock] = []
    /// The precomputed findings of the row being handled, when it came through a block.
    private var current: UnsafePointer<Precomputed>?
    /// The findings of the block being handled (``Precomputed/itemStart`` points into them).
    private var currentItems = UnsafeBufferPointer<Findings.Item>(start: nil, count: 0)
    /// The text of ``currentItems``' messages (``Findings/text``).
    private var currentText = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The block whose order-free rules the worker is running.
    private var inFlight: BlockJob?
    private var secretFields: [Int] = []
    let worldReadable: Bool
    /// The file's size in bytes, when it is a regular file.
    var fileSize: Int?
    /// The profile's row limit (Int.max without one), read once (compared on every row).
    private let rowLimit: Int
    /// Data rows expected, from the file size and the sample's line count.
    private var estimatedRows: Int?

    /// Bytes decoded before the dialect is sniffed.
    static let sampleSize = 64 * 1024

    init(
        path: String, options: CheckOptions, severities: SeverityTable, fileIndex: Int, builtIn: BuiltInRules, rules: [any Rule],
        worldReadable: Bool, sink: Sink
    ) {
        self.path = path
        self.options = options
        self.rowLimit = options.effectiveMaxRows ?? Int.max
        self.severities = severities
        self.fileIndex = fileIndex
        self.builtIn = builtIn
        self.rules = rules
        self.worldReadable = worldReadable
        self.sink = sink
        self.report = FileReport(path: path)
    }

    // MARK: - Input

    /// Feeds the next chunk of the original file.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        totalBytes += chunk.count
        if !detected {
            sample.append(contentsOf: chunk)
            if sample.count >= Self.sampleSize { detect(isWholeInput: false) }
            return
        }
        pass(chunk)
    }

    /// Ends the input.
    mutating func finish() -> FileReport {
        if !detected {
            if sample.isEmpty {
                emit(.emptyFile, "the file is empty", help: "export the mailbox list again; New-MigrationBatch needs a header and at least one row")
                reportedEmpty = true
                start()
                return report
            }
            detect(isWholeInput: true)
        }
        if var decoder {
            var out: [UInt8] = []
            decoder.decode(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, into: &out, errors: &decodeErrors)
            decodedASCII = decoder.asciiSoFar
            self.decoder = decoder
            out.withUnsafeBytes { feedDecoded($0) }
        }
        if tokenizer == nil, !emptyInput { startTokenizer(isWholeInput: true) }
        if var active = tokenizer.take() {
            active.finish { record in self.accept(record) }
            tokenizer = active
        }
        adoptSink()
        sinkActive = false
        dispatchBlock(final: true)
        endOfFile()
        return report
    }

    private mutating func detect(isWholeInput: Bool) {
        detected = true
        let sampleCopy = sample
        sample = []
        encoding = sampleCopy.withUnsafeBytes { EncodingDetector.detect(sample: $0, isWholeInput: isWholeInput) }
        report.encoding = encoding.name
        report.bom = encoding.bomLength > 0
        mapper = OffsetMapper(encoding: encoding)
        decoder = makeDecoder(for: encoding)
        transcoding = decoder != nil
        switch encoding.kind {
        case .binary:
            let nul = sampleCopy.firstIndex(of: 0) ?? 0
            emit(
                .invalidBytes, "the file looks binary: it has a NUL byte at offset \(nul)",
                help: "export the list as CSV (UTF-8) from Excel or with Export-Csv -Encoding UTF8",
                location: SourceLocation(offset: nul, line: lineOfSampleOffset(sampleCopy, nul)))
        case .legacy(let name):
            emit(
                .legacyEncoding,
                "the file is encoded as \(name), not Unicode; Microsoft requires UTF-8 or another Unicode encoding",
                help: "save it as 'CSV UTF-8 (Comma delimited)' in Excel, or run: csvcheck fix \(path) --out fixed.csv")
        default:
            break
        }
        sampleCopy.withUnsafeBytes { pass($0) }
    }

    private func lineOfSampleOffset(_ bytes: [UInt8], _ offset: Int) -> Int {
        var line = 1
        var i = 0
        while i < offset && i < bytes.count {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) { line += 1 }
            i += 1
        }
        return line
    }

    /// Passes original bytes through the decoder (if any) to the tokenizer.
    private mutating func pass(_ chunk: UnsafeRawBufferPointer) {
        if var decoder {
            // Emptied without keeping its storage: a decoder writes into an empty array's new,
            // uninitialized storage (``Swift/Array/appendWriting(maximumCount:_:)``), so storage
            // kept here would only be freed then.
            decoded.removeAll()
            decoder.decode(chunk, isFinal: false, into: &decoded, errors: &decodeErrors)
            decodedASCII = decoder.asciiSoFar
            self.decoder = decoder
            let out = decoded
            out.withUnsafeBytes { feedDecoded($0) }
        } else {
            feedDecoded(chunk)
        }
    }

    /// Bytes of the UTF-8 stream consumed so far (the BOM counts for UTF-8 input).
    private var streamConsumed = 0

    private mutating func feedDecoded(_ bytes: UnsafeRawBufferPointer) {
        if tokenizer == nil {
            sample.append(contentsOf: bytes)
            if sample.count >= Self.sampleSize { startTokenizer(isWholeInput: false) }
            return
        }
        var active = tokenizer.take()!
        if sawHeader, !sinkActive {
            sinkActive = true
            block.exportSink(blockSink.pointer)
        }
        active.feed(bytes, into: sinkActive ? blockSink.pointer : nil, whenFull: { self.blockFull() }) { record in
            self.accept(record)
        }
        tokenizer = active
    }

    /// Sniffs the dialect on the decoded sample and starts the tokenizer.
    private mutating func startTokenizer(isWholeInput: Bool) {
        let head = sample
        sample = []
        var skip = 0
        if decoder == nil, encoding.bomLength > 0 { skip = min(encoding.bomLength, head.count) }
        if isWholeInput, head[skip...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            emit(
                .emptyFile, head.count > skip ? "the file holds only whitespace" : "the file holds only a byte order mark",
                help: "export the mailbox list again; New-MigrationBatch needs a header and at least one row")
            reportedEmpty = true
            sawHeader = false
            emptyInput = true
            return
        }
        let dialect = head.withUnsafeBytes { all in
            Dialect.sniff(UnsafeRawBufferPointer(rebasing: all[skip...]), isWholeInput: isWholeInput)
        }
        report.delimiter = dialect.delimiter
        if let fileSize, totalBytes > 0 {
            let lines = head.withUnsafeBytes { Self.nonBlankLines($0) }
            estimatedRows = Int(Double(fileSize) / Double(totalBytes) * Double(max(lines, 1)))
        }
        let streamStart = skip + dialect.headerOffset
        for line in dialect.preamble {
            let offset = decoder == nil ? skip + line.offset : nil
            switch line.kind {
            case .typeInformation:
                emit(
                    .preamble, "line \(line.line) is a '#TYPE' line from Export-Csv, not the header",
                    help: "delete the line, or export with Export-Csv -NoTypeInformation",
                    location: SourceLocation(offset: offset, line: line.line, column: 1, row: 0))
            case .separator:
                emit(
                    .preamble, "line \(line.line) is a 'sep=' line from Excel, not the header",
                    help: "delete the line; New-MigrationBatch reads it as the header",
                    location: SourceLocation(offset: offset, line: line.line, column: 1, row: 0))
            }
        }
        if dialect.delimiter != UInt8(ascii: ",") {
            let name = dialect.delimiter == 0x09 ? "TAB" : "'\(Character(Unicode.Scalar(dialect.delimiter)))'"
            emit(
                .wrongDelimiter,
                "the file is delimited by \(name), not by commas; New-MigrationBatch reads it as one column",
                help: "save it with commas (Excel with a comma list separator, or Export-Csv without -Delimiter), or run: csvcheck fix \(path) --out fixed.csv",
                location: SourceLocation(
                    offset: decoder == nil ? streamStart : nil, line: dialect.headerLine, column: 1, row: 0))
        }
        if decoder == nil {
            mapper.start(original: streamStart)
        } else {
            let preambleLength = head.withUnsafeBytes {
                mapper.originalLength(of: UnsafeRawBufferPointer(rebasing: $0[0..<dialect.headerOffset]))
            }
            mapper.start(original: encoding.bomLength + (preambleLength ?? 0))
        }
        var tokenizer = CSVTokenizer(
            delimiter: dialect.delimiter, maxRecordBytes: options.maxRecordBytes, startLine: dialect.headerLine,
            startOffset: streamStart)
        head.withUnsafeBytes { all in
            tokenizer.feed(UnsafeRawBufferPointer(rebasing: all[streamStart...])) { record in self.accept(record) }
        }
        self.tokenizer = tokenizer
    }

    /// The lines of `bytes` that end with a line feed and hold something besides carriage
    /// returns: rows, not lines, so that blank lines do not presize the duplicate tables. From
    /// line feed to line feed with `memchr` (a byte-by-byte loop over the 256 KB sample cost
    /// about 3M instructions at start-up).
    static func nonBlankLines(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var lines = 0
        var start = 0
        while start < bytes.count, let found = memchr(base + start, 0x0A, bytes.count - start) {
            let end = base.distance(to: UnsafeRawPointer(found))
            var k = start
            while k < end, bytes[k] == 0x0D { k += 1 }
            if k < end { lines += 1 }
            start = end + 1
        }
        return lines
    }

    // MARK: - Records

    /// Takes a record from the tokenizer. Rows after the header are staged in a block, checked
    /// on two cores by the order-free rules, then handled in order (``processBlock()``).
    private mutating func accept(_ record: Record) {
        guard sawHeader else {
            handle(record)
            return
        }
        adoptSink()
        block.append(record)
        if block.isFull { dispatchBlock(final: false) }
        if sinkActive { block.exportSink(blockSink.pointer) }
    }

    /// Takes over the records the tokenizer copied into the block in place, if it does.
    private mutating func adoptSink() {
        if sinkActive { block.adoptSink(blockSink.pointer) }
    }

    /// The tokenizer filled the block in place: hand it on, and let the tokenizer fill the next.
    private mutating func blockFull() {
        block.adoptSink(blockSink.pointer)
        dispatchBlock(final: false)
        block.exportSink(blockSink.pointer)
    }

    /// How many rows ahead the ordered pass starts loading the table slots of a row.
    static let prefetchDistance = 8

    /// How many rows ahead the ordered pass starts loading a row's precomputed results and
    /// record entry, so that their keys are at hand when its table slots are prefetched.
    static let resultsPrefetchDistance = 24
    /// How many rows ahead the record entries of a row with findings are prefetched.
    static let entryPrefetchDistance = 16

    /// Rows per block below which the block is checked on this thread (a thread costs more than
    /// it saves on a small file).
    static let parallelThreshold = 512

    /// The serial queue that runs the order-free rules of one block while this thread handles
    /// the block before it in order: a two-stage pipeline over the machine's cores.
    private static let worker = DispatchQueue(label: "csvcheck.block-rules", qos: .userInitiated)

    /// Hands the staged block to the worker (or checks it here when small), helps the worker
    /// finish the previous block, then handles that block in order; with `final`, drains
    /// everything.
    private mutating func dispatchBlock(final: Bool) {
        var job: BlockJob?
        if block.count > 0 {
            var staged = spareBlocks.popLast() ?? RecordBlock()
            swap(&staged, &block)
            // Without the pipeline nothing is precomputed: the ordered pass runs every rule.
            let started = BlockJob(block: staged, precomputes: options.pipeline)
            // The last block runs here: this thread would only wait for it (and a file of one
            // block never starts the worker at all).
            if options.pipeline, started.block.count >= Self.parallelThreshold, !final {
                let context = UncheckedSendable((layout, headerFieldCount, builtIn))
                Self.worker.async {
                    started.work(layout: context.value.0, headerCount: context.value.1, rules: context.value.2)
                }
            }
            job = started
        }
        if let previous = inFlight {
            inFlight = nil
            // Whatever the worker has not claimed yet of the previous block is checked here.
            previous.work(layout: layout, headerCount: headerFieldCount, rules: builtIn)
            // While the worker finishes its last chunk of it, check chunks of the next block.
            let (layout, headerCount, rules) = (layout, headerFieldCount, builtIn)
            previous.waitUntilDone { job?.work(layout: layout, headerCount: headerCount, rules: rules, chunks: 1) ?? false }
            orderedPass(previous, next: job)
            spareBlocks.append(previous.recycle())
            // The findings' strings were mostly made on the worker: free them there, so that
            // this thread does not take the worker's malloc arena lock once per message.
            Self.worker.async { previous.dropFindings() }
        }
        guard let job else { return }
        if final || job.block.count < Self.parallelThreshold {
            job.work(layout: layout, headerCount: headerFieldCount, rules: builtIn)
        }
        if final {
            job.waitUntilDone()
            orderedPass(job, next: nil)
        } else {
            inFlight = job
        }
    }

    /// Handles the rows of a checked block in file order: table lookups (slots prefetched eight
    /// rows ahead), structure checks, custom rules, diagnostics. `next` is the block that
    /// follows (nil at the end of the file), for the trust of the last rows (``RowTrust``).
    private mutating func orderedPass(_ job: BlockJob, next: BlockJob?) {
        let hasSecrets = !secretFields.isEmpty
        // Whether the first non-blank row after this block is short; a block of blank lines
        // only says nothing, so counts as short. No block: the end of the file.
        let nextBlockStartsShort = next.map { isShort(fieldCount: $0.block.firstNonBlankFieldCount()) } ?? false
        // Quiet rows take the short path whenever the rules ran ahead (an observer, such as
        // split's, sees them there too).
        let quietPathOpen = job.precomputes
        // Quiet rows need only their table lookups (and the decoder's positions) when nothing
        // else looks at them: no observer, no custom rule (``tableRow(_:record:)``).
        let tablesOnly = quietPathOpen && observer == nil && rules.isEmpty
        let results = UnsafeBufferPointer(job.results)
        let n = results.count
        for k in 0..<min(Self.prefetchDistance, n) { builtIn.prefetch(results[k]) }
        job.block.withView { view in
            for chunk in 0..<job.chunkCount {
                job.items(ofChunk: chunk) { items, text in
                    currentItems = items
                    currentText = text
                    let chunkEnd = min((chunk + 1) * BlockJob.chunkSize, n)
                    for k in (chunk * BlockJob.chunkSize)..<chunkEnd {
                        // Two stages: the results of a row further on (the worker wrote them:
                        // they sit in the other core's cache), then the table slots of a nearer
                        // row, whose keys are by then in this core's cache. A transcoded file's
                        // rows all need their record entries (for the decoder's positions).
                        if k + Self.resultsPrefetchDistance < n {
                            csvcheck_prefetch(results.baseAddress! + k + Self.resultsPrefetchDistance)
                            if transcoding { view.prefetchEntry(k + Self.resultsPrefetchDistance) }
                        }
                        // A row with findings reads its record: its entry (and the next one,
                        // for its trust) in a second stage, its bytes and spans in a third.
                        if k + Self.entryPrefetchDistance + 1 < n, !results[k + Self.entryPrefetchDistance].quiet {
                            view.prefetchEntry(k + Self.entryPrefetchDistance)
                            view.prefetchEntry(k + Self.entryPrefetchDistance + 1)
                        }
                        if k + Self.prefetchDistance < n {
                            builtIn.prefetch(results[k + Self.prefetchDistance])
                            if !results[k + Self.prefetchDistance].quiet {
                                view.prefetchRecord(k + Self.prefetchDistance)
                                // Its findings, when they are in this chunk's list.
                                if k + Self.prefetchDistance < chunkEnd, results[k + Self.prefetchDistance].itemCount > 0 {
                                    let first = items.baseAddress! + Int(results[k + Self.prefetchDistance].itemStart)
                                    csvcheck_prefetch(first)
                                    csvcheck_prefetch(UnsafeRawPointer(first) + 64)
                                }
                            }
                        }
                        current = results.baseAddress! + k
                        // The common row: quiet (so not blank), a full row after it and none
                        // short before it, so fully trusted (RowTrust.of) without a look at the
                        // record entries, which the tokenizer wrote a block ago (the look, and
                        // prefetching the entries for it, took about 4% of the clean check).
                        if tablesOnly, results[k].quiet, results[k].nextRowFull, !afterShortRow, blankRun == nil,
                            row != rowLimit
                        {
                            trust = .full
                            tableRow(results[k]) { view.record(k) }
                            continue
                        }
                        if view.entries[k].fieldCount == 0 {
                            handle(view.record(k))
                            continue
                        }
                        if hasSecrets {
                            var j = k + 1
                            while j < n, view.entries[j].fieldCount == 0 { j += 1 }
                            let beforeShortRow = j < n ? isShort(fieldCount: Int(view.entries[j].fieldCount)) : nextBlockStartsShort
                            trust = RowTrust.of(afterShortRow: afterShortRow, beforeShortRow: beforeShortRow)
                        }
                        if quietPathOpen, results[k].quiet, trust == .full, blankRun == nil, row != rowLimit {
                            // Without observer or custom rules, the record is built only when needed.
                            if tablesOnly {
                                tableRow(results[k]) { view.record(k) }
                            } else {
                                quietRow(view.record(k), results[k])
                            }
                            continue
                        }
                        let record = view.record(k)
                        handle(record)
                        afterShortRow = isShort(fieldCount: record.fieldCount)
                    }
                }
            }
        }
        current = nil
        currentItems = UnsafeBufferPointer(start: nil, count: 0)
        currentText = UnsafeRawBufferPointer(start: nil, count: 0)
        trust = .full
    }

    /// A quiet data row (``Precomputed/quiet``), fully trusted, with no blank lines before it
    /// and not over the row limit: of ``handle(_:)``, ``dataRow(_:)`` and ``checkRow(_:)`` only
    /// the decoder's positions, the table lookups, the custom rules and the observer's event are
    /// left to do.
    private mutating func quietRow(_ record: Record, _ precomputed: Precomputed) {
        if observer != nil { rowDiagnostics.removeAll(keepingCapacity: true) }
        if transcoding {
            reportDecodeErrors(upTo: record)
            advanceMapper(past: record)
        }
        row += 1
        if precomputed.hasSecretValue { sawSecretValue = true }
        afterShortRow = false
        findings.removeAll()
        builtIn.commit(
            row: row, addressHash: precomputed.addressHash, passwordKey: precomputed.passwordKey, layout: layout, &findings
        ) { record }
        if !rules.isEmpty {
            let view = RowView(record: record, layout: layout, row: row)
            for index in rules.indices { rules[index].check(view, &findings) }
        }
        if !findings.items.isEmpty { emitFindings(of: record) }
        observer?.row(RowEvent(record: record, row: row, diagnostics: rowDiagnostics))
    }

    /// ``quietRow(_:_:)`` for a run with no observer and no custom rule: the decoder's positions
    /// (a transcoded file only), the row number, the secret flag and the two table lookups, with
    /// `record` built only for the decoder or when a lookup has something to report
    /// (DUP001/DUP002, PWD007).
    @inline(__always)
    private mutating func tableRow(_ precomputed: Precomputed, record: () -> Record) {
        if transcoding {
            let decoded = record()
            reportDecodeErrors(upTo: decoded)
            advanceMapper(past: decoded)
        }
        row += 1
        if precomputed.hasSecretValue { sawSecretValue = true }
        afterShortRow = false
        findings.removeAll()
        let reported = builtIn.commit(
            row: row, addressHash: precomputed.addressHash, passwordKey: precomputed.passwordKey, layout: layout, &findings,
            record: record)
        if let reported { emitFindings(of: reported) }
    }

    /// Moves the decoder's offset mapping past `record` and its line break.
    private mutating func advanceMapper(past record: Record) {
        let terminatorLength = record.terminator == .crlf ? 2 : (record.terminator == .none ? 0 : 1)
        mapper.advance(bytes: record.bytes, rawLength: record.rawLength, terminatorLength: terminatorLength, ascii: decodedASCII)
    }

    /// Reports the row's collected ``findings``, ordered by field.
    private mutating func emitFindings(of record: Record) {
        guard !findings.items.isEmpty else { return }
        // The list is the row's own and is cleared before the next row; read through a
        // reference to it, not copied (a copy retains every message again).
        let (items, text) = (findings.items, findings.text)
        items.withUnsafeBufferPointer { items in text.withUnsafeBytes { emitInFieldOrder(items, text: $0, record: record) } }
    }

    /// Emits `items` (a row's findings) in field order, the rules' order kept within a field
    /// (an insertion sort of their indices: rows have a handful of findings at most), without
    /// copying them.
    private mutating func emitInFieldOrder(
        _ items: UnsafeBufferPointer<Findings.Item>, text: UnsafeRawBufferPointer, record: Record
    ) {
        let n = items.count
        withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { order in
            for index in 0..<n {
                let key = items[index].field ?? Int.max
                var j = index
                while j > 0, (items[order[j - 1]].field ?? Int.max) > key {
                    order[j] = order[j - 1]
                    j -= 1
                }
                order[j] = index
            }
            // Each item is read in place: a copy would retain and release its strings again.
            for k in 0..<n { emitFinding(items.baseAddress! + order[k], text: text, record: record) }
        }
    }

    /// Whether a data row with `fieldCount` fields (nil: unknown) may be the head or the tail of a
    /// row cut by a line break.
    private func isShort(fieldCount: Int?) -> Bool {
        guard let fieldCount else { return true }
        return fieldCount < headerFieldCount
    }

    private mutating func handle(_ record: Record) {
        if observer != nil { rowDiagnostics.removeAll(keepingCapacity: true) }
        if transcoding { reportDecodeErrors(upTo: record) }
        defer { advanceMapper(past: record) }
        if record.isBlank {
            if var run = blankRun {
                run.count += 1
                blankRun = run
            } else {
                blankRun = (record.line, mapper.original(recordOffset: record.offset, bytes: record.bytes, rawOffset: 0), 1)
            }
            return
        }
        if let run = blankRun {
            blankRun = nil
            let what = run.count == 1 ? "a blank line" : "\(run.count) blank lines"
            emit(
                .blankLine, sawHeader ? "\(what) between data rows" : "\(what) before the header",
                help: "delete the blank line; New-MigrationBatch may stop reading at it",
                location: SourceLocation(offset: run.offset, line: run.line, column: 1))
        }
        if !transcoding, !(current?.pointee.validUTF8 ?? false) { checkUTF8(record) }
        if !sawHeader {
            header(record)
        } else {
            dataRow(record)
        }
    }

    private mutating func reportDecodeErrors(upTo record: Record) {
        let end = record.offset + record.rawLength + 2
        while decodeErrorCursor < decodeErrors.count, decodeErrors[decodeErrorCursor].outputOffset < end {
            let error = decodeErrors[decodeErrorCursor]
            decodeErrorCursor += 1
            let position = record.position(ofRawOffset: error.outputOffset - record.offset)
            emit(
                .invalidBytes,
                "\(error.length == 1 ? "a byte that is" : "\(error.length) bytes that are") not valid \(encoding.name) at offset \(error.originalOffset)",
                help: "the file is damaged or not in the encoding it claims; export it again",
                location: SourceLocation(
                    offset: error.originalOffset, line: position?.line ?? record.line, column: position?.column,
                    row: sawHeader ? row + 1 : 0), record: record, rawOffset: error.outputOffset - record.offset)
        }
        if decodeErrorCursor == decodeErrors.count, decodeErrorCursor > 0 {
            decodeErrors.removeAll(keepingCapacity: true)
            decodeErrorCursor = 0
        }
    }

    /// ENC001 for invalid UTF-8 in the record (at most one diagnostic per record).
    private mutating func checkUTF8(_ record: Record) {
        guard !UTF8Validation.isASCII(record.bytes) else { return }
        guard let bad = UTF8Validation.firstInvalid(in: record.bytes) else { return }
        var more = 0
        var next = bad.offset + bad.length
        while let another = UTF8Validation.firstInvalid(in: record.bytes, from: next) {
            more += 1
            next = another.offset + another.length
        }
        let suffix = more > 0 ? " (and \(more) more in this row)" : ""
        emitAt(
            .invalidBytes, "\(bad.length == 1 ? "a byte that is" : "\(bad.length) bytes that are") not valid UTF-8\(suffix)",
            help: "the file mixes encodings or is damaged; re-export it as CSV UTF-8",
            record: record, rawOffset: bad.offset, row: sawHeader ? row + 1 : 0)
    }

    private mutating func header(_ record: Record) {
        headerRecord(record)
        if let observer {
            let names = record.fields.indices.map { String(decoding: record.value(at: $0), as: UTF8.self) }
            observer.header(HeaderEvent(names: names, columns: layout.columns, diagnostics: rowDiagnostics, line: record.line))
        }
    }

    private mutating func headerRecord(_ record: Record) {
        sawHeader = true
        report.lineEnding = record.terminator.name
        // Without a header nothing says which column holds passwords: show no excerpt of any
        // row from here on, the header's own included.
        if record.isTruncated { headerUnreadable = true }
        structure(record, row: 0)
        if record.isTruncated { return }
        var names: [String] = []
        for index in record.fields.indices { names.append(String(decoding: record.value(at: index), as: UTF8.self)) }
        headerFieldCount = record.fieldCount
        let (columns, headerFindings) = HeaderResolver.resolve(names, profile: options.profile)
        layout = ColumnLayout(columns: columns, names: names)
        secretFields = layout.secretFields
        for finding in headerFindings {
            let rawOffset = finding.field.map { Int(record.fields[$0].start) } ?? 0
            emitAt(finding.code, .string(finding.message), help: finding.help, record: record, rawOffset: rawOffset, row: 0, field: finding.field)
        }
        start()
        let context = FileContext(
            path: path, options: options, columns: columns, fileIndex: fileIndex, estimatedRows: estimatedRows)
        builtIn.begin(context)
        // The large tables are only reserved (FingerprintTable.reserve): the worker backs them
        // with pages before its first block, while small interim tables take the first rows
        // on this thread, which is the busier one and so never waits for a 2 MiB page to be
        // cleared. (Small tables are left alone: a small file never starts the worker.)
        let large = builtIn.tableMemory.filter { $0.bytes >= TableMemory.populateThreshold }
        if options.pipeline, !large.isEmpty {
            Self.worker.async { for region in large { region.populate() } }
        } else {
            for region in large { region.markReady() }
        }
        for index in rules.indices { rules[index].begin(context) }
    }

    /// CSV002, CSV003, CSV005 and CSV009 for one record.
    private mutating func structure(_ record: Record, row: Int) {
        if record.isTruncated {
            emitAt(
                .recordTooLarge,
                "this row is \(record.rawLength) bytes long, over the \(options.maxRecordBytes)-byte safety limit; it was not checked",
                help: "a quote is probably missing or misplaced above; no mailbox row is this long",
                record: record, rawOffset: 0, row: row)
        }
        if let open = record.unterminatedField {
            let rawOffset = open < record.fields.count ? Int(record.fields[open].start) : 0
            if severities.severity(for: .unterminatedQuote) != nil { quotingDamaged = true }
            emitAt(
                .unterminatedQuote, "this quoted field is never closed: the rest of the file was read into it",
                help: "add the closing quote, or double the quote if it is part of the value (\"\")",
                record: record, rawOffset: rawOffset, row: row, field: open)
        }
        for index in record.fields.indices {
            let span = record.fields[index]
            guard span.problemAt >= 0 else { continue }
            let message = span.flags.contains(.textAfterQuote)
                ? "text after the closing quote of this field"
                : "a quote inside a field that does not start with a quote"
            if severities.severity(for: .strayQuote) != nil { quotingDamaged = true }
            emitAt(
                .strayQuote, .string(message),
                help: "quote the whole field and double the quotes inside it, e.g. \"a\"\"b\"",
                record: record, rawOffset: Int(span.problemAt), row: row, field: index)
        }
        if row > 0, record.fieldCount != headerFieldCount {
            let rawOffset: Int
            if record.fieldCount > headerFieldCount, headerFieldCount > 0, headerFieldCount < record.fields.count {
                rawOffset = Int(record.fields[headerFieldCount].start)
            } else {
                rawOffset = min(record.rawLength, record.bytes.count)
            }
            let (fieldCount, headerCount) = (record.fieldCount, headerFieldCount)
            // Laid out in place and lent (interpolated, the message took about 5,000
            // instructions: a dirty file has thousands).
            MessageText.withText({
                $0.append("this row has ")
                $0.append(decimal: fieldCount)
                $0.append(fieldCount == 1 ? " field, the header has " : " fields, the header has ")
                $0.append(decimal: headerCount)
            }) { message in
                emitAt(
                    .fieldCount, .bytes(message),
                    help: fieldCount > headerCount
                        ? "quote values that contain the delimiter, or remove the extra fields"
                        : "add the missing fields (an empty value still needs its delimiter)",
                    record: record, rawOffset: rawOffset, row: row)
            }
        }
    }

    private mutating func dataRow(_ record: Record) {
        row += 1
        if let observer {
            checkRow(record)
            observer.row(RowEvent(record: record, row: row, diagnostics: rowDiagnostics))
        } else {
            checkRow(record)
        }
    }

    private mutating func checkRow(_ record: Record) {
        if row == rowLimit &+ 1, !reportedRowLimit, let limit = options.effectiveMaxRows {
            reportedRowLimit = true
            emitAt(
                .tooManyRows,
                "row \(row) is over the \(options.profile.name) limit of \(limit) rows per batch",
                help: "split the list into batch files: csvcheck split \(path) --out batches/",
                record: record, rawOffset: 0, row: row)
        }
        // The worker found nothing for it to report on most rows (see Precomputed.structureClean).
        if !(current?.pointee.structureClean ?? false) { structure(record, row: row) }
        // A truncated row has no values; a row with extra fields has them in the wrong columns
        // (a password may sit under ForceChangePassword): CSV005 says so, and no value rule
        // runs on it, so no message can quote a shifted secret.
        if record.isTruncated || record.unterminatedField != nil || record.fieldCount > headerFieldCount { return }
        if !sawSecretValue {
            for index in secretFields where index < record.fields.count && !record.value(at: index).isEmpty {
                sawSecretValue = true
            }
        }
        // The row's view reads the record's spans: made only where it is used (most rows with
        // findings were checked by the worker and only emit them).
        findings.removeAll()
        let textCount: Int
        if let precomputed = current, precomputed.pointee.checked {
            textCount = Int(precomputed.pointee.textCount)
            let start = Int(precomputed.pointee.itemStart)
            let count = trust == .none ? textCount : Int(precomputed.pointee.itemCount)
            if trust != .none {
                builtIn.commit(
                    row: row, addressHash: precomputed.pointee.addressHash, passwordKey: precomputed.pointee.passwordKey,
                    layout: layout, &findings
                ) { record }
            }
            if count > 0 {
                if findings.items.isEmpty, trust == .full, rules.isEmpty {
                    // The common row with findings: the worker's are all it has. They are
                    // emitted from the worker's list, not copied into this row's (a copy
                    // retained each message, and the next row released it again).
                    emitInFieldOrder(
                        UnsafeBufferPointer(rebasing: currentItems[start..<(start + count)]), text: currentText, record: record)
                    return
                }
                // Ahead of the table's findings, as the rules ran.
                findings.insertAtStart(UnsafeBufferPointer(rebasing: currentItems[start..<(start + count)]), text: currentText)
            }
        } else {
            textCount = builtIn.check(RowView(record: record, layout: layout, row: row), trusted: trust != .none, &findings)
        }
        if trust != .none, !rules.isEmpty {
            let view = RowView(record: record, layout: layout, row: row)
            for index in rules.indices { rules[index].check(view, &findings) }
        }
        if trust == .headOnly, let firstSecret = secretFields.min() {
            // Findings past the first secret column may quote the head of a cut password.
            var kept = 0
            for (index, item) in findings.items.enumerated()
            where index < textCount || (item.field.map { $0 < firstSecret } ?? false) {
                findings.items[kept] = item
                kept += 1
            }
            findings.items.removeLast(findings.items.count - kept)
        }
        emitFindings(of: record)
    }

    /// Hands the metadata over and releases the diagnostics held back until then.
    private mutating func start() {
        guard !started else { return }
        started = true
        if case .lent(let handler) = sink, !keepDiagnostics, observer == nil, !options.excerpts {
            lender = handler
            lending = true
        }
        var metadata = report
        metadata.diagnostics = []
        onStart(metadata)
        for diagnostic in early { sink.deliver(diagnostic) }
        early = []
    }

    private mutating func endOfFile() {
        defer { start() }
        if !sawHeader {
            if !reportedEmpty {
                emit(.emptyFile, "the file has no header: it holds only blank lines or whitespace", help: "export the mailbox list again")
            }
            return
        }
        report.rows = row
        findings.removeAll()
        builtIn.finish(&findings)
        for index in rules.indices { rules[index].finish(&findings) }
        for item in findings.items {
            emit(item.code, .string(findings.message(of: item)), help: item.help, location: SourceLocation(field: nil))
        }
        if row == 0 {
            emit(.noRows, "the file has a header but no data rows", help: "add one row per mailbox to migrate")
        }
        if let limit = options.profile.maxFileBytes, totalBytes > limit {
            emit(
                .fileTooLarge,
                "the file is \(totalBytes) bytes, over the \(options.profile.name) limit of \(limit) bytes",
                help: "split it: csvcheck split \(path) --out batches/")
        }
        if worldReadable, sawSecretValue {
            emit(
                .worldReadable, "the file holds passwords and every user of this machine can read it",
                help: "chmod 600 \(path)")
        }
    }

    // MARK: - Diagnostics

    @inline(__always)
    private mutating func emitFinding(_ item: UnsafePointer<Findings.Item>, text: UnsafeRawBufferPointer, record: Record) {
        var rawOffset = 0
        let field = item.pointee.field
        if let field, field < record.fields.count {
            rawOffset = rawOffsetOfValueScalar(record, field: field, scalar: item.pointee.scalarOffset)
        }
        if lending, case .text(let start, let count) = item.pointee.message {
            let message = UnsafeRawBufferPointer(rebasing: text[Int(start)..<(Int(start) + Int(count))])
            lendFinding(item, message: message, record: record, rawOffset: rawOffset, field: field)
            return
        }
        emitAt(
            item.pointee.code, Findings.message(of: item.pointee, text: text), help: item.pointee.help, record: record,
            rawOffset: rawOffset,
            row: row, field: field)
    }

    /// ``emitFinding(_:text:record:)`` to ``lender`` for a finding whose message is in the
    /// findings' text (`message`): what ``emitAt(_:_:help:record:rawOffset:row:field:)`` and
    /// ``emit(_:_:help:location:record:rawOffset:)`` do for a lent sink, in one step, with the
    /// help and the field name read where they are kept. Through those two, each finding's
    /// strings were copied (retained and released) at every call and into every value on the
    /// way: about 9 pairs a finding.
    @inline(__always)
    private mutating func lendFinding(
        _ item: UnsafePointer<Findings.Item>, message: UnsafeRawBufferPointer, record: Record, rawOffset: Int, field: Int?
    ) {
        guard let severity = severities.severity(for: item.pointee.code) else { return }
        report.count(severity)
        let place = place(in: record, rawOffset: rawOffset)
        lender(
            LentDiagnostic(
                code: item.pointee.code, severity: severity, message: message, helpSource: Findings.Item.help(of: item),
                offset: place.offset, line: place.line, column: place.column, row: row,
                fieldSource: field.flatMap { layout.fieldName(of: $0) }, excerpt: nil))
    }

    /// The raw offset of the `scalar`-th Unicode scalar of a field's value.
    private func rawOffsetOfValueScalar(_ record: Record, field: Int, scalar: Int) -> Int {
        let span = record.fields[field]
        let quoted = span.flags.contains(.quoted)
        var i = Int(span.start) + (quoted ? 1 : 0)
        let end = Int(span.end)
        var remaining = scalar
        // The common case: no doubled quotes and ASCII up to the offset, one byte per scalar
        // (then past any stray continuation bytes, as the loop below would go).
        if remaining > 0, i + remaining <= end, !span.flags.contains(.escapedQuote),
            UTF8Validation.isASCII(UnsafeRawBufferPointer(rebasing: record.bytes[i..<(i + remaining)]))
        {
            i += remaining
            while i < end, record.bytes[i] & 0xC0 == 0x80 { i += 1 }
            return i
        }
        while remaining > 0, i < end {
            let byte = record.bytes[i]
            if quoted, byte == UInt8(ascii: "\""), i + 1 < end, record.bytes[i + 1] == UInt8(ascii: "\"") {
                i += 2
            } else {
                i += 1
                while i < end, record.bytes[i] & 0xC0 == 0x80 { i += 1 }
            }
            remaining -= 1
        }
        return i
    }

    private mutating func emitAt(
        _ code: RuleCode, _ message: MessageSource, help: String? = nil, record: Record, rawOffset: Int, row: Int,
        field: Int? = nil
    ) {
        emit(
            code, message, help: help, location: location(in: record, rawOffset: rawOffset, row: row, field: field),
            record: record, rawOffset: rawOffset)
    }

    /// Where a finding at `rawOffset` in `record` is: its original offset, line and column, and
    /// the row and field given.
    @inline(__always)
    private func location(in record: Record, rawOffset: Int, row: Int, field: Int?) -> SourceLocation {
        let place = place(in: record, rawOffset: rawOffset)
        return SourceLocation(
            offset: place.offset, line: place.line, column: place.column, row: row,
            field: field.flatMap { layout.fieldName(of: $0)?.pointee })
    }

    /// The original offset, line and column of `rawOffset` in `record` (``location(in:rawOffset:row:field:)``
    /// and the lent findings' way, ``lendFinding(_:message:record:rawOffset:field:)``).
    @inline(__always)
    private func place(in record: Record, rawOffset: Int) -> (offset: Int?, line: Int, column: Int?) {
        let position = record.position(ofRawOffset: rawOffset)
        return (
            mapper.original(recordOffset: record.offset, bytes: record.bytes, rawOffset: rawOffset),
            position?.line ?? record.line, position?.column
        )
    }

    private mutating func emit(
        _ code: RuleCode, _ message: MessageSource, help: String? = nil, location: SourceLocation = SourceLocation(),
        record: Record? = nil, rawOffset: Int = 0
    ) {
        guard let severity = severities.severity(for: code) else { return }
        var excerpt: String?
        if options.excerpts, let record, !headerUnreadable, !quotingDamaged, trust != .none {
            excerpt = Excerpt.line(
                of: record, at: rawOffset, masking: secretFields, expectedFields: sawHeader ? headerFieldCount : nil,
                cutAtFirstSecret: trust == .headOnly)
        }
        // A handler that borrows the diagnostic gets the message in place, unless the diagnostic
        // is kept, goes to the observer or is held back until the metadata is known.
        if case .lent(let lend) = sink, started, !keepDiagnostics, observer == nil || record == nil {
            report.count(severity)
            message.withBytes {
                LentDiagnostic.lend(
                    code: code, severity: severity, message: $0, help: help, location: location, excerpt: excerpt, lend)
            }
            return
        }
        let diagnostic = Diagnostic(
            code: code, severity: severity, message: message.string, help: help, location: location, excerpt: excerpt)
        report.record(diagnostic, keep: keepDiagnostics)
        if observer != nil, record != nil { rowDiagnostics.append(diagnostic) }
        if started {
            sink.deliver(diagnostic)
        } else {
            early.append(diagnostic)
        }
    }
}

/// The memory of a ``FileRun``'s block sink (`csvcheck_block_sink`): one allocation per run,
/// at a fixed address the tokenizer writes through while the run handles records.
final class SinkStorage {
    let pointer: UnsafeMutablePointer<csvcheck_block_sink>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: csvcheck_block_sink())
    }

    deinit { pointer.deallocate() }
}

/// Carries a value into Dispatch's parallel loop when the caller guarantees the threads touch
/// disjoint data.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension FileRun {
    /// Where a run's diagnostics go.
    enum Sink {
        /// Each diagnostic as a value of its own.
        case values((Diagnostic) -> Void)
        /// Each diagnostic lent for the call (see ``LentDiagnostic``).
        case lent((LentDiagnostic) -> Void)

        /// Hands over a diagnostic made already.
        func deliver(_ diagnostic: Diagnostic) {
            switch self {
            case .values(let handler): handler(diagnostic)
            case .lent(let handler):
                MessageSource.string(diagnostic.message).withBytes {
                    LentDiagnostic.lend(
                        code: diagnostic.code, severity: diagnostic.severity, message: $0, help: diagnostic.help,
                        location: diagnostic.location, excerpt: diagnostic.excerpt, handler)
                }
            }
        }
    }
}
