import CSVCore
import CSupport

/// One pass over the field spans and bytes of a record of at most 64 fields, answering at once
/// what the order-free pass asks of each field on its short way (``BuiltInRules/precompute``):
/// whether the record qualifies (no quoting problem or line break, every byte printable ASCII),
/// which fields have a value (for the secret mask, ``ColumnLayout/secretMask``), and which
/// values have an end that the text rules look at (``TextRule/hasSuspectEnds(_:)``).
struct SpanScan {
    /// Bit `i` set when field `i` has a value.
    let nonEmpty: UInt64
    /// Bit `i` set when field `i`'s value starts with a space, `=`, `+`, `-` or `@`, or ends
    /// with a space (``TextRule/hasSuspectEnds(_:)``).
    let suspect: UInt64

    /// Scans `record`'s spans and bytes (``csvcheck_scan_spans``); `nil` when a span has a
    /// quoting problem (`problemAt`) or a line break, or a byte is not printable ASCII, or
    /// (rarely, and harmlessly: the general way gives the same answers) when all of 64 values
    /// have suspect ends. `record` is not blank, not truncated, has at most 64 fields and at
    /// least 16 bytes. The spans are read as CSupport's `csvcheck_span`, whose layout is
    /// `FieldSpan`'s (a test checks it, as for the tokenizer's fast path that writes them).
    @inline(__always)
    init?(_ record: Record) {
        let answer = csvcheck_scan_spans(
            UnsafeRawPointer(record.fields.baseAddress.unsafelyUnwrapped).assumingMemoryBound(to: csvcheck_span.self),
            record.fields.count, record.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), record.bytes.count,
            record.scratch.baseAddress?.assumingMemoryBound(to: UInt8.self), FieldSpan.Flags.unescaped.rawValue,
            FieldSpan.Flags.multiline.rawValue)
        guard answer.suspect != .max else { return nil }
        nonEmpty = answer.non_empty
        suspect = answer.suspect
    }
}
