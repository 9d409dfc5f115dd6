/// A stable rule code such as `EML002`.
///
/// Codes are never renumbered or reused. Each built-in code has a named static member, so code
/// reads `RuleCode.duplicateAddress` while output shows `DUP001`. Custom rules create their own
/// codes with ``init(rawValue:)``.
public struct RuleCode: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code as shown to people and machines, e.g. `"DUP001"`.
    public let rawValue: String

    /// Creates a code from its textual form.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a code from its textual form.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: RuleCode, rhs: RuleCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension RuleCode {
    // MARK: Encoding and text
    /// ENC001: bytes that are not valid in the file's encoding.
    public static let invalidBytes = RuleCode("ENC001")
    /// ENC002: a legacy, non-Unicode encoding with non-ASCII characters.
    public static let legacyEncoding = RuleCode("ENC002")
    /// ENC003: a value that is not in Unicode NFC.
    public static let notNFC = RuleCode("ENC003")
    /// ENC004: a control character inside a value.
    public static let controlCharacter = RuleCode("ENC004")
    /// ENC005: an invisible or look-alike character inside a value.
    public static let invisibleCharacter = RuleCode("ENC005")

    // MARK: Structure
    /// CSV001: the file is empty.
    public static let emptyFile = RuleCode("CSV001")
    /// CSV002: an unterminated quoted field.
    public static let unterminatedQuote = RuleCode("CSV002")
    /// CSV003: a stray quote inside an unquoted field, or text after a closing quote.
    public static let strayQuote = RuleCode("CSV003")
    /// CSV004: the delimiter is not a comma.
    public static let wrongDelimiter = RuleCode("CSV004")
    /// CSV005: a row whose field count differs from the header's.
    public static let fieldCount = RuleCode("CSV005")
    /// CSV006: a preamble line before the header.
    public static let preamble = RuleCode("CSV006")
    /// CSV007: a blank line between data rows.
    public static let blankLine = RuleCode("CSV007")
    /// CSV008: leading or trailing whitespace around a value.
    public static let surroundingWhitespace = RuleCode("CSV008")
    /// CSV009: a field or record larger than the safety limit.
    public static let recordTooLarge = RuleCode("CSV009")

    // MARK: Header
    /// HDR001: a required column is missing.
    public static let missingColumn = RuleCode("HDR001")
    /// HDR002: an unknown column.
    public static let unknownColumn = RuleCode("HDR002")
    /// HDR003: a duplicate column.
    public static let duplicateColumn = RuleCode("HDR003")
    /// HDR004: an empty header name, or one with surrounding whitespace.
    public static let badHeaderName = RuleCode("HDR004")
    /// HDR005: a header name whose case differs from the canonical name.
    public static let headerCase = RuleCode("HDR005")

    // MARK: Rows
    /// ROW001: more data rows than the profile allows.
    public static let tooManyRows = RuleCode("ROW001")
    /// ROW002: no data rows.
    public static let noRows = RuleCode("ROW002")
    /// ROW003: the file is larger than the profile allows.
    public static let fileTooLarge = RuleCode("ROW003")

    // MARK: Email addresses
    /// EML001: EmailAddress is empty.
    public static let emptyAddress = RuleCode("EML001")
    /// EML002: not a plain SMTP address.
    public static let malformedAddress = RuleCode("EML002")
    /// EML003: an address, local part or domain label that is too long.
    public static let addressTooLong = RuleCode("EML003")
    /// EML004: a non-ASCII address or an internationalized domain.
    public static let nonASCIIAddress = RuleCode("EML004")
    /// EML005: a cloud-only `*.onmicrosoft.com` domain.
    public static let cloudOnlyDomain = RuleCode("EML005")
    /// EML006: a domain that is not one of the accepted domains.
    public static let unacceptedDomain = RuleCode("EML006")
    /// DUP001: an address that already appeared in this file.
    public static let duplicateAddress = RuleCode("DUP001")
    /// DUP002: an address that already appeared in another file of the same run.
    public static let duplicateAcrossFiles = RuleCode("DUP002")

    // MARK: Values
    /// VAL001: a required value is empty.
    public static let emptyRequiredValue = RuleCode("VAL001")
    /// VAL002: a value outside the column's allowed set or range.
    public static let valueOutOfRange = RuleCode("VAL002")

    // MARK: Booleans
    /// BOOL001: ForceChangePassword is not True or False.
    public static let notBoolean = RuleCode("BOOL001")

    // MARK: Passwords
    /// PWD001: password length outside 8-256 characters.
    public static let passwordLength = RuleCode("PWD001")
    /// PWD002: fewer than three character classes.
    public static let passwordClasses = RuleCode("PWD002")
    /// PWD003: a character outside the allowed set.
    public static let passwordCharacter = RuleCode("PWD003")
    /// PWD004: leading or trailing whitespace in a password.
    public static let passwordWhitespace = RuleCode("PWD004")
    /// PWD005: a banned or common password.
    public static let bannedPassword = RuleCode("PWD005")
    /// PWD006: the password contains the mailbox's local part.
    public static let passwordContainsName = RuleCode("PWD006")
    /// PWD007: the same password is set for more than one mailbox.
    public static let sharedPassword = RuleCode("PWD007")

    // MARK: Single sign-on
    /// SSO001: ForceChangePassword is True under AD FS single sign-on.
    public static let forceChangeUnderSSO = RuleCode("SSO001")
    /// SSO002: a Password is set for a federated user.
    public static let passwordUnderSSO = RuleCode("SSO002")

    // MARK: Security
    /// SEC001: a value that a spreadsheet would run as a formula.
    public static let formulaInjection = RuleCode("SEC001")
    /// SEC002: a file holding passwords that every user of the machine can read.
    public static let worldReadable = RuleCode("SEC002")
}
