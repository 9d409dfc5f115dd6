import CSupport
@testable import CSVCheck
import Testing

/// The tokenizer copies plain records into a block as CSupport's `csvcheck_block_entry`
/// (`csvcheck_plain_records`): its layout must be ``RecordBlock/Entry``'s, field by field.
@Suite("Record block layout")
struct RecordBlockLayoutTests {
    typealias Entry = RecordBlock.Entry
    typealias C = csvcheck_block_entry

    @Test("RecordBlock.Entry and csvcheck_block_entry have the same layout")
    func layoutsAgree() {
        #expect(MemoryLayout<Entry>.stride == MemoryLayout<C>.stride)
        #expect(MemoryLayout<Entry>.alignment == MemoryLayout<C>.alignment)
        let pairs: [(Int?, Int?)] = [
            (MemoryLayout<Entry>.offset(of: \.offset), MemoryLayout<C>.offset(of: \.offset)),
            (MemoryLayout<Entry>.offset(of: \.line), MemoryLayout<C>.offset(of: \.line)),
            (MemoryLayout<Entry>.offset(of: \.rawLength), MemoryLayout<C>.offset(of: \.raw_length)),
            (MemoryLayout<Entry>.offset(of: \.bytesStart), MemoryLayout<C>.offset(of: \.bytes_start)),
            (MemoryLayout<Entry>.offset(of: \.bytesEnd), MemoryLayout<C>.offset(of: \.bytes_end)),
            (MemoryLayout<Entry>.offset(of: \.scratchStart), MemoryLayout<C>.offset(of: \.scratch_start)),
            (MemoryLayout<Entry>.offset(of: \.scratchEnd), MemoryLayout<C>.offset(of: \.scratch_end)),
            (MemoryLayout<Entry>.offset(of: \.spansStart), MemoryLayout<C>.offset(of: \.spans_start)),
            (MemoryLayout<Entry>.offset(of: \.spansEnd), MemoryLayout<C>.offset(of: \.spans_end)),
            (MemoryLayout<Entry>.offset(of: \.fieldCount), MemoryLayout<C>.offset(of: \.field_count)),
            (MemoryLayout<Entry>.offset(of: \.lineCount), MemoryLayout<C>.offset(of: \.line_count)),
            (MemoryLayout<Entry>.offset(of: \.unterminatedField), MemoryLayout<C>.offset(of: \.unterminated_field)),
            (MemoryLayout<Entry>.offset(of: \.terminator), MemoryLayout<C>.offset(of: \.terminator)),
        ]
        for (index, (swift, c)) in pairs.enumerated() {
            #expect(swift != nil && swift == c, "field \(index)")
        }
    }
}
