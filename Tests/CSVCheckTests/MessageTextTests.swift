import Testing

@testable import CSVCheck

// MessageText.make checks a message's bytes itself and hands well-formed ones to the string
// unchecked: the oracle is the standard library's own repairing initializer,
// String(decoding:as:), on the same bytes.

struct MessageBytesCase: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    var testDescription: String { name }
}

private func bytes(_ name: String, _ bytes: [UInt8]) -> MessageBytesCase { MessageBytesCase(name: name, bytes: bytes) }

private let accented = Array("'åsa.brontë9571@contoso.com' contains U+030A".utf8)

@Suite("Message text: strings made from checked bytes")
struct MessageTextTests {
    @Test(arguments: [
        bytes("ASCII", Array("'pilar@contoso.com' is a cloud-only domain".utf8)),
        bytes("one ASCII byte", [0x41]),
        bytes("two-byte letters", accented),
        bytes("three- and four-byte scalars", Array("'日本@例え.jp' 😀 end".utf8)),
        bytes("non-ASCII last", Array("ends with é".utf8)),
        bytes("lone continuation byte", [0x61, 0x80, 0x62]),
        bytes("cut two-byte sequence", [0x61, 0xC3]),
        bytes("cut three-byte sequence", [0x61, 0xE6, 0x97, 0x62]),
        bytes("overlong slash", [0x61, 0xC0, 0xAF, 0x62]),
        bytes("encoded surrogate", [0x61, 0xED, 0xA0, 0x80, 0x62]),
        bytes("past U+10FFFF", [0x61, 0xF4, 0x90, 0x80, 0x80, 0x62]),
        bytes("byte 0xFF", [0xFF]),
        bytes("overlong two-byte (C1)", [0x61, 0xC1, 0xBF]),
        bytes("overlong three-byte", [0x61, 0xE0, 0x80, 0xAF]),
        bytes("overlong four-byte", [0x61, 0xF0, 0x80, 0x80, 0xAF]),
        bytes("lead byte 0xF5", [0x61, 0xF5, 0x80, 0x80, 0x80]),
        bytes("last surrogate", [0x61, 0xED, 0xBF, 0xBF]),
        bytes("smallest two-byte (U+0080)", [0xC2, 0x80]),
        bytes("U+FFFF", [0xEF, 0xBF, 0xBF]),
        bytes("U+10FFFF", [0xF4, 0x8F, 0xBF, 0xBF]),
        bytes("Latin-1 byte among ASCII (Windows-1252 value)", Array("Ren".utf8) + [0xE9] + Array("e".utf8)),
        bytes("ill-formed after 40 ASCII bytes", Array(repeating: 0x61, count: 40) + [0xE9, 0x61]),
    ])
    func matchesTheRepairingInitializer(_ c: MessageBytesCase) {
        let made = c.bytes.withUnsafeBytes { raw in MessageText.make { $0.append(raw) } }
        let oracle = String(decoding: c.bytes, as: UTF8.self)
        #expect(made == oracle)
        #expect(Array(made.utf8) == Array(oracle.utf8))
        #expect(made.unicodeScalars.map(\.value) == oracle.unicodeScalars.map(\.value))
        #expect(made.count == oracle.count)
        // The string's ASCII flag decides how it is indexed: a wrong one shows in the last
        // character and in a lower-cased copy.
        #expect(made.last == oracle.last)
        #expect(made.lowercased() == oracle.lowercased())
        // The same bytes laid out in a findings' text (after a message there already) and lent.
        #expect(Self.appended(c.bytes) == Array(oracle.utf8))
        #expect(Self.lent(c.bytes) == Array(oracle.utf8))
    }

    /// What ``MessageText/append(to:_:)`` puts in a buffer holding a message already.
    static func appended(_ bytes: [UInt8]) -> [UInt8] {
        var buffer = Array("before".utf8)
        let range = bytes.withUnsafeBytes { raw in MessageText.append(to: &buffer) { $0.append(raw) } }
        #expect(range.lowerBound == 6 && range.upperBound == buffer.count)
        #expect(buffer[..<6] == ArraySlice("before".utf8))
        return Array(buffer[range])
    }

    /// Well-formed messages the caller vouches for (`validUTF8: true`, the worker's way for a
    /// validated record) are appended as they are, short and past the scratch buffer; the
    /// checked way gives the same bytes.
    @Test(arguments: [0, 1, 44, 319, 320, 321, 440, 1000])
    func vouchedMessagesAreAppendedAsWritten(length: Int) {
        let piece = Array("'åsa.brontë9571@contoso.com' 日本 😀 ".utf8)
        var message: [UInt8] = []
        while message.count < length { message += piece }
        message = Array(String(decoding: message.prefix(length), as: UTF8.self).utf8)  // whole scalars only
        for vouched in [true, false] {
            var buffer = Array("before".utf8)
            let range = message.withUnsafeBytes { raw in MessageText.append(to: &buffer, validUTF8: vouched) { $0.append(raw) } }
            #expect(range == 6..<buffer.count, "vouched \(vouched)")
            #expect(Array(buffer[range]) == message, "vouched \(vouched)")
            #expect(buffer[..<6] == ArraySlice("before".utf8))
        }
    }

    /// What ``MessageText/withText(_:_:)`` lends.
    static func lent(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { raw in MessageText.withText({ $0.append(raw) }) { Array($0) } }
    }

    @Test func emptyAndLongMessages() {
        #expect(MessageText.make { _ in } == "")
        // Past the scratch buffer (320 bytes): the two-pass way.
        let long = Array(repeating: accented, count: 10).joined()
        let made = Array(long).withUnsafeBytes { raw in MessageText.make { $0.append(raw) } }
        #expect(made == String(decoding: Array(long), as: UTF8.self))
        #expect(Self.appended(Array(long)) == Array(made.utf8))
        #expect(Self.lent(Array(long)) == Array(made.utf8))
        // Past the scratch buffer and ill-formed: repaired on that way too.
        let broken = Array(long) + [0xC3]
        #expect(Self.lent(broken) == Array(String(decoding: broken, as: UTF8.self).utf8))
        #expect(Self.appended([]) == [] && Self.lent([]) == [])
    }
}
