/// A small map from rule codes to values, kept as two parallel arrays sorted by code and
/// searched by bisection rather than as a `Dictionary`: the first `Dictionary` keyed by
/// ``RuleCode`` in a process pays for its generic metadata and a protocol-conformance lookup, a
/// fixed cost larger than all the lookups of an ordinary run (``SeverityTable`` and
/// ``SARIFRenderer`` build one per run, for a few dozen codes).
struct CodeTable<Value> {
    /// The codes, in ascending order of `rawValue`, each once.
    private var codes: [String] = []
    /// The value of `codes[i]`.
    private var values: [Value] = []

    init(capacity: Int = 0) {
        codes.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    /// The value of `code`, if it has one; setting replaces it. Codes are kept sorted by
    /// insertion: a few dozen make that cheaper than a `sort`, whose first use also pays for
    /// metadata.
    /// - Complexity: O(log *n*) string comparisons to read, O(*n*) to insert.
    subscript(code: RuleCode) -> Value? {
        get {
            let slot = slot(of: code.rawValue)
            return slot < codes.count && codes[slot] == code.rawValue ? values[slot] : nil
        }
        set {
            guard let newValue else { return }
            let slot = slot(of: code.rawValue)
            if slot < codes.count && codes[slot] == code.rawValue {
                values[slot] = newValue
            } else {
                codes.insert(code.rawValue, at: slot)
                values.insert(newValue, at: slot)
            }
        }
    }

    /// The first index whose code is not below `key`.
    private func slot(of key: String) -> Int {
        var low = 0
        var high = codes.count
        while low < high {
            let middle = (low + high) / 2
            if codes[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension CodeTable: Sendable where Value: Sendable {}
