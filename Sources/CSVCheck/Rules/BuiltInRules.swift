/// The rules every profile runs, chosen by the columns the profile has.
enum BuiltInRules {
    /// Fresh rule values for one checker (one run). The address rule's index is shared by all
    /// files of the run, for DUP002.
    static func make(for options: CheckOptions) -> [any Rule] {
        var rules: [any Rule] = [TextRule()]
        let kinds = Set(options.profile.columns.map(\.kind))
        if kinds.contains(.emailAddress) { rules.append(AddressRule(options: options)) }
        if kinds.contains(.cloudPassword) || kinds.contains(.sourcePassword) {
            rules.append(PasswordRule(options: options))
        }
        if kinds.contains(.boolean) { rules.append(BooleanRule(singleSignOn: options.singleSignOn)) }
        rules.append(ValueRule())
        return rules
    }
}
