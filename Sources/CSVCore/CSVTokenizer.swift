import CSupport

/// An RFC 4180 tokenizer: a push state machine over UTF-8 bytes.
///
/// Feed it chunks of any size; it calls your handler once per record with a ``Record`` view
/// whose fields carry raw offsets, and flags oddities (a stray quote, an unterminated quote, a
/// record over the size limit) instead of failing. It accepts CRLF, LF and a lone CR as line
/// breaks, quoted fields with `""` escapes and embedded line breaks, and reads values exactly
/// as Python's `csv` module does with its default dialect, which the test suite checks.
///
/// A record that lies whole inside a chunk is handed over without copying; only a record cut
/// by a chunk boundary is copied, and at most `maxRecordBytes` of it, so memory stays bounded
/// whatever the input.
///
/// ```swift
/// var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
/// tokenizer.feed(chunk) { record in print(record.fieldCount) }
/// tokenizer.finish { record in print(record.fieldCount) }
/// ```
public struct CSVTokenizer {
    /// The field delimiter.
    public let delimiter: UInt8
    /// Records longer than this (terminator excluded) are truncated and flagged.
    public let maxRecordBytes: Int

    private enum State: UInt8 {
        case startRecord, startField, unquoted, quoted, quoteInQuoted, pendingCR
    }

    private var state: State = .startRecord
    /// Bytes of the record in progress that arrived in earlier chunks (at most the limit).
    private var pending: [UInt8] = []
    /// Raw length of the record in progress counted from its first byte up to the current
    /// chunk's first byte, when the record started in an earlier chunk.
    private var carried = 0
    private var spans = SpanBuffer()
    private var scratch: [UInt8] = []
    private var fieldCount = 0
    private var fieldStart = 0
    private var fieldFlags: FieldSpan.Flags = []
    private var problemAt = -1
    private var truncated = false
    /// Absolute offset of the current chunk's first byte.
    private var streamOffset: Int
    /// Absolute offset of the record in progress.
    private var recordOffset: Int
    /// Current physical line (1-based) at the scan position.
    private var line: Int
    private var recordLine: Int
    /// Absolute offset of the last carriage return seen inside a quoted field.
    private var lastQuotedCR = -2
    private var pendingRawLength = 0

    /// Creates a tokenizer.
    ///
    /// - Parameters:
    ///   - delimiter: the field delimiter (`,`, `;` or TAB for the files csvcheck reads).
    ///   - maxRecordBytes: the safety limit for one record (CSV009); default 64 KiB, at most
    ///     1 GiB (field offsets are 32-bit).
    ///   - startLine: the physical line of the first byte fed (after a preamble, say).
    ///   - startOffset: the absolute offset of the first byte fed.
    public init(
        delimiter: UInt8, maxRecordBytes: Int = 64 * 1024, startLine: Int = 1, startOffset: Int = 0
    ) {
        precondition(delimiter != UInt8(ascii: "\"") && delimiter != 0x0A && delimiter != 0x0D)
        self.delimiter = delimiter
        self.maxRecordBytes = min(max(maxRecordBytes, 1), Int(Int32.max) / 2)
        self.line = startLine
        self.recordLine = startLine
        self.streamOffset = startOffset
        self.recordOffset = startOffset
    }

    /// The physical line the next byte fed will be on.
    public var currentLine: Int { line }

