extension YAMLSubset {
    /// Reads one flow value (`[a, b]`, `{a: b}`, nested, quoted or plain scalars inside) from
    /// text that may span lines.
    struct FlowReader {
        private let bytes: [UInt8]
        /// Where each line starts in `bytes`, and its number in the file.
        private let starts: [(offset: Int, line: Int)]
        /// The next byte to read.
        private(set) var position = 0

        init(bytes: [UInt8], starts: [(offset: Int, line: Int)]) {
            self.bytes = bytes
            self.starts = starts
        }

        /// The index in `starts` of the line holding `offset`.
        func lineIndex(at offset: Int) -> Int {
            var index = 0
            while index + 1 < starts.count, starts[index + 1].offset <= offset { index += 1 }
            return index
        }

        private func line(at offset: Int) -> Int { starts[lineIndex(at: min(offset, max(bytes.count - 1, 0)))].line }

        /// The value at `position`.
        mutating func value(depth: Int) throws(YAMLError) -> YAMLNode {
            skipSpace()
            guard position < bytes.count else { throw YAMLError(line: line(at: position), message: "a value is missing") }
            let line = line(at: position)
            guard depth < YAMLSubset.maximumDepth else { throw YAMLError(line: line, message: "lists and mappings nested too deeply") }
            switch bytes[position] {
            case UInt8(ascii: "["):
                return YAMLNode(content: .sequence(try items(closing: UInt8(ascii: "]"), line: line, depth: depth)), line: line)
            case UInt8(ascii: "{"):
                return YAMLNode(content: .mapping(try entries(line: line, depth: depth)), line: line)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                return YAMLNode(content: .scalar(try YAMLSubset.quoted(bytes, &position, line: line)), line: line)
            case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","):
                throw YAMLError(line: line, message: "a value is missing before '\(Character(Unicode.Scalar(bytes[position])))'")
            default:
                return YAMLNode(content: .scalar(try plain(line: line)), line: line)
            }
        }

        /// The items of a list whose `[` is at `position`.
        private mutating func items(closing: UInt8, line: Int, depth: Int) throws(YAMLError) -> [YAMLNode] {
            position += 1
            var items: [YAMLNode] = []
            while true {
                skipSpace()
                guard position < bytes.count else { throw YAMLError(line: line, message: "this '[' is never closed") }
                if bytes[position] == closing {
                    position += 1
                    return items
                }
                items.append(try value(depth: depth + 1))
                try separator(closing: closing, opened: line)
            }
        }

        /// The entries of a mapping whose `{` is at `position`.
        private mutating func entries(line: Int, depth: Int) throws(YAMLError) -> [(key: YAMLNode, value: YAMLNode)] {
            position += 1
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            while true {
                skipSpace()
                guard position < bytes.count else { throw YAMLError(line: line, message: "this '{' is never closed") }
                if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return pairs
                }
                let key = try value(depth: depth + 1)
                guard key.string != nil else { throw YAMLError(line: key.line, message: "a key must be a single value") }
                skipSpace()
                let value: YAMLNode
                if position < bytes.count, bytes[position] == UInt8(ascii: ":") {
                    position += 1
                    skipSpace()
                    if position < bytes.count, bytes[position] == UInt8(ascii: ",") || bytes[position] == UInt8(ascii: "}") {
                        value = YAMLNode(content: .null, line: key.line)
                    } else {
                        value = try self.value(depth: depth + 1)
                    }
                } else {
                    value = YAMLNode(content: .null, line: key.line)
                }
                pairs.append((key, value))
                try separator(closing: UInt8(ascii: "}"), opened: line)
            }
        }

        /// Past the `,` after an item, or up to the closing bracket.
        private mutating func separator(closing: UInt8, opened line: Int) throws(YAMLError) {
            skipSpace()
            guard position < bytes.count else {
                throw YAMLError(line: line, message: "this '\(closing == UInt8(ascii: "]") ? "[" : "{")' is never closed")
            }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] != closing {
                throw YAMLError(
                    line: self.line(at: position),
                    message: "expected ',' or '\(Character(Unicode.Scalar(closing)))' after a value")
            }
        }

        /// A plain scalar: up to a flow indicator, a `: `, a comment or the end of its line.
        private mutating func plain(line: Int) throws(YAMLError) -> String {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == Byte.lineFeed || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[")
                    || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
                {
                    break
                }
                if byte == UInt8(ascii: "#"), position > start, YAMLSubset.isSpace(bytes[position - 1]) { break }
                if byte == UInt8(ascii: ":") {
                    let next = position + 1 < bytes.count ? bytes[position + 1] : Byte.space
                    if YAMLSubset.isSpace(next) || next == Byte.lineFeed || next == UInt8(ascii: ",")
                        || next == UInt8(ascii: "]") || next == UInt8(ascii: "}")
                    {
                        break
                    }
                }
                position += 1
            }
            let text = YAMLSubset.trimmed(bytes[start..<position])
            guard !text.isEmpty else { throw YAMLError(line: line, message: "a value is missing") }
            return String(decoding: text, as: UTF8.self)
        }

        /// Past spaces, tabs, line breaks and comments.
        private mutating func skipSpace() {
            while position < bytes.count {
                let byte = bytes[position]
                if YAMLSubset.isSpace(byte) || byte == Byte.lineFeed {
                    position += 1
                } else if byte == UInt8(ascii: "#"),
                    position == 0 || YAMLSubset.isSpace(bytes[position - 1]) || bytes[position - 1] == Byte.lineFeed
                {
                    while position < bytes.count, bytes[position] != Byte.lineFeed { position += 1 }
                } else {
                    return
                }
            }
        }
    }
}
