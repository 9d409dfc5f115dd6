import CSupport

/// ENC001 (NUL), ENC003, ENC004, ENC005, CSV008 and SEC001 on every field of every row,
/// unknown columns included. Printable ASCII values, the common case, are cleared 8 bytes at a
/// time, before any string is built.
///
/// Messages never quote a value: they name the character (for non-secret columns) and its
/// position, so they are safe on passwords too.
struct TextRule: Rule {
    var descriptors: [RuleDescriptor] { [] }
    /// How messages name each profile column's value ("the EmailAddress value"), by field index;
    /// `nil` for an unknown column.
    private var valueNames: [String?] = []
    /// The ENC003, CSV008 and SEC001 messages of each profile column, which quote nothing but
    /// its value name, made once per file: ``MessageSlot/count`` ranges of ``messageText`` per
    /// field index, empty for an unknown column.
    ///
    /// On a dirty file most text findings are of these kinds, and building each message by
    /// string interpolation cost more than the rest of the check (callgrind: about 490
    /// instructions a message). Bytes, not strings: the message is copied into the findings'
    /// text from here, and no reference is counted (the reading thread and the worker each
    /// have a copy of the rules; their strings' counts were changed by both at once).
    private var messageRanges: [Range<Int32>] = []
    private var messageText: [UInt8] = []

    /// Where each message of a column is in ``messageRanges``.
    private enum MessageSlot {
        static let leading = 0
        static let trailing = 1
        static let notNFC = 2
        /// SEC001 by the value's first byte (its index in ``TextRule/formulaStarts``), then the
        /// one for a secret column (which names no character).
        static let formula = 3
        static let count = formula + TextRule.formulaStarts.count + 1
    }

    mutating func begin(_ file: FileContext) {
        valueNames = file.columns.map { column in column.map { "\($0.name) value" } }
        messageRanges = []
        messageText = []
        for name in valueNames {
            let messages =
                name.map { name in
                    [Self.whitespaceMessage(name, leading: true), Self.whitespaceMessage(name, leading: false), Self.notNFCMessage(name)]
                        + Self.formulaStarts.map { Self.formulaMessage(name, what: Self.shownStart($0)) }
                        + [Self.formulaMessage(name, what: "a character")]
                } ?? Array(repeating: "", count: MessageSlot.count)
            for message in messages {
                let start = Int32(messageText.count)
                messageText.append(contentsOf: message.utf8)
                messageRanges.append(start..<Int32(messageText.count))
            }
        }
    }

    /// Reports `code` on `field` with its column's message in `slot` (``MessageSlot``), or,
    /// for an unknown column, with `general()`'s.
    @inline(__always)
    private func report(
        _ code: RuleCode, slot: Int, field: Field, help: String, scalarOffset: Int = 0, _ findings: inout Findings,
        general: () -> String
    ) {
        let index = field.index &* MessageSlot.count &+ slot
        guard field.index < valueNames.count, !messageRanges[index].isEmpty else {
            findings.report(code, copying: general(), help: help, field: field, scalarOffset: scalarOffset)
            return
        }
        let range = messageRanges[index]
        messageText.withUnsafeBytes {
            findings.report(
                code, copyingBytes: UnsafeRawBufferPointer(rebasing: $0[Int(range.lowerBound)..<Int(range.upperBound)]),
                help: help, field: field, scalarOffset: scalarOffset)
        }
    }

