import CSVCore

/// Whether a record has a secret value, by the layout's secret fields as a bit mask
/// (``ColumnLayout/secretMask``): a few bit operations per row instead of a walk over the flags.
extension ColumnLayout {
    /// The mask of `secret`'s set flags, or nil when one is at index 64 or beyond.
    static func mask(of secret: [Bool]) -> UInt64? {
        var mask: UInt64 = 0
        for (index, isSecret) in secret.enumerated() where isSecret {
            guard index < 64 else { return nil }
            mask |= 1 << UInt64(index)
        }
        return mask
    }

    /// Whether a secret field of `record` has a value. `record` is not truncated (its spans
    /// are all there).
    @inline(__always)
    func hasSecretValue(in record: Record) -> Bool {
        guard var bits = secretMask else { return hasSecretValueByFlags(in: record) }
        let fields = record.fields
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            if index >= fields.count { return false }
            if fields[index].valueEnd != fields[index].valueStart { return true }
            bits &= bits &- 1
        }
        return false
    }

    /// ``hasSecretValue(in:)`` by the secret flags: the reference, and the way for layouts
    /// with a secret field beyond the mask.
    func hasSecretValueByFlags(in record: Record) -> Bool {
        for index in 0..<min(record.fieldCount, secret.count) where secret[index] && !record.value(at: index).isEmpty {
            return true
        }
        return false
    }
}
