/// Byte tables for the per-byte loops, built once and never freed.
final class PasswordTables: @unchecked Sendable {
    /// Class bits of every byte: ``lowercase`` ... ``symbol`` for printable ASCII (space is a
    /// symbol), ``disallowed`` for control bytes and every byte of a non-ASCII character.
    let kinds: UnsafeMutablePointer<UInt8>
    /// ``BannedPasswords/normalize(_:)`` of every byte.
    let fold: UnsafeMutablePointer<UInt8>
    /// Both of every byte in one load: `fold | kinds << 8`.
    let foldAndKind: UnsafeMutablePointer<UInt16>

    static let lowercase: UInt8 = 1
    static let uppercase: UInt8 = 2
    static let digit: UInt8 = 4
    static let symbol: UInt8 = 8
    static let disallowed: UInt8 = 16

    static let shared = PasswordTables()

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
            foldAndKind[value] = UInt16(fold[value]) | UInt16(kind) << 8
        }
    }
}
