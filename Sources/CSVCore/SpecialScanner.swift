import CSupport

/// Finds the delimiters, quotes and line breaks of one chunk a cache line at a time, for the
/// tokenizer's fast paths.
///
/// The bits of 64 bytes are computed once (`csvcheck_special_bits` in CSupport, SSE2 compares
/// on x86-64) and then read with a count of trailing zeros per field, so a record of a few short
/// fields costs about one vector pass over its bytes instead of a word-by-word search per field.
/// Near the chunk's end, where 64 bytes cannot be read, it looks at one byte at a time. The state
/// is CSupport's `csvcheck_scanner`, which the C fast path for plain records
/// (`csvcheck_plain_record`) reads and advances too.
struct SpecialScanner {
    /// The scanner's state, shared with the C fast path.
    var state: csvcheck_scanner

    /// A scanner over `n` bytes at `p`, with `delimiter` as the field delimiter.
    init(_ p: UnsafePointer<UInt8>, _ n: Int, delimiter: UInt8) {
        state = csvcheck_scanner_make(p, Int64(n), delimiter)
    }

    /// The index of the first delimiter, quote, CR or LF at or after `from` and before
    /// `limit` (at most the chunk's length), or `limit` when there is none.
    @inline(__always)
    mutating func next(from: Int, limit: Int) -> Int {
        Int(truncatingIfNeeded: csvcheck_next_special(&state, Int64(from), Int64(limit)))
    }
}
