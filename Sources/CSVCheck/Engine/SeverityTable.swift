/// The severity each code reports with in one run: catalogue defaults, custom rules' defaults,
/// then the run's levels (flags and configuration), last one wins.
///
/// Kept as two parallel arrays sorted by code and searched by bisection rather than as a
/// `Dictionary`: the first `Dictionary` keyed by ``RuleCode`` in a process pays for its generic
/// metadata and a protocol-conformance lookup, a fixed cost larger than all the lookups of an
/// ordinary run.
struct SeverityTable {
    /// The codes set, in ascending order of `rawValue`, each once.
    private var codes: [String] = []
    /// The severity of `codes[i]`; `nil` when the rule is off.
    private var severities: [Severity?] = []

    init(options: CheckOptions, extraDescriptors: [RuleDescriptor]) {
        codes.reserveCapacity(RuleCatalogue.all.count + extraDescriptors.count)
        severities.reserveCapacity(RuleCatalogue.all.count + extraDescriptors.count)
        for descriptor in RuleCatalogue.all { set(descriptor.code, descriptor.defaultSeverity) }
        for descriptor in extraDescriptors { set(descriptor.code, descriptor.defaultSeverity) }
        if options.allowUnknownColumns { set(.unknownColumn, .warning) }
        for (code, level) in options.levels { set(code, level.severity) }
    }

    /// Sets (or replaces) the severity of `code`, keeping `codes` sorted by insertion; a few
    /// dozen codes make that cheaper than a `sort`, whose first use also pays for metadata.
    private mutating func set(_ code: RuleCode, _ severity: Severity?) {
        let position = codes.lowerBound(of: code.rawValue)
        if position < codes.count && codes[position] == code.rawValue {
            severities[position] = severity
        } else {
            codes.insert(code.rawValue, at: position)
            severities.insert(severity, at: position)
        }
    }

    /// The severity for `code`, or `nil` when it is off. Unknown codes are errors.
    /// - Complexity: O(log *n*) string comparisons for *n* codes.
    func severity(for code: RuleCode) -> Severity? {
        let key = code.rawValue
        let position = codes.lowerBound(of: key)
        if position < codes.count && codes[position] == key { return severities[position] }
        return .error
    }
}

extension Array where Element == String {
    /// The first index whose element is not below `key`, in an array sorted ascending (the
    /// code tables of ``SeverityTable`` and ``SARIFRenderer``).
    /// - Complexity: O(log *n*) comparisons.
    func lowerBound(of key: String) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
