/// Reads the part of YAML 1.2 that a `.csvcheck.yml` is written in, without a YAML library: the
/// one the package used before brought Foundation into every run, about 5 ms of each start-up
/// (the dynamic loader binding Foundation's libraries), for a file of a dozen lines.
///
/// Read: one document (an optional `---` first, `...` ends it), block mappings (`key: value`,
/// keys plain or quoted), block lists (`- item`, also at the indentation of their key), flow
/// lists and mappings (`[a, b]`, `{a: b}`, over several lines too), plain, single- and
/// double-quoted scalars, comments, a UTF-8 byte order mark and CRLF line breaks. Not read, each
/// an error that names its line: tabs in indentation, block scalars (`|`, `>`), anchors, aliases
/// and tags, lists or mappings inside a block list item, and a key given twice.
enum YAMLSubset {
    /// The document's root node; nil for a file of only blank lines, comments and markers.
    static func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        var parser = try BlockParser(lines: lines(of: Array(text.utf8)))
        return try parser.document()
    }

    /// A line with content: its number, its indentation and what follows it.
    struct Line {
        var number: Int
        var indent: Int
        var text: ArraySlice<UInt8>
    }

    /// The lines that hold content, in order: no blank lines, comment lines, directives or
    /// document markers.
    static func lines(of bytes: [UInt8]) throws(YAMLError) -> [Line] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var lines: [Line] = []
        var number = 0
        for var raw in body.split(separator: Byte.lineFeed, omittingEmptySubsequences: false) {
            number += 1
            if raw.last == Byte.carriageReturn { raw = raw.dropLast() }
            let text = raw.drop { $0 == Byte.space }
            let indent = text.startIndex - raw.startIndex
            guard let first = text.first, !isBlank(text) else { continue }
            if first == Byte.tab {
                throw YAMLError(line: number, message: "a tab in the indentation; indent with spaces")
            }
            if indent == 0, isMarker(text, "---") {
                guard lines.isEmpty else {
                    throw YAMLError(line: number, message: "a second document ('---'); keep one document in the file")
                }
                guard isBlank(text.dropFirst(3)) else {
                    throw YAMLError(line: number, message: "text after '---'; start the settings on the next line")
                }
                continue
            }
            if indent == 0, isMarker(text, "...") { break }
            if indent == 0, first == UInt8(ascii: "%"), lines.isEmpty { continue }
            lines.append(Line(number: number, indent: indent, text: text))
        }
        return lines
    }

    /// Lists and mappings nested deeper than this are refused: the readers recurse.
    static let maximumDepth = 32

    /// How many of the `following` lines a flow value that starts `first` goes on over: those
    /// up to the one where its brackets balance (outside quotes and comments), or all of them
    /// when they never do (the reader then says which bracket is never closed). Each line is
    /// looked at once, so a file of many flow values is read in linear time.
    static func flowContinuation(_ first: ArraySlice<UInt8>, _ following: ArraySlice<Line>) -> Int {
        var depth = 0
        var quote: UInt8 = 0
        // The last byte outside quotes that was not a space: a quote starts a scalar only
        // after a bracket, a comma or a colon (inside a plain scalar it is a character).
        var previous: UInt8 = 0
        func balanced(_ text: ArraySlice<UInt8>) -> Bool {
            var i = text.startIndex
            while i < text.endIndex {
                let byte = text[i]
                if quote != 0 {
                    if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                        i += 1
                    } else if byte == quote {
                        if quote == UInt8(ascii: "'"), i + 1 < text.endIndex, text[i + 1] == quote {
                            i += 1
                        } else {
                            quote = 0
                        }
                    }
                } else if byte == UInt8(ascii: "#"), i == text.startIndex || isSpace(text[i - 1]) {
                    return false
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    if previous == 0 || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{")
                        || previous == UInt8(ascii: ",") || previous == UInt8(ascii: ":")
                    {
                        quote = byte
                    }
                } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    depth += 1
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    depth -= 1
                    if depth <= 0 { return true }
                }
                if quote == 0, !isSpace(byte) { previous = byte }
                i += 1
            }
            return false
        }
        if balanced(first) { return 0 }
        var count = 0
        for line in following {
            count += 1
            if balanced(line.text) { return count }
        }
        return count
    }

    /// Whether `text` is the marker alone or followed by a space.
    private static func isMarker(_ text: ArraySlice<UInt8>, _ marker: StaticString) -> Bool {
        let count = marker.utf8CodeUnitCount
        guard text.count >= count else { return false }
        let head = UnsafeBufferPointer(start: marker.utf8Start, count: count)
        guard text.prefix(count).elementsEqual(head) else { return false }
        return text.count == count || isSpace(text[text.startIndex + count])
    }

    /// Whether `text` holds only spaces, tabs and perhaps a comment.
    static func isBlank(_ text: ArraySlice<UInt8>) -> Bool {
        let rest = text.drop(while: isSpace)
        return rest.isEmpty || rest.first == UInt8(ascii: "#")
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == Byte.space || byte == Byte.tab }

    /// `text` without the spaces and tabs around it.
    static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var text = text.drop(while: isSpace)
        while let last = text.last, isSpace(last) { text = text.dropLast() }
        return text
    }

    /// Whether `text` starts a block list item: `-` alone or before a space.
    static func isListItem(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.first == UInt8(ascii: "-") else { return false }
        return text.count == 1 || isSpace(text[text.startIndex + 1])
    }

    /// The key and the rest of a `key: value` line, or nil when the line is not one.
    static func entry(_ text: ArraySlice<UInt8>, line: Int) throws(YAMLError) -> (key: String, rest: ArraySlice<UInt8>)? {
        guard let first = text.first else { return nil }
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            var cursor = text.startIndex
            let key = try quoted(text, &cursor, line: line)
            while cursor < text.endIndex, isSpace(text[cursor]) { cursor += 1 }
            guard cursor < text.endIndex, text[cursor] == UInt8(ascii: ":"),
                cursor + 1 == text.endIndex || isSpace(text[cursor + 1])
            else { return nil }
            return (key, text[(cursor + 1)...])
        }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") || isListItem(text) { return nil }
        var i = text.startIndex
        while i < text.endIndex {
            let byte = text[i]
            if byte == UInt8(ascii: "#"), i > text.startIndex, isSpace(text[i - 1]) { return nil }
            if byte == UInt8(ascii: ":"), i + 1 == text.endIndex || isSpace(text[i + 1]) {
                let key = trimmed(text[..<i])
                guard !key.isEmpty else { return nil }
                return (String(decoding: key, as: UTF8.self), text[(i + 1)...])
            }
            i += 1
        }
        return nil
    }

    /// A single- or double-quoted scalar starting at `cursor`, which ends past its closing
    /// quote. A line break inside it (a flow value over several lines) reads as a space.
    static func quoted<Bytes: RandomAccessCollection>(
        _ bytes: Bytes, _ cursor: inout Int, line: Int
    ) throws(YAMLError) -> String where Bytes.Element == UInt8, Bytes.Index == Int {
        let quote = bytes[cursor]
        var out: [UInt8] = []
        var i = cursor + 1
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == quote {
                // '' inside single quotes is one quote.
                if quote == UInt8(ascii: "'"), i + 1 < bytes.endIndex, bytes[i + 1] == quote {
                    out.append(quote)
                    i += 2
                    continue
                }
                cursor = i + 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                i = try escape(bytes, at: i, line: line, into: &out)
                continue
            }
            out.append(byte == Byte.lineFeed ? Byte.space : byte)
            i += 1
        }
        throw YAMLError(line: line, message: "this quoted value is never closed")
    }

    /// Appends what the escape at `i` (a backslash) stands for; returns the index after it.
    private static func escape<Bytes: RandomAccessCollection>(
        _ bytes: Bytes, at i: Int, line: Int, into out: inout [UInt8]
    ) throws(YAMLError) -> Int where Bytes.Element == UInt8, Bytes.Index == Int {
        guard i + 1 < bytes.endIndex else { throw YAMLError(line: line, message: "this quoted value is never closed") }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "0"): 0, UInt8(ascii: "t"): Byte.tab, UInt8(ascii: "n"): Byte.lineFeed,
            UInt8(ascii: "r"): Byte.carriageReturn, UInt8(ascii: "\""): UInt8(ascii: "\""),
            UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "/"): UInt8(ascii: "/"), Byte.space: Byte.space,
        ]
        let letter = bytes[i + 1]
        if let byte = simple[letter] {
            out.append(byte)
            return i + 2
        }
        let digits: Int
        switch letter {
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default:
            throw YAMLError(line: line, message: "'\\\(Character(Unicode.Scalar(letter)))' is not an escape YAML knows")
        }
        guard i + 2 + digits <= bytes.endIndex else { throw YAMLError(line: line, message: "a '\\x', '\\u' or '\\U' escape is cut short") }
        var value: UInt32 = 0
        for k in (i + 2)..<(i + 2 + digits) {
            guard let digit = Self.hexDigit(bytes[k]) else {
                throw YAMLError(line: line, message: "a '\\x', '\\u' or '\\U' escape needs hexadecimal digits")
            }
            value = value << 4 | digit
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw YAMLError(line: line, message: "an escape names a code point that is not a character")
        }
        out.append(contentsOf: UTF8.encode(scalar)!)
        return i + 2 + digits
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    enum Byte {
        static let lineFeed: UInt8 = 0x0A
        static let carriageReturn: UInt8 = 0x0D
        static let space: UInt8 = 0x20
        static let tab: UInt8 = 0x09
    }
}
