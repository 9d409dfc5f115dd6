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

    /// The same mailbox in another case or normalization form is a duplicate.
    @Test func nonASCIIDuplicatesAreFound() {
        let found = findings(staged(
            "jörg@contoso.com,Qx7#mLp2vR!a,False", "JO\u{0308}RG@contoso.com,Zr4!kWq8nT#e,False"))
        #expect(found.contains(.error("DUP001", row: 2, line: 3, column: 1)))
    }
}
