/// Prefilters that look for a short needle in a normalized password 16 positions at a time: the
/// text is read as four vectors of 32-bit lanes, at byte offsets 0 to 3, so that lane `i` of the
/// vector at offset `j` holds the 4 bytes at position `4 i + j`, and one compare per vector
/// tests 4 positions.
///
/// They answer "maybe": true whenever the needle occurs at a position of the text, and
/// otherwise only when it matches where the positions reach into the padding (which takes a
/// needle with zero bytes). Callers confirm a true answer with an exact search. The text must
/// be followed by ``BannedPasswords/padding`` initialized bytes.
enum PasswordWindows {
    /// Whether the 4 bytes `head` (`b0 | b1 << 8 | b2 << 16 | b3 << 24`) may occur in `text`
    /// (`n` bytes, at least 4) at a position `0...(n - 4)`.
    @inline(__always)
    static func mayContain(_ text: UnsafePointer<UInt8>, _ n: Int, head: UInt32) -> Bool {
        let needle = SIMD4<UInt32>(repeating: head)
        var base = 0
        while base <= n - 4 {
            let bytes = UnsafeRawPointer(text + base)
            let found =
                (bytes.loadUnaligned(fromByteOffset: 0, as: SIMD4<UInt32>.self) .== needle)
                .| (bytes.loadUnaligned(fromByteOffset: 1, as: SIMD4<UInt32>.self) .== needle)
                .| (bytes.loadUnaligned(fromByteOffset: 2, as: SIMD4<UInt32>.self) .== needle)
                .| (bytes.loadUnaligned(fromByteOffset: 3, as: SIMD4<UInt32>.self) .== needle)
            if any(found) { return true }
            base += 16
        }
        return false
    }

    /// ``mayContain(_:_:head:)`` for a text of at most 19 bytes (positions 0 to 15), in one
    /// step without a loop.
    @inline(__always)
    static func mayContain16(_ text: UnsafePointer<UInt8>, head: UInt32) -> Bool {
        let needle = SIMD4<UInt32>(repeating: head)
        let bytes = UnsafeRawPointer(text)
        let found =
            (bytes.loadUnaligned(fromByteOffset: 0, as: SIMD4<UInt32>.self) .== needle)
            .| (bytes.loadUnaligned(fromByteOffset: 1, as: SIMD4<UInt32>.self) .== needle)
            .| (bytes.loadUnaligned(fromByteOffset: 2, as: SIMD4<UInt32>.self) .== needle)
            .| (bytes.loadUnaligned(fromByteOffset: 3, as: SIMD4<UInt32>.self) .== needle)
        return any(found)
    }

    /// Whether a 3-byte window of `text` (`n` bytes, at least 3) at a position `0...(n - 3)`
    /// may be `first` or `last` (`b0 | b1 << 8 | b2 << 16`).
    @inline(__always)
    static func mayHaveWindow(_ text: UnsafePointer<UInt8>, _ n: Int, _ first: UInt32, _ last: UInt32) -> Bool {
        let low = SIMD4<UInt32>(repeating: 0xFF_FFFF)
        let a = SIMD4<UInt32>(repeating: first)
        let b = SIMD4<UInt32>(repeating: last)
        var base = 0
        while base <= n - 3 {
            let bytes = UnsafeRawPointer(text + base)
            let w0 = bytes.loadUnaligned(fromByteOffset: 0, as: SIMD4<UInt32>.self) & low
            let w1 = bytes.loadUnaligned(fromByteOffset: 1, as: SIMD4<UInt32>.self) & low
            let w2 = bytes.loadUnaligned(fromByteOffset: 2, as: SIMD4<UInt32>.self) & low
            let w3 = bytes.loadUnaligned(fromByteOffset: 3, as: SIMD4<UInt32>.self) & low
            let found =
                (w0 .== a) .| (w0 .== b) .| (w1 .== a) .| (w1 .== b) .| (w2 .== a) .| (w2 .== b) .| (w3 .== a)
                .| (w3 .== b)
            if any(found) { return true }
            base += 16
        }
        return false
    }
}
