import CSupport

/// Finds the delimiters, quotes and line breaks of one chunk a cache line at a time, for the
/// tokenizer's fast path.
///
/// The bits of the 64 bytes from `base` are computed once (`csvcheck_special_bits` in
/// CSupport, SSE2 compares on x86-64) and then read with a count of trailing zeros per field,
/// so a record of a few short fields costs about one vector pass over its bytes instead of a
/// word-by-word search per field. Near the chunk's end, where 64 bytes cannot be read, it falls back to
/// ``CSVTokenizer/nextSpecial(_:from:_:delimiter:)``.
struct SpecialScanner {
    private let p: UnsafePointer<UInt8>
    private let n: Int
    private let delimiter: UInt8
    /// The chunk index of bit 0 of ``bits``; `Int.min` until a line is loaded.
    private var base = Int.min / 2
    /// Bit `k` set when byte `base + k` is special.
    private var bits: UInt64 = 0

    /// A scanner over `n` bytes at `p`, with `delimiter` as the field delimiter.
    init(_ p: UnsafePointer<UInt8>, _ n: Int, delimiter: UInt8) {
        self.p = p
        self.n = n
        self.delimiter = delimiter
    }

    /// The index of the first delimiter, quote, CR or LF at or after `from` and before
    /// `limit` (at most the chunk's length), or `limit` when there is none.
    @inline(__always)
    mutating func next(from: Int, limit: Int) -> Int {
        var j = from
        while j < limit {
            let offset = j &- base
            if UInt(bitPattern: offset) < 64 {
                let pending = bits & (~0 &<< UInt64(offset))
                if pending != 0 { return min(base &+ pending.trailingZeroBitCount, limit) }
                j = base &+ 64
                continue
            }
            guard j &+ 64 <= n else {
                return CSVTokenizer.nextSpecial(p, from: j, limit, delimiter: delimiter)
            }
            base = j
            bits = csvcheck_special_bits(p + j, delimiter)
        }
        return limit
    }
}
