import CSVCore
@testable import CSVCheck
import Testing

// Where blocks of records end, filled as FileRun fills them (plain records copied in place
// through the tokenizer's sink, the others appended one by one): at RecordBlock.capacity
// records, or once their record bytes reach RecordBlock.byteTarget, so that wide rows do not
// make blocks (and the memory of the few in flight) many times larger.

@Suite("Record block fill")
struct RecordBlockFillTests {
    /// The record count and record bytes of each block handed on, then of the last one.
    static func blocks(of text: String, chunkSize: Int) -> [(count: Int, bytes: Int)] {
        var block = RecordBlock()
        let sink = SinkStorage()
        var sizes: [(count: Int, bytes: Int)] = []
        func size(_ block: RecordBlock) -> (count: Int, bytes: Int) {
            block.withView { view in (block.count, (0..<block.count).reduce(0) { $0 + view.record($1).bytes.count }) }
        }
        func handOn() {
            sizes.append(size(block))
            block = RecordBlock()
        }
        var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
        block.exportSink(sink.pointer)
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = min(start + chunkSize, all.count)
                tokenizer.feed(
                    UnsafeRawBufferPointer(rebasing: all[start..<end]), into: sink.pointer,
                    whenFull: {
                        block.adoptSink(sink.pointer)
                        handOn()
                        block.exportSink(sink.pointer)
                    }
                ) { record in
                    block.adoptSink(sink.pointer)
                    block.append(record)
                    if block.isFull { handOn() }
                    block.exportSink(sink.pointer)
                }
                start = end
            }
        }
        block.adoptSink(sink.pointer)
        tokenizer.finish { record in
            block.append(record)
            if block.isFull { handOn() }
        }
        sizes.append(size(block))
        return sizes
    }

    /// `rows` rows of `width` bytes and a line feed each.
    static func rows(_ rows: Int, width: Int) -> String {
        (0..<rows).map { index in
            let head = "u\(index)@contoso.com,Pw\(index)#x,True,"
            return head + String(repeating: "n", count: width - head.utf8.count)
        }.joined(separator: "\n") + "\n"
    }

    /// Rows of the usual width fill blocks to their record capacity; rows ten times as wide
    /// fill them to the byte target (never a row past it); no row is lost either way.
    @Test(arguments: [(rows: 20_000, width: 60), (rows: 6_000, width: 600), (rows: 3_000, width: 2_000)])
    func blocksEndAtTheirCapacityOrTheirByteTarget(rows: Int, width: Int) {
        for chunkSize in [4_096, 256 * 1024] {
            let sizes = Self.blocks(of: Self.rows(rows, width: width), chunkSize: chunkSize)
            #expect(sizes.reduce(0) { $0 + $1.count } == rows, "chunks of \(chunkSize)")
            for size in sizes.dropLast() {
                if width * RecordBlock.capacity < RecordBlock.byteTarget {
                    #expect(size.count == RecordBlock.capacity, "chunks of \(chunkSize)")
                } else {
                    #expect(size.count < RecordBlock.capacity, "chunks of \(chunkSize)")
                    #expect(size.bytes >= RecordBlock.byteTarget && size.bytes < RecordBlock.byteTarget + width, "chunks of \(chunkSize): \(size)")
                }
            }
            #expect(sizes.count > 1)
        }
    }
}
