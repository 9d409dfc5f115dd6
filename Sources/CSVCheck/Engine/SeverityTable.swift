/// The severity each code reports with in one run: catalogue defaults, custom rules' defaults,
/// then the run's levels (flags and configuration), last one wins.
struct SeverityTable {
    private var table: [RuleCode: Severity?] = [:]

    init(options: CheckOptions, extraDescriptors: [RuleDescriptor]) {
        for descriptor in RuleCatalogue.all { table[descriptor.code] = descriptor.defaultSeverity }
        for descriptor in extraDescriptors { table[descriptor.code] = descriptor.defaultSeverity }
        if options.allowUnknownColumns { table[.unknownColumn] = .warning }
        for (code, level) in options.levels { table[code] = level.severity }
    }

    /// The severity for `code`, or `nil` when it is off. Unknown codes are errors.
    func severity(for code: RuleCode) -> Severity? {
        if let entry = table[code] { return entry }
        return .error
    }
}
