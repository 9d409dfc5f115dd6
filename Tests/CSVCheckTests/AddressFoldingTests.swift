@testable import CSVCheck
import Testing

// Duplicate addresses are found by a hash of the trimmed, NFC, lower-cased address. The
// non-ASCII path folds scalar by scalar; Swift's own String.lowercased() is the oracle.

@Suite("Address folding")
struct AddressFoldingTests {
    @Test(arguments: [
        "JÖRG@contoso.com", "jo\u{0308}rg@CONTOSO.com", "STRASSE.ẞ@x.de", "İSTANBUL@x.com.tr", "ΣΟΦΊΑ@x.gr",
        "Ａ＠ｂ.com", "åsa.BRONTË@contoso.com", "ǅ@x.com", "ﬁ@x.com", "😀Z@x.com",
    ])
    func foldsLikeStringLowercased(_ address: String) {
        let bytes = Array(address.utf8)
        let folded = bytes.withUnsafeBytes { AddressRule.lowercasedNFC($0) }
        let nfc = bytes.withUnsafeBytes { String(decoding: NFC.normalize($0), as: UTF8.self) }
        #expect(String(decoding: folded, as: UTF8.self) == nfc.lowercased())
    }

    /// Every printable ASCII byte before every scalar U+0300-U+037F, alone and followed by
    /// ASCII, by a second mark and by a precomposed letter: where the fast path answers
    /// (``AddressRule/lowercasedBelowCombiningMarks(_:into:)``), it gives what ICU's NFC and the
    /// scalar-by-scalar lower-casing give (``AddressRule/lowercasedNFCGeneral(_:)``), and it
    /// answers for every pair of ``LatinComposition``.
    @Test func composedMarksFoldAsICUFoldsThem() {
        var answered = 0
        for base in UInt8(0x20)...0x7E {
            for mark in UInt32(0x300)...0x37F {
                let scalar = String(Unicode.Scalar(mark)!)
                let head = String(Unicode.Scalar(base))
                // The last two put the letter at the end of an 8-byte word of ASCII, which the
                // fast path lower-cases in one step.
                let values = [
                    "x\(head)\(scalar)@contoso.com", "\(head)\(scalar)", "\(head)\(scalar)\u{0301}y", "\(head)\(scalar)é",
                    "aBcDeFg\(head)\(scalar)", "Anna.Q-ZZZ@ab.c\(head)\(scalar)XYZ.example.COM",
                ]
                for (context, value) in values.enumerated() {
                    let bytes = Array(value.utf8)
                    let general = bytes.withUnsafeBytes { AddressRule.lowercasedNFCGeneral($0) }
                    let fast = bytes.withUnsafeBytes { raw in
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * raw.count) { out in
                            AddressRule.lowercasedBelowCombiningMarks(raw, into: out.baseAddress!).map {
                                Array(UnsafeBufferPointer(start: out.baseAddress!, count: $0))
                            }
                        }
                    }
                    if let fast {
                        answered += 1
                        #expect(fast == general, "\(value.unicodeScalars.map { String($0.value, radix: 16) })")
                    }
                    let composes = LatinComposition.composite(base, mark) != nil
                    if composes, context != 2 {
                        #expect(fast != nil, "the fast path declined \(value.debugDescription)")
                    }
                    let hash = bytes.withUnsafeBytes { AddressRule.nonASCIIHash($0) }
                    #expect(hash == general.withUnsafeBytes { foldedAddressHash($0) })
                }
            }
        }
        #expect(answered == 5 * 222, "five contexts of each of the 222 pairs answer; the one with a second mark does not")
    }

    /// The word-at-a-time lower-casing against a byte's own, for every ASCII byte in every lane,
    /// beside neighbours at both ends of the range (`@`, `A`, `Z`, `[`, DEL).
    @Test func asciiWordsLowercaseAsBytesDo() {
        for byte in UInt8(0)...0x7F {
            for lane in 0..<8 {
                for neighbour: UInt8 in [0x40, 0x41, 0x5A, 0x5B, 0x7F] {
                    var bytes = [UInt8](repeating: neighbour, count: 8)
                    bytes[lane] = byte
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian }
                    let lowered = withUnsafeBytes(of: AddressRule.lowercasedASCII(word).littleEndian) { Array($0) }
                    #expect(lowered == bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
                }
            }
        }
    }

    /// The same mailbox in another case or normalization form is a duplicate.
    @Test func nonASCIIDuplicatesAreFound() {
        let found = findings(staged(
            "jörg@contoso.com,Qx7#mLp2vR!a,False", "JO\u{0308}RG@contoso.com,Zr4!kWq8nT#e,False"))
        #expect(found.contains(.error("DUP001", row: 2, line: 3, column: 1)))
    }
}
