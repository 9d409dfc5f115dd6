import Foundation
import Testing

@testable import CSVCheck

/// Builds a string from scalars, so that no editor or compiler can normalize the input.
private func string(_ scalars: [UInt32]) -> String {
    var text = ""
    text.unicodeScalars.append(contentsOf: scalars.map { Unicode.Scalar($0)! })
    return text
}

private func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

struct NFCNormalizationCase: Sendable, CustomTestStringConvertible {
    let label: String
    let input: [UInt32]
    let isNFC: Bool
    let nfc: [UInt32]
    var location: Testing.SourceLocation = #_sourceLocation
    var testDescription: String { label }
}

@Suite("NFC")
struct NormalizationTests {
    @Test(arguments: [
        NFCNormalizationCase(label: "e + U+0301", input: [0x65, 0x301], isNFC: false, nfc: [0xE9]),
        NFCNormalizationCase(label: "precomposed é", input: scalars("José"), isNFC: true, nfc: scalars("José")),
        NFCNormalizationCase(
            label: "ASCII", input: scalars("EmailAddress,ana@contoso.com"), isNFC: true,
            nfc: scalars("EmailAddress,ana@contoso.com")),
        NFCNormalizationCase(label: "empty", input: [], isNFC: true, nfc: []),
        NFCNormalizationCase(label: "A + ring above", input: [0x41, 0x30A], isNFC: false, nfc: [0xC5]),
        NFCNormalizationCase(label: "Angstrom sign (singleton)", input: [0x212B], isNFC: false, nfc: [0xC5]),
        NFCNormalizationCase(label: "Hangul jamo", input: [0x1100, 0x1161], isNFC: false, nfc: [0xAC00]),
        NFCNormalizationCase(
            label: "Japanese (NFC, past the fast path)", input: [0x65E5, 0x672C], isNFC: true,
            nfc: [0x65E5, 0x672C]),
        NFCNormalizationCase(
            label: "marks out of canonical order", input: [0x61, 0x301, 0x328], isNFC: false,
            nfc: [0x105, 0x301]),
        NFCNormalizationCase(
            label: "Latin Extended (fast path)", input: scalars("Łukasz"), isNFC: true, nfc: scalars("Łukasz")),
        NFCNormalizationCase(
            label: "decomposed in a longer value", input: scalars("Rene") + [0x301, 0x20, 0x1F600],
            isNFC: false, nfc: scalars("Ren") + [0xE9, 0x20, 0x1F600]),
    ])
    func nfc(_ c: NFCNormalizationCase) {
        let input = Array(string(c.input).utf8)
        let expected = Array(string(c.nfc).utf8)
        #expect(input.withUnsafeBytes { NFC.isNormalized($0) } == c.isNFC, sourceLocation: c.location)
        let normalized = input.withUnsafeBytes { NFC.normalize($0) }
        #expect(normalized == expected, sourceLocation: c.location)
        // Oracles: Swift's String equality is canonical equivalence; Foundation has its own ICU.
        #expect(String(decoding: normalized, as: UTF8.self) == string(c.input), sourceLocation: c.location)
        #expect(
            Array(string(c.input).precomposedStringWithCanonicalMapping.utf8) == normalized,
            sourceLocation: c.location)
        #expect(normalized.withUnsafeBytes { NFC.isNormalized($0) }, sourceLocation: c.location)
    }

    @Test func fastPathCoversTextBelowCombiningMarks() {
        let latin = Array("Łukasz Müller-Øvergård".utf8)
        #expect(latin.withUnsafeBytes { NFC.isTriviallyNormalized($0) })
        let decomposed = Array(string([0x65, 0x301]).utf8)
        #expect(!decomposed.withUnsafeBytes { NFC.isTriviallyNormalized($0) })
    }

    /// The answer without ICU for a letter and a mark that compose (an NFD address) against
    /// ICU's own, for every printable ASCII byte and every mark U+0300-U+036F, alone and between
    /// other text (a precomposed letter, a second mark, a letter that follows).
    @Test(arguments: [("", ""), ("x", ""), ("é", "y"), ("", "\u{327}"), ("\u{301}", ""), ("ß", "\u{300}b")])
    func composingPairsAgreeWithICU(prefix: String, suffix: String) {
        var checked = 0
        for byte in UInt8(0x21)...UInt8(0x7E) {
            for mark in UInt32(0x300)...UInt32(0x36F) {
                let text = Array((prefix + String(UnicodeScalar(byte)) + string([mark]) + suffix).utf8)
                let icu = text.withUnsafeBytes { bytes in NFC.withUTF16(bytes) { ICUNormalizer.isNormalized($0) } }
                #expect(icu != nil)
                let ours = text.withUnsafeBytes { NFC.isNormalized($0) }
                #expect(ours == icu, "\(text)")
                if text.withUnsafeBytes({ NFC.hasComposingLatinPair($0) }) {
                    checked += 1
                    #expect(icu == false, "\(text)")
                }
            }
        }
        // Every composition of LatinComposition was met (some pairs more than once).
        #expect(checked >= 222)
    }
}

