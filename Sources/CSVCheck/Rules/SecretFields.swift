import CSVCore

/// Which fields of a ``ColumnLayout`` hold secrets (passwords), as a bit mask: whether a record
/// has a secret value is then a few bit operations, not a walk over the layout's flags.
struct SecretFields {
    /// The layout described; held, so that no other layout can take its address while this
    /// value compares layouts by identity.
    private(set) var layout: ColumnLayout?
    /// Bit `i` is set when field `i` (below 64) is secret.
    private var mask: UInt64 = 0
    /// The layout's secret flags when one lies at field 64 or beyond (the mask cannot tell).
    private var wide: [Bool]?

    /// No layout: ``anyValue(in:)`` finds nothing.
    init() {}

    init(_ layout: ColumnLayout) {
        self.layout = layout
        let secret = layout.secret
        if secret.count > 64, secret[64...].contains(true) {
            wide = secret
            return
        }
        for (index, isSecret) in secret.enumerated() where isSecret { mask |= 1 << UInt64(index) }
    }

    /// Whether a secret field of `record` has a value. `record` is not truncated (its spans
    /// are all there).
    @inline(__always)
    func anyValue(in record: Record) -> Bool {
        if let wide { return Self.anyValue(in: record, secret: wide) }
        var bits = mask
        let fields = record.fields
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            if index >= fields.count { return false }
            if fields[index].valueEnd != fields[index].valueStart { return true }
            bits &= bits &- 1
        }
        return false
    }

    /// ``anyValue(in:)`` by the layout's flags: the reference, and the way for wide layouts.
    static func anyValue(in record: Record, secret: [Bool]) -> Bool {
        for index in 0..<min(record.fieldCount, secret.count) where secret[index] && !record.value(at: index).isEmpty {
            return true
        }
        return false
    }
}
