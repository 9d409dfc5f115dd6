// Boolean values (ForceChangePassword) as Exchange reads them, and the fixes suggested by
// BOOL001 for the spellings that spreadsheets and people use instead.

/// A boolean column value, read as .NET `bool.TryParse` reads it.
enum BooleanValue {
    /// Parses a value as .NET `bool.TryParse` does: `True` or `False` in any ASCII case, with
    /// any leading and trailing white space (as .NET `char.IsWhiteSpace`) and NUL characters.
    ///
    /// - Parameter value: The UTF-8 bytes of the value.
    /// - Returns: The boolean, or `nil` when the value is neither.
    /// - Complexity: O(*n*); no allocation.
    @inline(__always)
    static func parse(_ value: UnsafeRawBufferPointer) -> Bool? {
        // The common case, `True` or `False` in any case and nothing around it, in one or two
        // loads: setting bit 0x20 lowercases a letter, and only that letter's uppercase form
        // lowercases to it. Anything else takes the general path.
        let count = value.count
        if count == 4 || count == 5 {
            let head = value.loadUnaligned(as: UInt32.self).littleEndian | 0x2020_2020
            if count == 4 {
                if head == 0x6575_7274 { return true }  // "true"
            } else if head == 0x736C_6166 && value[4] | 0x20 == UInt8(ascii: "e") {  // "fals", "e"
                return false
            }
        }
        return parseTrimmed(value)
    }

    /// ``parse(_:)`` for values that are not exactly `True` or `False`: trimmed, then compared.
    @inline(never)
    private static func parseTrimmed(_ value: UnsafeRawBufferPointer) -> Bool? {
        let range = trimmedRange(value)
        switch range.count {
        case 4: return matches(value, range, "true") ? true : nil
        case 5: return matches(value, range, "false") ? false : nil
        default: return nil
        }
    }

    /// Whether the value starts or ends with white space or a NUL character, which
    /// ``parse(_:)`` accepts but the canonical form drops.
    static func hasSurroundingWhitespace(_ value: UnsafeRawBufferPointer) -> Bool {
        trimmedRange(value).count != value.count
    }

    /// The fix for a value that is not a boolean but means one, for BOOL001's help.
    ///
    /// Recognized (case-insensitively, after trimming): the TRUE and FALSE of Dutch (`WAAR`,
    /// `ONWAAR`), German (`WAHR`, `FALSCH`), French (`VRAI`, `FAUX`), Spanish (`VERDADERO`,
    /// `FALSO`), Italian (`VERO`) and Portuguese (`VERDADEIRO`) Excel; `yes`/`no`, `y`/`n`,
    /// `1`/`0`, `-1` (TRUE in VBA and Access), `on`/`off`, `t`/`f`, and `ja`, `nee`, `nein`,
    /// `oui`, `non`.
    ///
    /// - Returns: e.g. `write True (WAAR is Dutch Excel's TRUE)`, or `nil` when the value means
    ///   nothing recognizable (or already parses).
    static func suggestion(for value: UnsafeRawBufferPointer) -> String? {
        let range = trimmedRange(value)
        guard range.count <= 10 else { return nil }
        for entry in spellings where matches(value, range, entry.word) {
            return "write \(entry.value ? "True" : "False") (\(entry.reason))"
        }
        return nil
    }

    /// A spelling that means a boolean, with the explanation shown in the fix.
    private struct Spelling: Sendable {
        /// The spelling, lowercase ASCII.
        var word: StaticString
        var value: Bool
        var reason: String
    }

