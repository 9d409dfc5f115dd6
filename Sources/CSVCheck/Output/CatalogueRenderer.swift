/// Renders the rule catalogue for `csvcheck rules` and one rule for `csvcheck explain CODE`.
public enum CatalogueRenderer {
    /// Writes the catalogue as a text table: code, default severity and title, one rule a line,
    /// under a header line.
    ///
    /// ```
    /// CODE     SEVERITY  TITLE
    /// ENC001   error     Invalid bytes
    /// ```
    public static func writeTable(_ rules: [RuleDescriptor] = RuleCatalogue.all, to out: inout OutputSink) {
        let codeWidth = max(rules.map { $0.code.rawValue.unicodeScalars.count }.max() ?? 0, 4) + 2
        let severityWidth = "SEVERITY".count + 2
        writeCell("CODE", width: codeWidth, to: &out)
        writeCell("SEVERITY", width: severityWidth, to: &out)
        out.write("TITLE\n")
        for rule in rules {
            writeCell(rule.code.rawValue, width: codeWidth, to: &out)
            writeCell(rule.defaultSeverity.rawValue, width: severityWidth, to: &out)
            out.write(rule.title)
            out.write(byte: UInt8(ascii: "\n"))
        }
    }

    /// Writes the catalogue as a JSON array of objects with every field of each descriptor:
    /// `code`, `severity`, `title`, `summary`, `behaviour`, `example`, `fix`.
    public static func writeJSON(_ rules: [RuleDescriptor] = RuleCatalogue.all, to out: inout OutputSink) {
        out.write(byte: UInt8(ascii: "["))
        for (position, rule) in rules.enumerated() {
            if position > 0 { out.write(byte: UInt8(ascii: ",")) }
            out.write(#"{"code":"#)
            out.writeJSONString(rule.code.rawValue)
            out.write(#","severity":"#)
            out.writeJSONString(rule.defaultSeverity.rawValue)
            out.write(#","title":"#)
            out.writeJSONString(rule.title)
            out.write(#","summary":"#)
            out.writeJSONString(rule.summary)
            out.write(#","behaviour":"#)
            out.writeJSONString(rule.behaviour)
            out.write(#","example":"#)
            out.writeJSONString(rule.example)
            out.write(#","fix":"#)
            out.writeJSONString(rule.fix)
            out.write(byte: UInt8(ascii: "}"))
        }
        out.write("]\n")
    }

    /// Writes one rule the way `csvcheck explain CODE` shows it: the code, title and default
    /// severity, then what it checks, the Microsoft behaviour behind it, an example and the fix.
    /// Prose is indented by four spaces and wrapped at 96 columns; the example is shown as is.
    public static func writeExplanation(_ rule: RuleDescriptor, to out: inout OutputSink) {
        out.write(rule.code.rawValue)
        out.write(": ")
        out.write(rule.title)
        out.write(" (default severity: ")
        out.write(rule.defaultSeverity.rawValue)
        out.write(")\n")
        writeSection("What it checks", rule.summary, to: &out)
        writeSection("Microsoft behaviour", rule.behaviour, to: &out)
        writeSection("Example", rule.example, wrap: false, to: &out)
        writeSection("Fix", rule.fix, to: &out)
    }

    /// Prose is wrapped at this many columns, indentation included.
    static let wrapWidth = 96

    private static func writeSection(
        _ heading: StaticString, _ text: String, wrap: Bool = true, to out: inout OutputSink
    ) {
        out.write(byte: UInt8(ascii: "\n"))
        out.write(heading)
        out.write(byte: UInt8(ascii: "\n"))
        // The example is CSV with CRLF line breaks: one record a line, never wrapped.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
            var width = 0
            out.write("    ")
            for (position, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                let length = word.unicodeScalars.count
                if position > 0 {
                    if wrap, width > 0, width + 1 + length > wrapWidth - 4 {
                        out.write("\n    ")
                        width = 0
                    } else {
                        out.write(byte: UInt8(ascii: " "))
                        width += 1
                    }
                }
                out.write(String(word))
                width += length
            }
            out.write(byte: UInt8(ascii: "\n"))
        }
    }

    private static func writeCell(_ text: String, width: Int, to out: inout OutputSink) {
        out.write(text)
        out.write(byte: UInt8(ascii: " "), count: width - text.unicodeScalars.count)
    }
}
