import CSVCore
import Testing

@testable import CSVCheck

// The text renderer's fast writes compared with their general paths: control pictures
// (ReservedBytes.writeShowable, 16 bytes at a time) and excerpts (Excerpt.line, which copies a
// line between its secrets 16 bytes at a time), on seeded random inputs and edge cases.

/// `text` with controls shown as TextRenderer documents it, scalar by scalar: the reference.
private func shownByScalars(_ text: String) -> String {
    var shown = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x09: shown.append(scalar)
        case 0x00..<0x20: shown.append(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7F: shown.append("\u{2421}")
        case 0x80..<0xA0: shown.append("\u{FFFD}")
        default: shown.append(scalar)
        }
    }
    return String(shown)
}

/// The bytes `writeShowable` and `writeShowableByteByByte` write for `text`.
private func shownBothWays(_ text: String) -> (fast: String, general: String) {
    var text = text
    return text.withUTF8 { utf8 in
        var fast = OutputSink.memory()
        fast.writeReserved(atMost: 3 * utf8.count) { $0.writeShowable(utf8) }
        var general = OutputSink.memory()
        general.writeReserved(atMost: 3 * utf8.count) { $0.writeShowableByteByByte(utf8) }
        return (fast.string, general.string)
    }
}

/// Pieces of random text: plain ASCII, TAB, C0 controls, DEL, C1 controls, and the characters
/// whose UTF-8 shares a byte with them (NBSP and "·" start with 0xC2 too).
private let textPieces = [
    "a", "Z", " ", "abcdefgh", "\t", "\u{0}", "\u{1B}", "\u{1F}", "\n", "\r", "\u{7F}", "\u{80}", "\u{9F}",
    "\u{A0}", "·", "é", "日本", "🙂", "\u{2400}", "\u{FFFD}",
]

@Test("control pictures: the 16-byte path equals the byte-at-a-time path and the scalar reference", arguments: 0..<6)
func showableRandom(_ seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &+ 0xC0DE)
    for round in 0..<300 {
        // Some texts are clean but for one piece, some dense with controls.
        let count = Int(random.next() % 40)
        let text = (0..<count).map { _ -> String in
            let plain = round % 3 != 0 && random.next() % 8 != 0
            return plain ? "abcdefghijklmnop" : textPieces[Int(random.next() % UInt64(textPieces.count))]
        }.joined()
        let (fast, general) = shownBothWays(text)
        #expect(fast == general, "\(Array(text.utf8))")
        #expect(general == shownByScalars(text), "\(Array(text.utf8))")
    }
}

@Test("control pictures: one piece at every place of texts up to 40 bytes")
func showableEveryPlace() {
    for length in 0...40 {
        for place in 0...length {
            for piece in ["\u{1}", "\u{7F}", "\u{85}", "\u{A0}", "\t"] {
                let text = String(repeating: "a", count: place) + piece + String(repeating: "b", count: length - place)
                let (fast, general) = shownBothWays(text)
                #expect(fast == general, "\(place) \(Array(piece.utf8))")
                #expect(fast == shownByScalars(text), "\(place) \(Array(piece.utf8))")
            }
        }
    }
}

/// The excerpt of the line holding `rawOffset`, as the scalar-by-scalar reference builds it:
/// one byte at a time, a secret span replaced by the mask (the masking path of Excerpt.line
/// for a record whose shape and quoting are sound).
private func referenceExcerpt(_ record: Record, at rawOffset: Int, masking secretFields: [Int]) -> String {
    let range = record.lineBytes(containing: rawOffset)
    var out: [UInt8] = []
    var i = range.lowerBound
    let secrets = secretFields.compactMap { index -> Range<Int>? in
        guard index < record.fields.count else { return nil }
        let span = record.fields[index]
        let r = Int(span.start)..<Int(span.end)
        return r.isEmpty ? nil : r
    }.sorted { $0.lowerBound < $1.lowerBound }
    while i < range.upperBound {
        if let secret = secrets.first(where: { $0.contains(i) }) {
            out.append(contentsOf: Excerpt.mask.utf8)
            i = min(secret.upperBound, range.upperBound)
            continue
        }
        let byte = record.bytes[i]
        out.append(byte == 0x09 ? 0x20 : (byte < 0x20 || byte == 0x7F ? UInt8(ascii: "?") : byte))
        i += 1
    }
    var text = String(decoding: out, as: UTF8.self)
    if text.utf8.count > Excerpt.maxLength {
        text = String(text.prefix(Excerpt.maxLength)) + "..."
    }
    return text
}

