/// The two words a `String` value is made of, compared as integers: a lookup key that costs
/// nothing to read.
///
/// Equal bits are always equal strings while both are alive: the same inline bytes of a small
/// string, or the same storage object with the same length (storage that someone else still
/// references is never changed in place). Equal strings need not have equal bits (one small,
/// one in storage; two copies in two storages), so a table keyed by bits must keep its key
/// strings alive and fall back to comparing strings when the bits are not found.
struct StringBits: Equatable {
    let first: UInt64
    let second: UInt64

    /// The bits of `string`; `string` itself is neither copied nor retained.
    @inline(__always)
    init(_ string: String) {
        (first, second) = unsafeBitCast(string, to: (UInt64, UInt64).self)
    }

    /// A hash of the bits in the top `bitCount` bits (1 to 63) of a word (Fibonacci hashing).
    @inline(__always)
    func hash(bitCount: Int) -> Int {
        let mixed = ((first &* 0x9E37_79B9_7F4A_7C15) ^ second) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed &>> UInt64(64 &- bitCount))
    }
}

/// An open-addressing index from the ``StringBits`` of strings to positions (`Int`), for
/// ``CodeTable``: a lookup hashes two words and compares two words, where comparing strings
/// reads their bytes. Positions can be shifted up as a sorted table inserts.
///
/// The caller keeps every indexed string alive (see ``StringBits``) and looks a string up by
/// other means when ``position(of:)`` returns `nil`.
struct StringBitsIndex {
    /// One slot: the bits of a string and its position, or `position` -1 when empty.
    private struct Slot {
        var bits: StringBits
        var position: Int
    }

    /// Power-of-two many slots, at least twice as many as there are strings; empty at first.
    private var slots: [Slot] = []
    /// `log2(slots.count)`.
    private var bitCount = 0
    private var count = 0

    init() {}

    /// The position of the string with bits `bits`, if indexed.
    @inline(__always)
    func position(of bits: StringBits) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            guard !slots.isEmpty else { return nil }
            let mask = slots.count &- 1
            var slot = bits.hash(bitCount: bitCount)
            while true {
                let entry = slots[slot]
                if entry.position < 0 { return nil }
                if entry.bits == bits { return entry.position }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Adds `string` at `position`, first moving every position from `position` on up by one
    /// (a sorted table inserting there). `string` must not be indexed yet.
    mutating func insert(_ string: String, at position: Int) {
        for index in slots.indices where slots[index].position >= position { slots[index].position += 1 }
        if 2 * (count + 1) > slots.count { grow() }
        place(Slot(bits: StringBits(string), position: position))
        count += 1
    }

    private mutating func place(_ entry: Slot) {
        let mask = slots.count - 1
        var slot = entry.bits.hash(bitCount: bitCount)
        while slots[slot].position >= 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private mutating func grow() {
        let old = slots
        bitCount = max(4, bitCount + 1)
        slots = Array(repeating: Slot(bits: StringBits(""), position: -1), count: 1 << bitCount)
        for entry in old where entry.position >= 0 { place(entry) }
    }
}
