/// Checks migration CSV files: the library's front door.
///
/// One checker serves one run: files checked by the same checker share the set of addresses,
/// so an address in two files gives DUP002.
///
/// ```swift
/// var options = CheckOptions()
/// options.profile = .staged
/// options.singleSignOn = true
/// let checker = Checker(options: options)
/// let report = try checker.check(path: "batch.csv")
/// for diagnostic in report.diagnostics where diagnostic.severity == .error {
///     print(diagnostic.code, diagnostic.location.line ?? 0, diagnostic.message)
/// }
/// ```
public final class Checker {
    /// The run's options.
    public let options: CheckOptions
    private let builtIn: BuiltInRules
    private let templates: [any Rule]
    private let severities: SeverityTable
    private var filesChecked = 0

    /// Size of the chunks read from a file.
    public static let chunkSize = 256 * 1024

    /// Creates a checker with the built-in rules of `options.profile` plus `rules`.
    ///
    /// - Parameters:
    ///   - options: the profile, limits, severities and other settings.
    ///   - rules: extra rules, run after the built-in ones on every data row.
    public init(options: CheckOptions = CheckOptions(), rules: [any Rule] = []) {
        self.options = options
        self.builtIn = BuiltInRules(options: options)
        self.templates = rules
        self.severities = SeverityTable(options: options, extraDescriptors: rules.flatMap(\.descriptors))
    }

    /// Checks one file, keeping every diagnostic in the report.
    ///
    /// - Parameter path: a file path, or `-` for standard input.
    /// - Returns: the report, with its diagnostics in file order.
    /// - Throws: ``InputError`` when the file cannot be opened or read.
    public func check(path: String) throws(InputError) -> FileReport {
        try check(path: path, keepDiagnostics: true) { _ in }
    }

    /// Checks one file, handing each diagnostic to `handler` as soon as it is found.
    ///
    /// - Parameters:
    ///   - path: a file path, or `-` for standard input.
    ///   - keepDiagnostics: whether the returned report also keeps them (memory grows with
    ///     their number when it does).
    ///   - observer: receives the header and each data row with its diagnostics.
    ///   - onStart: called once before the first diagnostic, when the encoding, delimiter and
    ///     line ending are known (the report's rows and diagnostics are not final yet).
    ///   - handler: called for each diagnostic, in file order.
    /// - Throws: ``InputError`` when the file cannot be opened or read.
    public func check(
        path: String, keepDiagnostics: Bool = false, observer: (any RowObserver)? = nil,
        onStart: @escaping (FileReport) -> Void = { _ in }, _ handler: @escaping (Diagnostic) -> Void
    ) throws(InputError) -> FileReport {
        try check(path: path, keepDiagnostics: keepDiagnostics, observer: observer, onStart: onStart, sink: .values(handler))
    }

    private func check(
        path: String, keepDiagnostics: Bool, observer: (any RowObserver)?, onStart: @escaping (FileReport) -> Void,
        sink: FileRun.Sink
    ) throws(InputError) -> FileReport {
        var source = try ByteSource(path: path)
        var run = makeRun(path: path, worldReadable: source.isWorldReadable, sink)
        run.keepDiagnostics = keepDiagnostics
        run.onStart = onStart
        run.fileSize = source.fileSize
        run.observer = observer
        if let size = source.fileSize, size >= ReadAhead.minimumFileSize {
            // A large file: read on another thread, a few chunks ahead.
            let ring = ReadAhead(source: source, chunkSize: Self.chunkSize)
            while let chunk = try ring.next() { run.feed(chunk) }
            return run.finish()
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try source.read(into: buffer)
            if count == 0 { break }
            run.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return run.finish()
    }

    /// Checks one file, lending each diagnostic to `handler` for the length of the call: the
    /// package's renderers read messages in place (see ``LentDiagnostic``).
    package func check(
        path: String, onStart: @escaping (FileReport) -> Void, lending handler: @escaping (LentDiagnostic) -> Void
    ) throws(InputError) -> FileReport {
        try check(path: path, keepDiagnostics: false, observer: nil, onStart: onStart, sink: .lent(handler))
    }

    /// Checks bytes held in memory, keeping every diagnostic in the report.
    ///
    /// - Parameters:
    ///   - bytes: the whole file, as stored (any encoding csvcheck detects).
    ///   - name: the name to report it under.
    public func check(bytes: [UInt8], name: String = "-") -> FileReport {
        var run = makeRun(path: name, worldReadable: false, .values { _ in })
        bytes.withUnsafeBytes { run.feed($0) }
        return run.finish()
    }

    private func makeRun(path: String, worldReadable: Bool, _ sink: FileRun.Sink) -> FileRun {
        defer { filesChecked += 1 }
        return FileRun(
            path: path, options: options, severities: severities, fileIndex: filesChecked, builtIn: builtIn, rules: templates,
            worldReadable: worldReadable, sink: sink)
    }
}
