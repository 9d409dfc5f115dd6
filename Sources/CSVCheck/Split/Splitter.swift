#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a migration CSV file into canonical batch files (`csvcheck split`), or rewrites it as
/// one canonical file (`csvcheck fix`), repairing what has one right answer.
///
/// The input goes through the same streaming ``Checker`` as `csvcheck check`. Each data row
/// then goes to exactly one place, in input order: a batch file when it has no errors (once
/// repaired), the rejects file when it has errors and ``SplitOptions/rejectsPath`` is set.
/// Undecodable bytes (ENC001), broken quoting (CSV002, CSV003), an oversized record (CSV009), a
/// missing required column and other header or file errors refuse the input, and so do row
/// errors without a rejects file: then nothing is written.
///
/// Output files are written under hidden temporary names in their folder, mode 0600, and
/// renamed into place only when the whole run succeeded; an existing file is never replaced
/// unless ``SplitOptions/force`` is set.
///
/// ```swift
/// var options = SplitOptions(directory: "batches")
/// options.rejectsPath = "rejects.csv"
/// let result = try Splitter(options: options).run(path: "mailboxes.csv", onStart: { _ in }, onProgress: nil) { diagnostic in
///     if diagnostic.severity == .error { print(diagnostic.code, diagnostic.message) }
/// }
/// for file in result.files { print(file.path, file.rows, file.sha256) }
/// ```
public struct Splitter {
    /// Rows between two progress reports.
    public static let progressInterval = 65_536
    /// The manifest's file name in the batch folder.
    public static let manifestName = "manifest.json"

    /// The checker's options: profile, limits, severities.
    public let checkOptions: CheckOptions
    /// What to write, and where.
    public let options: SplitOptions
    private let rules: [any Rule]

    /// Creates a splitter.
    ///
    /// - Parameters:
    ///   - checkOptions: the options rows are checked with.
    ///   - options: the destination and batch settings.
    ///   - rules: extra rules, as for ``Checker``.
    public init(checkOptions: CheckOptions = CheckOptions(), options: SplitOptions, rules: [any Rule] = []) {
        self.checkOptions = checkOptions
        self.options = options
        self.rules = rules
    }

    /// The batch name prefix used for `path`: ``SplitOptions/prefix``, else the file name without
    /// its extension, else `batch` for standard input.
    public func prefix(for path: String) -> String {
        if let prefix = options.prefix { return prefix }
        guard path != "-" else { return "batch" }
        var name = AtomicFile.split(path).name
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        return name.isEmpty ? "batch" : name
    }

    /// Whether the split repairs what `diagnostic` reports (ENC002, ENC003 outside passwords,
    /// CSV004, CSV006, CSV007, CSV008 on EmailAddress and booleans, HDR004, HDR005, and for split
    /// ROW001 and ROW003): a caller showing errors can leave these out.
    public func repairs(_ diagnostic: Diagnostic) -> Bool {
        var isFix = false
        if case .singleFile = options.destination { isFix = true }
        let profile = checkOptions.profile
        return SplitRun.isRepaired(
            diagnostic, isFix: isFix, trimmed: SplitRun.trimmedColumns(of: profile),
            secret: Set(profile.columns.filter(\.isSecret).map(\.name)))
    }

    /// The script's file name for a prefix.
    public static func scriptName(prefix: String) -> String { prefix + "-batches.ps1" }

