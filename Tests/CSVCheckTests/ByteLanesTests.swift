import Testing

@testable import CSVCheck

/// `ByteLanes.firstNonASCII(in:)` and `ByteLanes.lastIndex(of:in:)`, word at a time, against a
/// byte-by-byte search: every length to 24 (whole words and tails), the byte at every position
/// (and a second one after it), and every byte value from 0x7F to 0xFF.
@Suite struct ByteLanesTests {
    @Test(arguments: 0...24)
    func firstNonASCIIMatchesAByteSearch(length: Int) {
        for position in 0...length {
            for high: UInt8 in [0x80, 0x9F, 0xC3, 0xFF] {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                if position < length { bytes[position] = high }
                if position + 3 < length { bytes[position + 3] = 0xE9 }
                let expected = bytes.firstIndex { $0 >= 0x80 }
                let actual = bytes.withUnsafeBytes { ByteLanes.firstNonASCII(in: $0) }
                #expect(actual == expected, "length \(length), byte \(high) at \(position)")
            }
        }
        // ASCII's last byte, 0x7F, is not a match.
        let del = Array(repeating: UInt8(0x7F), count: length)
        #expect(del.withUnsafeBytes { ByteLanes.firstNonASCII(in: $0) } == nil)
    }

    @Test(arguments: 0...24)
    func lastAtSignMatchesAByteSearch(length: Int) {
        for position in 0...length {
            var bytes = Array(repeating: UInt8(ascii: "x"), count: length)
            if position < length { bytes[position] = UInt8(ascii: "@") }
            if position >= 3 { bytes[position - 3] = UInt8(ascii: "@") }
            let expected = bytes.lastIndex(of: UInt8(ascii: "@")) ?? -1
            #expect(bytes.withUnsafeBytes { ByteLanes.lastIndex(of: UInt8(ascii: "@"), in: $0) } == expected)
        }
    }
}
