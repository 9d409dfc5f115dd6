/// The set of addresses seen in a run, for DUP001 and DUP002, in bounded memory.
///
/// It keeps a 64-bit hash of each case-folded address and the run-wide sequence number of the
/// row it came from, in a ``FingerprintTable`` (12 bytes a slot), so a million addresses take
/// about 16 MiB. Two different addresses are taken for the same only if their 64-bit hashes
/// collide: for a million addresses the chance of any such collision is about 1 in 37 million.
final class AddressIndex {
    private let table = FingerprintTable()
    /// Where each file's rows start in the run-wide sequence, to name the file and row back.
    private var fileStarts: [(file: Int, firstSequence: UInt32)] = []
    private var nextSequence: UInt32 = 1
    /// The paths of the files, by file index.
    private(set) var paths: [Int: String] = [:]

    /// Starts numbering rows for a new file, expecting about `estimatedRows` more addresses.
    func beginFile(_ file: Int, path: String, estimatedRows: Int?) {
        fileStarts.append((file, nextSequence))
        paths[file] = path
        if let estimatedRows { table.reserve(table.count + min(estimatedRows, 1 << 21)) }
    }

    /// Records `hash` for data row `row` of the current file, or returns where it was first
    /// seen: the file index and the 1-based data row.
    @inline(__always)
    func insert(hash: UInt64, row: Int) -> (file: Int, row: Int)? {
        let sequence = nextSequence &+ UInt32(truncatingIfNeeded: row) &- 1
        guard let first = table.insertIfAbsent(hash == 0 ? 1 : hash, value: sequence) else { return nil }
        return locate(first)
    }

    /// The memory of the table (see ``TableMemory``).
    var tableMemory: TableMemory { table.region }

    /// Starts loading the slot of `hash` (see ``FingerprintTable/prefetch(_:)``).
    @inline(__always)
    func prefetch(hash: UInt64) { table.prefetch(hash == 0 ? 1 : hash) }

    /// Ends the current file, which had `rows` data rows.
    func endFile(rows: Int) {
        nextSequence &+= UInt32(truncatingIfNeeded: rows)
    }

    private func locate(_ sequence: UInt32) -> (file: Int, row: Int) {
        var result = fileStarts[0]
        for start in fileStarts where start.firstSequence <= sequence { result = start }
        return (result.file, Int(sequence - result.firstSequence) + 1)
    }
}

/// A 64-bit hash of a byte string, lower-casing ASCII letters on the way (addresses compare
/// case-insensitively). Reads 8 bytes at a time; not cryptographic.
@inline(__always)
func foldedHash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
    foldedHashAndBits(bytes, seed: seed, lowercased: lowercasedASCIILanes).hash
}

/// ``foldedHash(_:seed:)`` of an ASCII byte string, or `nil` when a byte is 0x80 or above: the
/// ASCII test rides on the hash's own reads (no second pass over the bytes).
@inline(__always)
func foldedHashIfASCII(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64? {
    let (hash, bits) = foldedHashAndBits(bytes, seed: seed, lowercased: lowercasedLanesOfASCII)
    return bits & 0x8080_8080_8080_8080 == 0 ? hash : nil
}

/// The body of ``foldedHash(_:seed:)``: the hash, and the OR of every 8-byte word read (each
/// byte of the string lands in some lane of it, so its high bits tell whether all are ASCII).
/// `lowercased` lower-cases the A-Z lanes of a word (``lowercasedASCIILanes(_:)``, or
/// ``lowercasedLanesOfASCII(_:)`` when a hash of non-ASCII bytes is thrown away).
///
/// The last 1 to 7 bytes are read as one word ending at the last byte, shifted down past the
/// bytes already hashed: the same value, byte `k` of the tail in lane `k`, as a byte loop
/// would build.
@inline(__always)
func foldedHashAndBits(
    _ bytes: UnsafeRawBufferPointer, seed: UInt64, lowercased: (UInt64) -> UInt64
) -> (hash: UInt64, bits: UInt64) {
    let n = bytes.count
    var h = seed ^ (UInt64(truncatingIfNeeded: n) &* 0xFF51_AFD7_ED55_8CCD)
    var bits: UInt64 = 0
    var i = 0
    while i &+ 8 <= n {
        let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian
        bits |= word
        h = (h ^ lowercased(word)) &* 0x9FB2_1C65_1E98_DF25
        h ^= h >> 29
        i &+= 8
    }
    var tail: UInt64 = 0
    let rest = n &- i
    if rest > 0 {
        if n >= 8 {
            tail = bytes.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self).littleEndian &>> UInt64(64 &- 8 &* rest)
        } else {
            for k in 0..<rest { tail |= UInt64(bytes[k]) &<< UInt64(8 &* k) }
        }
        bits |= tail
        tail = lowercased(tail)
    }
    h = (h ^ tail) &* 0x9FB2_1C65_1E98_DF25
    h ^= h >> 32
    h = h &* 0xD6E8_FEB8_6659_FD93
    h ^= h >> 32
    return (h, bits)
}

/// The eight bytes of `word` with A-Z lower-cased, every other byte (non-ASCII included) as is.
@inline(__always)
func lowercasedASCIILanes(_ word: UInt64) -> UInt64 {
    let heptets = word & 0x7F7F_7F7F_7F7F_7F7F
    let aboveA = heptets &+ 0x3F3F_3F3F_3F3F_3F3F  // bit 7 set where byte >= 'A' (0x41)
    let aboveZ = heptets &+ 0x2525_2525_2525_2525  // bit 7 set where byte > 'Z' (0x5A)
    let upper = aboveA & ~aboveZ & ~word & 0x8080_8080_8080_8080
    return word | upper >> 2
}

/// ``lowercasedASCIILanes(_:)`` for a word whose eight bytes are all ASCII (any other word
/// gets some value): no lane's sum can carry into the next, so the masking that keeps the
/// high bytes out is not needed.
@inline(__always)
func lowercasedLanesOfASCII(_ word: UInt64) -> UInt64 {
    let aboveA = word &+ 0x3F3F_3F3F_3F3F_3F3F  // bit 7 set where byte >= 'A' (0x41)
    let aboveZ = word &+ 0x2525_2525_2525_2525  // bit 7 set where byte > 'Z' (0x5A)
    return word | (aboveA & ~aboveZ & 0x8080_8080_8080_8080) >> 2
}
