/// Counts how many rows of a file set each password, for PWD007, without keeping any password.
///
/// It keys a counting ``FingerprintTable`` by a 64-bit hash of the password's exact bytes (a
/// one-byte count in the slot, the exact count apart past 255: ``FingerprintTable/tally(_:)``),
/// so a million passwords take about 11.4 MiB. Two different passwords are counted as one only
/// if their 64-bit hashes collide (about 1 in 37 million for a million-row file); the finding
/// is a warning and never names the password either way.
struct PasswordIndex {
    private var table = FingerprintTable(counting: true)

    /// Makes room for about `rows` passwords.
    func reserve(_ rows: Int) { table.reserve(rows) }

    /// The key of a password: a 64-bit hash of its exact bytes, never 0.
    @inline(__always)
    static func key(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let hash = PasswordDigest(bytes).value
        return hash == 0 ? 1 : hash
    }

    /// The memory of the table (see ``TableMemory``).
    var tableMemory: TableMemory { table.region }

    /// Starts loading the slot of `key` into the cache.
    @inline(__always)
    func prefetch(_ key: UInt64) { table.prefetch(key) }

    /// Counts one more row with the password of `key`; returns how many rows had it before.
    @inline(__always)
    func insert(key: UInt64) -> Int {
        Int(table.tally(key))
    }
}
