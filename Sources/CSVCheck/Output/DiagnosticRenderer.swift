/// Turns a stream of diagnostics into one output format, writing as it goes.
///
/// A run calls, in order: ``beginRun(_:)`` once; for each file ``beginFile(_:_:)``, then
/// ``diagnostic(_:in:_:)`` for each finding in source order, then ``endFile(_:_:)``; and finally
/// ``endRun(_:_:)`` once. Nothing is buffered beyond what a format needs, so a million-row file
/// with 50,000 findings streams straight to the sink.
///
/// The ``FileReport`` passed to ``beginFile(_:_:)`` carries the file's metadata (path, encoding,
/// BOM, delimiter, line ending) but its `diagnostics` are empty and its `rows` are not final;
/// renderers read `rows` only at ``endFile(_:_:)``, and never read `diagnostics`.
public protocol DiagnosticRenderer {
    /// Starts the run.
    mutating func beginRun(_ out: inout OutputSink)
    /// Starts a file whose metadata is known; `file.diagnostics` is empty, `file.rows` not final.
    mutating func beginFile(_ file: FileReport, _ out: inout OutputSink)
    /// Renders one finding of the current file.
    mutating func diagnostic(_ d: Diagnostic, in file: FileReport, _ out: inout OutputSink)
    /// Ends the current file; `file.rows` is final.
    mutating func endFile(_ file: FileReport, _ out: inout OutputSink)
    /// Ends the run with its totals.
    mutating func endRun(_ summary: RunSummary, _ out: inout OutputSink)
}

extension DiagnosticRenderer {
    /// Renders finished reports in one go: the whole protocol sequence over `reports`.
    ///
    /// Convenient for tests and for library callers that already hold every report; the checker
    /// streams instead.
    /// - Returns: The totals that were rendered.
    @discardableResult
    public mutating func render(_ reports: [FileReport], to out: inout OutputSink) -> RunSummary {
        var summary = RunSummary()
        beginRun(&out)
        for report in reports {
            var header = report
            header.diagnostics = []
            beginFile(header, &out)
            var counted = RunSummary()
            for d in report.diagnostics {
                diagnostic(d, in: header, &out)
                if d.severity == .error { counted.errors += 1 } else { counted.warnings += 1 }
            }
            endFile(header, &out)
            // Count what was rendered, or the report's counters when it kept no diagnostics.
            summary.files += 1
            summary.rows += report.rows
            summary.errors += max(counted.errors, report.errorCount)
            summary.warnings += max(counted.warnings, report.warningCount)
        }
        endRun(summary, &out)
        return summary
    }
}

/// The totals of a run, over every file checked.
public struct RunSummary: Sendable, Hashable {
    /// Files checked.
    public var files: Int
    /// Data rows read, over all files.
    public var rows: Int
    /// Error diagnostics, over all files.
    public var errors: Int
    /// Warning diagnostics, over all files.
    public var warnings: Int

    /// Creates totals; all zero by default.
    public init(files: Int = 0, rows: Int = 0, errors: Int = 0, warnings: Int = 0) {
        self.files = files
        self.rows = rows
        self.errors = errors
        self.warnings = warnings
    }

    /// Adds one finished file: one file, its rows, and its ``FileReport/errorCount`` and
    /// ``FileReport/warningCount``.
    public mutating func add(_ file: FileReport) {
        files += 1
        rows += file.rows
        errors += file.errorCount
        warnings += file.warningCount
    }
}

/// The output formats of `csvcheck --format`.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Compiler-style lines with source excerpts, for people and editors.
    case text
    /// One JSON object per run, as described in DESIGN.md.
    case json
    /// SARIF 2.1.0, for code-scanning tools.
    case sarif
    /// GitHub Actions workflow commands (`::error file=...::message`).
    case github
}

/// Creates the renderer for a format.
///
/// - Parameters:
///   - format: The output format.
///   - color: Whether text output uses ANSI colour; ignored by the other formats.
///   - catalogue: The rules SARIF lists in `tool.driver.rules`; ignored by the other formats.
/// - Returns: A fresh renderer, ready for ``DiagnosticRenderer/beginRun(_:)``.
public func makeRenderer(
    format: OutputFormat, color: Bool = false, catalogue: [RuleDescriptor] = RuleCatalogue.all
) -> any DiagnosticRenderer {
    switch format {
    case .text: TextRenderer(color: color)
    case .json: JSONRenderer()
    case .sarif: SARIFRenderer(catalogue: catalogue)
    case .github: GitHubRenderer()
    }
}
