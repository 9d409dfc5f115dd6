/// Encodes rows as canonical CSV: comma-delimited, CRLF line ends, a field quoted only when it
/// holds a comma, a quote, CR or LF (quotes doubled inside), everything else byte for byte.
///
/// Each field gets a ``FieldTreatment``: EmailAddress and boolean values are trimmed as .NET
/// trims them (CSV008), every value but a secret is normalized to NFC (ENC003); passwords are
/// copied unchanged. ASCII values never leave the byte loop.
struct CanonicalWriter {
    /// What to do to one field's value before encoding it.
    struct FieldTreatment: Sendable, Hashable {
        /// Remove surrounding whitespace (EmailAddress, booleans).
        var trims = false
        /// Normalize to NFC (every column but secrets).
        var normalizes = true
    }

    /// How each field of the header is treated, by index; fields past the end are copied as is.
    let treatments: [FieldTreatment]

    /// The treatments for a resolved header: trimming for EmailAddress and boolean columns, NFC
    /// for every column but secret ones.
    init(columns: [ColumnSpec?]) {
        treatments = columns.map { column in
            guard let column else { return FieldTreatment() }
            let trims = column.kind == .emailAddress || column.kind == .boolean
            return FieldTreatment(trims: trims, normalizes: !column.isSecret)
        }
    }

    /// Appends `values` as one canonical record, CRLF included, applying the treatments.
    ///
    /// - Complexity: O(*n*) in the bytes of the row; ICU is called only for values with bytes of
    ///   0xCC or more.
    func appendRow(_ count: Int, value: (Int) -> UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let start = out.count
        for index in 0..<count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            let treatment = index < treatments.count ? treatments[index] : FieldTreatment(trims: false, normalizes: false)
            var bytes = value(index)
            if treatment.trims, !bytes.isEmpty {
                let range = BooleanValue.trimmedRange(bytes)
                if range.count != bytes.count { bytes = UnsafeRawBufferPointer(rebasing: bytes[range]) }
            }
            Self.appendField(bytes, normalizing: treatment.normalizes, to: &out)
        }
        // A record of one empty field would read back as a blank line.
        if out.count == start {
            out.append(0x22)
            out.append(0x22)
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// Appends values exactly as given (no trimming, no NFC), as one canonical record.
    static func appendVerbatimRow(_ values: [UnsafeRawBufferPointer], to out: inout [UInt8]) {
        for (index, bytes) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendField(bytes, normalizing: false, to: &out)
        }
        if values.count == 1, values[0].isEmpty { out.append(contentsOf: [0x22, 0x22]) }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// Appends one field, quoted only when needed.
    @inline(__always)
    static func appendField(_ bytes: UnsafeRawBufferPointer, normalizing: Bool, to out: inout [UInt8]) {
        var quote = false
        var high = false
        if mayNeedWork(bytes) {
            for byte in bytes {
                if byte < 0x2D {
                    if byte == 0x2C || byte == 0x22 || byte == 0x0D || byte == 0x0A { quote = true }
                } else if byte >= 0xCC {
                    high = true
                }
            }
        }
        if high, normalizing, !NFC.isNormalized(bytes) {
            let normalized = NFC.normalize(bytes)
            normalized.withUnsafeBytes { appendEncoded($0, quote: quote, to: &out) }
        } else {
            appendEncoded(bytes, quote: quote, to: &out)
        }
    }

    /// Whether a value may need quoting or normalizing: it holds a comma, a quote, a control
    /// byte below 0x0E (CR and LF among them) or a non-ASCII byte. Tested 8 bytes at a time, so
    /// a plain ASCII value skips the exact byte loop.
    @inline(__always)
    static func mayNeedWork(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        var i = 0
        var lanes: UInt64 = 0
        while i + 8 <= n {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            lanes |= ByteLanes.equal(word, 0x2C) | ByteLanes.equal(word, 0x22) | ByteLanes.below(word, 0x0E)
                | word & 0x8080_8080_8080_8080
            i += 8
        }
        if lanes != 0 { return true }
        while i < n {
            let byte = bytes[i]
            if byte == 0x2C || byte == 0x22 || byte < 0x0E || byte >= 0x80 { return true }
            i += 1
        }
        return false
    }

    @inline(__always)
    private static func appendEncoded(_ bytes: UnsafeRawBufferPointer, quote: Bool, to out: inout [UInt8]) {
        guard quote else {
            // A typed buffer takes Array's contiguous copy (one memcpy), not the element loop.
            out.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
            return
        }
        out.append(0x22)
        var runStart = 0
        for index in 0..<bytes.count where bytes[index] == 0x22 {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart...index]))
            out.append(0x22)
            runStart = index + 1
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart...]))
        out.append(0x22)
    }

    /// Appends values, each normalized to NFC, as one canonical record (header rows).
    static func appendNormalizedRow(_ values: [UnsafeRawBufferPointer], to out: inout [UInt8]) {
        for (index, bytes) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendField(bytes, normalizing: true, to: &out)
        }
        if values.count == 1, values[0].isEmpty { out.append(contentsOf: [0x22, 0x22]) }
        out.append(contentsOf: [0x0D, 0x0A])
    }
}
