import CSVCore

/// The source line shown under a diagnostic, with every secret field replaced by `********`.
enum Excerpt {
    /// The longest excerpt shown, in bytes; longer lines are cut with an ellipsis.
    static let maxLength = 160
    static let mask = "********"

    /// The physical line of `record` that contains `rawOffset`, masked.
    static func line(of record: Record, at rawOffset: Int, masking secretFields: [Int]) -> String? {
        guard !record.bytes.isEmpty else { return nil }
        let range = record.lineBytes(containing: rawOffset)
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
