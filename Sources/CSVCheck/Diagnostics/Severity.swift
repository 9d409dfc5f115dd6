/// How serious a finding is.
///
/// Errors make `csvcheck` exit with status 1; warnings do too under `--strict`.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    /// Microsoft will reject the file or the row, or silently corrupt the mailbox.
    case error
    /// Probably a mistake, or a risk; the migration would still run.
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// The level a rule is set to in configuration: a severity, or off.
public enum RuleLevel: String, Sendable, Hashable, CaseIterable, Codable {
    /// Report findings as errors.
    case error
    /// Report findings as warnings.
    case warning
    /// Do not report findings of this rule.
    case off

    /// The severity this level reports with, or `nil` when the rule is off.
    public var severity: Severity? {
        switch self {
        case .error: .error
        case .warning: .warning
        case .off: nil
        }
    }
}
