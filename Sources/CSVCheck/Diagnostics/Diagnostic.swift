/// One finding: a rule code, its severity, a message that says what is wrong and how to fix it,
/// and where it is.
///
/// A diagnostic never holds a password or any part of one: messages describe password problems
/// by position and character class, and ``excerpt`` shows `********` in place of every password.
public struct Diagnostic: Sendable, Hashable {
    /// The stable rule code.
    public var code: RuleCode
    /// The severity after configuration was applied.
    public var severity: Severity
    /// What is wrong, in one sentence.
    public var message: String
    /// How to fix it, when there is a fix to suggest.
    public var help: String?
    /// Where it is.
    public var location: SourceLocation
    /// The physical source line the finding points at, with passwords masked.
    public var excerpt: String?

    /// Creates a diagnostic.
    public init(
        code: RuleCode, severity: Severity, message: String, help: String? = nil,
        location: SourceLocation = SourceLocation(), excerpt: String? = nil
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.help = help
        self.location = location
        self.excerpt = excerpt
    }
}
