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
        // The line, each secret span that overlaps it replaced by the mask, built in a scratch
        // buffer: at most the line's bytes, plus the mask for each secret (a short secret gets
        // the whole mask).
        let capacity = range.count + mask.utf8.count * (secretFields.count + 1)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch -> String in
            let out = scratch.baseAddress!
            var written = 0
            var i = range.lowerBound
            while i < range.upperBound {
                // The secret span that holds `i`, or else where the next one starts.
                var next = range.upperBound
                var secretEnd = -1
                for index in secretFields where index < record.fields.count {
                    let span = record.fields[index]
                    let start = Int(span.start)
                    let end = Int(span.end)
                    guard start < end else { continue }
                    if start <= i, i < end {
                        secretEnd = end
                        break
                    }
                    if start > i, start < next { next = start }
                }
                if secretEnd >= 0 {
                    written += copyMask(to: out + written)
                    i = min(secretEnd, range.upperBound)
                    continue
                }
                written += copyShowable(record.bytes.baseAddress! + i, count: next - i, to: out + written)
                i = next
            }
            var text = String(decoding: UnsafeBufferPointer(start: out, count: written), as: UTF8.self)
            if text.utf8.count > maxLength {
                text = String(text.prefix(maxLength)) + "..."
            }
            return text
        }
    }

    /// Writes ``mask`` at `target`; returns its length.
    private static func copyMask(to target: UnsafeMutablePointer<UInt8>) -> Int {
        withUTF8(of: mask) { utf8 in
            target.initialize(from: utf8.baseAddress!, count: utf8.count)
            return utf8.count
        }
    }

    /// Copies `count` bytes of a line to `target` as an excerpt shows them: a TAB as a space,
    /// other controls below 0x20 and DEL as `?`. Returns `count`.
    ///
    /// Sixteen bytes at a time while none needs replacing (lane arithmetic, which compiles to
    /// vector instructions: a lane's top bit is set for a byte below 0x20, whose difference
    /// wraps, or for DEL, whose `xor` leaves 0; `~byte` keeps bytes from 0x80 up out).
    static func copyShowable(
        _ source: UnsafeRawPointer, count: Int, to target: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var offset = 0
        while count - offset >= 16 {
            let block = (source + offset).loadUnaligned(as: SIMD16<UInt8>.self)
            let delete = block ^ SIMD16(repeating: 0x7F)
            let replaced =
                ((block &- SIMD16(repeating: 0x20)) | (delete &- SIMD16(repeating: 1))) & ~block
                & SIMD16(repeating: 0x80)
            let words = ReservedBytes.lanes(replaced)
            if words[0] | words[1] != 0 { break }
            UnsafeMutableRawPointer(target + offset).storeBytes(of: block, as: SIMD16<UInt8>.self)
            offset += 16
        }
        while offset < count {
            let byte = source.load(fromByteOffset: offset, as: UInt8.self)
            target[offset] = byte == 0x09 ? 0x20 : (byte < 0x20 || byte == 0x7F ? UInt8(ascii: "?") : byte)
            offset += 1
        }
        return count
    }
}
