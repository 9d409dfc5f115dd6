/// The severity each code reports with in one run: catalogue defaults, custom rules' defaults,
/// then the run's levels (flags and configuration), last one wins.
struct SeverityTable {
    /// The severity of each code set; `.some(nil)` when the rule is off.
    private var table: CodeTable<Severity?>

    init(options: CheckOptions, extraDescriptors: [RuleDescriptor]) {
        table = CodeTable(capacity: RuleCatalogue.all.count + extraDescriptors.count)
        for descriptor in RuleCatalogue.all { table[descriptor.code] = .some(descriptor.defaultSeverity) }
        for descriptor in extraDescriptors { table[descriptor.code] = .some(descriptor.defaultSeverity) }
        if options.allowUnknownColumns { table[.unknownColumn] = .some(.warning) }
        for (code, level) in options.levels { table[code] = .some(level.severity) }
    }

    /// The severity for `code`, or `nil` when it is off. Unknown codes are errors.
    @inline(__always)
    func severity(for code: RuleCode) -> Severity? {
        if let entry = table[code] { return entry }
        return .error
    }
}
