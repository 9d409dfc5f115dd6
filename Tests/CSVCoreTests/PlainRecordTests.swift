import CSupport
@testable import CSVCore
import Testing

/// The C fast path for plain records (`csvcheck_plain_record`, tried first for every record)
/// against the tokenizer's state machine, which it must agree with exactly.
@Suite("Plain-record fast path")
struct PlainRecordTests {
    /// One record as the tokenizer handed it over, raw spans included.
    struct Seen: Equatable {
        var values: [String]
        var spans: [FieldSpan]
        var line: Int
        var lineCount: Int
        var offset: Int
        var rawLength: Int
        var terminator: LineTerminator
        var fieldCount: Int
    }

    /// What a test compares of `record`.
    static func seen(_ record: Record) -> Seen {
        Seen(
            values: record.fields.indices.map { String(decoding: record.value(at: $0), as: UTF8.self) },
            spans: Array(record.fields), line: record.line, lineCount: record.lineCount, offset: record.offset,
            rawLength: record.rawLength, terminator: record.terminator, fieldCount: record.fieldCount)
    }

    /// A seeded file of `records` records: plain words long and short (so fields cross the
    /// 64-byte windows), quoted fields with delimiters, doubled quotes and line breaks inside,
    /// stray quotes, text after a closing quote, every line ending, blank lines, records over
    /// the size limit (200 bytes here) and more fields than the span buffer's first capacity.
    static func randomFile(delimiter: UInt8, records: Int, random: inout PythonOracleTests.SplitMix64) -> [UInt8] {
        let d = String(Character(Unicode.Scalar(delimiter)))
        let atoms = [
            "alice", "b", "victoria.griffin3901@contoso.com", "%r<;<Cg+l]QlG6", "True", "é€", "", "x",
            "\"quoted\"", "\"with\(d)delimiter\"", "\"a\"\"b\"", "\"line\r\nbreak\"", "\"\"", "st\"ray", "\"ab\"c",
            String(repeating: "long", count: 20),
        ]
        let endings = ["\r\n", "\n", "\r", "\r\n", "\r\n"]
        var text = ""
        for _ in 0..<records {
            let blank = random.next() % 25 == 0
            let fields = blank ? 0 : Int(random.next() % (random.next() % 10 == 0 ? 90 : 5)) + 1
            text += (0..<fields).map { _ in atoms[Int(random.next() % UInt64(atoms.count))] }.joined(separator: d)
            text += endings[Int(random.next() % UInt64(endings.count))]
        }
        return Array(text.utf8)
    }

    /// Every record of `bytes`, fed as one chunk (`chunk` 0, where the fast paths read whole
    /// records) or in chunks of `chunk` bytes.
    static func records(_ bytes: [UInt8], chunk: Int, delimiter: UInt8) -> [Seen] {
        var tokenizer = CSVTokenizer(delimiter: delimiter, maxRecordBytes: 200)
        var seen: [Seen] = []
        let handler: (Record) -> Void = { record in seen.append(Self.seen(record)) }
        bytes.withUnsafeBytes { all in
            let size = chunk == 0 ? max(all.count, 1) : chunk
            var start = 0
            while start < all.count {
                let end = min(start + size, all.count)
                tokenizer.feed(UnsafeRawBufferPointer(rebasing: all[start..<end]), handler)
                start = end
            }
        }
        tokenizer.finish(handler)
        return seen
    }

    @Test("FieldSpan and csvcheck_span have the same layout")
    func layoutsAgree() {
        #expect(MemoryLayout<FieldSpan>.stride == MemoryLayout<csvcheck_span>.stride)
        #expect(MemoryLayout<FieldSpan>.alignment == MemoryLayout<csvcheck_span>.alignment)
        #expect(MemoryLayout<FieldSpan>.offset(of: \.start) == MemoryLayout<csvcheck_span>.offset(of: \.start))
        #expect(MemoryLayout<FieldSpan>.offset(of: \.end) == MemoryLayout<csvcheck_span>.offset(of: \.end))
        #expect(MemoryLayout<FieldSpan>.offset(of: \.valueStart) == MemoryLayout<csvcheck_span>.offset(of: \.value_start))
        #expect(MemoryLayout<FieldSpan>.offset(of: \.valueEnd) == MemoryLayout<csvcheck_span>.offset(of: \.value_end))
        #expect(MemoryLayout<FieldSpan>.offset(of: \.problemAt) == MemoryLayout<csvcheck_span>.offset(of: \.problem_at))
        #expect(MemoryLayout<FieldSpan>.offset(of: \.flags) == MemoryLayout<csvcheck_span>.offset(of: \.flags))
        #expect(FieldSpan.Flags.quoted.rawValue == CSVCHECK_SPAN_QUOTED)
        #expect(LineTerminator(rawValue: UInt8(CSVCHECK_TERMINATOR_CRLF)) == .crlf)
        #expect(LineTerminator(rawValue: UInt8(CSVCHECK_TERMINATOR_LF)) == .lf)
        #expect(LineTerminator(rawValue: UInt8(CSVCHECK_TERMINATOR_CR)) == .cr)
    }

    /// Seeded files of 200 records (``randomFile(delimiter:records:random:)``), in one chunk
    /// and one byte at a time.
    @Test("agrees with the state machine", arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
    func agreesWithStateMachine(delimiter: UInt8) {
        var random = PythonOracleTests.SplitMix64(state: 0xF1E1_D5)
        for round in 0..<40 {
            let bytes = Self.randomFile(delimiter: delimiter, records: 200, random: &random)
            let fast = Self.records(bytes, chunk: 0, delimiter: delimiter)
            // One byte at a time no record lies whole in a chunk: only the state machine reads.
            let slow = Self.records(bytes, chunk: 1, delimiter: delimiter)
            #expect(fast.count == slow.count, "round \(round)")
            for (index, (a, b)) in zip(fast, slow).enumerated() where a != b {
                Issue.record("round \(round) record \(index): fast \(a) slow \(b)")
                break
            }
        }
    }
}
