extension YAMLSubset {
    /// Builds the node tree from the content lines, by their indentation.
    struct BlockParser {
        private let lines: [Line]
        private var index = 0
        /// How many lists and mappings enclose the node being read.
        private var depth = 0

        init(lines: [Line]) {
            self.lines = lines
        }

        /// The root node, nil when there are no content lines.
        mutating func document() throws(YAMLError) -> YAMLNode? {
            guard !lines.isEmpty else { return nil }
            let root = try node()
            if index < lines.count {
                throw YAMLError(line: lines[index].number, message: "this line is indented less than the first line; check the indentation")
            }
            return root
        }

        /// The node that starts on the next line: a list, a mapping or a single value.
        private mutating func node() throws(YAMLError) -> YAMLNode {
            let line = lines[index]
            // Each level is a call: a file of ever deeper lines must not exhaust the stack.
            guard depth < YAMLSubset.maximumDepth else {
                throw YAMLError(line: line.number, message: "lists and mappings nested too deeply")
            }
            depth += 1
            defer { depth -= 1 }
            if YAMLSubset.isListItem(line.text) { return try list(indent: line.indent) }
            if try YAMLSubset.entry(line.text, line: line.number) != nil { return try mapping(indent: line.indent) }
            index += 1
            return try inlineValue(line.text, line: line.number)
        }

        /// The block mapping whose keys sit at `indent`.
        private mutating func mapping(indent: Int) throws(YAMLError) -> YAMLNode {
            let start = lines[index].number
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var seen: [String: Int] = [:]
            while index < lines.count {
                let line = lines[index]
                if line.indent < indent { break }
                guard line.indent == indent else {
                    throw YAMLError(line: line.number, message: "this line is indented more than the setting above it, which has its value already")
                }
                guard let (key, rest) = try YAMLSubset.entry(line.text, line: line.number) else {
                    throw YAMLError(line: line.number, message: "expected 'name: value' here")
                }
                if let first = seen[key] {
                    throw YAMLError(line: line.number, message: "'\(key)' is set twice (first on line \(first)); keep one")
                }
                seen[key] = line.number
                index += 1
                let value: YAMLNode
                if !YAMLSubset.isBlank(rest) {
                    value = try inlineValue(rest, line: line.number)
                } else if index < lines.count, lines[index].indent > indent {
                    value = try node()
                } else if index < lines.count, lines[index].indent == indent, YAMLSubset.isListItem(lines[index].text) {
                    // A list may sit at its key's indentation.
                    value = try list(indent: indent)
                } else {
                    value = YAMLNode(content: .null, line: line.number)
                }
                pairs.append((YAMLNode(content: .scalar(key), line: line.number), value))
            }
            return YAMLNode(content: .mapping(pairs), line: start)
        }

        /// The block list whose dashes sit at `indent`.
        private mutating func list(indent: Int) throws(YAMLError) -> YAMLNode {
            let start = lines[index].number
            var items: [YAMLNode] = []
            while index < lines.count, lines[index].indent == indent, YAMLSubset.isListItem(lines[index].text) {
                let line = lines[index]
                let rest = line.text.dropFirst().drop(while: YAMLSubset.isSpace)
                index += 1
                if YAMLSubset.isBlank(rest) {
                    if index < lines.count, lines[index].indent > indent {
                        items.append(try node())
                    } else {
                        items.append(YAMLNode(content: .null, line: line.number))
                    }
                    continue
                }
                let nested = try YAMLSubset.entry(rest, line: line.number) != nil
                if YAMLSubset.isListItem(rest) || nested {
                    throw YAMLError(line: line.number, message: "a list item holds one value here; lists and mappings inside it are not read")
                }
                items.append(try inlineValue(rest, line: line.number))
            }
            if index < lines.count, lines[index].indent > indent {
                throw YAMLError(line: lines[index].number, message: "this line is indented more than the list item above it")
            }
            return YAMLNode(content: .sequence(items), line: start)
        }

        /// The value written on line `line` after its key or dash: a flow list or mapping
        /// (which may go on over the next lines), a quoted scalar or a plain one.
        private mutating func inlineValue(_ text: ArraySlice<UInt8>, line: Int) throws(YAMLError) -> YAMLNode {
            let body = text.drop(while: YAMLSubset.isSpace)
            guard let first = body.first else { return YAMLNode(content: .null, line: line) }
            switch first {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                return try flowValue(body, line: line)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                var cursor = body.startIndex
                let value = try YAMLSubset.quoted(body, &cursor, line: line)
                guard YAMLSubset.isBlank(body[cursor...]) else {
                    throw YAMLError(line: line, message: "text after the closing quote")
                }
                return YAMLNode(content: .scalar(value), line: line)
            case UInt8(ascii: "|"), UInt8(ascii: ">"):
                throw YAMLError(line: line, message: "block scalars ('|', '>') are not read here; write the value on one line")
            case UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"):
                throw YAMLError(line: line, message: "anchors, aliases and tags ('&', '*', '!') are not read here")
            case UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: "%"):
                throw YAMLError(line: line, message: "a value cannot start with '\(Character(Unicode.Scalar(first)))' unless it is quoted")
            default:
                break
            }
            if YAMLSubset.isListItem(body) {
                throw YAMLError(line: line, message: "a list starts on the line after its setting, one '- item' a line")
            }
            var end = body.endIndex
            var i = body.startIndex
            while i < body.endIndex {
                let byte = body[i]
                if byte == UInt8(ascii: "#"), YAMLSubset.isSpace(body[i - 1]) {
                    end = i
                    break
                }
                if byte == UInt8(ascii: ":"), i + 1 == body.endIndex || YAMLSubset.isSpace(body[i + 1]) {
                    throw YAMLError(line: line, message: "a ': ' inside a value starts a mapping; quote the value")
                }
                i += 1
            }
            return YAMLNode(content: .scalar(String(decoding: YAMLSubset.trimmed(body[..<end]), as: UTF8.self)), line: line)
        }

        /// A flow list or mapping starting at `body` (on line `line`), read on over the
        /// following lines until it closes; the lines it used are consumed.
        private mutating func flowValue(_ body: ArraySlice<UInt8>, line: Int) throws(YAMLError) -> YAMLNode {
            // This line's text and the later lines' up to the one that closes the value, joined
            // by line breaks, with where each line starts in them.
            var bytes = Array(body)
            var starts = [(offset: 0, line: line)]
            for later in lines[index..<(index + YAMLSubset.flowContinuation(body, lines[index...]))] {
                bytes.append(Byte.lineFeed)
                starts.append((bytes.count, later.number))
                bytes.append(contentsOf: later.text)
            }
            var reader = FlowReader(bytes: bytes, starts: starts)
            let value = try reader.value(depth: 0)
            // Only spaces and a comment may follow on the line where it closed.
            let closedOn = reader.lineIndex(at: max(reader.position - 1, 0))
            let lineEnd = closedOn + 1 < starts.count ? starts[closedOn + 1].offset - 1 : bytes.count
            guard YAMLSubset.isBlank(bytes[reader.position..<lineEnd]) else {
                throw YAMLError(line: starts[closedOn].line, message: "text after the closing bracket")
            }
            index += closedOn
            return value
        }
    }
}
