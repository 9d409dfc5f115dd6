/// JSON string literals, quotes included, of the strings a run writes over and over, escaped
/// once and then copied: every finding of a rule carries the same help text, rule code and
/// field name, as the very same `String` values (literals and the header's column names).
///
/// A string is looked up by its ``StringBits``, which is sound because the cache keeps every key
/// string alive; a string whose bits are not found (a new message, a copy of a help text in
/// other storage) is escaped as usual, and remembered while there is room.
struct JSONStringCache: Sendable {
    /// A string remembered and where its literal is in ``bytes``; `count` 0 when the slot is
    /// empty (a literal has at least its two quotes). The slot keeps the string alive, so its
    /// bits keep meaning the same text.
    private struct Slot: Sendable {
        var string: String
        var start: Int32
        var count: Int32
    }

    /// The most strings remembered: past that, new strings are only escaped.
    static let capacity = 256
    /// The most bytes of literals remembered.
    static let byteCapacity = 64 * 1024

    /// Twice ``capacity`` slots, a power of two.
    private static let slotBits = 9
    // 20 bytes in all, so that a ``JSONRenderer`` holding the cache and two flags still fits an
    // existential's 24-byte inline buffer: a boxed renderer is made unique on every mutating
    // call, once per diagnostic.

    /// The open-addressing table, by ``StringBits/hash(bitCount:)``.
    private var slots = [Slot](repeating: Slot(string: "", start: 0, count: 0), count: 1 << slotBits)
    /// The literals, one after another.
    private var bytes: [UInt8] = []
    /// How many slots are filled.
    private var filled: Int32 = 0

    init() {}

    /// Writes `string` as a JSON string literal, quotes included, exactly as
    /// ``ReservedBytes/writeJSONString(_:)`` does; `writer` must have room for
    /// `ReservedBytes.jsonBound(string.utf8.count)` bytes.
    @inline(__always)
    mutating func write(_ string: String, to writer: inout ReservedBytes) {
        let bits = StringBits(string)
        let found = slots.withUnsafeBufferPointer { slots -> (start: Int, count: Int)? in
            let mask = slots.count &- 1
            var slot = bits.hash(bitCount: Self.slotBits)
            while true {
                let entry = slots[slot]
                if entry.count == 0 { return nil }
                if StringBits(entry.string) == bits { return (Int(entry.start), Int(entry.count)) }
                slot = (slot &+ 1) & mask
            }
        }
        if let found {
            bytes.withUnsafeBufferPointer { writer.copy(from: $0.baseAddress! + found.start, count: found.count) }
            return
        }
        let start = writer.position
        writer.writeJSONString(string)
        remember(string, bits: bits, literal: UnsafeBufferPointer(start: start, count: writer.position - start))
    }

    /// Adds `string`, written as `literal`, while there is room.
    private mutating func remember(_ string: String, bits: StringBits, literal: UnsafeBufferPointer<UInt8>) {
        guard bytes.count + literal.count <= Self.byteCapacity, filled < Self.capacity else { return }
        if bytes.isEmpty { bytes.reserveCapacity(4096) }
        let start = bytes.count
        bytes.append(contentsOf: literal)
        let mask = slots.count - 1
        var slot = bits.hash(bitCount: Self.slotBits)
        while slots[slot].count != 0 { slot = (slot + 1) & mask }
        slots[slot] = Slot(string: string, start: Int32(start), count: Int32(literal.count))
        filled += 1
    }
}

extension ReservedBytes {
    /// Appends `count` bytes from `source`: whole 16-byte blocks, then the last 16 bytes over
    /// the tail of the previous block; below 16 bytes, two overlapping words or half-words.
    /// Neither reads nor writes a byte past `count`.
    @inline(__always)
    mutating func copy(from source: UnsafePointer<UInt8>, count: Int) {
        let target = UnsafeMutableRawPointer(position)
        if count >= 16 {
            var offset = 0
            while count &- offset > 16 {
                target.storeBytes(of: UnsafeRawPointer(source + offset).loadUnaligned(as: SIMD16<UInt8>.self), toByteOffset: offset, as: SIMD16<UInt8>.self)
                offset &+= 16
            }
            target.storeBytes(of: UnsafeRawPointer(source + (count &- 16)).loadUnaligned(as: SIMD16<UInt8>.self), toByteOffset: count &- 16, as: SIMD16<UInt8>.self)
        } else if count >= 8 {
            target.storeBytes(of: UnsafeRawPointer(source).loadUnaligned(as: UInt64.self), as: UInt64.self)
            target.storeBytes(of: UnsafeRawPointer(source + (count &- 8)).loadUnaligned(as: UInt64.self), toByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            target.storeBytes(of: UnsafeRawPointer(source).loadUnaligned(as: UInt32.self), as: UInt32.self)
            target.storeBytes(of: UnsafeRawPointer(source + (count &- 4)).loadUnaligned(as: UInt32.self), toByteOffset: count &- 4, as: UInt32.self)
        } else {
            target.copyMemory(from: source, byteCount: count)
        }
        position += count
    }
}
