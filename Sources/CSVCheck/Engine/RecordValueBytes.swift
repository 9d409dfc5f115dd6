import CSVCore

extension Record {
    /// ``Record/value(at:)`` without its test for a missing base address: the base pointer is
    /// chosen and offset as an integer (a record with a value has its bytes, and an unescaped
    /// value its scratch, so the address is never offset from nil). The same bytes, one branch
    /// less per field on the rules' hot paths.
    @inline(__always)
    func valueBytes(at index: Int) -> UnsafeRawBufferPointer {
        let span = fields[index]
        let base = span.flags.contains(.unescaped) ? scratch.baseAddress : bytes.baseAddress
        return UnsafeRawBufferPointer(
            start: UnsafeRawPointer(bitPattern: Int(bitPattern: base) &+ Int(span.valueStart)),
            count: Int(span.valueEnd &- span.valueStart))
    }
}
