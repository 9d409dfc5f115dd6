/// One pass of a split over the checker's rows: decides, row by row, whether a row goes to a
/// batch, to the rejects file or stops the split, counts repairs, and (when writing) encodes
/// rows into the current batch file. ``Splitter`` drives it.
final class SplitRun: RowObserver {
    enum Mode {
        /// First pass of a balanced split: decide and count, write nothing.
        case count
        /// Decide and write; `total` is the number of accepted rows when known (balanced).
        case write(total: Int?)
    }

    struct Layout {
        /// Batch files in a folder (`dir/` ends with a slash or is empty), or one file.
        var batchFolder: String?
        var prefix: String
        var singlePath: String?
        var rowsPerFile: Int
        var byteLimit: Int?
        var rejectsPath: String?
        var isFix: Bool { singlePath != nil }

        func path(ofFile index: Int) -> String {
            if let singlePath { return singlePath }
            var number = String(index + 1)
            while number.count < 3 { number = "0" + number }
            return (batchFolder ?? "") + prefix + "-" + number + ".csv"
        }
    }

    let mode: Mode
    let layout: Layout
    let profile: Profile
    let pass: Int
    let passes: Int
    let onProgress: ((SplitProgress) -> Void)?
    private let trimmedColumns: Set<String>
    private let secretColumns: Set<String>

    // Decisions.
    private(set) var refusedCodes: [RuleCode] = []
    // The per-row state skips the run-time exclusivity checks of class properties: one thread
    // drives a run, and the checks cost more than the row's own work.
    @exclusivity(unchecked) private(set) var acceptedRows = 0
    @exclusivity(unchecked) private(set) var rejectedRows = 0
    @exclusivity(unchecked) private(set) var rowsSeen = 0
    private(set) var repairs: [RuleCode: Int] = [:]
    private(set) var failure: SplitError?

    // Writing.
    @exclusivity(unchecked) private var writer = CanonicalWriter(columns: [])
    private var headerBytes: [UInt8] = []
    private var rejectsHeaderBytes: [UInt8] = []
    /// The I/O queue every output of the run is written through.
    let queue: IOQueue
    /// Batch files closed so far, with their rows and input lines.
    private var closed: [(file: AtomicFile, rows: Int, firstLine: Int, lastLine: Int)] = []
    @exclusivity(unchecked) private var current: AtomicFile?
    @exclusivity(unchecked) private var currentRows = 0
    @exclusivity(unchecked) private var currentFirstLine = 0
    @exclusivity(unchecked) private var currentLastLine = 0
    private(set) var rejects: AtomicFile?
    private(set) var rejectsFirstLine = 0
    private(set) var rejectsLastLine = 0
    @exclusivity(unchecked) private var rowBuffer: [UInt8] = []
    @exclusivity(unchecked) private var verbatim: [UnsafeRawBufferPointer] = []
    /// Every file opened, committed or not, so a failure can remove them all.
    private(set) var opened: [AtomicFile] = []

    init(
        mode: Mode, layout: Layout, profile: Profile, pass: Int, passes: Int, queue: IOQueue,
        onProgress: ((SplitProgress) -> Void)?
    ) {
        self.queue = queue
        self.mode = mode
        self.layout = layout
        self.profile = profile
        self.pass = pass
        self.passes = passes
        self.onProgress = onProgress
        trimmedColumns = Self.trimmedColumns(of: profile)
        secretColumns = Set(profile.columns.filter(\.isSecret).map(\.name))
        rowBuffer.reserveCapacity(4096)
    }

    var isWriting: Bool {
        if case .write = mode { return true }
        return false
    }

    /// Whether writing has stopped: refused, or an output error.
    private var stopped: Bool { !refusedCodes.isEmpty || failure != nil }

    // MARK: - Classification

    /// Whether split (or fix) repairs what `diagnostic` reports.
    func isRepaired(_ diagnostic: Diagnostic) -> Bool {
        Self.isRepaired(diagnostic, isFix: layout.isFix, trimmed: trimmedColumns, secret: secretColumns)
    }

