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
    /// Where the help (how to fix it) is kept, valid during the call only. Read in place, as
    /// is ``fieldSource``: a copy of each string, made for the handler and dropped after it,
    /// cost about 160 instructions a diagnostic (callgrind), on the thread that reports them.
    package let helpSource: UnsafePointer<String?>?
    /// The location's offset, line, column and row (see ``SourceLocation``).
    package let offset: Int?
    package let line: Int?
    package let column: Int?
    package let row: Int?
    /// Where the field's name is kept, valid during the call only.
    package let fieldSource: UnsafePointer<String?>?
    /// The source line, passwords masked.
    package let excerpt: String?

    /// A diagnostic whose help and field name are read from `helpSource` and `fieldSource`.
    package init(
        code: RuleCode, severity: Severity, message: UnsafeRawBufferPointer, helpSource: UnsafePointer<String?>?,
        offset: Int?, line: Int?, column: Int?, row: Int?, fieldSource: UnsafePointer<String?>?, excerpt: String?
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.helpSource = helpSource
        self.offset = offset
        self.line = line
        self.column = column
        self.row = row
        self.fieldSource = fieldSource
        self.excerpt = excerpt
    }

    /// Calls `body` with a diagnostic lent from these values, their strings held for the call.
    package static func lend<R>(
        code: RuleCode, severity: Severity, message: UnsafeRawBufferPointer, help: String?, location: SourceLocation,
        excerpt: String?, _ body: (LentDiagnostic) -> R
    ) -> R {
        withUnsafePointer(to: help) { help in
            withUnsafePointer(to: location.field) { field in
                body(
                    LentDiagnostic(
                        code: code, severity: severity, message: message, helpSource: help, offset: location.offset,
                        line: location.line, column: location.column, row: location.row, fieldSource: field,
                        excerpt: excerpt))
            }
        }
    }

    /// How to fix it, when there is a fix to suggest.
    package var help: String? { helpSource?.pointee ?? nil }

    /// Where it is.
    package var location: SourceLocation {
        SourceLocation(offset: offset, line: line, column: column, row: row, field: fieldSource?.pointee ?? nil)
    }

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