    /// The first bytes that SEC001 reports, in the order of the SEC001 messages (``MessageSlot/formula``).
    private static let formulaStarts: [UInt8] = [0x09, 0x0D, UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@")]

    /// Bit `b` of `low` (`b` below 64) or bit `b - 64` of `high` for each byte `b` of
    /// ``formulaStarts`` (all below 128), made from the list.
    private static let formulaStartBits: (low: UInt64, high: UInt64) = formulaStarts.reduce((0, 0)) { bits, byte in
        byte < 64 ? (bits.low | 1 << UInt64(byte), bits.high) : (bits.low, bits.high | 1 << UInt64(byte - 64))
    }

    /// The index in ``formulaStarts`` of a value's first byte, or `nil`: one bit test for the
    /// bytes that start no formula (nearly all), where a search of the list made a loop whose
    /// exit depended on the byte.
    @inline(__always)
    static func formulaStart(_ first: UInt8) -> Int? {
        let bits = formulaStartBits
        let bit = first < 64 ? bits.low &>> UInt64(first) : first < 128 ? bits.high &>> UInt64(first &- 64) : 0
        guard bit & 1 != 0 else { return nil }
        return formulaStarts.firstIndex(of: first)
    }


    private static func whitespaceMessage(_ name: String, leading: Bool) -> String {
        "the \(name) has \(leading ? "leading" : "trailing") whitespace"
    }

    private static func notNFCMessage(_ name: String) -> String {
        "the \(name) is not in Unicode NFC: it has decomposed characters"
    }

    private static func formulaMessage(_ name: String, what: String) -> String {
        "the \(name) starts with \(what) that a spreadsheet runs as a formula"
    }

    /// The name of a field's value in messages.
    private func valueName(_ field: Field) -> String {
        if field.index < valueNames.count, let name = valueNames[field.index] { return name }
        return field.column.map { "\($0.name) value" } ?? "value of column \(field.index + 1)"
    }

    /// How SEC001 shows a value's first byte: quoted, or named when it is not printable.
    private static func shownStart(_ first: UInt8) -> String {
        switch first {
        case 0x09: "'TAB'"
        case 0x0D: "'CR'"
        case UInt8(ascii: "="): "'='"
        case UInt8(ascii: "+"): "'+'"
        case UInt8(ascii: "-"): "'-'"
        case UInt8(ascii: "@"): "'@'"
        default: "'\(String(UnicodeScalar(first)))'"
        }
    }

    mutating func check(_ row: RowView, _ findings: inout Findings) {
        for index in 0..<row.fieldCount {
            guard let field = row.field(at: index), !field.bytes.isEmpty else { continue }
            // Most values (a password starting with a digit or a symbol included) end here,
            // before any string is built.
            if Self.needsNoCheck(field.bytes) { continue }
            checkField(field, &findings)
        }
    }

    /// ``check(_:_:)`` for a row whose bytes are all printable ASCII
    /// (``BuiltInRules/isPrintable(_:columns:)``): only the ends of a value can hold a finding.
    @inline(__always)
    mutating func checkPrintable(_ row: RowView, _ findings: inout Findings) {
        let record = row.record
        for index in 0..<record.fields.count {
            let bytes = record.value(at: index)
            guard !bytes.isEmpty, Self.hasSuspectEnds(bytes), let field = row.field(at: index) else { continue }
            checkField(field, &findings)
        }
    }

    /// ``checkPrintable(_:_:)`` with the fields to look at already found: the fields whose bit
    /// is set in `suspect` (``SpanScan/suspect``), in field order. Out of line: most rows have
    /// none.
    @inline(never)
    func checkSuspect(_ row: RowView, _ suspect: UInt64, _ findings: inout Findings) {
        var bits = suspect
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            bits &= bits &- 1
            guard let field = row.field(at: index) else { continue }
            checkField(field, &findings)
        }
    }

    /// Whether a non-empty value is printable ASCII that neither starts nor ends with a space
    /// nor starts with `=`, `+`, `-` or `@`: then ``checkField(_:_:)`` would find nothing.
    @inline(__always)
    static func needsNoCheck(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !hasSuspectEnds(bytes) && isPrintableASCII(bytes)
    }

    /// Whether a non-empty printable value starts with a space, `=`, `+`, `-` or `@`, or ends
    /// with a space (the only findings ``checkField(_:_:)`` can make on printable ASCII).
    @inline(__always)
    static func hasSuspectEnds(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let first = bytes[0]
        // Bit `b - 0x20` is set for the bytes `b` that no such value starts with: space, `+`,
        // `-`, `=` and `@`. (TAB and CR, the other bad starts, are not printable.)
        let badStarts: UInt64 = 1 << 0x00 | 1 << 0x0B | 1 << 0x0D | 1 << 0x1D | 1 << 0x20
        if first &- 0x20 < 64 && (badStarts &>> UInt64(first &- 0x20)) & 1 != 0 { return true }
        return bytes[bytes.count - 1] == 0x20
    }