/// The stack decoders against Swift's own UTF-8 decoding, on seeded random byte strings that
/// mix ASCII, 2-, 3- and 4-byte scalars, combining marks and ill-formed sequences (stray
/// continuation bytes, overlong and truncated forms, surrogates).
@Suite("UTF-8 decoding fast paths")
struct UTF8DecodingFastPathTests {
    static let pieces: [[UInt8]] = [
        [0x41], [0x7A], [0xC3, 0xA9], [0x65, 0xCC, 0x81], [0xE2, 0x80, 0x8B], [0xEF, 0xBB, 0xBF], [0xF0, 0x9F, 0x98, 0x80],
        [0xC2, 0x85], [0xCC, 0x88], [0x80], [0xBF], [0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xE2, 0x82], [0xF0, 0x9F], [0xFF], [0xC3],
    ]

    static func randomBytes(_ random: inout SplitMix64) -> [UInt8] {
        let count = Int(random.next() % 40)
        return (0..<count).flatMap { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
    }

    @Test func utf16MatchesTheTranscoder() {
        var random = SplitMix64(seed: 0x0DEC_0DE5)
        for _ in 0..<3_000 {
            let bytes = Self.randomBytes(&random)
            bytes.withUnsafeBytes { raw in
                let fast = NFC.withUTF16(raw) { Array($0) }
                #expect(fast == NFC.utf16Units(raw), "\(bytes)")
            }
        }
    }

    @Test func scalarsMatchStringDecoding() {
        var random = SplitMix64(seed: 0x5CA1_A125)
        for _ in 0..<3_000 {
            let bytes = Self.randomBytes(&random)
            bytes.withUnsafeBytes { raw in
                var decoded: [UInt32] = []
                var i = 0
                while i < raw.count {
                    let (value, length) = UTF8Validation.scalar(in: raw, at: i)
                    decoded.append(value)
                    i += length
                }
                #expect(decoded == String(decoding: raw, as: UTF8.self).unicodeScalars.map(\.value), "\(bytes)")
            }
        }
    }

    /// The original code units of decoded text (for UTF-16 and single-byte files' offsets),
    /// counted 8 bytes at a time, against a byte-by-byte count.
    @Test(arguments: [false, true])
    func offsetUnitsMatchAByteCount(pairs: Bool) {
        var random = SplitMix64(seed: pairs ? 0x0FF5_E7A1 : 0x0FF5_E7A0)
        for _ in 0..<3_000 {
            let bytes = Self.randomBytes(&random)
            var expected = 0
            for byte in bytes {
                if byte & 0xC0 != 0x80 { expected += 1 }
                if pairs, byte >= 0xF0 { expected += 1 }
            }
            bytes.withUnsafeBytes { raw in #expect(OffsetMapper.units(raw, pairs: pairs) == expected, "\(bytes)") }
        }
    }
}
