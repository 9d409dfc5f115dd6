/// A small map from rule codes to values, kept as two parallel arrays sorted by code and
/// searched by bisection rather than as a `Dictionary`: the first `Dictionary` keyed by
/// ``RuleCode`` in a process pays for its generic metadata and a protocol-conformance lookup, a
/// fixed cost larger than all the lookups of an ordinary run (``SeverityTable`` and
/// ``SARIFRenderer`` build one per run, for a few dozen codes).
///
/// While every code is ASCII and at most 15 bytes long (every built-in code is), a third array
/// holds each code's bytes as two integers, and a lookup with such a code compares those instead
/// of strings: the checker looks up the severity of every finding. Before either, a lookup tries
/// a hash index by the code string's own bits (``StringBitsIndex``), which finds a code in a few
/// instructions when it is the very string set, or a small string with the same bytes: every
/// built-in code, and every code a finding carries.
struct CodeTable<Value> {
    /// The codes, in ascending order of `rawValue`, each once.
    private var codes: [String] = []
    /// The value of `codes[i]`.
    private var values: [Value] = []
    /// The ``PackedCode`` of `codes[i]`, while ``packedOnly``.
    private var packed: [PackedCode] = []
    /// Whether every code has a ``PackedCode``; then `packed` is complete.
    private var packedOnly = true
    /// The position in `codes` of each of `codes` by its bits (`codes` keeps them alive).
    private var byBits = StringBitsIndex()

    init(capacity: Int = 0) {
        codes.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        packed.reserveCapacity(capacity)
    }

    /// The value of `code`, if it has one; setting replaces it. Codes are kept sorted by
    /// insertion: a few dozen make that cheaper than a `sort`, whose first use also pays for
    /// metadata.
    /// - Complexity: O(log *n*) comparisons to read, O(*n*) to insert.
    subscript(code: RuleCode) -> Value? {
        @inline(__always)
        get {
            if let position = byBits.position(of: StringBits(code.rawValue)) { return values[position] }
            return value(searching: code)
        }
        set {
            guard let newValue else { return }
            let slot = slot(of: code.rawValue)
            if slot < codes.count && codes[slot] == code.rawValue {
                values[slot] = newValue
            } else {
                codes.insert(code.rawValue, at: slot)
                values.insert(newValue, at: slot)
                byBits.insert(code.rawValue, at: slot)
                if packedOnly, let key = PackedCode(code.rawValue) {
                    packed.insert(key, at: slot)
                } else {
                    packedOnly = false
                    packed = []
                }
            }
        }
    }

    /// The value of `code` found by bisection, by packed code or by string: the lookup of a
    /// code whose string the bits index does not hold.
    @inline(never)
    private func value(searching code: RuleCode) -> Value? {
        if packedOnly, let key = PackedCode(code.rawValue) {
            let slot = slot(of: key)
            return slot < packed.count && packed[slot] == key ? values[slot] : nil
        }
        let slot = slot(of: code.rawValue)
        return slot < codes.count && codes[slot] == code.rawValue ? values[slot] : nil
    }

    /// The first index whose code is not below `key`.
    private func slot(of key: String) -> Int {
        var low = 0
        var high = codes.count
        while low < high {
            let middle = (low + high) / 2
            if codes[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first index whose packed code is not below `key`.
    private func slot(of key: PackedCode) -> Int {
        packed.withUnsafeBufferPointer { keys in
            var low = 0
            var high = keys.count
            while low < high {
                let middle = (low &+ high) &>> 1
                if keys[middle] < key { low = middle &+ 1 } else { high = middle }
            }
            return low
        }
    }
}

extension CodeTable: Sendable where Value: Sendable {}

/// The bytes of an ASCII code of at most 15 bytes and its length as two integers, ordered and
/// equal exactly as the codes are as strings.
///
/// For ASCII text, `String` compares code units one by one, a shorter text first when it is a
/// prefix of the other. The first word holds bytes 0 to 7, byte 0 highest; the second bytes 8
/// to 14, then the length in its lowest byte; missing bytes are 0, so the length breaks the tie
/// between `"A"` and `"A\0"`. A code with a non-ASCII byte has no packed form: `String`
/// compares such text by canonical equivalence (a KELVIN SIGN equals `K`), which bytes cannot.
struct PackedCode: Equatable {
    let high: UInt64
    let low: UInt64

    /// The packed form of `code`, or `nil` when it is longer than 15 bytes or not ASCII.
    @inline(__always)
    init?(_ code: String) {
        let count = code.utf8.count
        guard count <= 15 else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        withUTF8(of: code) { utf8 in
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(utf8)) }
        }
        guard (words.0 | words.1) & 0x8080_8080_8080_8080 == 0 else { return nil }
        high = UInt64(bigEndian: words.0)
        low = UInt64(bigEndian: words.1) | UInt64(count)
    }

    @inline(__always)
    static func < (lhs: PackedCode, rhs: PackedCode) -> Bool {
        lhs.high < rhs.high || (lhs.high == rhs.high && lhs.low < rhs.low)
    }
}
