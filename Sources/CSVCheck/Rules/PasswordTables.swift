/// Byte tables for the per-byte loops, built once and never freed.
final class PasswordTables: @unchecked Sendable {
    /// Class bits of every byte: ``lowercase`` ... ``symbol`` for printable ASCII (space is a
    /// symbol), ``disallowed`` for control bytes and every byte of a non-ASCII character.
    let kinds: UnsafeMutablePointer<UInt8>
    /// ``BannedPasswords/normalize(_:)`` of every byte.
    let fold: UnsafeMutablePointer<UInt8>
    /// Both of every byte in one load: `fold | kinds << 24`. The per-byte pass stores the low
    /// byte as the normalized copy and gathers the class bits from the top byte.
    let foldAndKind: UnsafeMutablePointer<UInt32>
    /// The same for two bytes `b0 | b1 << 8` (a little-endian 2-byte load) in one load:
    /// `fold(b0) | fold(b1) << 8 | (kinds(b0) | kinds(b1)) << 24`; 65,536 entries, of which the
    /// printable pairs (what clean passwords read) take 36 KiB.
    let pairFoldAndKind: UnsafeMutablePointer<UInt32>

    static let lowercase: UInt8 = 1
    static let uppercase: UInt8 = 2
    static let digit: UInt8 = 4
    static let symbol: UInt8 = 8
    static let disallowed: UInt8 = 16

    static let shared = PasswordTables()

    /// The class sets (``lowercase`` ... ``disallowed`` bits) without ``disallowed`` and with
    /// at least three of the four classes, one bit each: `7`, `11`, `13`, `14` and `15`.
    static let threeClassSets: UInt32 = 1 << 7 | 1 << 11 | 1 << 13 | 1 << 14 | 1 << 15

    /// Whether the class bits `classes` (at most 5 bits) have no ``disallowed`` byte and three
    /// classes or more: neither PWD002 nor PWD003; one bit test.
    @inline(__always)
    static func isAllowedWithThreeClasses(_ classes: UInt8) -> Bool {
        threeClassSets &>> UInt32(classes & 0x1F) & 1 != 0
    }

    private init() {
        kinds = .allocate(capacity: 256)
        fold = .allocate(capacity: 256)
        foldAndKind = .allocate(capacity: 256)
        for value in 0..<256 {
            let byte = UInt8(value)
            let kind: UInt8
            switch byte {
            case 0x61...0x7A: kind = Self.lowercase
            case 0x41...0x5A: kind = Self.uppercase
            case 0x30...0x39: kind = Self.digit
            case 0x20...0x7E: kind = Self.symbol
            default: kind = Self.disallowed
            }
            kinds[value] = kind
            fold[value] = BannedPasswords.normalize(byte)
            foldAndKind[value] = UInt32(fold[value]) | UInt32(kind) << 24
        }
        pairFoldAndKind = .allocate(capacity: 1 << 16)
        for second in 0..<256 {
            let high = UInt32(fold[second]) << 8 | UInt32(kinds[second]) << 24
            for first in 0..<256 { pairFoldAndKind[second << 8 | first] = foldAndKind[first] | high }
        }
    }
}