    /// Splits (or fixes) one input.
    ///
    /// - Parameters:
    ///   - path: a file path, or `-` for standard input.
    ///   - onStart: called once the input's encoding, delimiter and line ending are known.
    ///   - onProgress: called every ``progressInterval`` rows of each pass.
    ///   - handler: every diagnostic of the input, in file order (warnings included; passwords
    ///     are masked as in `csvcheck check`).
    /// - Returns: what was written, or why nothing was (``SplitResult/Outcome/refused``).
    /// - Throws: ``SplitError`` when the input cannot be read or an output cannot be written; no
    ///   output file is left behind.
    public func run(
        path: String, onStart: @escaping (FileReport) -> Void = { _ in },
        onProgress: ((SplitProgress) -> Void)? = nil, _ handler: @escaping (Diagnostic) -> Void = { _ in }
    ) throws(SplitError) -> SplitResult {
        let layout = try makeLayout(path: path)
        try prepareFolders(layout)
        try checkTargets(layout, path: path)

        var input = path
        var spool: String?
        defer { if let spool { unlink(spool) } }
        if options.balanced, path == "-" {
            spool = try Self.spoolStandardInput()
            input = spool!
        }

        let passes = options.balanced ? 2 : 1
        let queue = IOQueue()
        func discardAll(_ files: [AtomicFile]) {
            queue.wait()
            files.forEach { $0.discard() }
        }
        var total: Int?
        var firstRun: SplitRun?
        if options.balanced {
            let counting = SplitRun(
                mode: .count, layout: layout, profile: checkOptions.profile, pass: 1, passes: 2, queue: queue,
                onProgress: onProgress)
            let report = try check(input, originalPath: path, run: counting, onStart: onStart, handler: handler)
            if let refused = refusal(counting, report: report, layout: layout) {
                return SplitResult(outcome: .refused, refusal: refused, report: report, repairs: repairs(counting, report))
            }
            total = counting.acceptedRows
            firstRun = counting
        }

        let writing = SplitRun(
            mode: .write(total: total), layout: layout, profile: checkOptions.profile, pass: passes, passes: passes,
            queue: queue, onProgress: onProgress)
        do {
            try writing.open()
        } catch {
            discardAll(writing.opened)
            throw error
        }
        let report: FileReport
        do {
            if firstRun == nil {
                report = try check(input, originalPath: path, run: writing, onStart: onStart, handler: handler)
            } else {
                report = try check(input, originalPath: path, run: writing, onStart: { _ in }, handler: { _ in })
            }
        } catch {
            discardAll(writing.opened)
            throw error
        }
        queue.wait()
        if let failure = writing.failure ?? writing.ioError {
            discardAll(writing.opened)
            throw failure
        }
        let decisions = firstRun ?? writing
        if let refused = refusal(decisions, report: report, layout: layout) {
            discardAll(writing.opened)
            return SplitResult(outcome: .refused, refusal: refused, report: report, repairs: repairs(decisions, report))
        }

        var result = SplitResult(outcome: .written, report: report, repairs: repairs(decisions, report))
        var extra: [AtomicFile] = []
        do throws(SplitError) {
            try writing.close()
            queue.wait()
            if let failure = writing.ioError { throw failure }
            result.files = writing.files
            result.rejects = writing.rejectsFile
            if let folder = layout.batchFolder {
                var script: (name: String, bytes: Int, sha256: String)?
                if let endpoint = options.powerShellEndpoint {
                    let name = Self.scriptName(prefix: layout.prefix)
                    let text = PowerShellScript.render(
                        files: result.files.map { AtomicFile.split($0.path).name }, endpoint: endpoint,
                        profile: checkOptions.profile)
                    let file = try AtomicFile(path: folder + name, queue: queue)
                    extra.append(file)
                    try file.append(Array(text.utf8))
                    try file.close()
                    queue.wait()
                    if let failure = file.ioError { throw failure }
                    script = (name, file.byteCount, file.digest?.hexString ?? "")
                    result.scriptPath = file.path
                }
                let manifest = Manifest.render(
                    input: path, profile: checkOptions.profile.name, files: result.files, rejects: result.rejects,
                    script: script)
                let file = try AtomicFile(path: folder + Self.manifestName, queue: queue)
                extra.append(file)
                try file.append(manifest)
                try file.close()
                queue.wait()
                if let failure = file.ioError { throw failure }
                result.manifestPath = file.path
            }
            let all = writing.opened + extra
            let live = all.filter { $0.digest != nil }
            if !options.force {
                for file in live where AtomicFile.exists(file.path) { throw SplitError(.exists(path: file.path)) }
            }
            for file in live { try file.commit(force: options.force) }
        } catch {
            discardAll(writing.opened + extra)
            throw error
        }
        for folder in Set((writing.opened + extra).map { AtomicFile.split($0.path).folder }) {
            AtomicFile.syncFolder(folder)
        }
        if result.files.count > PowerShellScript.serviceBatchLimit {
            result.warnings.append(
                "\(result.files.count) batches: the service accepts at most \(PowerShellScript.serviceBatchLimit) migration batches at a time; create the rest as earlier ones complete and are removed")
        }
        return result
    }

