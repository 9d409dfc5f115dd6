/// Decoding and describing single characters of a password, for messages that say what class a
/// character is without showing it.
enum PasswordText {
    /// The scalar starting at byte `i`, and its length in bytes; `nil` and 1 for a byte that
    /// does not start a valid UTF-8 sequence.
    static func decode(_ bytes: UnsafeRawBufferPointer, at i: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            value = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        if i + length > bytes.count { return (nil, 1) }
        for k in 1..<length {
            let byte = bytes[i + k]
            if byte & 0xC0 != 0x80 { return (nil, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, length)
    }

    /// The class of a disallowed character, with an article: "a control character", "a non-ASCII
    /// letter", ...
    static func describe(_ scalar: Unicode.Scalar?) -> String {
        guard let scalar else { return "an invalid UTF-8 byte" }
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return "a line break"
        case 0x09: return "a tab"
        case 0x00..<0x20, 0x7F..<0xA0: return "a control character"
        default: break
        }
        if scalar.properties.isWhitespace { return "a non-ASCII space" }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return "a non-ASCII letter"
        case .decimalNumber, .letterNumber, .otherNumber:
            return "a non-ASCII digit"
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return "a combining mark"
        case .format:
            return "an invisible formatting character"
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
            .modifierSymbol, .otherSymbol:
            return "a non-ASCII symbol"
        default:
            return "a non-ASCII character"
        }
    }

    /// Calls `body` with the UTF-8 bytes of `text`, or an empty buffer for `nil`; without
    /// copying for native strings.
    static func withUTF8<R>(of text: String?, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard let text else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
