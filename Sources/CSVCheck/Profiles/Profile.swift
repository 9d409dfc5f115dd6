/// A kind of migration batch: which columns its CSV file has, and its limits.
///
/// The four built-in profiles follow what `New-MigrationBatch` accepts for each migration type.
/// A program can define its own:
///
/// ```swift
/// let custom = Profile(
///     name: "pilot",
///     columns: [ColumnSpec("EmailAddress", required: true, kind: .emailAddress)],
///     maxRows: 50)
/// ```
public struct Profile: Sendable, Hashable {
    /// The profile's name, as given to `--profile`.
    public var name: String
    /// The columns it knows, in canonical order.
    public var columns: [ColumnSpec]
    /// The most data rows one batch file may hold (ROW001), or `nil` for no limit.
    public var maxRows: Int?
    /// The largest file the service accepts (ROW003), or `nil` for no limit.
    public var maxFileBytes: Int?

    /// Creates a profile.
    public init(name: String, columns: [ColumnSpec], maxRows: Int? = nil, maxFileBytes: Int? = nil) {
        self.name = name
        self.columns = columns
        self.maxRows = maxRows
        self.maxFileBytes = maxFileBytes
    }

    /// The column spec with this canonical name (case-insensitive), if the profile has one.
    public func column(named name: String) -> ColumnSpec? {
        columns.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Staged migration from Exchange 2003/2007: EmailAddress, Password, ForceChangePassword;
    /// 2,000 rows per batch; the Microsoft 365 password policy.
    public static let staged = Profile(
        name: "staged",
        columns: [
            ColumnSpec("EmailAddress", required: true, kind: .emailAddress),
            ColumnSpec("Password", kind: .cloudPassword, secret: true),
            ColumnSpec("ForceChangePassword", kind: .boolean),
        ],
        maxRows: 2_000)

    /// IMAP migration: EmailAddress, UserName, Password, UserRoot; 50,000 rows, 10 MB.
    public static let imap = Profile(
        name: "imap",
        columns: [
            ColumnSpec("EmailAddress", required: true, kind: .emailAddress),
            ColumnSpec("UserName", required: true, kind: .userName),
            ColumnSpec("Password", required: true, kind: .sourcePassword, secret: true),
            ColumnSpec("UserRoot", kind: .text),
        ],
        maxRows: 50_000, maxFileBytes: 10 * 1024 * 1024)

    /// Hybrid onboarding (remote move): EmailAddress and optional per-mailbox limits.
    public static let onboarding = Profile(
        name: "onboarding",
        columns: [
            ColumnSpec("EmailAddress", required: true, kind: .emailAddress),
            ColumnSpec("BadItemLimit", kind: .itemLimit),
            ColumnSpec("LargeItemLimit", kind: .itemLimit),
            ColumnSpec(
                "MailboxType", kind: .oneOf(["PrimaryOnly", "ArchiveOnly", "PrimaryAndArchive"])),
        ])

    /// Google Workspace migration: EmailAddress and an optional Username.
    public static let google = Profile(
        name: "google",
        columns: [
            ColumnSpec("EmailAddress", required: true, kind: .emailAddress),
            ColumnSpec("Username", kind: .text),
        ])

    /// The built-in profiles.
    public static let builtIn: [Profile] = [.staged, .imap, .onboarding, .google]

    /// The built-in profile with this name, if any.
    public static func named(_ name: String) -> Profile? {
        builtIn.first { $0.name == name.lowercased() }
    }
}