    // MARK: - Steps

    private func makeLayout(path: String) throws(SplitError) -> SplitRun.Layout {
        let limit = checkOptions.effectiveMaxRows
        if let rows = options.rowsPerFile {
            guard rows >= 1 else { throw SplitError(.invalidOptions("--rows must be at least 1")) }
            if let limit, rows > limit {
                throw SplitError(
                    .invalidOptions(
                        "--rows \(rows) is over the \(checkOptions.profile.name) limit of \(limit) rows per batch; raise the limit with --max-rows if your tenant allows it"))
            }
        }
        let prefix = prefix(for: path)
        guard !prefix.isEmpty, !prefix.contains("/"), !prefix.hasPrefix("."), !prefix.contains("\0") else {
            throw SplitError(.invalidOptions("the prefix '\(prefix)' must be a plain file name (no '/', not starting with '.')"))
        }
        switch options.destination {
        case .batches(let directory):
            let folder = directory.isEmpty ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
            return SplitRun.Layout(
                batchFolder: folder, prefix: prefix, singlePath: nil,
                rowsPerFile: options.rowsPerFile ?? limit ?? Int.max, byteLimit: checkOptions.profile.maxFileBytes,
                rejectsPath: options.rejectsPath)
        case .singleFile(let path):
            return SplitRun.Layout(
                batchFolder: nil, prefix: prefix, singlePath: path, rowsPerFile: Int.max, byteLimit: nil,
                rejectsPath: options.rejectsPath)
        }
    }

    /// Creates the batch folder if needed and deletes stray temporaries of a killed run.
    private func prepareFolders(_ layout: SplitRun.Layout) throws(SplitError) {
        var folders: [String] = []
        if let folder = layout.batchFolder {
            try Self.makeFolder(folder)
            folders.append(folder)
        }
        if let single = layout.singlePath { folders.append(AtomicFile.split(single).folder) }
        if let rejects = layout.rejectsPath { folders.append(AtomicFile.split(rejects).folder) }
        for folder in Set(folders) { AtomicFile.removeStrayTemporaries(in: folder) }
    }

    /// Refuses early when an output that will surely be written exists (without `force`).
    private func checkTargets(_ layout: SplitRun.Layout, path: String) throws(SplitError) {
        guard !options.force else { return }
        var targets = [layout.path(ofFile: 0)]
        if let folder = layout.batchFolder {
            targets.append(folder + Self.manifestName)
            if options.powerShellEndpoint != nil { targets.append(folder + Self.scriptName(prefix: layout.prefix)) }
        }
        if let rejects = layout.rejectsPath { targets.append(rejects) }
        for target in targets where AtomicFile.exists(target) { throw SplitError(.exists(path: target)) }
    }

    private func check(
        _ input: String, originalPath: String, run: SplitRun, onStart: @escaping (FileReport) -> Void,
        handler: @escaping (Diagnostic) -> Void
    ) throws(SplitError) -> FileReport {
        let checker = Checker(options: checkOptions, rules: rules)
        do {
            var report = try checker.check(
                path: input, keepDiagnostics: false, observer: run,
                onStart: { metadata in
                    var metadata = metadata
                    metadata.path = originalPath
                    onStart(metadata)
                },
                { diagnostic in
                    run.diagnostic(diagnostic)
                    handler(diagnostic)
                })
            report.path = originalPath
            return report
        } catch {
            throw SplitError(.input(error))
        }
    }

