/// VAL001 and VAL002 on the other columns of a profile: required values (IMAP's UserName),
/// user names sent as is, the onboarding limits and MailboxType.
struct ValueRule: Rule {
    var descriptors: [RuleDescriptor] { [] }
    private(set) var columns: [(index: Int, spec: ColumnSpec)] = []
    /// Whether ``columns`` is not empty: whether ``check(_:_:)`` has anything to do (tested
    /// by the caller per row, without a call).
    private(set) var hasColumns = false

    mutating func begin(_ file: FileContext) {
        columns = file.columns.enumerated().compactMap { index, spec in
            guard let spec else { return nil }
            switch spec.kind {
            case .userName, .oneOf, .itemLimit: return (index, spec)
            case .text where spec.isRequired: return (index, spec)
            default: return nil
            }
        }
        hasColumns = !columns.isEmpty
    }

    mutating func check(_ row: RowView, _ findings: inout Findings) {
        for (index, spec) in columns {
            guard let field = row.field(at: index) else { continue }
            if field.isEmpty {
                if spec.isRequired {
                    findings.report(
                        .emptyRequiredValue, "\(spec.name) is empty", help: "every row needs a \(spec.name)", field: field)
                }
                continue
            }
            switch spec.kind {
            case .userName:
                let first = field.bytes[0]
                let last = field.bytes[field.bytes.count - 1]
                if first == 0x20 || last == 0x20 || first == 0x09 || last == 0x09 {
                    findings.report(
                        .valueOutOfRange, "\(spec.name) has leading or trailing spaces",
                        help: "the user name is sent to the source server as is; remove the spaces", field: field)
                }
            case .oneOf(let allowed):
                let value = field.string.trimmingWhitespace
                if !allowed.contains(where: { $0.lowercased() == value.lowercased() }) {
                    findings.report(
                        .valueOutOfRange, "\(spec.name) is '\(value.escapedForMessage)'",
                        help: "write one of: \(allowed.joined(separator: ", "))", field: field)
                }
            case .itemLimit:
                let value = field.string.trimmingWhitespace
                let isUnlimited = value.lowercased() == "unlimited"
                let number = value.allSatisfy(\.isASCII) ? Int(value) : nil
                if !isUnlimited, !(number.map { (0...2_147_483_647).contains($0) } ?? false) {
                    findings.report(
                        .valueOutOfRange, "\(spec.name) is '\(value.escapedForMessage)'",
                        help: "write Unlimited or a whole number from 0 to 2147483647", field: field)
                }
            default:
                break
            }
        }
    }
}