    /// Whether split (`isFix` false) or fix repairs what `diagnostic` reports, given the canonical
    /// names of the trimmed and the secret columns.
    static func isRepaired(_ diagnostic: Diagnostic, isFix: Bool, trimmed: Set<String>, secret: Set<String>) -> Bool {
        switch diagnostic.code {
        case .legacyEncoding, .wrongDelimiter, .preamble, .blankLine, .headerCase:
            return true
        case .badHeaderName:
            // Surrounding whitespace on a known column; an empty or unknown name has no field.
            return diagnostic.location.field != nil
        case .tooManyRows, .fileTooLarge:
            return !isFix
        case .notNFC:
            return diagnostic.location.field.map { !secret.contains($0) } ?? true
        case .surroundingWhitespace:
            return diagnostic.location.field.map { trimmed.contains($0) } ?? false
        default:
            return false
        }
    }

    /// The canonical names of the columns whose values are trimmed.
    static func trimmedColumns(of profile: Profile) -> Set<String> {
        Set(profile.columns.filter { $0.kind == .emailAddress || $0.kind == .boolean }.map(\.name))
    }

    /// Codes that stop the split wherever they appear.
    func isRefusing(_ code: RuleCode) -> Bool {
        switch code {
        case .invalidBytes, .unterminatedQuote, .strayQuote, .recordTooLarge, .missingColumn, .emptyFile, .noRows:
            return true
        case .tooManyRows, .fileTooLarge:
            return layout.isFix
        default:
            return false
        }
    }

    /// Every diagnostic of the input, from the checker's handler.
    func diagnostic(_ diagnostic: Diagnostic) {
        if diagnostic.code == .worldReadable { return }  // about the input; outputs are 0600
        if isRepaired(diagnostic) {
            repairs[diagnostic.code, default: 0] += 1
            return
        }
        guard diagnostic.severity == .error else { return }
        if isRefusing(diagnostic.code) || (diagnostic.location.row ?? 0) == 0 { refuse(diagnostic.code) }
    }

    private func refuse(_ code: RuleCode) {
        if !refusedCodes.contains(code) { refusedCodes.append(code) }
    }

    // MARK: - RowObserver

    func header(_ header: HeaderEvent) {
        if header.names.contains(where: { $0.trimmingWhitespace.isEmpty }) { refuse(.badHeaderName) }
        writer = CanonicalWriter(columns: header.columns)
        var names: [[UInt8]] = []
        for (index, name) in header.names.enumerated() {
            let canonical = (index < header.columns.count ? header.columns[index]?.name : nil) ?? name.trimmingWhitespace
            names.append(Array(canonical.utf8))
        }
        headerBytes = []
        let buffers = names.map { $0 }
        withBuffers(buffers) { views in
            CanonicalWriter.appendNormalizedRow(views, to: &headerBytes)
            rejectsHeaderBytes = []
            let reasons: [UInt8] = Array("Reasons".utf8)
            reasons.withUnsafeBytes { reasonsView in
                CanonicalWriter.appendNormalizedRow([reasonsView] + views, to: &rejectsHeaderBytes)
            }
        }
        guard isWriting, !stopped else { return }
        do {
            if let current, currentRows == 0 { try current.append(headerBytes) }
            if let rejects { try rejects.append(rejectsHeaderBytes) }
        } catch {
            failure = error
        }
    }

    func row(_ event: RowEvent) {
        rowsSeen += 1
        if let onProgress, rowsSeen % Splitter.progressInterval == 0 {
            onProgress(SplitProgress(pass: pass, passes: passes, rows: rowsSeen))
        }
        if event.isTruncated { refuse(.recordTooLarge) }
        var reasons: [RuleCode] = []
        for diagnostic in event.diagnostics where diagnostic.severity == .error {
            if isRefusing(diagnostic.code) || isRepaired(diagnostic) { continue }
            if !reasons.contains(diagnostic.code) { reasons.append(diagnostic.code) }
        }
        if reasons.isEmpty {
            acceptedRows += 1
            guard isWriting, !stopped else { return }
            do {
                try accept(event)
            } catch {
                failure = error
            }
        } else {
            rejectedRows += 1
            guard isWriting, !stopped, let rejects else { return }
            do {
                try reject(event, reasons: reasons, into: rejects)
            } catch {
                failure = error
            }
        }
    }

    // MARK: - Writing

