/// A 64-bit digest of the exact bytes of a password, so that PWD007 can count shared passwords
/// without keeping them.
///
/// The hash is non-cryptographic and written here: the length seeds the state. A value of 8 to
/// 24 bytes (the common lengths) is read as its first word, its second one past 16 bytes, and
/// the word that ends it (8-byte little-endian loads, overlapping for the lengths between): the
/// state takes the first word and each next one as `state * odd ^ word`, and a final
/// multiply-xorshift spreads every bit into the high bits (the table indexes by them). For a
/// given length the words determine the value, and each step is a bijection of either its
/// state or its word, so two values of the same length collide only by a chance of about
/// 2^-64. Other lengths take one multiply-xorshift round per 8-byte word, the last one
/// zero-padded. For a million distinct passwords the chance of any collision is about 3 in 100
/// million. A digest is still derived from a secret: never print, log or store it.
struct PasswordDigest: Hashable, Sendable {
    /// The 64-bit value.
    let value: UInt64

    /// The odd multiplier of each step of the common lengths.
    static let step: UInt64 = 0xBF58_476D_1CE4_E5B9

    /// The digest of `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: The exact bytes of the password.
    ///   - seed: Mixed into the state; a per-run random seed keeps digests from being comparable
    ///     across runs.
    /// - Complexity: O(*n*); no allocation.
    @inline(__always)
    init(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) {
        let count = bytes.count
        var h = seed ^ 0x243F_6A88_85A3_08D3 ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
        if count >= 8 && count <= 24 {
            h ^= UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
            if count > 16 {
                h = h &* Self.step ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            }
            h = h &* Self.step ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
            h &*= 0x94D0_49BB_1331_11EB
            h ^= h >> 32
        } else {
            h = Self.rounds(bytes, h)
        }
        value = h
    }

    /// The rounds of the digest of `bytes` from the state `h`: one per 8-byte word, the last
    /// one zero-padded.
    private static func rounds(_ bytes: UnsafeRawBufferPointer, _ h: UInt64) -> UInt64 {
        let count = bytes.count
        var h = h
        var i = 0
        while i &+ 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = Self.round(h ^ word)
            i &+= 8
        }
        let rest = count &- i
        if rest > 0 {
            // The last 1-7 bytes, zero-padded, without a byte loop: from the word that ends the
            // value (shifted past the bytes already taken), or for a short value from
            // overlapping loads that set the same bytes twice.
            let word: UInt64
            if count >= 8 {
                word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
                    &>> UInt64(64 - 8 * rest)
            } else if rest >= 4 {
                let head = UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
                let tail = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: rest - 4, as: UInt32.self)))
                word = head | tail &<< UInt64(8 * (rest - 4))
            } else {
                word = UInt64(bytes[0]) | UInt64(bytes[rest / 2]) &<< UInt64(8 * (rest / 2))
                    | UInt64(bytes[rest - 1]) &<< UInt64(8 * (rest - 1))
            }
            h = Self.round(h ^ word)
        }
        return h
    }

    @inline(__always)
    private static func round(_ x: UInt64) -> UInt64 {
        var x = x &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        x &*= 0x94D0_49BB_1331_11EB
        return x ^ (x >> 32)
    }
}
