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
    /// The current row's trimmed-address hash, computed (and prefetched) by ``prepare(_:)``;
    /// `nil` when the row has no address.
    var pendingHash: UInt64?

    var descriptors: [RuleDescriptor] { [] }

    init(options: CheckOptions) {
        index = AddressIndex()
        cloudOnlyApplies = options.profile.columns.contains { $0.kind == .cloudPassword }
        accepted = options.acceptedDomains.map { Array($0.lowercased().utf8) }
    }

    mutating func begin(_ file: FileContext) {
        fileIndex = file.fileIndex
        lastRow = 0
        index.beginFile(file.fileIndex, path: file.path, estimatedRows: file.estimatedRows)
    }

    mutating func finish(_ findings: inout Findings) {
        index.endFile(rows: lastRow)
    }

    mutating func check(_ row: RowView, _ findings: inout Findings) {
        prepare(row)
        checkValue(row, &findings)
        commit(row, &findings)
    }

    /// The address trimmed of surrounding whitespace, and the scalars trimmed before it.
    @inline(__always)
    static func trimmed(_ field: Field) -> (value: UnsafeRawBufferPointer, lead: Int) {
        let range = BooleanValue.trimmedRange(field.bytes)
        let lead = range.lowerBound == 0 ? 0 : scalarCount(UnsafeRawBufferPointer(rebasing: field.bytes[..<range.lowerBound]))
        return (UnsafeRawBufferPointer(rebasing: field.bytes[range]), lead)
    }

    /// Hashes the case-folded address and starts loading its slot of the run's address table.
    @inline(__always)
    mutating func prepare(_ row: RowView) {
        lastRow = row.row
        pendingHash = Self.hash(of: row)
        if let hash = pendingHash { index.prefetch(hash: hash) }
    }

    /// The hash of the row's trimmed, case-folded (and, beyond ASCII, NFC) address; `nil`
    /// when the row has no address.
    static func hash(of row: RowView) -> UInt64? {
        guard let field = row.emailAddress else { return nil }
        let value = Self.trimmed(field).value
        guard !value.isEmpty else { return nil }
        if let hash = foldedHashIfASCII(value) { return hash }
        let folded = lowercasedNFC(value)
        return folded.withUnsafeBytes { foldedHash($0) }
    }

    /// The NFC form of a non-ASCII address, lower-cased scalar by scalar (each scalar's full
    /// lowercase mapping, as `String.lowercased()` does), as UTF-8. Only the few non-ASCII
    /// scalars look up Unicode properties; the ASCII ones are folded inline.
    static func lowercasedNFC(_ value: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count + 8)
        for scalar in String(decoding: NFC.normalize(value), as: UTF8.self).unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(truncatingIfNeeded: scalar.value)
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else if scalar.properties.changesWhenLowercased {
                out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                out.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        return out
    }

    /// DUP001 and DUP002 (after ``prepare(_:)``).
    @inline(__always)
    mutating func commit(_ row: RowView, _ findings: inout Findings) {
        guard let hash = pendingHash, let field = row.emailAddress else { return }
        guard let first = enter(hash: hash, row: row.row) else { return }
        reportDuplicate(of: first, field: field, &findings)
    }

    /// The table half of ``commit(_:_:)``: enters the address hash of data row `row`.
    /// - Returns: the file and row that hold the address already, if any.
    @inline(__always)
    func enter(hash: UInt64, row: Int) -> (file: Int, row: Int)? {
        index.insert(hash: hash, row: row)
    }

    /// The report half of ``commit(_:_:)``: DUP001 or DUP002 for `field`, first seen at `first`.
    func reportDuplicate(of first: (file: Int, row: Int), field: Field, _ findings: inout Findings) {
        let (value, lead) = Self.trimmed(field)
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

    /// EML001-EML006.
    mutating func checkValue(_ row: RowView, _ findings: inout Findings) {
        guard let field = row.emailAddress else { return }
        let (value, lead) = Self.trimmed(field)
        if value.isEmpty {
            findings.report(
                .emptyAddress, "EmailAddress is empty",
                help: "give the mailbox's primary SMTP address, or delete the row", field: field)
            return
        }
        let domainRange: Range<Int>
        if let at = AddressCheck.plainAt(value) {
            // The common case, cleared by the fast proofs: no finding, and a single '@' before
            // the domain (no second search for it).
            domainRange = (at + 1)..<value.count
        } else if let finding = AddressCheck.check(value) {
            findings.report(
                RuleCode(finding.code), finding.message, help: finding.help, field: field,
                scalarOffset: lead + finding.scalarOffset)
            return
        } else if let range = AddressCheck.domain(of: value) {
            domainRange = range
        } else {
            return
        }
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