    private static let spellings: [Spelling] = [
        Spelling(word: "waar", value: true, reason: "WAAR is Dutch Excel's TRUE"),
        Spelling(word: "onwaar", value: false, reason: "ONWAAR is Dutch Excel's FALSE"),
        Spelling(word: "wahr", value: true, reason: "WAHR is German Excel's TRUE"),
        Spelling(word: "falsch", value: false, reason: "FALSCH is German Excel's FALSE"),
        Spelling(word: "vrai", value: true, reason: "VRAI is French Excel's TRUE"),
        Spelling(word: "faux", value: false, reason: "FAUX is French Excel's FALSE"),
        Spelling(word: "verdadero", value: true, reason: "VERDADERO is Spanish Excel's TRUE"),
        Spelling(word: "falso", value: false, reason: "FALSO is Spanish, Italian and Portuguese Excel's FALSE"),
        Spelling(word: "vero", value: true, reason: "VERO is Italian Excel's TRUE"),
        Spelling(word: "verdadeiro", value: true, reason: "VERDADEIRO is Portuguese Excel's TRUE"),
        Spelling(word: "yes", value: true, reason: "Exchange accepts only True or False, not yes"),
        Spelling(word: "no", value: false, reason: "Exchange accepts only True or False, not no"),
        Spelling(word: "y", value: true, reason: "Exchange accepts only True or False, not y"),
        Spelling(word: "n", value: false, reason: "Exchange accepts only True or False, not n"),
        Spelling(word: "1", value: true, reason: "Exchange accepts only True or False, not 1"),
        Spelling(word: "0", value: false, reason: "Exchange accepts only True or False, not 0"),
        Spelling(word: "-1", value: true, reason: "-1 is TRUE in VBA and Access, not in Exchange"),
        Spelling(word: "on", value: true, reason: "Exchange accepts only True or False, not on"),
        Spelling(word: "off", value: false, reason: "Exchange accepts only True or False, not off"),
        Spelling(word: "t", value: true, reason: "Exchange accepts only True or False, not t"),
        Spelling(word: "f", value: false, reason: "Exchange accepts only True or False, not f"),
        Spelling(word: "ja", value: true, reason: "ja is Dutch and German for yes"),
        Spelling(word: "nee", value: false, reason: "nee is Dutch for no"),
        Spelling(word: "nein", value: false, reason: "nein is German for no"),
        Spelling(word: "oui", value: true, reason: "oui is French for yes"),
        Spelling(word: "non", value: false, reason: "non is French for no"),
    ]

    /// Whether `value[range]` equals the lowercase ASCII `word`, ignoring ASCII case.
    private static func matches(_ value: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        var i = range.lowerBound
        var k = 0
        while i < range.upperBound {
            let byte = value[i]
            let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
            if lower != w[k] { return false }
            i += 1
            k += 1
        }
        return true
    }

    /// `value` without the white space and NUL characters that .NET trims: U+0000, U+0009-U+000D,
    /// U+0020, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
    @inline(__always)
    static func trimmedRange(_ value: UnsafeRawBufferPointer) -> Range<Int> {
        // Most values start and end with a printable ASCII character (0x21...0x7F): nothing to
        // trim, and no byte loop.
        let count = value.count
        if count > 0 && value[0] &- 0x21 < 0x5F && value[count - 1] &- 0x21 < 0x5F { return 0..<count }
        return trimmedRangeScanning(value)
    }

    /// ``trimmedRange(_:)`` for a value that is empty or may start or end with white space.
    @inline(never)
    private static func trimmedRangeScanning(_ value: UnsafeRawBufferPointer) -> Range<Int> {
        var start = 0
        var end = value.count
        while start < end {
            let length = spaceLength(value, startingAt: start, end: end)
            if length == 0 { break }
            start += length
        }
        while end > start {
            let length = spaceLength(value, endingAt: end, start: start)
            if length == 0 { break }
            end -= length
        }
        return start..<end
    }

    /// The byte length of the trimmable character at `i`, or 0.
    private static func spaceLength(_ value: UnsafeRawBufferPointer, startingAt i: Int, end: Int) -> Int {
        let lead = value[i]
        if lead < 0x80 { return isASCIISpaceOrNUL(lead) ? 1 : 0 }
        for length in 2...3 where i + length <= end {
            if isSpaceSequence(value, i, length) { return length }
        }
        return 0
    }

    /// The byte length of the trimmable character that ends just before `end`, or 0.
    private static func spaceLength(_ value: UnsafeRawBufferPointer, endingAt end: Int, start: Int) -> Int {
        let last = value[end - 1]
        if last < 0x80 { return isASCIISpaceOrNUL(last) ? 1 : 0 }
        for length in 2...3 where end - length >= start {
            if isSpaceSequence(value, end - length, length) { return length }
        }
        return 0
    }

    @inline(__always)
    private static func isASCIISpaceOrNUL(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x00 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Whether the `length` bytes at `i` encode one of the non-ASCII white space characters.
    private static func isSpaceSequence(_ value: UnsafeRawBufferPointer, _ i: Int, _ length: Int) -> Bool {
        let b0 = value[i]
        let b1 = value[i + 1]
        if length == 2 { return b0 == 0xC2 && (b1 == 0x85 || b1 == 0xA0) }
        let b2 = value[i + 2]
        switch (b0, b1) {
        case (0xE1, 0x9A): return b2 == 0x80  // U+1680
        case (0xE2, 0x80): return b2 <= 0x8A && b2 >= 0x80 || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF
        case (0xE2, 0x81): return b2 == 0x9F  // U+205F
        case (0xE3, 0x80): return b2 == 0x80  // U+3000
        default: return false
        }
    }
}
