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
                let values = ["x\(head)\(scalar)@contoso.com", "\(head)\(scalar)", "\(head)\(scalar)\u{0301}y", "\(head)\(scalar)é"]
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
        #expect(answered == 3 * 222, "three contexts of each of the 222 pairs answer; the one with a second mark does not")
    }

    /// The same mailbox in another case or normalization form is a duplicate.
    @Test func nonASCIIDuplicatesAreFound() {
        let found = findings(staged(
            "jörg@contoso.com,Qx7#mLp2vR!a,False", "JO\u{0308}RG@contoso.com,Zr4!kWq8nT#e,False"))
        #expect(found.contains(.error("DUP001", row: 2, line: 3, column: 1)))
    }
}
