/// What ``Splitter`` writes, and where.
///
/// ```swift
/// var options = SplitOptions(directory: "batches")
/// options.balanced = true
/// options.rejectsPath = "rejects.csv"
/// options.powerShellEndpoint = "OnPremEndpoint"
/// ```
public struct SplitOptions: Sendable, Hashable {
    /// Where the rows go.
    public enum Destination: Sendable, Hashable {
        /// Batch files `PREFIX-001.csv`, ... in a folder (created if missing), with
        /// `manifest.json`: `csvcheck split`.
        case batches(directory: String)
        /// One canonical file, refused when the rows exceed the profile's limit: `csvcheck fix`.
        case singleFile(path: String)
    }

    /// Where the rows go.
    public var destination: Destination
    /// The most data rows per batch file; `nil` for the row limit in force (``CheckOptions``'s
    /// `effectiveMaxRows`), or one file when there is none. Must not exceed that limit.
    public var rowsPerFile: Int?
    /// Make batch sizes differ by at most one row (needs two passes over the input).
    public var balanced = false
    /// The batch name prefix; `nil` for the input's file name without its extension (`batch`
    /// for standard input).
    public var prefix: String?
    /// Where rows with errors go, with a `Reasons` column first; `nil` refuses an input with
    /// row errors.
    public var rejectsPath: String?
    /// The migration endpoint for the PowerShell script; `nil` writes no script.
    public var powerShellEndpoint: String?
    /// Replace existing output files.
    public var force = false

    /// Options for batch files in `directory`.
    public init(directory: String) {
        destination = .batches(directory: directory)
    }

    /// Options for the given destination.
    public init(destination: Destination) {
        self.destination = destination
    }
}
