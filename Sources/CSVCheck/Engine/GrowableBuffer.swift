/// A growable array of plain values in memory of its own, appended to with one copy: `Array`'s
/// generic `append(contentsOf:)` cost several times a plain copy on the path that appends most
/// (the record copies of a ``RecordBlock``). Not
/// copy-on-write: a copy of the struct shares the memory, so its owners move it, never copy it.
struct GrowableBuffer<Element: BitwiseCopyable> {
    /// The memory. Its properties skip the run-time exclusivity checks of class properties:
    /// the owner of the buffer is its only user (a block appends several times per record, and
    /// the checks cost more than the copies).
    private final class Storage {
        @exclusivity(unchecked) var base: UnsafeMutablePointer<Element>?
        @exclusivity(unchecked) var capacity = 0
        deinit { base?.deallocate() }
    }

    private let storage = Storage()
    private(set) var count = 0

    /// Makes room for `minimum` elements in all.
    mutating func reserve(_ minimum: Int) {
        guard minimum > storage.capacity else { return }
        let capacity = Swift.max(minimum, storage.capacity * 2, 16)
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        if let old = storage.base {
            grown.update(from: old, count: count)
            old.deallocate()
        }
        storage.base = grown
        storage.capacity = capacity
    }

    /// Appends the elements held in `raw` (whose size is a multiple of the element's).
    @inline(__always)
    mutating func append(_ raw: UnsafeRawBufferPointer) {
        let added = raw.count / MemoryLayout<Element>.stride
        guard added > 0, let source = raw.baseAddress else { return }
        if count + added > storage.capacity { reserve(count + added) }
        UnsafeMutableRawPointer(storage.base! + count).copyMemory(from: source, byteCount: added * MemoryLayout<Element>.stride)
        count += added
    }

    /// Appends the elements of `elements`.
    @inline(__always)
    mutating func append(_ elements: UnsafeBufferPointer<Element>) {
        append(UnsafeRawBufferPointer(elements))
    }

    /// Appends `element` `count` times.
    mutating func append(repeating element: Element, count added: Int) {
        guard added > 0 else { return }
        if count + added > storage.capacity { reserve(count + added) }
        (storage.base! + count).initialize(repeating: element, count: added)
        count += added
    }

    /// Appends one element.
    @inline(__always)
    mutating func append(_ element: Element) {
        if count == storage.capacity { reserve(count + 1) }
        (storage.base! + count).initialize(to: element)
        count += 1
    }

    subscript(index: Int) -> Element { storage.base![index] }

    /// The memory and its capacity, for code that appends in place (``RecordBlock/exportSink(_:)``);
    /// nil before anything was reserved.
    var rawStorage: (base: UnsafeMutablePointer<Element>, capacity: Int)? {
        storage.base.map { ($0, storage.capacity) }
    }

    /// Takes over elements appended in place, up to `newCount` (at most the capacity).
    mutating func setCount(_ newCount: Int) {
        precondition(newCount >= 0 && newCount <= storage.capacity)
        count = newCount
    }

    /// The elements, valid until the next change.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: storage.base, count: count) }

    /// Forgets the elements and keeps the memory.
    mutating func removeAll() { count = 0 }
}
