import Testing

@testable import CSVCheck

/// BOOL001 support in `Rules/BooleanValue.swift`.
@Suite struct BooleanValueTests {
    @Test(arguments: [
        ("True", true), ("true", true), ("TRUE", true), ("tRuE", true), ("False", false), ("FALSE", false),
        (" false ", false), ("\tTrue\r\n", true), ("\0True\0", true), ("\u{00A0}True\u{3000}", true),
        ("\u{2007}False\u{2028}\u{0085}", false), ("  \0 \u{202F}true", true),
        ("", nil), ("   ", nil), ("tru", nil), ("Truee", nil), ("Tru e", nil), ("True1", nil), ("yes", nil),
        ("1", nil), ("WAAR", nil), ("\u{200B}True", nil), ("Tr\u{00FC}e", nil), ("Falsé", nil),
        // The one-load path for exactly True or False, and its neighbours.
        ("TruE", true), ("fALSE", false), ("falsE", false), ("Fals", nil), ("Falsy", nil), ("Falsee", nil),
        ("@rue", nil), ("4rue", nil), ("Trve", nil), ("True\0", true), ("True\u{7F}", nil), ("\u{7F}", nil),
        ("False\u{85}", false), ("fals\u{C5}", nil),
    ] as [(String, Bool?)])
    func parse(_ value: String, _ expected: Bool?) {
        #expect(Self.bytes(value) { BooleanValue.parse($0) } == expected)
    }

    @Test(arguments: [
        ("WAAR", "write True (WAAR is Dutch Excel's TRUE)"),
        ("waar", "write True (WAAR is Dutch Excel's TRUE)"),
        (" ONWAAR ", "write False (ONWAAR is Dutch Excel's FALSE)"),
        ("WAHR", "write True (WAHR is German Excel's TRUE)"),
        ("Falsch", "write False (FALSCH is German Excel's FALSE)"),
        ("VRAI", "write True (VRAI is French Excel's TRUE)"),
        ("FAUX", "write False (FAUX is French Excel's FALSE)"),
        ("VERDADERO", "write True (VERDADERO is Spanish Excel's TRUE)"),
        ("FALSO", "write False (FALSO is Spanish, Italian and Portuguese Excel's FALSE)"),
        ("Yes", "write True (Exchange accepts only True or False, not yes)"),
        ("no", "write False (Exchange accepts only True or False, not no)"),
        ("Y", "write True (Exchange accepts only True or False, not y)"),
        ("n", "write False (Exchange accepts only True or False, not n)"),
        ("1", "write True (Exchange accepts only True or False, not 1)"),
        ("0", "write False (Exchange accepts only True or False, not 0)"),
        ("-1", "write True (-1 is TRUE in VBA and Access, not in Exchange)"),
        ("ON", "write True (Exchange accepts only True or False, not on)"),
        ("off", "write False (Exchange accepts only True or False, not off)"),
        ("Ja", "write True (ja is Dutch and German for yes)"),
        ("nee", "write False (nee is Dutch for no)"),
        ("NEIN", "write False (nein is German for no)"),
        ("oui", "write True (oui is French for yes)"),
        ("Non", "write False (non is French for no)"),
        ("maybe", nil), ("", nil), ("True", nil), ("2", nil), ("yesss", nil), ("onwaarheid", nil),
    ] as [(String, String?)])
    func suggestion(_ value: String, _ expected: String?) {
        #expect(Self.bytes(value) { BooleanValue.suggestion(for: $0) } == expected)
    }

    @Test(arguments: [
        (" False", true), ("False ", true), ("\0True", true), ("True\u{00A0}", true), ("False", false),
        ("", false), ("Tr ue", false),
    ])
    func surroundingWhitespace(_ value: String, _ expected: Bool) {
        #expect(Self.bytes(value) { BooleanValue.hasSurroundingWhitespace($0) } == expected)
    }

    /// Calls `body` with the UTF-8 bytes of `text`.
    static func bytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
