/// What a split or fix did.
public struct SplitResult: Sendable {
    /// Whether files were written.
    public enum Outcome: Sendable, Hashable {
        /// Every output file was written and renamed into place.
        case written
        /// Nothing was written; ``SplitResult/refusal`` says why.
        case refused
    }

    /// Why an input was refused.
    public enum Refusal: Sendable, Hashable {
        /// Errors that split cannot repair or set aside (ENC001, CSV002, CSV003, CSV009, a missing
        /// required column, other header or file errors), with their codes.
        case unrepairable([RuleCode])
        /// Rows with errors and no rejects file; the number of such rows.
        case rowErrors(Int)
        /// `fix` only: more data rows than the limit; the number of rows and the limit.
        case tooManyRows(rows: Int, limit: Int)
    }

    /// One file written.
    public struct OutputFile: Sendable, Hashable {
        /// The path, as built from the options.
        public var path: String
        /// Data rows in the file (the header is not counted).
        public var rows: Int
        /// The first physical line of the input that went into the file (0 when it has none).
        public var firstLine: Int
        /// The last physical line of the input that went into the file.
        public var lastLine: Int
        /// The file's size in bytes.
        public var bytes: Int
        /// SHA-256 of the file's bytes, 64 lowercase hexadecimal digits.
        public var sha256: String
    }

    /// One kind of repair, made `count` times.
    public struct Repair: Sendable, Hashable {
        /// The code of the problem repaired.
        public var code: RuleCode
        /// How many diagnostics of that code were repaired.
        public var count: Int
        /// What was done, in one sentence without values.
        public var summary: String
    }

    /// Whether files were written.
    public var outcome: Outcome
    /// Why nothing was written, when refused.
    public var refusal: Refusal?
    /// The check report of the input (counts only; diagnostics went to the handler).
    public var report: FileReport
    /// The batch files (or the one fixed file), in order.
    public var files: [OutputFile] = []
    /// The rejects file, when rows were set aside.
    public var rejects: OutputFile?
    /// `manifest.json`, for batches.
    public var manifestPath: String?
    /// The PowerShell script, when an endpoint was given.
    public var scriptPath: String?
    /// The repairs made, in catalogue order.
    public var repairs: [Repair] = []
    /// Advice about the result (e.g. more batches than the service accepts at once).
    public var warnings: [String] = []

    /// Data rows written to batch files.
    public var rowsWritten: Int { files.reduce(0) { $0 + $1.rows } }
    /// Data rows set aside in the rejects file.
    public var rowsRejected: Int { rejects?.rows ?? 0 }
}

/// Progress of a long split, reported every ``Splitter/progressInterval`` rows.
public struct SplitProgress: Sendable, Hashable {
    /// The pass over the input, 1-based.
    public var pass: Int
    /// How many passes the split makes (2 with `balanced`).
    public var passes: Int
    /// Data rows read so far in this pass.
    public var rows: Int
}
