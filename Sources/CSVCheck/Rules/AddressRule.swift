/// EML001-EML006, DUP001 and DUP002 on the EmailAddress column.
///
/// The value is checked trimmed (surrounding whitespace is CSV008's, a warning: split and fix
/// trim it). Duplicates compare case-insensitively through ``AddressIndex``, shared by every
/// file of a run.
struct AddressRule: Rule {
    let index: AddressIndex
    let cloudOnlyApplies: Bool
    let accepted: [[UInt8]]
    var fileIndex = 0
    var lastRow = 0

    var descriptors: [RuleDescriptor] { [] }

    init(options: CheckOptions) {
        index = AddressIndex()
        cloudOnlyApplies = options.profile.columns.contains { $0.kind == .cloudPassword }
        accepted = options.acceptedDomains.map { Array($0.lowercased().utf8) }
    }

    mutating func begin(_ file: FileContext) {
        fileIndex = file.fileIndex
        lastRow = 0
        index.beginFile(file.fileIndex, path: file.path)
    }

    mutating func finish(_ findings: inout Findings) {
        index.endFile(rows: lastRow)
    }

    mutating func check(_ row: RowView, _ findings: inout Findings) {
        lastRow = row.row
        guard let field = row.emailAddress else { return }
        let range = BooleanValue.trimmedRange(field.bytes)
        let value = UnsafeRawBufferPointer(rebasing: field.bytes[range])
        let lead = scalarCount(UnsafeRawBufferPointer(rebasing: field.bytes[..<range.lowerBound]))
        if value.isEmpty {
            findings.report(
                .emptyAddress, "EmailAddress is empty",
                help: "give the mailbox's primary SMTP address, or delete the row", field: field)
            return
        }
        if let finding = AddressCheck.check(value) {
            findings.report(
                RuleCode(finding.code), finding.message, help: finding.help, field: field,
                scalarOffset: lead + finding.scalarOffset)
        } else if let domainRange = AddressCheck.domain(of: value) {
            let domain = UnsafeRawBufferPointer(rebasing: value[domainRange])
            if cloudOnlyApplies, AddressCheck.isCloudOnly(domain: domain) {
                findings.report(
                    .cloudOnlyDomain,
                    "'\(String(decoding: domain, as: UTF8.self))' is a cloud-only domain; a staged batch needs the on-premises primary SMTP address",
                    help: "use the address the mailbox has in on-premises Exchange", field: field,
                    scalarOffset: lead + domainRange.lowerBound)
            }
            if !accepted.isEmpty, !accepted.contains(where: { Self.equalsFolded(domain, $0) }) {
                findings.report(
                    .unacceptedDomain,
                    "'\(String(decoding: domain, as: UTF8.self))' is not one of the accepted domains",
                    help: "accepted: \(accepted.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", "))",
                    field: field, scalarOffset: lead + domainRange.lowerBound)
            }
        }
        let hash: UInt64
        if UTF8Validation.isASCII(value) {
            hash = foldedHash(value)
        } else {
            let folded = Array(String(decoding: NFC.normalize(value), as: UTF8.self).lowercased().utf8)
            hash = folded.withUnsafeBytes { foldedHash($0) }
        }
        if let first = index.insert(hash: hash, row: row.row) {
            let shown = String(decoding: value, as: UTF8.self)
            if first.file == fileIndex {
                findings.report(
                    .duplicateAddress, "'\(shown)' already appears in row \(first.row)",
                    help: "keep one row per mailbox", field: field, scalarOffset: lead)
            } else {
                let other = index.paths[first.file] ?? "another file"
                findings.report(
                    .duplicateAcrossFiles, "'\(shown)' already appears in \(other), row \(first.row)",
                    help: "a mailbox can be in one batch only; keep it in one file", field: field, scalarOffset: lead)
            }
        }
    }

    static func equalsFolded(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count {
            var x = a[i]
            if x >= 0x41 && x <= 0x5A { x |= 0x20 }
            if x != b[i] { return false }
        }
        return true
    }
}
