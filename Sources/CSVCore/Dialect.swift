/// The layout of a CSV file's first lines: any preamble before the header, and the delimiter.
///
/// Exports carry two kinds of preamble that `New-MigrationBatch` reads as the header:
/// PowerShell's `#TYPE System.Management.Automation.PSCustomObject` (from `Export-Csv` without
/// `-NoTypeInformation`) and Excel's `sep=;`. ``sniff(_:isWholeInput:)`` finds them and picks the
/// delimiter: the one a `sep=` line names, else the most frequent of `,` `;` TAB outside quotes
/// in the header line, a comma on a tie.
public struct Dialect: Sendable, Hashable {
    /// One preamble line.
    public struct PreambleLine: Sendable, Hashable {
        /// What kind of line it is.
        public enum Kind: Sendable, Hashable {
            /// `#TYPE ...` from PowerShell's Export-Csv.
            case typeInformation
            /// `sep=X` from Excel; `delimiter` is X when it is one byte.
            case separator(delimiter: UInt8?)
        }
        /// What kind of line it is.
        public var kind: Kind
        /// Offset of the line's first byte in the sample.
        public var offset: Int
        /// 1-based line number.
        public var line: Int
    }

    /// Where the delimiter came from.
    public enum DelimiterSource: Sendable, Hashable {
        /// A `sep=` preamble line named it.
        case separatorLine
        /// Counted in the header line.
        case sniffed
        /// Nothing to go on (a one-column header): the comma.
        case defaulted
    }

    /// Preamble lines, in order.
    public var preamble: [PreambleLine]
    /// Offset of the first byte after the preamble (where the header starts).
    public var headerOffset: Int
    /// 1-based line of the header.
    public var headerLine: Int
    /// The delimiter to read the file with.
    public var delimiter: UInt8
    /// Where the delimiter came from.
    public var delimiterSource: DelimiterSource

    /// Finds the preamble and the delimiter in the first bytes of a decoded (UTF-8) input.
    ///
    /// - Parameters:
    ///   - sample: the first bytes of the input, after any byte order mark; 64 KiB is plenty.
    ///   - isWholeInput: whether the sample is the whole input (a last line without a line
    ///     break is then complete).
    /// - Complexity: O(the preamble and header line).
    public static func sniff(_ sample: UnsafeRawBufferPointer, isWholeInput: Bool = true) -> Dialect {
        var preamble: [PreambleLine] = []
        var offset = 0
        var line = 1
        var separator: UInt8?
        while offset < sample.count {
            let end = lineEnd(sample, from: offset)
            guard end.complete || isWholeInput else { break }
            let kind = preambleKind(sample, offset..<end.contentEnd)
            guard let kind else { break }
            preamble.append(PreambleLine(kind: kind, offset: offset, line: line))
            if case .separator(let delimiter?) = kind, separator == nil { separator = delimiter }
            offset = end.next
            line += 1
        }
        if let separator, separator != UInt8(ascii: "\""), separator != 0x0A, separator != 0x0D {
            return Dialect(
                preamble: preamble, headerOffset: offset, headerLine: line, delimiter: separator,
                delimiterSource: .separatorLine)
        }
        let counts = delimiterCounts(sample, from: offset)
        var best = UInt8(ascii: ",")
        var bestCount = counts.comma
        if counts.semicolon > bestCount {
            best = UInt8(ascii: ";")
            bestCount = counts.semicolon
        }
        if counts.tab > bestCount {
            best = 0x09
            bestCount = counts.tab
        }
        return Dialect(
            preamble: preamble, headerOffset: offset, headerLine: line, delimiter: best,
            delimiterSource: bestCount == 0 ? .defaulted : .sniffed)
    }

    private static func lineEnd(_ s: UnsafeRawBufferPointer, from start: Int) -> (
        contentEnd: Int, next: Int, complete: Bool
    ) {
        var i = start
        while i < s.count {
            if s[i] == 0x0A { return (i, i + 1, true) }
            if s[i] == 0x0D {
                if i + 1 < s.count { return (i, s[i + 1] == 0x0A ? i + 2 : i + 1, true) }
                return (i, i + 1, false)
            }
            i += 1
        }
        return (i, i, false)
    }

    private static func preambleKind(_ s: UnsafeRawBufferPointer, _ range: Range<Int>) -> PreambleLine.Kind? {
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        func hasPrefix(_ prefix: String) -> Bool {
            let bytes = Array(prefix.utf8)
            guard range.count >= bytes.count else { return false }
            for (k, byte) in bytes.enumerated() where lower(s[range.lowerBound + k]) != byte { return false }
            return true
        }
        if hasPrefix("#type") { return .typeInformation }
        if hasPrefix("\"sep=") || hasPrefix("sep=") {
            let quoted = s[range.lowerBound] == UInt8(ascii: "\"")
            let at = range.lowerBound + (quoted ? 5 : 4)
            var rest = range.upperBound - at
            if quoted, rest > 0, s[range.upperBound - 1] == UInt8(ascii: "\"") { rest -= 1 }
            return .separator(delimiter: rest == 1 ? s[at] : nil)
        }
        return nil
    }

    private static func delimiterCounts(_ s: UnsafeRawBufferPointer, from start: Int) -> (
        comma: Int, semicolon: Int, tab: Int
    ) {
        var comma = 0
        var semicolon = 0
        var tab = 0
        var inQuotes = false
        var i = start
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes {
                if c == 0x0A || c == 0x0D { break }
                if c == UInt8(ascii: ",") { comma += 1 }
                if c == UInt8(ascii: ";") { semicolon += 1 }
                if c == 0x09 { tab += 1 }
            }
            i += 1
        }
        return (comma, semicolon, tab)
    }
}
