/// Everything that shapes one run of the checker, from flags, a `.csvcheck.yml` file or code.
public struct CheckOptions: Sendable {
    /// The migration profile; `staged` by default.
    public var profile: Profile = .staged
    /// AD FS single sign-on is deployed (SSO001, SSO002).
    public var singleSignOn = false
    /// Accepted on-premises domains; when not empty, other domains give EML006.
    public var acceptedDomains: [String] = []
    /// Unknown columns are warnings, not errors (Exchange's `-AllowUnknownColumnsInCsv`).
    public var allowUnknownColumns = false
    /// Overrides the profile's row limit.
    public var maxRows: Int?
    /// Per-rule levels that replace the default severities.
    public var levels: [RuleCode: RuleLevel] = [:]
    /// Extra banned password terms (PWD005), besides the built-in list.
    public var bannedPasswords: [String] = []
    /// The safety limit for one field or record (CSV009).
    public var maxRecordBytes = 64 * 1024
    /// Whether diagnostics carry a masked excerpt of their source line
    /// (``Diagnostic/excerpt``). On by default; the CLI turns it off for the formats that never
    /// show one (JSON, SARIF, GitHub), which saves a string per finding.
    public var excerpts = true
    /// Whether the order-free rules of a block of rows run ahead of the ordered pass, on a
    /// second core when the block is large. Off, every row goes through the fused one-row path
    /// (``BuiltInRules/check(_:trusted:_:)``) in order: tests compare the two.
    var pipeline = true

    /// Creates options with the defaults.
    public init() {}

    /// The row limit in force: the override, else the profile's.
    public var effectiveMaxRows: Int? { maxRows ?? profile.maxRows }
}