    /// Opens the first output (and the rejects file) before the pass, so an unwritable folder
    /// fails at once.
    func open() throws(SplitError) {
        guard isWriting else { return }
        if let path = layout.rejectsPath {
            let file = try AtomicFile(path: path, queue: queue)
            opened.append(file)
            rejects = file
        }
        try startFile(deferred: false)
    }

    /// Starts the next batch file; all but the first are created on the writing queue.
    private func startFile(deferred: Bool = true) throws(SplitError) {
        let file = try AtomicFile(path: layout.path(ofFile: closed.count), queue: queue, deferred: deferred)
        opened.append(file)
        current = file
        currentRows = 0
        if !headerBytes.isEmpty { try file.append(headerBytes) }
    }

    private func capacity(ofFile index: Int) -> Int {
        guard case .write(let total?) = mode, total > 0 else { return layout.rowsPerFile }
        let count = (total + layout.rowsPerFile - 1) / layout.rowsPerFile
        return total / count + (index < total % count ? 1 : 0)
    }

    private func accept(_ event: RowEvent) throws(SplitError) {
        rowBuffer.removeAll(keepingCapacity: true)
        writer.appendRow(event.fieldCount, value: { event.value(at: $0) }, to: &rowBuffer)
        guard var file = current else { return }
        let full = currentRows >= capacity(ofFile: closed.count)
        let tooLarge = layout.byteLimit.map { currentRows > 0 && file.byteCount + rowBuffer.count > $0 } ?? false
        if full || tooLarge {
            try finishFile()
            try startFile()
            guard let next = current else { return }
            file = next
        }
        if currentRows == 0 { currentFirstLine = event.line }
        currentLastLine = event.lastLine
        currentRows += 1
        file.buffer.append(contentsOf: rowBuffer)
        try file.flushIfNeeded()
    }

    private func reject(_ event: RowEvent, reasons: [RuleCode], into file: AtomicFile) throws(SplitError) {
        if rejectedRows == 1 { rejectsFirstLine = event.line }
        rejectsLastLine = event.lastLine
        let text = Array(reasons.map(\.rawValue).joined(separator: " ").utf8)
        text.withUnsafeBytes { reasonsView in
            verbatim.removeAll(keepingCapacity: true)
            verbatim.append(reasonsView)
            for index in 0..<event.fieldCount { verbatim.append(event.value(at: index)) }
            CanonicalWriter.appendVerbatimRow(verbatim, to: &file.buffer)
            verbatim.removeAll(keepingCapacity: true)
        }
        try file.flushIfNeeded()
    }

    /// Closes the current batch file and records it.
    private func finishFile() throws(SplitError) {
        guard let file = current else { return }
        current = nil
        try file.close()
        closed.append((file, currentRows, currentFirstLine, currentLastLine))
    }

    /// Closes every output after a successful pass; an empty last batch file is dropped.
    func close() throws(SplitError) {
        if let file = current, currentRows == 0, !layout.isFix {
            file.discard()
            current = nil
        }
        try finishFile()
        if let rejects {
            try rejects.close()
        }
    }

    /// The batch files' records, once closed and the queue waited for.
    var files: [SplitResult.OutputFile] {
        closed.map {
            SplitResult.OutputFile(
                path: $0.file.path, rows: $0.rows, firstLine: $0.firstLine, lastLine: $0.lastLine,
                bytes: $0.file.byteCount, sha256: $0.file.digest?.hexString ?? "")
        }
    }

    /// The first write error of any output.
    var ioError: SplitError? { opened.lazy.compactMap(\.ioError).first }

    /// The rejects file's record, once closed and the queue waited for.
    var rejectsFile: SplitResult.OutputFile? {
        guard let rejects else { return nil }
        return SplitResult.OutputFile(
            path: rejects.path, rows: rejectedRows, firstLine: rejectsFirstLine, lastLine: rejectsLastLine,
            bytes: rejects.byteCount, sha256: rejects.digest?.hexString ?? "")
    }
}

/// Calls `body` with raw views of each array (valid only during the call).
private func withBuffers<R>(_ arrays: [[UInt8]], _ body: ([UnsafeRawBufferPointer]) -> R) -> R {
    func recurse(_ index: Int, _ views: [UnsafeRawBufferPointer]) -> R {
        if index == arrays.count { return body(views) }
        return arrays[index].withUnsafeBytes { recurse(index + 1, views + [$0]) }
    }
    return recurse(0, [])
}
