/// BOOL001 and SSO001 on ForceChangePassword.
///
/// Values are read as .NET's `bool.TryParse` reads them: `True` or `False` in any case, with
/// surrounding whitespace. A blank value uses the batch's setting.
struct BooleanRule: Rule {
    let singleSignOn: Bool
    var descriptors: [RuleDescriptor] { [] }

    /// Inlined into the caller: a blank value, or `True` or `False` as the batch allows it,
    /// costs no call.
    @inline(__always)
    mutating func check(_ row: RowView, _ findings: inout Findings) {
        guard let field = row.forceChangePassword, !field.isEmpty else { return }
        if let value = BooleanValue.parse(field.bytes), !(value && singleSignOn) { return }
        report(field, &findings)
    }

    /// BOOL001's message for `bytes`, the value shown as ``Swift/String/escapedForMessage``
    /// shows it (``MessageText/append(shown:)``).
    static func notBooleanMessage(_ bytes: UnsafeRawBufferPointer) -> String {
        MessageText.make {
            $0.append("ForceChangePassword is '")
            $0.append(shown: bytes)
            $0.append("', not True or False")
        }
    }

    /// BOOL001 or SSO001 for a value that ``check(_:_:)`` did not clear.
    @inline(never)
    private func report(_ field: Field, _ findings: inout Findings) {
        guard let value = BooleanValue.parse(field.bytes) else {
            findings.report(
                .notBoolean, Self.notBooleanMessage(field.bytes),
                help: BooleanValue.suggestion(for: field.bytes) ?? "write True or False", field: field)
            return
        }
        if value, singleSignOn {
            findings.report(
                .forceChangeUnderSSO,
                "ForceChangePassword is True, but with AD FS single sign-on the password is changed on premises",
                help: "write False; True makes the migration of this user fail", field: field)
        }
    }
}