    private func refusal(_ run: SplitRun, report: FileReport, layout: SplitRun.Layout) -> SplitResult.Refusal? {
        if !run.refusedCodes.isEmpty {
            if layout.isFix, let limit = checkOptions.effectiveMaxRows,
                run.refusedCodes.allSatisfy({ $0 == .tooManyRows || $0 == .fileTooLarge }), report.rows > limit
            {
                return .tooManyRows(rows: report.rows, limit: limit)
            }
            return .unrepairable(run.refusedCodes.sorted())
        }
        if run.rejectedRows > 0, layout.rejectsPath == nil { return .rowErrors(run.rejectedRows) }
        return nil
    }

    private func repairs(_ run: SplitRun, _ report: FileReport) -> [SplitResult.Repair] {
        run.repairs.keys.sorted().map { code in
            let count = run.repairs[code] ?? 0
            let summary: String
            switch code {
            case .legacyEncoding: summary = "transcoded from \(report.encoding) to UTF-8"
            case .wrongDelimiter:
                let name = report.delimiter == 0x09 ? "TAB" : "'\(Character(Unicode.Scalar(report.delimiter)))'"
                summary = "rewrote the \(name) delimiter as a comma"
            case .preamble: summary = "dropped \(count) preamble line\(count == 1 ? "" : "s") before the header"
            case .blankLine: summary = "dropped blank lines (\(count) place\(count == 1 ? "" : "s"))"
            case .headerCase, .badHeaderName:
                summary = "wrote \(count) header name\(count == 1 ? "" : "s") in canonical form"
            case .surroundingWhitespace: summary = "trimmed whitespace around \(count) EmailAddress or boolean value\(count == 1 ? "" : "s")"
            case .notNFC: summary = "normalized \(count) value\(count == 1 ? "" : "s") to Unicode NFC"
            case .tooManyRows: summary = "split \(report.rows) rows into batch files"
            case .fileTooLarge: summary = "split the file into batch files under the size limit"
            default: summary = "repaired"
            }
            return SplitResult.Repair(code: code, count: count, summary: summary)
        }
    }

    // MARK: - Helpers

    /// Creates `folder` and its parents (mode 0755) if missing.
    static func makeFolder(_ folder: String) throws(SplitError) {
        guard !folder.isEmpty else { return }
        var path = ""
        for component in folder.split(separator: "/", omittingEmptySubsequences: false) {
            path += component
            defer { path += "/" }
            guard !component.isEmpty else { continue }
            var status = stat()
            if stat(path, &status) == 0 {
                guard status.st_mode & 0o170_000 == 0o040_000 else {
                    throw SplitError(.io(path: folder, operation: "create the folder", errno: ENOTDIR))
                }
                continue
            }
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                throw SplitError(.io(path: folder, operation: "create the folder", errno: errno))
            }
        }
    }

    /// Copies standard input to a private temporary file (mode 0600) for a two-pass split.
    static func spoolStandardInput() throws(SplitError) -> String {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8) + Array("csvcheck-stdin-XXXXXX".utf8) + [0]
        let fd = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { mkstemp($0) }
        }
        guard fd >= 0 else { throw SplitError(.io(path: folder, operation: "create a temporary file in", errno: errno)) }
        let path = String(decoding: template.dropLast(), as: UTF8.self)
        defer { close(fd) }
        do {
            var source = try ByteSource(path: "-")
            var buffer = [UInt8](repeating: 0, count: Checker.chunkSize)
            while true {
                let count = try source.read(into: &buffer)
                if count == 0 { break }
                var offset = 0
                while offset < count {
                    let written = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, count - offset) }
                    if written < 0 {
                        if errno == EINTR { continue }
                        let code = errno
                        unlink(path)
                        throw SplitError(.io(path: path, operation: "write", errno: code))
                    }
                    offset += written
                }
            }
        } catch let error as InputError {
            unlink(path)
            throw SplitError(.input(error))
        } catch let error as SplitError {
            throw error
        } catch {
            unlink(path)
            throw SplitError(.io(path: path, operation: "write", errno: EIO))
        }
        return path
    }
}
