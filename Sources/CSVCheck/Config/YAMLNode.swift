/// A value read from `.csvcheck.yml` by ``YAMLSubset``: a scalar, a list, a mapping or nothing,
/// with the line it starts on, so that an error can name it.
struct YAMLNode: Sendable {
    /// What the node holds.
    enum Content: Sendable {
        /// No value (`key:` with nothing under it).
        case null
        /// A scalar's text, quotes and escapes resolved.
        case scalar(String)
        /// A block (`- item`) or flow (`[a, b]`) list.
        case sequence([YAMLNode])
        /// A block (`key: value`) or flow (`{a: b}`) mapping, in the file's order.
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    /// What the node holds.
    var content: Content
    /// The 1-based line the node starts on.
    var line: Int

    /// The text of a scalar.
    var string: String? {
        if case .scalar(let text) = content { return text }
        return nil
    }

    /// A scalar read as a YAML boolean: `true`, `yes` or `on`, `false`, `no` or `off`, in any
    /// case (YAML 1.1's words, which administrators write and earlier versions accepted).
    var bool: Bool? {
        switch string?.lowercased() {
        case "true", "yes", "on": true
        case "false", "no", "off": false
        default: nil
        }
    }

    /// A scalar read as a whole decimal number: an optional sign, then digits, with `_` allowed
    /// between them (`10_000`); nil when it is anything else or does not fit an `Int`.
    var int: Int? {
        guard var text = string?.utf8[...], !text.isEmpty else { return nil }
        var negative = false
        if let sign = text.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            text = text.dropFirst()
        }
        guard let first = text.first, first != UInt8(ascii: "_"), text.last != UInt8(ascii: "_") else { return nil }
        var value = 0
        for byte in text where byte != UInt8(ascii: "_") {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { return nil }
            value = sum
        }
        return value
    }

    /// The items of a list.
    var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries of a mapping.
    var mapping: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }
}

/// Text that is not in the YAML ``YAMLSubset`` reads.
struct YAMLError: Error, Sendable, Equatable {
    /// The 1-based line of the problem.
    var line: Int
    /// What is wrong, for a person.
    var message: String
}
