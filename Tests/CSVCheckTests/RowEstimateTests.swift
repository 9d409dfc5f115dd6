@testable import CSVCheck
import Testing

/// The row estimate's line count (``FileRun/nonBlankLines(_:)``) against the byte-by-byte
/// definition: a line ended by a line feed counts when it holds a byte other than CR.
@Suite("Row estimate")
struct RowEstimateTests {
    static func reference(_ bytes: [UInt8]) -> Int {
        var lines = 0
        var content = false
        for byte in bytes {
            if byte == 0x0A {
                if content { lines += 1 }
                content = false
            } else if byte != 0x0D {
                content = true
            }
        }
        return lines
    }

    @Test(arguments: [
        ("", 0), ("\n", 0), ("\r\n", 0), ("a", 0), ("a\n", 1), ("a\r\n\r\n", 1), ("\r\r\n", 0), ("\ra\r\n", 1),
        ("a\nb", 1), ("\n\n\nx\n", 1), ("x,y\r\n,\r\n\r\n z\n", 3),
    ])
    func countsNonBlankLines(text: String, expected: Int) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { FileRun.nonBlankLines($0) } == expected)
        #expect(Self.reference(bytes) == expected)
    }

    @Test func agreesWithTheDefinitionOnRandomText() {
        var random = SplitMix64(seed: 0x5EED_0E57)
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x0D, 0x61, 0x2C, 0x20]
        for _ in 0..<500 {
            let bytes = (0..<Int(random.next() % 200)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            #expect(bytes.withUnsafeBytes { FileRun.nonBlankLines($0) } == Self.reference(bytes))
        }
    }
}
