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
    private var spans: [FieldSpan] = []
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
    /// Byte classes: 1 for the delimiter, quote, CR and LF (the bytes that end a run of text).
    private let special: [Bool]

    /// Creates a tokenizer.
    ///
    /// - Parameters:
    ///   - delimiter: the field delimiter (`,`, `;` or TAB for the files csvcheck reads).
    ///   - maxRecordBytes: the safety limit for one record (CSV009); default 64 KiB.
    ///   - startLine: the physical line of the first byte fed (after a preamble, say).
    ///   - startOffset: the absolute offset of the first byte fed.
    public init(
        delimiter: UInt8, maxRecordBytes: Int = 64 * 1024, startLine: Int = 1, startOffset: Int = 0
    ) {
        precondition(delimiter != UInt8(ascii: "\"") && delimiter != 0x0A && delimiter != 0x0D)
        self.delimiter = delimiter
        self.maxRecordBytes = max(maxRecordBytes, 1)
        self.line = startLine
        self.recordLine = startLine
        self.streamOffset = startOffset
        self.recordOffset = startOffset
        var table = [Bool](repeating: false, count: 256)
        for byte in [delimiter, UInt8(ascii: "\""), 0x0A, 0x0D] { table[Int(byte)] = true }
        self.special = table
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
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
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
        special.withUnsafeBufferPointer { table in
            while i < n {
                // Record-relative offset of chunk index `k`.
                @inline(__always) func rel(_ k: Int) -> Int {
                    if let start = recordStartInChunk { return k - start }
                    return carried + k
                }
                switch state {
                case .startRecord:
                    recordStartInChunk = i
                    recordOffset = streamOffset + i
                    recordLine = line
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
                    while i < n, !table[Int(p[i])] { i += 1 }
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
                    while i < n {
                        let c = p[i]
                        if c == UInt8(ascii: "\"") || c == 0x0A || c == 0x0D { break }
                        i += 1
                    }
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
        if !spans.isEmpty {
            for index in spans.indices where spans[index].flags.contains(.unescaped) {
                let (from, to) = unescape(bytes, spans[index])
                spans[index].valueStart = from
                spans[index].valueEnd = to
            }
            if let last = spans.last, last.flags.contains(.unterminated) {
                unterminated = spans.count - 1
            }
        }
        if unterminated == nil, fieldCount > spans.count, state == .quoted {
            unterminated = fieldCount - 1
        }
        let lineCount = line - recordLine
        let record = scratch.withUnsafeBytes { scratchBytes in
            spans.withUnsafeBufferPointer { fieldBuffer in
                Record(
                    bytes: bytes, scratch: scratchBytes, fields: fieldBuffer, fieldCount: fieldCount,
                    offset: recordOffset, line: recordLine, lineCount: max(lineCount, 1),
                    rawLength: rawLength, terminator: terminator, unterminatedField: unterminated)
            }
        }
        handler(record)
        spans.removeAll(keepingCapacity: true)
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
