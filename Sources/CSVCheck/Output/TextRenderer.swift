/// Renders diagnostics in the compiler convention, for people, terminals and editors.
///
/// ```
/// batch.csv:7:1: error[EML002]: 'pilar.contoso.com' is not an email address: it has no '@'
///    |
///  7 | pilar.contoso.com,********,False
///    |
///    = help: use the on-premises primary SMTP address, e.g. pilarp@contoso.com
/// ```
///
/// The location is `path:line:column`, `path:line` without a column, or `path` alone without a
/// line. The excerpt block appears only when the diagnostic has an excerpt, the help line only
/// when it has help; the gutter is as wide as the line number. A diagnostic with a block is
/// followed by a blank line. The run ends with one summary line, e.g.
/// `3 files, 4,512 rows: 2 errors, 5 warnings`.
///
/// Control characters in paths, messages and excerpts are shown as Unicode control pictures
/// (`␛` for ESC), so a hostile file cannot drive the terminal; a TAB stays a TAB.
public struct TextRenderer: DiagnosticRenderer, Sendable {
    /// Whether to use ANSI colour: bold red `error`, bold yellow `warning`, bold location, blue
    /// gutter.
    public var color: Bool
    /// Whether to draw a `^` under the column in the excerpt's closing gutter line.
    ///
    /// Off by default, which keeps the exact layout of DESIGN.md. The caret is drawn only when
    /// the excerpt before the column is printable ASCII (TABs are copied), where its position on
    /// screen is certain; otherwise the line stays bare.
    public var caret: Bool

    /// Creates a text renderer.
    public init(color: Bool = false, caret: Bool = false) {
        self.color = color
        self.caret = caret
    }

    public mutating func beginRun(_ out: inout OutputSink) {}

    public mutating func beginFile(_ file: FileReport, _ out: inout OutputSink) {}

    /// The most bytes of a diagnostic besides its texts (each written at most three times its
    /// length, see ``ReservedBytes/writeShowable(_:)``), its gutters and its caret: colours,
    /// punctuation, three numbers.
    private static let fixedBound = 256

    public mutating func diagnostic(_ d: Diagnostic, in file: FileReport, _ out: inout OutputSink) {
        let path = file.path == "-" ? "<stdin>" : file.path
        let location = d.location
        let hasBlock = d.excerpt != nil || d.help != nil
        let gutter = hasBlock ? Self.digitCount(location.line ?? 0) + 2 : 0
        var padding: [UInt8]?
        if caret, let excerpt = d.excerpt, let column = location.column {
            padding = Self.caretPadding(excerpt, column: column)
        }
        let textCount =
            path.utf8.count + d.message.utf8.count + (d.excerpt?.utf8.count ?? 0) + (d.help?.utf8.count ?? 0)
        let bound =
            Self.fixedBound + 3 * textCount + d.code.rawValue.utf8.count + 3 * gutter + (padding?.count ?? 0)
        // One reservation for the whole diagnostic, written in the order of the lines.
        out.writeReserved(atMost: bound) { w in
            // Location.
            if color { w.write(ANSI.bold) }
            withUTF8(of: path) { w.writeShowable($0) }
            if let line = location.line {
                w.write(byte: UInt8(ascii: ":"))
                w.writeDecimal(line)
                if let column = location.column {
                    w.write(byte: UInt8(ascii: ":"))
                    w.writeDecimal(column)
                }
            }
            w.write(byte: UInt8(ascii: ":"))
            if color { w.write(ANSI.reset) }
            w.write(byte: UInt8(ascii: " "))

            // Severity and code.
            if color { w.write(d.severity == .error ? ANSI.boldRed : ANSI.boldYellow) }
            if d.severity == .error { w.write("error[") } else { w.write("warning[") }
            withUTF8(of: d.code.rawValue) { w.write(bytes: $0) }
            w.write(byte: UInt8(ascii: "]"))
            if color { w.write(ANSI.reset) }
            w.write(": ")
            withUTF8(of: d.message) { w.writeShowable($0) }
            w.write(byte: UInt8(ascii: "\n"))

            guard hasBlock else { return }
            if let excerpt = d.excerpt {
                writeGutter(width: gutter, to: &w)
                w.write(byte: UInt8(ascii: "\n"))
                if color { w.write(ANSI.boldBlue) }
                w.write(byte: UInt8(ascii: " "))
                if let line = location.line { w.writeDecimal(line) } else { w.write(byte: UInt8(ascii: " ")) }
                w.write(" |")
                if color { w.write(ANSI.reset) }
                if !excerpt.isEmpty {
                    w.write(byte: UInt8(ascii: " "))
                    withUTF8(of: excerpt) { w.writeShowable($0) }
                }
                w.write(byte: UInt8(ascii: "\n"))
                writeGutter(width: gutter, to: &w)
                if let padding {
                    w.write(byte: UInt8(ascii: " "))
                    padding.withUnsafeBufferPointer { w.write(bytes: $0) }
                    if color { w.write(d.severity == .error ? ANSI.boldRed : ANSI.boldYellow) }
                    w.write(byte: UInt8(ascii: "^"))
                    if color { w.write(ANSI.reset) }
                }
                w.write(byte: UInt8(ascii: "\n"))
            }
            if let help = d.help {
                w.write(byte: UInt8(ascii: " "), count: gutter)
                if color { w.write(ANSI.boldBlue) }
                w.write(byte: UInt8(ascii: "="))
                if color { w.write(ANSI.reset) }
                w.write(" help: ")
                withUTF8(of: help) { w.writeShowable($0) }
                w.write(byte: UInt8(ascii: "\n"))
            }
            w.write(byte: UInt8(ascii: "\n"))
        }
    }

