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
}
