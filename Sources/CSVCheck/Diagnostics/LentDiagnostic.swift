/// A finding lent to a handler for the length of one call: a ``Diagnostic`` whose message is
/// read in place, from the buffer the rules laid it out in, rather than copied into a `String`.
///
/// For this package's renderers only (``Checker/check(path:onStart:lending:)``): a handler must
/// not keep ``message`` past its call. On a file with many findings a `String` per message cost
/// the reading thread about a tenth of the run (malloc, copy and free per finding).
package struct LentDiagnostic {
    /// The stable rule code.
    package let code: RuleCode
    /// The severity after configuration was applied.
    package let severity: Severity
    /// The message's UTF-8 (well-formed), valid during the call only.
    package let message: UnsafeRawBufferPointer
    /// How to fix it, when there is a fix to suggest.
    package let help: String?
    /// Where it is.
    package let location: SourceLocation
    /// The source line, passwords masked.
    package let excerpt: String?

    /// A diagnostic of its own, with a copy of the message.
    package var diagnostic: Diagnostic {
        Diagnostic(
            code: code, severity: severity, message: MessageText.string(validUTF8: message), help: help, location: location,
            excerpt: excerpt)
    }
}

/// A message handed to ``FileRun``'s diagnostics: a string, or well-formed UTF-8 lent for the
/// call (a finding's text, ``Findings/text``).
enum MessageSource: ExpressibleByStringInterpolation {
    case string(String)
    case bytes(UnsafeRawBufferPointer)

    init(stringLiteral value: String) { self = .string(value) }

    init(stringInterpolation: DefaultStringInterpolation) { self = .string(String(stringInterpolation: stringInterpolation)) }

    /// The message as a string of its own.
    var string: String {
        switch self {
        case .string(let string): string
        case .bytes(let bytes): MessageText.string(validUTF8: bytes)
        }
    }

    /// Calls `body` with the message's UTF-8, valid during the call.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch self {
        case .string(var string): string.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        case .bytes(let bytes): body(bytes)
        }
    }
}