    public mutating func endFile(_ file: FileReport, _ out: inout OutputSink) {}

    public mutating func endRun(_ summary: RunSummary, _ out: inout OutputSink) {
        if color { out.write(ANSI.bold) }
        summary.writeSentence(to: &out)
        if color { out.write(ANSI.reset) }
        out.write(byte: UInt8(ascii: "\n"))
    }

    // MARK: Pieces

    private func writeGutter(width: Int, to w: inout ReservedBytes) {
        if color { w.write(ANSI.boldBlue) }
        w.write(byte: UInt8(ascii: " "), count: width)
        w.write(byte: UInt8(ascii: "|"))
        if color { w.write(ANSI.reset) }
    }

    static func digitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value.magnitude / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }

    /// The bytes that put a caret under `column` (1-based, in Unicode scalars): a space for each
    /// scalar before it and a TAB for each TAB; `nil` unless everything before the column is
    /// printable ASCII or TAB and the column is within the excerpt or just past its end.
    static func caretPadding(_ excerpt: String, column: Int) -> [UInt8]? {
        guard column >= 1 else { return nil }
        var padding: [UInt8] = []
        padding.reserveCapacity(column - 1)
        var scalars = excerpt.unicodeScalars.makeIterator()
        for _ in 1..<column {
            guard let scalar = scalars.next() else { return nil }
            switch scalar.value {
            case 0x09: padding.append(0x09)
            case 0x20...0x7E: padding.append(0x20)
            default: return nil
            }
        }
        return padding
    }

    /// Writes text with C0 controls (except TAB), DEL and C1 controls replaced by visible
    /// symbols: U+2400 + c for C0, U+2421 for DEL, U+FFFD for C1.
    static func writeSafe(_ text: String, to out: inout OutputSink) {
        withUTF8(of: text) { utf8 in
            out.writeReserved(atMost: 3 * utf8.count) { $0.writeShowable(utf8) }
        }
    }
}

