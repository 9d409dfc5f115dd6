import CSVCore
import Testing

@testable import CSVCheck

/// The short ways of the order-free pass against the general ones they replace, on seeded
/// random inputs: the 16-byte printable test and the secret-field mask.
@Suite struct PrecomputeFastPathTests {
    /// `TextRule.isPrintableASCII` (16 bytes at a time from 16 bytes on) against a byte loop,
    /// on every length from 0 to 100 with one bad byte at every place, and on random bytes.
    @Test func printableMatchesByteLoop() {
        func reference(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7E } }
        var inputs: [[UInt8]] = []
        for length in 0...100 {
            let clean = (0..<length).map { UInt8(0x20 + ($0 * 7) % 95) }
            inputs.append(clean)
            for place in 0..<length {
                for bad: UInt8 in [0x00, 0x09, 0x1F, 0x7F, 0x80, 0xC3, 0xFF] {
                    var dirty = clean
                    dirty[place] = bad
                    inputs.append(dirty)
                }
            }
        }
        var rng = SplitMix64(seed: 71)
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 90)
            inputs.append((0..<length).map { _ in rng.next() % 50 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : UInt8(0x20 + rng.next() % 95) })
        }
        for bytes in inputs {
            bytes.withUnsafeBytes { raw in
                #expect(TextRule.isPrintableASCII(raw) == reference(bytes), "\(bytes)")
            }
        }
    }

    /// `ColumnLayout.hasSecretValue(in:)` (a mask per layout) against the layout's flags, on layouts of 1 to 80
    /// columns with secrets anywhere (beyond 64 included) and records of every field count,
    /// empty values included.
    @Test func secretMaskMatchesLayoutFlags() {
        var rng = SplitMix64(seed: 72)
        var checked = 0
        var found = 0
        for _ in 0..<3_000 {
            let columns = 1 + Int(rng.next() % 80)
            let names = (0..<columns).map { rng.next() % 9 == 0 ? "Password\($0)" : "Column\($0)" }
            let layout = ColumnLayout(columns: Array(repeating: nil, count: columns), names: names)
            let fields = 1 + Int(rng.next() % 85)
            let values = (0..<fields).map { _ in rng.next() % 3 == 0 ? "" : "v" }
            let line = Array((values.joined(separator: ",") + "\r\n").utf8)
            var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
            let check: (Record) -> Void = { record in
                let expected = layout.hasSecretValueByFlags(in: record)
                #expect(layout.hasSecretValue(in: record) == expected, "\(names) \(values)")
                checked += 1
                if expected { found += 1 }
            }
            line.withUnsafeBytes { tokenizer.feed($0, check) }
            tokenizer.finish(check)
        }
        #expect(checked > 2_900)
        #expect(found > 500)
    }
}
