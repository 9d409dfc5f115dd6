import Testing

@testable import CSVCheck

// The eight-digits-at-a-time decimal path (DecimalDigits.swift) and the 2-test JSON escape
// lane test, compared with their general paths: two digits at a time, and one byte at a time.

/// The bytes `body` writes through a reservation of `maxCount` bytes.
private func written(_ maxCount: Int, _ body: (inout ReservedBytes) -> Void) -> [UInt8] {
    var out = OutputSink.memory()
    out.writeReserved(atMost: maxCount, body)
    return out.bytes
}

/// Every digit count's edges (10^k - 1, 10^k, 10^k + 1), both signs, the extremes, and seeded
/// random values of every magnitude.
private func decimalCases(seed: UInt64) -> [Int] {
    var values = [0, 1, 9, 10, 42, 99, Int.max, Int.min, Int.min + 1, Int.max - 1]
    var power = 1
    for _ in 0..<18 {
        power *= 10
        values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
    }
    var random = SplitMix64(seed: seed)
    for _ in 0..<5000 {
        let value = Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64)
        values.append(value)
    }
    return values
}

@Test("decimal: eight digits at a time equals two at a time", arguments: 0..<4)
func decimalEightDigitsEqualsPairs(_ seed: Int) {
    for value in decimalCases(seed: UInt64(seed) &+ 31) {
        let fast = written(ReservedBytes.decimalBound) { $0.writeDecimal(value) }
        let general = written(ReservedBytes.decimalBound) { $0.writeDecimalByPairs(value) }
        #expect(fast == general, "\(value)")
        #expect(String(decoding: general, as: UTF8.self) == String(value))
    }
}

@Test("decimal: the eight-digit lanes of every value around each power of ten and of random values")
func decimalEightDigitLanes() {
    var values: [UInt64] = [0, 99_999_999]
    var power: UInt64 = 1
    for _ in 0..<8 {
        values += [power - 1, power, power + 1, 43_698 % power, 9_999 * power % 100_000_000]
        power *= 10
    }
    var random = SplitMix64(seed: 5)
    for _ in 0..<20_000 { values.append(random.next() % 100_000_000) }
    for value in values {
        let digits = ReservedBytes.eightDigits(value)
        let text = withUnsafeBytes(of: (digits | 0x3030_3030_3030_3030).littleEndian) { Array($0) }
        let padded = String(repeating: "0", count: 8 - String(value).count) + String(value)
        #expect(String(decoding: text, as: UTF8.self) == padded, "\(value)")
    }
}

@Test("decimal: consecutive numbers in one reservation, as a diagnostic writes them")
func decimalsBackToBack() {
    let values = [7, 12, 123_456, 99_999_999, 100_000_000, 1, 0, -5, 10_000_000_000_000_000, 80]
    let bound = values.count * (ReservedBytes.decimalBound + 1)
    let fast = written(bound) { w in
        for value in values {
            w.writeDecimal(value)
            w.write(byte: UInt8(ascii: ","))
        }
    }
    #expect(String(decoding: fast, as: UTF8.self) == values.map { "\($0)," }.joined())
}

@Test("JSON escape: the word lane test flags exactly the bytes to escape, in every lane")
func jsonWordLaneTest() {
    for byte in 0...255 {
        let special = ReservedBytes.isSpecial(UInt8(byte))
        for lane in 0..<8 {
            // Neighbours that need no escape, then the byte under test in one lane.
            var word: UInt64 = 0x6161_6161_6161_6161
            word &= ~(0xFF << UInt64(lane * 8))
            word |= UInt64(byte) << UInt64(lane * 8)
            #expect(ReservedBytes.hasSpecial(word) == special, "byte \(byte) in lane \(lane)")
        }
    }
}
