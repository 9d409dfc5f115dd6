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

    public mutating func diagnostic(_ d: Diagnostic, in file: FileReport, _ out: inout OutputSink) {
        // Location.
        if color { out.write(ANSI.bold) }
        Self.writeSafe(file.path == "-" ? "<stdin>" : file.path, to: &out)
        if let line = d.location.line {
            out.write(byte: UInt8(ascii: ":"))
            out.writeDecimal(line)
            if let column = d.location.column {
                out.write(byte: UInt8(ascii: ":"))
                out.writeDecimal(column)
            }
        }
        out.write(":")
        if color { out.write(ANSI.reset) }
        out.write(byte: UInt8(ascii: " "))

        // Severity and code.
        if color { out.write(d.severity == .error ? ANSI.boldRed : ANSI.boldYellow) }
        out.write(d.severity == .error ? "error[" : "warning[")
        out.write(d.code.rawValue)
        out.write("]")
        if color { out.write(ANSI.reset) }
        out.write(": ")
        Self.writeSafe(d.message, to: &out)
        out.write(byte: UInt8(ascii: "\n"))

        guard d.excerpt != nil || d.help != nil else { return }
        let gutter = Self.digitCount(d.location.line ?? 0) + 2

        if let excerpt = d.excerpt {
            writeGutter(width: gutter, to: &out)
            out.write(byte: UInt8(ascii: "\n"))
            if color { out.write(ANSI.boldBlue) }
            out.write(byte: UInt8(ascii: " "))
            if let line = d.location.line { out.writeDecimal(line) } else { out.write(byte: UInt8(ascii: " ")) }
            out.write(" |")
            if color { out.write(ANSI.reset) }
            if !excerpt.isEmpty {
                out.write(byte: UInt8(ascii: " "))
                Self.writeSafe(excerpt, to: &out)
            }
            out.write(byte: UInt8(ascii: "\n"))
            writeGutter(width: gutter, to: &out)
            if caret, let column = d.location.column, let padding = Self.caretPadding(excerpt, column: column) {
                out.write(byte: UInt8(ascii: " "))
                out.write(bytes: padding)
                if color { out.write(d.severity == .error ? ANSI.boldRed : ANSI.boldYellow) }
                out.write(byte: UInt8(ascii: "^"))
                if color { out.write(ANSI.reset) }
            }
            out.write(byte: UInt8(ascii: "\n"))
        }
        if let help = d.help {
            out.write(byte: UInt8(ascii: " "), count: gutter)
            if color { out.write(ANSI.boldBlue) }
            out.write(byte: UInt8(ascii: "="))
            if color { out.write(ANSI.reset) }
            out.write(" help: ")
            Self.writeSafe(help, to: &out)
            out.write(byte: UInt8(ascii: "\n"))
        }
        out.write(byte: UInt8(ascii: "\n"))
    }

    public mutating func endFile(_ file: FileReport, _ out: inout OutputSink) {}

    public mutating func endRun(_ summary: RunSummary, _ out: inout OutputSink) {
        if color { out.write(ANSI.bold) }
        summary.writeSentence(to: &out)
        if color { out.write(ANSI.reset) }
        out.write(byte: UInt8(ascii: "\n"))
    }

    // MARK: Pieces

    private func writeGutter(width: Int, to out: inout OutputSink) {
        if color { out.write(ANSI.boldBlue) }
        out.write(byte: UInt8(ascii: " "), count: width)
        out.write(byte: UInt8(ascii: "|"))
        if color { out.write(ANSI.reset) }
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
        var text = text
        text.withUTF8 { utf8 in
            var needsWork = false
            var previous: UInt8 = 0
            for byte in utf8 {
                if (byte < 0x20 && byte != 0x09) || byte == 0x7F || (previous == 0xC2 && byte < 0xA0) {
                    needsWork = true
                    break
                }
                previous = byte
            }
            if !needsWork {
                out.write(bytes: utf8)
                return
            }
            var cleaned = String.UnicodeScalarView()
            for scalar in String(decoding: utf8, as: UTF8.self).unicodeScalars {
                switch scalar.value {
                case 0x09: cleaned.append(scalar)
                case 0x00..<0x20: cleaned.append(Unicode.Scalar(0x2400 + scalar.value)!)
                case 0x7F: cleaned.append("\u{2421}")
                case 0x80..<0xA0: cleaned.append("\u{FFFD}")
                default: cleaned.append(scalar)
                }
            }
            out.write(String(cleaned))
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