@Test("excerpts: the 16-byte copy equals the byte-at-a-time reference on random rows", arguments: 0..<4)
func excerptRandomRows(_ seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &+ 0xE8C)
    let valuePieces = ["a", "bcdefghijklmnopqrs", "\t", "\u{1}", "\u{7F}", "é", "\u{85}", "日本", " ", "\u{FF}"]
    for _ in 0..<200 {
        // Three fields, none quoted, some long enough for several 16-byte blocks; the secret
        // columns vary.
        let fields = (0..<3).map { _ in
            (0..<Int(random.next() % 12)).map { _ in valuePieces[Int(random.next() % UInt64(valuePieces.count))] }.joined()
        }
        var bytes = Array(fields.joined(separator: ",").utf8)
        // An invalid byte now and then (the excerpt repairs it as String(decoding:) does).
        if random.next() % 4 == 0, !bytes.isEmpty { bytes[Int(random.next() % UInt64(bytes.count))] = 0xC3 }
        bytes += Array("\r\n".utf8)
        let secretSets: [[Int]] = [[], [1], [0], [2], [0, 2], [1, 1]]
        let secrets = secretSets[Int(random.next() % UInt64(secretSets.count))]
        var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
        var checked = 0
        let check: (Record) -> Void = { record in
            guard record.fields.count == 3, record.fields.allSatisfy({ $0.problemAt < 0 }) else { return }
            for offset in [0, record.bytes.count / 2, record.bytes.count] {
                let excerpt = Excerpt.line(of: record, at: offset, masking: secrets, expectedFields: 3)
                #expect(excerpt == referenceExcerpt(record, at: offset, masking: secrets), "\(bytes) \(secrets)")
            }
            checked += 1
        }
        bytes.withUnsafeBytes { tokenizer.feed($0, check) }
        tokenizer.finish(check)
        #expect(checked <= 1)
    }
}

@Test("excerpts: a replaced byte at every place of lines up to 40 bytes")
func excerptCopyEveryPlace() {
    for length in 0...40 {
        for place in 0..<max(length, 1) {
            for byte: UInt8 in [0x09, 0x00, 0x1F, 0x7F, 0x20, 0x80] {
                var line = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                if place < length { line[place] = byte }
                let expected = line.map { $0 == 0x09 ? 0x20 : ($0 < 0x20 || $0 == 0x7F ? UInt8(ascii: "?") : $0) }
                var copied = [UInt8](repeating: 0, count: length)
                line.withUnsafeBytes { source in
                    copied.withUnsafeMutableBufferPointer { target in
                        _ = Excerpt.copyShowable(source.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: length, to: target.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!)
                    }
                }
                #expect(copied == expected, "\(length) \(byte) at \(place)")
            }
        }
    }
}

/// GitHub workflow-command escaping of `text`, 16-byte path and byte-at-a-time path.
private func workflowEscapedBothWays(_ text: [UInt8], property: Bool) -> (fast: [UInt8], general: [UInt8]) {
    text.withUnsafeBufferPointer { utf8 in
        var fast = OutputSink.memory()
        fast.writeReserved(atMost: 3 * utf8.count) { $0.writeWorkflowEscaped(utf8, property: property) }
        var general = OutputSink.memory()
        general.writeReserved(atMost: 3 * utf8.count) { $0.writeWorkflowEscapedByteByByte(utf8, property: property) }
        return (fast.bytes, general.bytes)
    }
}

@Test("GitHub escaping: the 16-byte path equals the byte-at-a-time path", arguments: 0..<4)
func workflowEscapeRandom(_ seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &+ 0x61D)
    let special: [UInt8] = [UInt8(ascii: "%"), 0x0D, 0x0A, UInt8(ascii: ":"), UInt8(ascii: ","), 0xA5, 0x8D, 0x8A, 0xBA, 0xAC]
    for round in 0..<300 {
        let length = Int(random.next() % 70)
        let text = (0..<length).map { _ -> UInt8 in
            random.next() % UInt64(round % 2 == 0 ? 30 : 4) == 0
                ? special[Int(random.next() % UInt64(special.count))] : UInt8(0x61 + random.next() % 26)
        }
        for property in [false, true] {
            let (fast, general) = workflowEscapedBothWays(text, property: property)
            #expect(fast == general, "\(text) \(property)")
        }
    }
    // And the general path escapes as documented.
    let general = workflowEscapedBothWays(Array("50%: a,b\r\n".utf8), property: true).general
    #expect(String(decoding: general, as: UTF8.self) == "50%25%3A a%2Cb%0D%0A")
}
