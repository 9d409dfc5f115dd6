/// One problem with one value, found by a value checker (``AddressCheck``, ``PasswordRules``)
/// before the engine adds its position and severity.
struct ValueFinding: Sendable, Hashable {
    /// The rule code, e.g. `"EML002"` or `"PWD001"`.
    var code: String
    /// What is wrong, in one sentence.
    var message: String
    /// How to fix it, when there is a fix to suggest.
    var help: String?
    /// The 0-based position, in Unicode scalars within the value, of the offending part; 0 when
    /// the whole value is at fault.
    var scalarOffset: Int
}
