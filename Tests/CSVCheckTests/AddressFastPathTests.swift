import Testing

@testable import CSVCheck

/// The fast paths of the address rules against their general paths, on seeded random addresses
/// (ASCII and not, upper case, dots, quotes, `@` signs, IDN labels, ill-formed UTF-8) and on
/// edge cases.
@Suite struct AddressFastPathTests {
    /// Pieces that random addresses are made of: the common shapes and the awkward ones.
    static let pieces: [[UInt8]] = [
        "a", "Z", "victoria", "GRIFFIN", "3901", ".", ".", "-", "_", "+", "@", "@", "contoso", "com", "co.uk",
        "xn--", "\"", "'", " ", "\t", "<", ">", "mailto:", "[", "]", "é", "É", "ö", "Ö", "ß", "ẞ", "×", "÷", "ÿ",
        "İ", "ı", "Ÿ", "Ǆ", "ǅ", "Ⱥ", "Ω", "Σ", "ς", "e\u{301}", "o\u{308}", "\u{301}", "\u{308}", "Å", "ñ", "Ñ",
        "я", "Я", "😀", "ﬁ", "Ａ", "µ", "ª", "\u{200B}", "\u{AD}", "\u{7F}",
    ].map { Array($0.utf8) } + [[0xC3], [0x80], [0xBF], [0xC2, 0x41], [0xE2, 0x82], [0xFF], [0xC0, 0xAF], [0xCB], [0x00]]

    /// A seeded random address: mostly plausible, often broken.
    static func randomAddress(_ rng: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        let count = Int(rng.next() % 14)
        for _ in 0..<count { bytes += pieces[Int(rng.next() % UInt64(pieces.count))] }
        if rng.next() % 3 == 0 { bytes += Array("@contoso.com".utf8) }
        if rng.next() % 5 == 0 { bytes += Array(repeating: UInt8(ascii: "x"), count: Int(rng.next() % 70)) }
        return bytes
    }

    /// The hash as its tail was computed before the one-word read: byte by byte.
    static func byteLoopFoldedHash(_ bytes: [UInt8]) -> UInt64 {
        var h = 0x9E37_79B9_7F4A_7C15 ^ (UInt64(bytes.count) &* 0xFF51_AFD7_ED55_8CCD)
        var i = 0
        while i + 8 <= bytes.count {
            var word: UInt64 = 0
            for k in 0..<8 { word |= UInt64(Self.lowercased(bytes[i + k])) << UInt64(8 * k) }
            h = (h ^ word) &* 0x9FB2_1C65_1E98_DF25
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(Self.lowercased(bytes[i])) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x9FB2_1C65_1E98_DF25
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }

    static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// `foldedHash` (whole words, then one word for the tail) and `foldedHashIfASCII` against
    /// the byte loop, on every length from 0 to 80 and on random bytes.
    @Test func foldedHashMatchesByteLoop() {
        var rng = SplitMix64(seed: 21)
        var inputs: [[UInt8]] = (0...80).map { Array(repeating: UInt8(ascii: "Q"), count: $0) }
        for _ in 0..<20_000 {
            if rng.next() % 2 == 0 {
                inputs.append(Self.randomAddress(&rng))
            } else {
                inputs.append((0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            }
        }
        for bytes in inputs {
            let expected = Self.byteLoopFoldedHash(bytes)
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            bytes.withUnsafeBytes { raw in
                #expect(foldedHash(raw) == expected, "\(bytes)")
                #expect(foldedHashIfASCII(raw) == (ascii ? expected : nil), "\(bytes)")
            }
        }
    }
}