    @inline(never)
    private func checkField(_ field: Field, _ findings: inout Findings) {
        let bytes = field.bytes
        let first = bytes[0]
        let last = bytes[bytes.count - 1]
        let surrounded = first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        let formulaStart = Self.formulaStart(first)
        let printable = Self.isPrintableASCII(bytes)
        if printable, !surrounded, formulaStart == nil { return }
        let secret = field.isSecret
        if surrounded {
            let trims = field.kind == .emailAddress || field.kind == .boolean
            let leading = first == 0x20 || first == 0x09
            report(
                .surroundingWhitespace, slot: leading ? MessageSlot.leading : MessageSlot.trailing, field: field,
                help: trims
                    ? "delete the spaces; csvcheck split and csvcheck fix trim them"
                    : "delete the spaces unless they are really part of the value",
                scalarOffset: leading ? 0 : scalarCount(bytes) - 1, &findings
            ) { Self.whitespaceMessage(valueName(field), leading: leading) }
        }
        if let formulaStart {
            report(
                .formulaInjection, slot: MessageSlot.formula + (secret ? Self.formulaStarts.count : formulaStart), field: field,
                help: "if the file is opened in Excel, the value may be executed or altered; avoid opening it in a spreadsheet",
                &findings
            ) { Self.formulaMessage(valueName(field), what: secret ? "a character" : Self.shownStart(first)) }
        }
        if printable { return }
        // A value that is not printable has a control character or a byte past 0x7F. Control
        // characters are rare and are ruled out 16 bytes a step; only a value with one takes
        // the pass over its bytes that places it (and learns whether any byte is non-ASCII).
        let nonASCII = Self.hasControl(bytes) ? reportControl(field, &findings) : true
        guard nonASCII else { return }
        checkUnicode(field, secret: secret, &findings)
        if !NFC.isNormalized(bytes) {
            report(
                .notNFC, slot: MessageSlot.notNFC, field: field,
                help: "retype the accented letters, or let csvcheck fix normalize the file", &findings
            ) { Self.notNFCMessage(valueName(field)) }
        }
    }

    /// Whether any byte is an ASCII control character (below 0x20, or 0x7F), by CSupport's
    /// `csvcheck_has_control` (SSE2; a Swift `SIMD16` loop took twice the instructions).
    @inline(__always)
    static func hasControl(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return csvcheck_has_control(base.assumingMemoryBound(to: UInt8.self), bytes.count) != 0
    }

    /// ENC001 (NUL) or ENC004 for the first ASCII control character of a value that has one.
    /// - Returns: whether any byte of the value is non-ASCII.
    private func reportControl(_ field: Field, _ findings: inout Findings) -> Bool {
        let bytes = field.bytes
        var nonASCII = false
        var reportedControl = false
        var scalar = 0
        for byte in bytes {
            if byte >= 0x80 {
                nonASCII = true
                if byte & 0xC0 != 0x80 { scalar += 1 }
                continue
            }
            if !reportedControl, byte < 0x20 || byte == 0x7F {
                reportedControl = true
                if byte == 0 {
                    findings.report(
                        .invalidBytes, "a NUL byte in the \(valueName(field)) at position \(scalar + 1)",
                        help: "NUL never belongs in a CSV file; the export is damaged", field: field, scalarOffset: scalar)
                } else {
                    let what = byte == 0x0A || byte == 0x0D ? "a line break" : byte == 0x09 ? "a TAB" : "a control character"
                    findings.report(
                        .controlCharacter, "\(what) inside the \(valueName(field)) at position \(scalar + 1)",
                        help: "remove it; Exchange stores it as part of the value", field: field, scalarOffset: scalar)
                }
            }
            scalar += 1
        }
        return nonASCII
    }

