import CSupport
@testable import CSVCore
import Testing

/// The tokenizer's in-place path (`feed(_:into:whenFull:_:)`, which copies plain records into a
/// block's storage with `csvcheck_plain_records`) against its record-by-record path: the same
/// records, in the same order, with the same spans, offsets, lines and terminators, whatever
/// the chunk sizes and however small the sink's room.
@Suite("Block sink")
struct BlockSinkTests {
    /// A sink over test-owned memory of the given capacities.
    final class Storage {
        let sink = UnsafeMutablePointer<csvcheck_block_sink>.allocate(capacity: 1)
        let bytes: UnsafeMutablePointer<UInt8>
        let spans: UnsafeMutablePointer<csvcheck_span>
        let entries: UnsafeMutablePointer<csvcheck_block_entry>
        let scratch: UnsafeMutablePointer<UInt8>?

        /// With no scratch capacity, the sink has no scratch bytes at all (records with a
        /// doubled quote then go to the handler).
        init(bytes byteCapacity: Int, spans spanCapacity: Int, entries entryCapacity: Int, scratch scratchCapacity: Int) {
            bytes = .allocate(capacity: max(byteCapacity, 1))
            spans = .allocate(capacity: spanCapacity)
            entries = .allocate(capacity: entryCapacity)
            scratch = scratchCapacity > 0 ? .allocate(capacity: scratchCapacity) : nil
            sink.initialize(to: csvcheck_block_sink())
            sink.pointee.scratch = scratch
            sink.pointee.scratch_capacity = Int64(scratchCapacity)
            sink.pointee.bytes = bytes
            sink.pointee.bytes_capacity = Int64(byteCapacity)
            sink.pointee.spans = spans
            sink.pointee.spans_capacity = Int64(spanCapacity)
            sink.pointee.entries = entries
            sink.pointee.entries_capacity = Int64(entryCapacity)
        }

        deinit {
            bytes.deallocate()
            spans.deallocate()
            entries.deallocate()
            scratch?.deallocate()
            sink.deallocate()
        }

        /// Records the test saw through the handler rather than the sink.
        var handed = 0
        /// Records the sink took with unescaped values in its scratch bytes.
        var unescaped = 0

        /// The records copied so far, as the record-by-record path would show them; empties
        /// the sink.
        func drain(into seen: inout [PlainRecordTests.Seen]) {
            let s = sink.pointee
            for index in 0..<Int(s.entries_count) {
                let entry = entries[index]
                let spanBase = UnsafeRawPointer(spans + Int(entry.spans_start)).assumingMemoryBound(to: FieldSpan.self)
                let fields = UnsafeBufferPointer(start: spanBase, count: Int(entry.spans_end - entry.spans_start))
                let record = Record(
                    bytes: UnsafeRawBufferPointer(
                        start: bytes + Int(entry.bytes_start), count: Int(entry.bytes_end - entry.bytes_start)),
                    scratch: UnsafeRawBufferPointer(
                        start: scratch.map { $0 + Int(entry.scratch_start) },
                        count: Int(entry.scratch_end - entry.scratch_start)), fields: fields,
                    fieldCount: Int(entry.field_count), offset: Int(entry.offset), line: Int(entry.line),
                    lineCount: Int(entry.line_count), rawLength: Int(entry.raw_length),
                    terminator: LineTerminator(rawValue: entry.terminator)!,
                    unterminatedField: entry.unterminated_field < 0 ? nil : Int(entry.unterminated_field))
                #expect(entry.scratch_start <= entry.scratch_end && Int64(entry.scratch_end) <= s.scratch_count)
                if entry.scratch_end > entry.scratch_start { unescaped += 1 }
                seen.append(PlainRecordTests.seen(record))
            }
            sink.pointee.entries_count = 0
            sink.pointee.bytes_count = 0
            sink.pointee.spans_count = 0
            sink.pointee.scratch_count = 0
        }
    }

