import Testing

@testable import CSVCore

// Record.position(ofRawOffset:), which puts a diagnostic's line and column, counts one-line
// records 16 bytes at a time; these tests compare it with the byte-at-a-time path on seeded
// random records and on edge cases.

/// A record view over `bytes` (no fields), starting at line 5.
private func withRecord<Result>(_ bytes: [UInt8], _ body: (Record) -> Result) -> Result {
    bytes.withUnsafeBytes { raw in
        body(
            Record(
                bytes: raw, scratch: UnsafeRawBufferPointer(start: nil, count: 0),
                fields: UnsafeBufferPointer(start: nil, count: 0), fieldCount: 1, offset: 100, line: 5,
                lineCount: 1, rawLength: raw.count, terminator: .crlf, unterminatedField: nil))
    }
}

/// Whether the fast and the byte-at-a-time positions agree at every offset of `bytes`, and
/// both refuse an offset before the start or past the end.
private func agreesEverywhere(_ bytes: [UInt8]) -> Bool {
    withRecord(bytes) { record in
        for offset in -1...(bytes.count + 1) {
            let fast = record.position(ofRawOffset: offset)
            let general = record.positionByteByByte(ofRawOffset: offset)
            if fast?.line != general?.line || fast?.column != general?.column { return false }
        }
        return true
    }
}

/// A byte for a random record: mostly ASCII, with line breaks, UTF-8 lead and continuation
/// bytes, and the bytes next to them.
private func randomRecordByte(_ random: inout SplitMix64, breaks: Bool) -> UInt8 {
    switch random.next() % 12 {
    case 0 where breaks: random.next() % 2 == 0 ? 0x0A : 0x0D
    case 1: [0x80, 0x9F, 0xA9, 0xBF][Int(random.next() % 4)]
    case 2: [0xC3, 0xE2, 0xF0, 0xC0, 0xFF, 0x7F][Int(random.next() % 6)]
    case 3: [0x09, 0x0B, 0x0C, 0x0E, 0x8A, 0x8D, 0x4A, 0x4D][Int(random.next() % 8)]
    default: UInt8(0x20 + random.next() % 0x5F)
    }
}

@Test("position: the 16-byte path equals the byte-at-a-time path on random records", arguments: 0..<6)
func positionRandomRecords(_ seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &+ 0x5EED)
    for round in 0..<300 {
        let length = Int(random.next() % 120)
        // Half the records have no line break: those take the fast path to the end.
        let bytes = (0..<length).map { _ in randomRecordByte(&random, breaks: round % 2 == 0) }
        #expect(agreesEverywhere(bytes), "\(bytes)")
    }
}

@Test("position: a line break or a continuation byte at every place of records up to 40 bytes")
func positionEveryPlace() {
    for length in 0...40 {
        let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(agreesEverywhere(plain))
        for place in 0..<length {
            for byte: UInt8 in [0x0A, 0x0D, 0x80, 0xBF, 0xC3] {
                var one = plain
                one[place] = byte
                #expect(agreesEverywhere(one), "length \(length), \(byte) at \(place)")
            }
            if place + 1 < length {
                var crlf = plain
                crlf[place] = 0x0D
                crlf[place + 1] = 0x0A
                #expect(agreesEverywhere(crlf), "length \(length), CRLF at \(place)")
            }
        }
    }
}

@Test func positionCountsScalarsAndLines() {
    // "é" is two bytes, one scalar: the "x" after the first is column 3, the second "é"
    // (after 24 "x") column 27, the CR after it column 28.
    let text = Array("aéxxxxxxxxxxxxxxxxxxxxxxxxé\r\nbc".utf8)
    withRecord(text) { record in
        #expect(record.position(ofRawOffset: 3)! == (5, 3))
        #expect(record.position(ofRawOffset: 27)! == (5, 27))
        #expect(record.position(ofRawOffset: 29)! == (5, 28))
        // After CRLF: line 6, "b" column 1, "c" column 2, the end column 3.
        #expect(record.position(ofRawOffset: 31)! == (6, 1))
        #expect(record.position(ofRawOffset: 32)! == (6, 2))
        #expect(record.position(ofRawOffset: 33)! == (6, 3))
        #expect(record.position(ofRawOffset: 34) == nil)
    }
}