    /// ENC004 for C1 controls and ENC005 for invisible and look-alike characters.
    private func checkUnicode(_ field: Field, secret: Bool, _ findings: inout Findings) {
        var position = 0
        var reportedInvisible = false
        var reportedControl = false
        // Scalars straight from the bytes, an ill-formed sequence as one U+FFFD (as Swift's
        // String decoding would; ENC001 reports it): no String per value.
        let bytes = field.bytes
        var i = 0
        while i < bytes.count {
            // Eight ASCII bytes at a time: eight scalars with nothing to report.
            if i &+ 8 <= bytes.count, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & ByteLanes.high == 0 {
                i &+= 8
                position &+= 8
                continue
            }
            defer { position += 1 }
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            // A two-byte letter of U+00C0-U+07FF (lead 0xC3-0xDF), the common non-ASCII scalar
            // of a name: neither a C1 control nor an invisible character, so not decoded.
            if lead &- 0xC3 < 0x1D, i &+ 1 < bytes.count, bytes[i &+ 1] & 0xC0 == 0x80 {
                i &+= 2
                continue
            }
            let (scalar, length) = UTF8Validation.scalar(in: bytes, at: i)
            i += length
            let value = scalar
            if value < 0x80 { continue }
            if !reportedControl, (0x80...0x9F).contains(value) {
                reportedControl = true
                findings.report(
                    .controlCharacter, "a control character inside the \(valueName(field)) at position \(position + 1)",
                    help: "remove it; it usually comes from a Windows-1252 file read as Latin-1", field: field,
                    scalarOffset: position)
            }
            if !reportedInvisible, let what = Self.invisibleName(value) {
                reportedInvisible = true
                let shown = secret ? "an invisible or look-alike character" : "\(what) (U+\(String(value, radix: 16, uppercase: true).leftPadded(4)))"
                findings.report(
                    .invisibleCharacter, "\(shown) in the \(valueName(field)) at position \(position + 1)",
                    help: "retype the value; it does not match what the user will type", field: field,
                    scalarOffset: position)
            }
        }
    }

    /// Whether every byte is in 0x20...0x7E: 16 bytes at a time from 16 bytes on
    /// (`csvcheck_printable_ascii16`), else a word at a time (``isPrintableASCIIByWords(_:)``).
    @inline(__always)
    static func isPrintableASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bytes.count >= 16 {
            return csvcheck_printable_ascii16(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count) != 0
        }
        return isPrintableASCIIByWords(bytes)
    }

    /// ``isPrintableASCII(_:)`` a word at a time: whole words, then a last word that may
    /// overlap the one before; values of 4 to 7 bytes as two overlapping 4-byte halves of one
    /// word.
    @inline(__always)
    static func isPrintableASCIIByWords(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        if n >= 8 {
            var flags: UInt64 = 0
            var i = 0
            while i + 8 < n {
                flags |= nonPrintableLanes(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            flags |= nonPrintableLanes(bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
            return flags == 0
        }
        if n >= 4 {
            let head = UInt64(bytes.loadUnaligned(as: UInt32.self))
            let tail = UInt64(bytes.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            return nonPrintableLanes(head | tail << 32) == 0
        }
        for byte in bytes where byte < 0x20 || byte >= 0x7F { return false }
        return true
    }

    /// Zero exactly when every byte of `w` is in 0x20...0x7E. Otherwise the lowest such byte's
    /// lane has its top bit set (lanes above it may be set by a borrow, which never matters
    /// here).
    @inline(__always)
    private static func nonPrintableLanes(_ w: UInt64) -> UInt64 {
        let below20 = (w &- 0x2020_2020_2020_2020) & ~w
        let x = w ^ 0x7F7F_7F7F_7F7F_7F7F
        let is7F = (x &- 0x0101_0101_0101_0101) & ~x
        return (w | below20 | is7F) & 0x8080_8080_8080_8080
    }

    static func invisibleName(_ value: UInt32) -> String? {
        switch value {
        case 0x00A0: "a no-break space"
        case 0x00AD: "a soft hyphen"
        case 0x200B: "a zero-width space"
        case 0x200C: "a zero-width non-joiner"
        case 0x200D: "a zero-width joiner"
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: "a text direction mark"
        case 0x2060: "a word joiner"
        case 0xFEFF: "a zero-width no-break space (BOM)"
        case 0x2007, 0x202F: "a narrow or figure no-break space"
        case 0x2018, 0x2019: "a smart single quote"
        case 0x201C, 0x201D: "a smart double quote"
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212: "a dash that looks like a hyphen"
        case 0xFF20: "a fullwidth at sign"
        default: nil
        }
    }
}

/// The number of Unicode scalars in UTF-8 bytes.
func scalarCount(_ bytes: UnsafeRawBufferPointer) -> Int {
    var count = 0
    for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
    return count
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
