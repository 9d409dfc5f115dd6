/// Renders diagnostics as GitHub Actions workflow commands, which GitHub shows as annotations
/// on the file and line:
///
/// ```
/// ::error file=batch.csv,line=7,col=1,title=EML002::'pilar.contoso.com' is not an email address: it has no '@'
/// ```
///
/// Warnings use `::warning`. `line` and `col` are omitted when unknown. Property values escape
/// `%`, CR, LF, `:` and `,` (`%25 %0D %0A %3A %2C`); the message escapes `%`, CR and LF. The run
/// ends with the plain summary line, which the Actions log shows as ordinary output.
public struct GitHubRenderer: DiagnosticRenderer, Sendable {
    /// Creates a GitHub Actions renderer.
    public init() {}

    public mutating func beginRun(_ out: inout OutputSink) {}

    public mutating func beginFile(_ file: FileReport, _ out: inout OutputSink) {}

    /// The most bytes of a command besides its texts (each escaped at most three times its
    /// length): the keys and two numbers.
    private static let fixedBound =
        ("::warning file=,line=,col=,title=::\n" as StaticString).utf8CodeUnitCount + 2 * ReservedBytes.decimalBound

    public mutating func diagnostic(_ d: Diagnostic, in file: FileReport, _ out: inout OutputSink) {
        let textCount = file.path.utf8.count + d.code.rawValue.utf8.count + d.message.utf8.count
        // One reservation for the whole command.
        out.writeReserved(atMost: Self.fixedBound + 3 * textCount) { w in
            if d.severity == .error { w.write("::error file=") } else { w.write("::warning file=") }
            withUTF8(of: file.path) { w.writeWorkflowEscaped($0, property: true) }
            if let line = d.location.line {
                w.write(",line=")
                w.writeDecimal(line)
                if let column = d.location.column {
                    w.write(",col=")
                    w.writeDecimal(column)
                }
            }
            w.write(",title=")
            withUTF8(of: d.code.rawValue) { w.writeWorkflowEscaped($0, property: true) }
            w.write("::")
            withUTF8(of: d.message) { w.writeWorkflowEscaped($0, property: false) }
            w.write(byte: UInt8(ascii: "\n"))
        }
    }

    public mutating func endFile(_ file: FileReport, _ out: inout OutputSink) {}

    public mutating func endRun(_ summary: RunSummary, _ out: inout OutputSink) {
        summary.writeSentence(to: &out)
        out.write(byte: UInt8(ascii: "\n"))
    }

    /// Writes `text` with GitHub's workflow-command escaping: `%`, CR and LF always, and `:` and
    /// `,` too when it is a property value.
    static func writeEscaped(_ text: String, property: Bool, to out: inout OutputSink) {
        withUTF8(of: text) { utf8 in
            out.writeReserved(atMost: 3 * utf8.count) { $0.writeWorkflowEscaped(utf8, property: property) }
        }
    }
}

extension ReservedBytes {
    /// Appends UTF-8 text with GitHub's workflow-command escaping (see
    /// ``GitHubRenderer/writeEscaped(_:property:to:)``), at most three bytes per byte.
    ///
    /// Sixteen bytes at a time while none needs escaping (lane arithmetic, which compiles to
    /// vector instructions: a lane's top bit is set where the `xor` with an escaped byte leaves
    /// 0, so 1 less wraps; `~block` keeps bytes from 0x80 up out); the last partial block as
    /// the 16 bytes that end the text; the rest of the text byte by byte from the first block
    /// with such a byte.
    mutating func writeWorkflowEscaped(_ utf8: UnsafeBufferPointer<UInt8>, property: Bool) {
        let done = copyClearBlocks(utf8) { Self.needsWorkflowEscape($0, property: property, from: $1) }
        if done < utf8.count {
            writeWorkflowEscapedByteByByte(UnsafeBufferPointer(rebasing: utf8[done...]), property: property)
        }
    }

    /// Whether a lane of `block` from `from` (0 to 15) on needs escaping.
    @inline(__always)
    private static func needsWorkflowEscape(_ block: SIMD16<UInt8>, property: Bool, from: Int) -> Bool {
        let one = SIMD16<UInt8>(repeating: 1)
        let percent = block ^ SIMD16(repeating: UInt8(ascii: "%"))
        let carriageReturn = block ^ SIMD16(repeating: 0x0D)
        let lineFeed = block ^ SIMD16(repeating: 0x0A)
        var wrapped = (percent &- one) | (carriageReturn &- one) | (lineFeed &- one)
        if property {
            let colon = block ^ SIMD16(repeating: UInt8(ascii: ":"))
            let comma = block ^ SIMD16(repeating: UInt8(ascii: ","))
            wrapped |= (colon &- one) | (comma &- one)
        }
        let words = Self.lanes(wrapped & ~block & SIMD16(repeating: 0x80), from: from)
        return words[0] | words[1] != 0
    }

    /// ``writeWorkflowEscaped(_:property:)`` one byte at a time: its path for short texts and
    /// for the rest of a text from a block with a byte to escape, and the reference its tests
    /// compare it with.
    mutating func writeWorkflowEscapedByteByByte(_ utf8: UnsafeBufferPointer<UInt8>, property: Bool) {
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "%"): write("%25")
            case 0x0D: write("%0D")
            case 0x0A: write("%0A")
            case UInt8(ascii: ":") where property: write("%3A")
            case UInt8(ascii: ",") where property: write("%2C")
            default: write(byte: byte)
            }
        }
    }
}