extension ReservedBytes {
    /// Appends UTF-8 text as ``TextRenderer/writeSafe(_:to:)`` shows it, at most three bytes per
    /// byte: a C0 control (except TAB) becomes U+2400 + c, DEL U+2421, a C1 control U+FFFD,
    /// each three bytes.
    ///
    /// Sixteen bytes at a time while none is a control, DEL or the lead byte 0xC2 of a C1
    /// control (lane arithmetic, which compiles to vector instructions: a lane's top bit is set
    /// for a byte below 0x20, whose difference wraps, unless it is TAB, or for DEL or 0xC2,
    /// whose `xor` leaves 0); the last partial block as the 16 bytes that end the text; the rest
    /// of the text byte by byte from the first block with such a byte.
    mutating func writeShowable(_ utf8: UnsafeBufferPointer<UInt8>) {
        let done = copyClearBlocks(utf8) { Self.needsShowing($0, from: $1) }
        if done < utf8.count { writeShowableByteByByte(UnsafeBufferPointer(rebasing: utf8[done...])) }
    }

    /// Whether a lane of `block` from `from` (0 to 15) on is a control other than TAB, DEL, or
    /// the lead byte 0xC2 of a C1 control.
    @inline(__always)
    private static func needsShowing(_ block: SIMD16<UInt8>, from: Int) -> Bool {
        let one = SIMD16<UInt8>(repeating: 1)
        let tab = block ^ SIMD16(repeating: 0x09)
        let delete = block ^ SIMD16(repeating: 0x7F)
        let lead = block ^ SIMD16(repeating: 0xC2)
        let control = (block &- SIMD16(repeating: 0x20)) & ~block & ~((tab &- one) & ~tab)
        let flagged = (control | ((delete &- one) & ~delete) | ((lead &- one) & ~lead)) & SIMD16(repeating: 0x80)
        let words = Self.lanes(flagged, from: from)
        return words[0] | words[1] != 0
    }

    /// ``writeShowable(_:)`` one byte at a time: its path for short texts and for the rest of a
    /// text from a block with a byte to replace, and the reference its tests compare it with.
    /// `utf8` must not start inside a character (the text is valid UTF-8).
    mutating func writeShowableByteByByte(_ utf8: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            if byte < 0x20, byte != 0x09 {
                // U+2400 + byte.
                write(byte: 0xE2)
                write(byte: 0x90)
                write(byte: 0x80 | byte)
            } else if byte == 0x7F {
                // U+2421.
                write(byte: 0xE2)
                write(byte: 0x90)
                write(byte: 0xA1)
            } else if byte == 0xC2, index + 1 < count, utf8[index + 1] < 0xA0 {
                // A C1 control, U+0080 to U+009F: U+FFFD.
                write(byte: 0xEF)
                write(byte: 0xBF)
                write(byte: 0xBD)
                index += 1
            } else {
                write(byte: byte)
            }
            index += 1
        }
    }
}

/// ANSI escape sequences used by the text renderers.
enum ANSI {
    static let reset: StaticString = "\u{1B}[0m"
    static let bold: StaticString = "\u{1B}[1m"
    static let boldRed: StaticString = "\u{1B}[1;31m"
    static let boldYellow: StaticString = "\u{1B}[1;33m"
    static let boldBlue: StaticString = "\u{1B}[1;34m"
}

extension RunSummary {
    /// The one-line summary, e.g. `3 files, 4,512 rows: 2 errors, 5 warnings`.
    ///
    /// Counts use a comma between thousands and singular nouns for one (`1 file, 1 row`). With
    /// neither errors nor warnings the line ends `no problems found`.
    public var sentence: String {
        var out = OutputSink.memory()
        writeSentence(to: &out)
        return out.string
    }

    /// Writes ``sentence`` (without a line break) into a sink.
    public func writeSentence(to out: inout OutputSink) {
        Self.writeCount(files, "file", "files", to: &out)
        out.write(", ")
        Self.writeCount(rows, "row", "rows", to: &out)
        out.write(": ")
        if errors == 0, warnings == 0 {
            out.write("no problems found")
        } else {
            Self.writeCount(errors, "error", "errors", to: &out)
            out.write(", ")
            Self.writeCount(warnings, "warning", "warnings", to: &out)
        }
    }

    private static func writeCount(
        _ count: Int, _ singular: StaticString, _ plural: StaticString, to out: inout OutputSink
    ) {
        out.writeDecimal(count, thousandsSeparator: UInt8(ascii: ","))
        out.write(byte: UInt8(ascii: " "))
        out.write(count == 1 ? singular : plural)
    }
}
