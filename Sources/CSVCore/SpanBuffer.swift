/// The field spans of the record in progress, in raw memory: appending and clearing cost a
/// store and a compare, with no copy-on-write checks per field.
///
/// A reference type owned by one ``CSVTokenizer``; the tokenizer clones it before writing when
/// a copy of the tokenizer shares it, so the tokenizer keeps value semantics.
final class SpanBuffer {
    private(set) var base: UnsafeMutablePointer<FieldSpan>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// A copy with the same spans.
    func clone() -> SpanBuffer {
        let copy = SpanBuffer(capacity: capacity)
        copy.base.initialize(from: base, count: count)
        copy.count = count
        return copy
    }

    @inline(__always)
    func append(_ span: FieldSpan) {
        if count == capacity { grow() }
        (base + count).initialize(to: span)
        count += 1
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<FieldSpan>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// The spans as a buffer, valid until the next change.
    @inline(__always)
    var buffer: UnsafeBufferPointer<FieldSpan> { UnsafeBufferPointer(start: base, count: count) }
}
