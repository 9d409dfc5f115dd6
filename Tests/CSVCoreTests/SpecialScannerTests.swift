@testable import CSVCore
import Testing

/// The tokenizer's vector scan (``SpecialScanner``) against a byte-by-byte search, on seeded
/// random chunks dense in delimiters, quotes, line breaks and look-alike control bytes, from
/// every start and with limits before, at and near the chunk's end (where the scan falls back
/// to 8-byte words).
@Suite("Special-byte scanner")
struct SpecialScannerTests {
    /// The first delimiter, quote, CR or LF in `from..<limit`, or `limit`.
    static func bruteForce(_ bytes: [UInt8], from: Int, limit: Int, delimiter: UInt8) -> Int {
        var i = from
        while i < limit {
            let c = bytes[i]
            if c == delimiter || c == 0x22 || c == 0x0D || c == 0x0A { return i }
            i += 1
        }
        return limit
    }

    @Test("agrees with a byte-by-byte search", arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
    func agreesWithBruteForce(delimiter: UInt8) {
        // Look-alikes: bytes one off the special ones, other control bytes, high bytes.
        let alphabet: [UInt8] = [0x61, 0x41, 0x2C, 0x3B, 0x09, 0x22, 0x21, 0x23, 0x0D, 0x0A, 0x0B, 0x0C, 0x0E, 0x00, 0x80, 0xFF]
        var random = PythonOracleTests.SplitMix64(state: 0x5CA7_7E4B)
        for _ in 0..<300 {
            let n = Int(random.next() % 300)
            let density = Int(random.next() % 16) + 1
            let bytes = (0..<n).map { _ -> UInt8 in
                random.next() % UInt64(density) == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : 0x61
            }
            bytes.withUnsafeBufferPointer { buffer in
                guard let p = buffer.baseAddress, n > 0 else { return }
                var scanner = SpecialScanner(p, n, delimiter: delimiter)
                // A walk like the tokenizer's: from one hit to just after it, limits varying.
                var j = 0
                while j < n {
                    let limit = random.next() % 4 == 0 ? min(n, j + Int(random.next() % 80)) : n
                    let expected = Self.bruteForce(bytes, from: j, limit: limit, delimiter: delimiter)
                    #expect(scanner.next(from: j, limit: limit) == expected, "n \(n) from \(j) limit \(limit)")
                    j = expected + 1
                }
                // Fresh scanners from arbitrary starts, including backwards jumps.
                for _ in 0..<20 {
                    let from = Int(random.next() % UInt64(n))
                    let limit = from + Int(random.next() % UInt64(n - from + 1))
                    var fresh = SpecialScanner(p, n, delimiter: delimiter)
                    #expect(
                        fresh.next(from: from, limit: limit)
                            == Self.bruteForce(bytes, from: from, limit: limit, delimiter: delimiter))
                    let back = Int(random.next() % UInt64(from + 1))
                    #expect(
                        fresh.next(from: back, limit: n) == Self.bruteForce(bytes, from: back, limit: n, delimiter: delimiter))
                }
            }
        }
    }
}
