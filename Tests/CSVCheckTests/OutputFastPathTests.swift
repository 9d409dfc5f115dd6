import Foundation
import Testing

@testable import CSVCheck

// The renderers' fast writes (ReservedBytes: 16 bytes at a time for JSON text, two digits at a
// time for numbers) compared with their general paths on seeded random inputs and edge cases.

/// The bytes `body` writes into a memory sink through a reservation of `maxCount` bytes.
private func reserved(_ maxCount: Int, _ body: (inout ReservedBytes) -> Void) -> [UInt8] {
    var out = OutputSink.memory()
    out.writeReserved(atMost: maxCount, body)
    return out.bytes
}

/// The JSON escape of `bytes`, fast path and byte-at-a-time path.
private func escapedBothWays(_ bytes: [UInt8]) -> (fast: [UInt8], general: [UInt8]) {
    bytes.withUnsafeBufferPointer { utf8 in
        let bound = ReservedBytes.jsonBound(utf8.count)
        return (
            reserved(bound) { $0.writeJSONEscaped(utf8) },
            reserved(bound) { $0.writeJSONEscapedByteByByte(utf8) }
        )
    }
}

/// A byte for random text: mostly printable ASCII, with every kind of byte that is escaped or
/// sits at a lane-test boundary (0x1F, 0x20, 0x7F, 0x80, 0xA0, 0xFF) mixed in.
private func randomByte(_ random: inout SplitMix64) -> UInt8 {
    switch random.next() % 10 {
    case 0: [0x00, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1B, 0x1F][Int(random.next() % 8)]
    case 1: [UInt8(ascii: "\""), UInt8(ascii: "\\")][Int(random.next() % 2)]
    case 2: [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA0, 0xA2, 0xDC, 0xFF][Int(random.next() % 11)]
    case 3: UInt8(truncatingIfNeeded: random.next())
    default: UInt8(0x20 + random.next() % 0x5F)
    }
}

@Test("JSON escape: the 16-byte path equals the byte-at-a-time path on random text", arguments: 0..<8)
func jsonEscapeRandom(_ seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 11)
    for _ in 0..<400 {
        // Lengths around the 8- and 16-byte steps are the interesting ones; escapes are rare in
        // some texts and dense in others.
        let length = Int(random.next() % 80)
        let dense = random.next() % 2 == 0
        let bytes = (0..<length).map { _ -> UInt8 in
            dense ? randomByte(&random) : (random.next() % 25 == 0 ? randomByte(&random) : UInt8(0x61 + random.next() % 26))
        }
        let (fast, general) = escapedBothWays(bytes)
        #expect(fast == general, "\(bytes)")
    }
}

@Test("JSON escape: one or two escaped bytes at every position of texts up to 48 bytes")
func jsonEscapeEveryPosition() {
    for length in 0...48 {
        let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(escapedBothWays(plain).fast == plain)
        for position in 0..<length {
            for special: UInt8 in [0x00, 0x0A, 0x1F, UInt8(ascii: "\""), UInt8(ascii: "\\")] {
                var one = plain
                one[position] = special
                let (fast, general) = escapedBothWays(one)
                #expect(fast == general, "length \(length), \(special) at \(position)")
                var two = one
                two[length - 1 - position] = UInt8(ascii: "\\")
                let both = escapedBothWays(two)
                #expect(both.fast == both.general, "length \(length), \(special) at \(position) and end")
            }
        }
    }
}

@Test("JSON escape: the general path writes RFC 8259 escapes")
func jsonEscapeGeneralPath() {
    let bytes: [UInt8] = [0x00, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x22, 0x5C, 0x41, 0x7F, 0xC3, 0xA9]
    let (fast, general) = escapedBothWays(bytes)
    #expect(String(decoding: general, as: UTF8.self) == #"\u0000\b\t\n\f\r\u001f\"\\A"# + "\u{7F}é")
    #expect(fast == general)
}

@Test("JSON strings through the sink parse back to the original", arguments: 0..<4)
func jsonStringRoundTrip(_ seed: Int) throws {
    var random = SplitMix64(seed: UInt64(seed) &+ 101)
    let pieces = ["a", "é", "日本", "🙂", "\"", "\\", "\n", "\u{1}", "\u{7F}", " ", "0123456789abcdef"]
    var strings: [String] = []
    for _ in 0..<200 {
        let count = Int(random.next() % 30)
        strings.append((0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
    }
    var out = OutputSink.memory()
    out.write("[")
    for (index, string) in strings.enumerated() {
        if index > 0 { out.write(",") }
        out.writeJSONString(string)
    }
    out.write("]")
    let parsed = try JSONSerialization.jsonObject(with: Data(out.bytes)) as? [String]
    #expect(parsed == strings)
}

@Test("decimal: two digits at a time equals the standard library's text")
func decimalFastPath() {
    var values: [Int] = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 9999, 10_000, 99_999, 100_000, Int.max, Int.min, Int.min + 1]
    var power = 1
    for _ in 0..<18 {
        power *= 10
        values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
    }
    var random = SplitMix64(seed: 7)
    for _ in 0..<2000 {
        let value = Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64)
        values.append(value)
    }
    for value in values {
        let written = reserved(ReservedBytes.decimalBound) { $0.writeDecimal(value) }
        #expect(String(decoding: written, as: UTF8.self) == String(value))
        var out = OutputSink.memory()
        out.writeDecimal(value)
        #expect(out.string == String(value))
    }
}

@Test func reservedWritesFlushLikeSmallWrites() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("reserved-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }

    let diagnostic = Diagnostic(
        code: .malformedAddress, severity: .error, message: "'a\"b' is not an email address: it has no '@'",
        help: "use the on-premises primary SMTP address", location: CSVCheck.SourceLocation(offset: 211, line: 7, column: 1, row: 6, field: "EmailAddress"))
    var renderer = JSONRenderer()
    var out = OutputSink(fileDescriptor: handle.fileDescriptor)
    var expected = OutputSink.memory()
    var reference = JSONRenderer()
    let file = FileReport(path: "a.csv")
    renderer.beginRun(&out)
    renderer.beginFile(file, &out)
    reference.beginRun(&expected)
    reference.beginFile(file, &expected)
    for _ in 0..<2000 {
        renderer.diagnostic(diagnostic, in: file, &out)
        reference.diagnostic(diagnostic, in: file, &expected)
        // Nothing accumulates past the threshold plus one diagnostic.
        #expect(out.bytes.count <= OutputSink.flushThreshold + 512)
    }
    try out.finish()
    #expect(try Data(contentsOf: url) == Data(expected.bytes))
}
