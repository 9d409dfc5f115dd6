/// Decimal digits eight at a time, for ``ReservedBytes/writeDecimal(_:)``: the line, row and
/// offset numbers of a diagnostic are up to eight digits long in any file below 100 MB, and
/// writing them two digits at a time (a division, a multiplication and a copy per pair) was a
/// fifth of the JSON renderer's cost on a dirty file.
extension ReservedBytes {
    /// The eight decimal digits of `value` (below 10^8), leading zeros included, as the values
    /// 0 to 9 in the bytes of a word: the first digit in the lowest byte, so that the word
    /// stored little-endian reads in order.
    ///
    /// Lane arithmetic: the two halves of four digits in two 32-bit lanes, each split into its
    /// hundreds and the rest (four 16-bit lanes), each of those into its tens and units (eight
    /// bytes). Division by 100 is a multiplication by 10,486 / 2^20 (exact below 43,699) and by
    /// 10 one by 103 / 2^10 (exact below 179); no product leaves its lane.
    @inline(__always)
    static func eightDigits(_ value: UInt64) -> UInt64 {
        let high = value / 10_000
        let low = value &- high &* 10_000
        let fours = high | low &<< 32
        let hundreds = (fours &* 10_486) &>> 20 & 0x0000_007F_0000_007F
        let pairs = hundreds | (fours &- hundreds &* 100) &<< 16
        let tens = (pairs &* 103) &>> 10 & 0x000F_000F_000F_000F
        return tens | (pairs &- tens &* 10) &<< 8
    }

    /// Appends `value` (1 to 10^8 - 1) in decimal without leading zeros: one 8-byte store, of
    /// which the bytes past the number are left for the next write (``decimalBound`` covers
    /// them).
    @inline(__always)
    mutating func writeUpToEightDigits(_ value: UInt64) {
        let digits = Self.eightDigits(value)
        // The leading zeros are the lowest zero bytes; `value` > 0 leaves at least one digit.
        let zeroBits = digits.trailingZeroBitCount & ~7
        let text = (digits | 0x3030_3030_3030_3030) &>> UInt64(zeroBits)
        UnsafeMutableRawPointer(position).storeBytes(of: text.littleEndian, as: UInt64.self)
        position += 8 &- zeroBits &>> 3
    }

    /// Appends `value` (below 10^8) as exactly eight digits, leading zeros included.
    @inline(__always)
    mutating func writeEightDigits(_ value: UInt64) {
        let text = Self.eightDigits(value) | 0x3030_3030_3030_3030
        UnsafeMutableRawPointer(position).storeBytes(of: text.littleEndian, as: UInt64.self)
        position += 8
    }
}
