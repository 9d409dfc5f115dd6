/// Counts how many rows set each password, for PWD007, without keeping any password.
///
/// Each slot is one 64-bit word: 56 bits of a hash of the password's exact bytes and an 8-bit
/// saturating count. A million passwords take 16 MiB. Two different passwords are counted as
/// one only if 56-bit hashes collide (about 1 in 140,000 for a million-row file); the finding
/// is a warning and never names the password either way.
struct PasswordIndex {
    private var slots: [UInt64]
    private var used = 0
    private var mask: Int

    init() {
        slots = [UInt64](repeating: 0, count: 1 << 12)
        mask = slots.count - 1
    }

    /// Counts one more row with this password; returns how many rows had it before.
    mutating func insert(_ bytes: UnsafeRawBufferPointer) -> Int {
        let hash = (PasswordDigest(bytes).value | 0x100) & ~0xFF  // never 0: 0 marks an empty slot
        var slot = Int(truncatingIfNeeded: hash >> 24) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            if stored & ~0xFF == hash {
                let count = Int(stored & 0xFF)
                if count < 0xFF { slots[slot] = stored + 1 }
                return count
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = hash | 1
        used += 1
        if used * 4 > slots.count * 3 { grow() }
        return 0
    }

    private mutating func grow() {
        let old = slots
        slots = []
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for stored in old where stored != 0 {
            var slot = Int(truncatingIfNeeded: (stored & ~0xFF) >> 24) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = stored
        }
    }
}
