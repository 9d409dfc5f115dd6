import CSupport

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

/// The 64-bit hash of a case-folded address for ``AddressIndex``: of the bytes before its last
/// `@` (all of them when it has none) and of the bytes after it, each read in 16-byte chunks
/// with ASCII letters lower-cased on the way (see `csvcheck_address.h`). A non-ASCII address
/// is hashed in its folded form (``AddressRule/lowercasedNFC(_:)``). Not cryptographic.
///
/// Split at the `@`, an address on a domain seen before is hashed by its local part alone
/// (``AddressRule/plainHash(_:start:domain:)``), the domain's half kept with the domain
/// (``PlainDomain``).
func foldedAddressHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
        return csvcheck_address_hash(
            csvcheck_chunk_seed(CSVCHECK_LOCAL_SEED, 0), csvcheck_chunk_seed(CSVCHECK_DOMAIN_SEED, 0), 0)
    }
    let count = bytes.count
    let at = csvcheck_last_byte(base, count, UInt8(ascii: "@"))
    guard at >= 0 else {
        return csvcheck_address_hash(
            csvcheck_folded_chunks_hash(base, count, CSVCHECK_LOCAL_SEED), csvcheck_chunk_seed(CSVCHECK_DOMAIN_SEED, 0), 0)
    }
    return csvcheck_address_hash(
        csvcheck_folded_chunks_hash(base, at, CSVCHECK_LOCAL_SEED), foldedDomainHash(base + at + 1, count: count &- at &- 1), 1)
}

/// The half of ``foldedAddressHash(_:)`` that comes from the `count` bytes after the `@`.
@inline(__always)
func foldedDomainHash(_ start: UnsafePointer<UInt8>, count: Int) -> UInt64 {
    csvcheck_folded_chunks_hash(start, count, CSVCHECK_DOMAIN_SEED)
}