    /// A file of plain records only goes through the sink whole: no record falls back to the
    /// handler (a fallback still gives the right records, only slower, so the differential test
    /// above cannot see one).
    @Test("takes every plain record", arguments: ["\r\n", "\n", "\r"])
    func takesEveryPlainRecord(ending: String) {
        var random = PythonOracleTests.SplitMix64(state: 0x91A1_17)
        let words = [
            "alice", "victoria.griffin3901@contoso.com", "%r<;<Cg+l]QlG6", "True", "", "\"a,b\"", "x", "\"Qu\"\"o,te\"\"\"",
        ]
        var text = ""
        for _ in 0..<3_000 {
            let fields = Int(random.next() % 4) + 1
            let line = (0..<fields).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: ",")
            // (An empty line is a blank record, which the handler takes.)
            text += (line.isEmpty ? "x" : line) + ending
        }
        text += "last,record" + ending + "x"
        let bytes = Array(text.utf8)
        let storage = Storage(bytes: 1 << 20, spans: 1 << 16, entries: 1 << 14, scratch: 1 << 20)
        var seen: [PlainRecordTests.Seen] = []
        var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
        bytes.withUnsafeBytes { all in
            tokenizer.feed(all, into: storage.sink, whenFull: {}) { record in
                storage.drain(into: &seen)
                storage.handed += 1
                seen.append(PlainRecordTests.seen(record))
            }
        }
        storage.drain(into: &seen)
        // Only the last record, which no line break ends, is the handler's.
        tokenizer.finish { record in
            storage.handed += 1
            seen.append(PlainRecordTests.seen(record))
        }
        #expect(seen.count == 3_002)
        #expect(storage.handed == 1)
        #expect(storage.unescaped > 500)
        #expect(seen == PlainRecordTests.records(bytes, chunk: 0, delimiter: UInt8(ascii: ",")))
    }

    @Test("copies the records the handler would get", arguments: [UInt8(ascii: ","), UInt8(ascii: ";")])
    func agreesWithHandler(delimiter: UInt8) {
        var random = PythonOracleTests.SplitMix64(state: 0xB10C_5111)
        var fulls = 0
        var copied = 0
        var unescaped = 0
        for round in 0..<60 {
            let bytes = PlainRecordTests.randomFile(delimiter: delimiter, records: 150, random: &random)
            let expected = PlainRecordTests.records(bytes, chunk: 0, delimiter: delimiter)
            let storage = Storage(
                bytes: Int(random.next() % 3000), spans: Int(random.next() % 120) + 1,
                entries: Int(random.next() % 40) + 1, scratch: random.next() % 5 == 0 ? 0 : Int(random.next() % 600))
            var seen: [PlainRecordTests.Seen] = []
            var tokenizer = CSVTokenizer(delimiter: delimiter, maxRecordBytes: 200)
            let handler: (Record) -> Void = { record in
                storage.drain(into: &seen)
                storage.handed += 1
                seen.append(PlainRecordTests.seen(record))
            }
            bytes.withUnsafeBytes { all in
                var start = 0
                while start < all.count {
                    let size = random.next() % 4 == 0 ? all.count : Int(random.next() % 400) + 1
                    let end = min(start + size, all.count)
                    tokenizer.feed(
                        UnsafeRawBufferPointer(rebasing: all[start..<end]), into: storage.sink,
                        whenFull: {
                            fulls += 1
                            storage.drain(into: &seen)
                        }, handler)
                    start = end
                }
            }
            storage.drain(into: &seen)
            tokenizer.finish(handler)
            #expect(seen.count == expected.count, "round \(round)")
            for (index, (a, b)) in zip(seen, expected).enumerated() where a != b {
                Issue.record("round \(round) record \(index): sink \(a) handler \(b)")
                break
            }
            copied += seen.count - storage.handed
            unescaped += storage.unescaped
        }
        // The sink did its work: it took records, and it filled up now and then.
        #expect(copied > 1000)
        #expect(fulls > 30)
        // Some records with a doubled quote went through the sink, unescaped there.
        #expect(unescaped > 100)
    }
}
