import CSVCore

/// The source line shown under a diagnostic, with every secret field replaced by `********`.
enum Excerpt {
    /// The longest excerpt shown, in bytes; longer lines are cut with an ellipsis.
    static let maxLength = 160
    static let mask = "********"

    /// The physical line of `record` that contains `rawOffset`, masked.
    /// - Parameters:
    ///   - expectedFields: the header's field count. When the record has more fields, or lost
    ///     some to truncation, a secret may sit at another index: everything from the first
    ///     secret column on is masked, or cut.
    ///   - cutAtFirstSecret: show only what lies before the first secret column (the row may end
    ///     with the head of a password cut by a line break; see ``RowTrust``).
    static func line(
        of record: Record, at rawOffset: Int, masking secretFields: [Int], expectedFields: Int? = nil,
        cutAtFirstSecret: Bool = false
    ) -> String? {
        guard !record.bytes.isEmpty else { return nil }
        // A row whose quoting went wrong (a stray quote, text after a closing quote, a line break
        // in a quoted value that is not a password) may hold other rows, passwords included, in
        // any field: show nothing of it.
        for (index, span) in record.fields.enumerated() {
            if span.problemAt >= 0 { return nil }
            if span.flags.contains(.multiline), !secretFields.contains(index) { return nil }
        }
        if record.unterminatedField != nil { return nil }
        if let expectedFields, expectedFields > 0, record.fieldCount != expectedFields { return nil }
        var range = record.lineBytes(containing: rawOffset)
        if let firstSecret = secretFields.min() {
            let shifted = expectedFields.map { record.fieldCount > $0 } ?? false
            if shifted || cutAtFirstSecret || record.isTruncated || firstSecret >= record.fields.count {
                // Keep only what lies before the first secret column (or before the data we lost).
                let cut = firstSecret < record.fields.count ? Int(record.fields[firstSecret].start) : (record.fields.last.map { Int($0.end) } ?? 0)
                if range.lowerBound >= cut { return mask }
                range = range.lowerBound..<min(range.upperBound, cut)
                var kept = String(decoding: UnsafeRawBufferPointer(rebasing: record.bytes[range]), as: UTF8.self)
                kept = String(kept.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
                return String(kept.prefix(maxLength)) + mask + "..."
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        // Secret spans that overlap this line, in order.
        let secrets = secretFields.compactMap { index -> Range<Int>? in
            guard index < record.fields.count else { return nil }
            let span = record.fields[index]
            let r = Int(span.start)..<Int(span.end)
            return r.isEmpty ? nil : r
        }.sorted { $0.lowerBound < $1.lowerBound }
        while i < range.upperBound {
            if let secret = secrets.first(where: { $0.contains(i) }) {
                out.append(contentsOf: mask.utf8)
                i = min(secret.upperBound, range.upperBound)
                continue
            }
            let byte = record.bytes[i]
            out.append(byte == 0x09 ? 0x20 : (byte < 0x20 || byte == 0x7F ? UInt8(ascii: "?") : byte))
            i += 1
        }
        var text = String(decoding: out, as: UTF8.self)
        if text.utf8.count > maxLength {
            text = String(text.prefix(maxLength)) + "..."
        }
        return text
    }
}