    /// Feeds the next chunk of input.
    ///
    /// - Parameters:
    ///   - chunk: bytes of any length, continuing where the previous chunk stopped.
    ///   - handler: called for each record completed inside this chunk.
    /// - Complexity: O(`chunk.count`), plus a copy of the trailing incomplete record.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ handler: (Record) -> Void) {
        feed(chunk, into: nil, whenFull: {}, handler)
    }

    /// Feeds the next chunk, copying the plain records (one line, plain or simply-quoted
    /// fields, whole in the chunk) straight into `sink`, a block's raw storage, with CSupport's
    /// `csvcheck_plain_records`; every other record goes to `handler` as with
    /// ``feed(_:_:)``, in order. The sink's counts are the block's own while this runs: the
    /// handler must take them over before it touches the block, and hand them back after.
    ///
    /// - Parameters:
    ///   - sink: the block's storage, or nil to hand every record to `handler`.
    ///   - whenFull: called when the sink has no room for another record; it must make room
    ///     (hand the block on, say, and point the sink at an empty one).
    package mutating func feed(
        _ chunk: UnsafeRawBufferPointer, into sink: UnsafeMutablePointer<csvcheck_block_sink>?, whenFull: () -> Void,
        _ handler: (Record) -> Void
    ) {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        if !isKnownUniquelyReferenced(&spans) { spans = spans.clone() }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = chunk.count
        var i = 0
        if state == .pendingCR {
            let terminator: LineTerminator
            if p[0] == 0x0A {
                terminator = .crlf
                i = 1
            } else {
                terminator = .cr
            }
            emitPending(terminator: terminator, handler)
            state = .startRecord
            if i == n {
                streamOffset += n
                return
            }
        }
        // Where the record in progress starts in this chunk; nil while it began earlier.
        var recordStartInChunk: Int? = state == .startRecord ? i : nil
        let delim = delimiter
        var scanner = SpecialScanner(p, n, delimiter: delim)
        do {
            while i < n {
                // Record-relative offset of chunk index `k`.
                @inline(__always) func rel(_ k: Int) -> Int {
                    if let start = recordStartInChunk { return k - start }
                    return carried + k
                }
                switch state {
                case .startRecord:
                    if let sink {
                        sink.pointee.stream_offset = Int64(streamOffset)
                        sink.pointee.line = Int64(line)
                        let next = Int(
                            truncatingIfNeeded: csvcheck_plain_records(&scanner.state, Int64(i), Int64(maxRecordBytes), sink))
                        line = Int(truncatingIfNeeded: sink.pointee.line)
                        if sink.pointee.entries_count >= sink.pointee.entries_capacity {
                            // The block is full: once it is handed on, copy on from `next`.
                            i = next
                            recordStartInChunk = i
                            whenFull()
                            continue
                        }
                        if next != i {
                            i = next
                            recordStartInChunk = i
                            continue
                        }
                        // A record of another kind (or too large for the room left): read below.
                    }
                    recordStartInChunk = i
                    recordOffset = streamOffset + i
                    recordLine = line
                    if let next = plainRecord(p, n, from: i, scanner: &scanner, handler) {
                        i = next
                        recordStartInChunk = i
                        continue
                    }
                    if let next = fastRecord(p, n, from: i, delimiter: delim, scanner: &scanner, handler) {
                        i = next
                        recordStartInChunk = i
                        continue
                    }
                    let c = p[i]
                    if c == 0x0A || c == 0x0D {
                        // A blank line: a record with no field.
                        i = endRecord(p, n, at: i, start: i, handler)
                        recordStartInChunk = i
                        continue
                    }
                    state = .startField
                case .startField:
                    let c = p[i]
                    fieldStart = rel(i)
                    if c == UInt8(ascii: "\"") {
                        fieldFlags = .quoted
                        state = .quoted
                        i += 1
                    } else if c == delim {
                        endField(at: rel(i))
                        i += 1
                    } else if c == 0x0A || c == 0x0D {
                        endField(at: rel(i))
                        i = finishRecord(p, n, at: i, recordStartInChunk, handler)
                        recordStartInChunk = i
                    } else {
                        state = .unquoted
                        i += 1
                    }
                case .unquoted:
                    i = Self.nextSpecial(p, from: i, n, delimiter: delim)
                    if i == n { break }
                    let c = p[i]
                    if c == delim {
                        endField(at: rel(i))
                        state = .startField
                        i += 1
                    } else if c == UInt8(ascii: "\"") {
                        if problemAt < 0 { problemAt = rel(i) }
                        fieldFlags.insert(.strayQuote)
                        i += 1
                    } else {
                        endField(at: rel(i))
                        i = finishRecord(p, n, at: i, recordStartInChunk, handler)
                        recordStartInChunk = i
                    }
                case .quoted:
                    i = Self.nextQuoteOrBreak(p, from: i, n)
                    if i == n { break }
                    let c = p[i]
                    if c == UInt8(ascii: "\"") {
                        state = .quoteInQuoted
                    } else if c == 0x0D {
                        line += 1
                        lastQuotedCR = streamOffset + i
                        fieldFlags.insert(.multiline)
                    } else {
                        if lastQuotedCR != streamOffset + i - 1 { line += 1 }
                        fieldFlags.insert(.multiline)
                    }
                    i += 1
                case .quoteInQuoted:
                    let c = p[i]
                    if c == UInt8(ascii: "\"") {
                        fieldFlags.insert(.escapedQuote)
                        state = .quoted
                        i += 1
                    } else if c == delim {
                        endField(at: rel(i))
                        state = .startField
                        i += 1
                    } else if c == 0x0A || c == 0x0D {
                        endField(at: rel(i))
                        i = finishRecord(p, n, at: i, recordStartInChunk, handler)
                        recordStartInChunk = i
                    } else {
                        if problemAt < 0 { problemAt = rel(i) }
                        fieldFlags.insert(.textAfterQuote)
                        state = .unquoted
                        i += 1
                    }
                case .pendingCR:
                    // Only reached when a chunk ended on a CR; handled at the next feed.
                    i = n
                }
            }
        }
        // Keep the incomplete record for the next chunk.
        switch state {
        case .startRecord:
            break
        case .pendingCR:
            break
        default:
            let from = recordStartInChunk ?? 0
            if recordStartInChunk != nil { carried = 0 }
            appendPending(p + from, count: n - from)
            carried += n - from
        }
        streamOffset += n
    }

    /// Ends the input: completes the last record, which may lack a line break or a closing
    /// quote.
    ///
    /// - Parameter handler: called for the last record, if any.
    public mutating func finish(_ handler: (Record) -> Void) {
        if !isKnownUniquelyReferenced(&spans) { spans = spans.clone() }
        switch state {
        case .startRecord:
            return
        case .pendingCR:
            emitPending(terminator: .cr, handler)
        case .startField, .unquoted, .quoteInQuoted:
            if state == .startField { fieldStart = carried }
            endField(at: carried)
            pendingRawLength = carried
            emitPending(terminator: .none, handler)
        case .quoted:
            fieldFlags.insert(.unterminated)
            endField(at: carried)
            pendingRawLength = carried
            emitPending(terminator: .none, handler)
        }
        state = .startRecord
        carried = 0
    }

    // MARK: - The fast paths

    /// Reads a record of the common kind (one line, plain or simply-quoted fields, whole inside
    /// this chunk) with CSupport's `csvcheck_plain_record`, and hands it over. Returns the index
    /// after its line break, or `nil` (having changed nothing) for any other record, which
    /// ``fastRecord(_:_:from:delimiter:scanner:_:)`` or the state machine then reads.
    @inline(__always)
    private mutating func plainRecord(
        _ p: UnsafePointer<UInt8>, _ n: Int, from start: Int, scanner: inout SpecialScanner, _ handler: (Record) -> Void
    ) -> Int? {
        let limit = min(n, start + maxRecordBytes)
        var end = csvcheck_record_end()
        let fields = UnsafeMutableRawPointer(spans.base).withMemoryRebound(to: csvcheck_span.self, capacity: spans.capacity) {
            csvcheck_plain_record(&scanner.state, Int64(start), Int64(limit), $0, Int64(spans.capacity), &end)
        }
        guard fields > 0 else { return nil }
        spans.count = Int(fields)
        fieldCount = Int(fields)
        line += 1
        let recordEnd = Int(truncatingIfNeeded: end.end)
        emitPlain(
            bytes: UnsafeRawBufferPointer(start: p + start, count: recordEnd - start),
            terminator: LineTerminator(rawValue: end.terminator) ?? .lf, lineCount: 1, handler)
        return Int(truncatingIfNeeded: end.next)
    }

    // MARK: - The general fast path

    /// Reads a whole record that starts at `start` and ends inside this chunk, in one tight loop
    /// over plain and simply-quoted fields, and hands it over. Returns the index after its line
    /// break, or `nil` (having changed nothing) when the record needs the general state machine:
    /// it reaches the end of the chunk, is blank, is over the size limit, or has a stray quote or
    /// text after a closing quote.
    @inline(__always)
    private mutating func fastRecord(
        _ p: UnsafePointer<UInt8>, _ n: Int, from start: Int, delimiter: UInt8, scanner: inout SpecialScanner,
        _ handler: (Record) -> Void
    ) -> Int? {
        let first = p[start]
        if first == 0x0A || first == 0x0D { return nil }
        let limit = min(n, start + maxRecordBytes)
        var j = start
        var lines = 0
        var fields = 0
        var anyUnescaped = false
        var lastCR = -2
        while true {
            let fieldBegin = j
            var flags: FieldSpan.Flags = []
            var valueStart = fieldBegin
            var valueEnd: Int
            if j < limit, p[j] == UInt8(ascii: "\"") {
                flags = .quoted
                j += 1
                valueStart = j
                while true {
                    j = Self.nextQuoteOrBreak(p, from: j, limit)
                    if j >= limit { return abandon(fields) }
                    let c = p[j]
                    if c == UInt8(ascii: "\"") {
                        if j + 1 >= limit { return abandon(fields) }
                        if p[j + 1] == UInt8(ascii: "\"") {
                            flags.insert(.escapedQuote)
                            j += 2
                            continue
                        }
                        valueEnd = j
                        j += 1
                        break
                    }
                    flags.insert(.multiline)
                    if c == 0x0D {
                        lines += 1
                        lastCR = j
                    } else if lastCR != j - 1 {
                        lines += 1
                    }
                    j += 1
                }
                if j >= limit { return abandon(fields) }
                let after = p[j]
                if after != delimiter && after != 0x0A && after != 0x0D { return abandon(fields) }
            } else {
                j = scanner.next(from: j, limit: limit)
                if j >= limit || p[j] == UInt8(ascii: "\"") { return abandon(fields) }
                valueEnd = j
            }
            // Offsets inside one record, which `limit` keeps under `maxRecordBytes` (< 2^31).
            var span = FieldSpan(
                start: Int32(truncatingIfNeeded: fieldBegin &- start), end: Int32(truncatingIfNeeded: j &- start),
                valueStart: Int32(truncatingIfNeeded: valueStart &- start),
                valueEnd: Int32(truncatingIfNeeded: valueEnd &- start), problemAt: -1, flags: flags)
            if flags.contains(.escapedQuote) {
                span.flags.insert(.unescaped)
                anyUnescaped = true
            }
            spans.append(span)
            fields += 1
            let c = p[j]
            if c == delimiter {
                j += 1
                continue
            }
            // A line break ends the record.
            let terminator: LineTerminator
            var next = j + 1
            if c == 0x0D {
                if j + 1 >= n { return abandon(fields) }
                if p[j + 1] == 0x0A {
                    terminator = .crlf
                    next = j + 2
                } else {
                    terminator = .cr
                }
            } else {
                terminator = .lf
            }
            fieldCount = fields
            line += lines + 1
            if anyUnescaped {
                emit(
                    bytes: UnsafeRawBufferPointer(start: p + start, count: j - start), rawLength: j - start,
                    terminator: terminator, handler)
            } else {
                emitPlain(
                    bytes: UnsafeRawBufferPointer(start: p + start, count: j - start), terminator: terminator,
                    lineCount: lines + 1, handler)
            }
            return next
        }
    }

    /// Undoes a fast-path attempt that kept `fields` spans.
    @inline(__always)
    private mutating func abandon(_ fields: Int) -> Int? {
        spans.count = 0
        return nil
    }

    /// Hands over a record whose values all lie in its bytes.
    @inline(__always)
    private mutating func emitPlain(
        bytes: UnsafeRawBufferPointer, terminator: LineTerminator, lineCount: Int, _ handler: (Record) -> Void
    ) {
        handler(
            Record(
                bytes: bytes, scratch: UnsafeRawBufferPointer(start: nil, count: 0), fields: spans.buffer,
                fieldCount: fieldCount, offset: recordOffset, line: recordLine, lineCount: lineCount,
                rawLength: bytes.count, terminator: terminator, unterminatedField: nil))
        spans.count = 0
        fieldCount = 0
    }

    /// The index of the next delimiter, quote, CR or LF at or after `from`, or `n`. Eight bytes
    /// at a time: a word has such a byte when one of three zero-byte tests fires (equal to the
    /// delimiter, equal to a quote, below 0x0E); the lowest firing byte of each test is exact,
    /// and a control byte below 0x0E that is none of them is skipped.
    @inline(__always)
    static func nextSpecial(
        _ p: UnsafePointer<UInt8>, from: Int, _ n: Int, delimiter: UInt8
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let delimiters = ones &* UInt64(delimiter)
        let quotes = ones &* 0x22
        var i = from
        while i + 8 <= n {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let d = w ^ delimiters
            let q = w ^ quotes
            let m = (((d &- ones) & ~d) | ((q &- ones) & ~q) | ((w &- ones &* 0x0E) & ~w)) & high
            if m != 0 {
                let k = i + m.trailingZeroBitCount >> 3
                let c = p[k]
                if c == delimiter || c == 0x22 || c == 0x0A || c == 0x0D { return k }
                i = k + 1
                continue
            }
            i += 8
        }
        while i < n {
            let c = p[i]
            if c == delimiter || c == 0x22 || c == 0x0A || c == 0x0D { return i }
            i += 1
        }
        return n
    }

    /// The index of the next quote, CR or LF at or after `from`, or `n` (as ``nextSpecial``).
    @inline(__always)
    static func nextQuoteOrBreak(_ p: UnsafePointer<UInt8>, from: Int, _ n: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quotes = ones &* 0x22
        var i = from
        while i + 8 <= n {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let q = w ^ quotes
            let m = (((q &- ones) & ~q) | ((w &- ones &* 0x0E) & ~w)) & high
            if m != 0 {
                let k = i + m.trailingZeroBitCount >> 3
                let c = p[k]
                if c == 0x22 || c == 0x0A || c == 0x0D { return k }
                i = k + 1
                continue
            }
            i += 8
        }
        while i < n {
            let c = p[i]
            if c == 0x22 || c == 0x0A || c == 0x0D { return i }
            i += 1
        }
        return n
    }

    // MARK: - Fields and records

    private mutating func endField(at endOffset: Int) {
        fieldCount += 1
        if !truncated, endOffset > maxRecordBytes {
            truncated = true
        }
        if !truncated {
            let start = Int32(fieldStart)
            let end = Int32(endOffset)
            var span = FieldSpan(
                start: start, end: end, valueStart: start, valueEnd: end,
                problemAt: Int32(problemAt), flags: fieldFlags)
            if fieldFlags.contains(.quoted) {
                if fieldFlags.contains(.escapedQuote) || fieldFlags.contains(.textAfterQuote) {
                    span.flags.insert(.unescaped)  // resolved when the record is emitted
                } else {
                    span.valueStart = start + 1
                    span.valueEnd = fieldFlags.contains(.unterminated) ? end : end - 1
                }
            }
            spans.append(span)
        }
        fieldFlags = []
        problemAt = -1
    }

    /// Ends the record at the line break at `i`; returns the index after the break.
    private mutating func finishRecord(
        _ p: UnsafePointer<UInt8>, _ n: Int, at i: Int, _ startInChunk: Int?,
        _ handler: (Record) -> Void
    ) -> Int {
        if let start = startInChunk {
            return endRecord(p, n, at: i, start: start, handler)
        }
        // The record began in an earlier chunk: complete the pending copy.
        appendPending(p, count: i)
        pendingRawLength = carried + i
        carried = 0
        line += 1
        if p[i] == 0x0D {
            if i + 1 < n {
                let crlf = p[i + 1] == 0x0A
                emitPending(terminator: crlf ? .crlf : .cr, handler)
                state = .startRecord
                return i + (crlf ? 2 : 1)
            }
            state = .pendingCR
            return n
        }
        emitPending(terminator: .lf, handler)
        state = .startRecord
        return i + 1
    }

    /// Ends a record that lies whole in this chunk, from `start` to the line break at `i`.
    private mutating func endRecord(
        _ p: UnsafePointer<UInt8>, _ n: Int, at i: Int, start: Int, _ handler: (Record) -> Void
    ) -> Int {
        line += 1
        let terminator: LineTerminator
        var next = i + 1
        if p[i] == 0x0D {
            if i + 1 < n {
                if p[i + 1] == 0x0A {
                    terminator = .crlf
                    next = i + 2
                } else {
                    terminator = .cr
                }
            } else {
                // Cannot tell CR from CRLF yet: keep the record until the next byte arrives.
                pending.removeAll(keepingCapacity: true)
                appendPending(p + start, count: i - start)
                pendingRawLength = i - start
                state = .pendingCR
                return n
            }
        } else {
            terminator = .lf
        }
        let rawLength = i - start
        emit(
            bytes: UnsafeRawBufferPointer(start: p + start, count: min(rawLength, maxRecordBytes)),
            rawLength: rawLength, terminator: terminator, handler)
        state = .startRecord
        return next
    }

    private mutating func appendPending(_ p: UnsafePointer<UInt8>, count: Int) {
        let room = maxRecordBytes - pending.count
        if room > 0 {
            pending.append(contentsOf: UnsafeBufferPointer(start: p, count: min(room, count)))
        }
    }

    private mutating func emitPending(terminator: LineTerminator, _ handler: (Record) -> Void) {
        var taken: [UInt8] = []
        swap(&taken, &pending)
        taken.withUnsafeBytes { bytes in
            emit(bytes: bytes, rawLength: pendingRawLength, terminator: terminator, handler)
        }
        taken.removeAll(keepingCapacity: true)
        pending = taken
    }

    private mutating func emit(
        bytes: UnsafeRawBufferPointer, rawLength: Int, terminator: LineTerminator,
        _ handler: (Record) -> Void
    ) {
        var unterminated: Int?
        let kept = spans.count
        if kept > 0 {
            let base = spans.base
            for index in 0..<kept where base[index].flags.contains(.unescaped) {
                let (from, to) = unescape(bytes, base[index])
                base[index].valueStart = from
                base[index].valueEnd = to
            }
            if base[kept - 1].flags.contains(.unterminated) {
                unterminated = kept - 1
            }
        }
        if unterminated == nil, fieldCount > spans.count, state == .quoted {
            unterminated = fieldCount - 1
        }
        let lineCount = line - recordLine
        let fieldBuffer = spans.buffer
        scratch.withUnsafeBytes { scratchBytes in
            handler(
                Record(
                    bytes: bytes, scratch: scratchBytes, fields: fieldBuffer, fieldCount: fieldCount,
                    offset: recordOffset, line: recordLine, lineCount: max(lineCount, 1),
                    rawLength: rawLength, terminator: terminator, unterminatedField: unterminated))
        }
        spans.count = 0
        scratch.removeAll(keepingCapacity: true)
        fieldCount = 0
        truncated = false
    }

    /// Writes the value of a quoted field with `""` or trailing text into `scratch`.
    private mutating func unescape(_ bytes: UnsafeRawBufferPointer, _ span: FieldSpan) -> (Int32, Int32) {
        let from = Int32(scratch.count)
        var i = Int(span.start) + 1
        let end = min(Int(span.end), bytes.count)
        var inQuotes = true
        while i < end {
            let c = bytes[i]
            if inQuotes, c == UInt8(ascii: "\"") {
                if i + 1 < end, bytes[i + 1] == UInt8(ascii: "\"") {
                    scratch.append(c)
                    i += 2
                    continue
                }
                inQuotes = false
                i += 1
                continue
            }
            scratch.append(c)
            i += 1
        }
        return (from, Int32(scratch.count))
    }
}
