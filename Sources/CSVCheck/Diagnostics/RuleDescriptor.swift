/// Everything known about one rule, for `csvcheck rules`, `csvcheck explain` and SARIF.
public struct RuleDescriptor: Sendable {
    /// The stable code, e.g. `DUP001`.
    public let code: RuleCode
    /// The severity before configuration changes it.
    public let defaultSeverity: Severity
    /// A one-line title, e.g. `Duplicate address`.
    public let title: String
    /// What the rule checks, in one or two sentences.
    public let summary: String
    /// The Microsoft 365 / Exchange Online behaviour that makes the finding matter.
    public let behaviour: String
    /// A short CSV excerpt that triggers the rule; passwords appear only as `********` or as
    /// obviously fake values.
    public let example: String
    /// How to fix a finding.
    public let fix: String

    /// Creates a descriptor.
    public init(
        code: RuleCode, defaultSeverity: Severity, title: String, summary: String, behaviour: String,
        example: String, fix: String
    ) {
        self.code = code
        self.defaultSeverity = defaultSeverity
        self.title = title
        self.summary = summary
        self.behaviour = behaviour
        self.example = example
        self.fix = fix
    }

    /// The title as one PascalCase identifier (`Duplicate address` -> `DuplicateAddress`), the
    /// form SARIF's `reportingDescriptor.name` suggests.
    public var name: String {
        Self.asciiName(title) ?? Self.characterwiseName(title)
    }

    /// ``name`` Character by Character, for any title (the reference for ``asciiName(_:)``).
    static func characterwiseName(_ title: String) -> String {
        var result = ""
        var upperNext = true
        for character in title {
            if character.isLetter || character.isNumber {
                result.append(upperNext ? Character(character.uppercased()) : character)
                upperNext = false
            } else {
                upperNext = true
            }
        }
        return result
    }

    /// ``name`` for an all-ASCII title, byte by byte: the same answer without the Unicode
    /// property lookups of `Character` (SARIF asks for every rule's name on every run); `nil`
    /// when the title has a non-ASCII byte.
    static func asciiName(_ title: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(title.utf8.count)
        var upperNext = true
        for byte in title.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                bytes.append(upperNext ? byte - 0x20 : byte)
                upperNext = false
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                bytes.append(byte)
                upperNext = false
            case 0x80...:
                return nil
            default:
                upperNext = true
            }
        }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            _ = buffer.initialize(from: bytes)
            return bytes.count
        }
    }
}
