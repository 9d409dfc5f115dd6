/// One column a profile knows: its canonical name, whether it must be present, and what its
/// values must look like.
public struct ColumnSpec: Sendable, Hashable {
    /// What the values of a column are.
    public enum Kind: Sendable, Hashable {
        /// The mailbox's SMTP address (EML, DUP rules).
        case emailAddress
        /// A password under the Microsoft 365 cloud policy (staged: PWD001-PWD007).
        case cloudPassword
        /// A source-server password, 1-256 characters, no surrounding spaces (IMAP).
        case sourcePassword
        /// A .NET boolean (`True`/`False`): BOOL001, SSO001.
        case boolean
        /// A user name sent to a source server as is: no surrounding spaces.
        case userName
        /// Free text.
        case text
        /// One of a fixed set of words, compared case-insensitively.
        case oneOf([String])
        /// `Unlimited`, or an integer in 0...2147483647.
        case itemLimit
    }

    /// The canonical header name, e.g. `EmailAddress`.
    public var name: String
    /// Whether the column must be present (HDR001) and its values non-empty (EML001, VAL001).
    public var isRequired: Bool
    /// What its values are.
    public var kind: Kind
    /// Whether values are secrets: never printed, masked as `********` in excerpts.
    public var isSecret: Bool

    /// Creates a column.
    public init(_ name: String, required: Bool = false, kind: Kind = .text, secret: Bool = false) {
        self.name = name
        self.isRequired = required
        self.kind = kind
        self.isSecret = secret
    }
}
