import CSupport

/// EML001-EML006, DUP001 and DUP002 on the EmailAddress column.
///
/// The value is checked trimmed (surrounding whitespace is CSV008's, a warning: split and fix
/// trim it). Duplicates compare case-insensitively through ``AddressIndex``, shared by every
/// file of a run.
struct AddressRule: Rule {
    let index: AddressIndex
    let cloudOnlyApplies: Bool
    let accepted: [[UInt8]]
    /// The help of EML006, which lists ``accepted``.
    let acceptedHelp: String
    var fileIndex = 0
    var lastRow = 0
    /// The current row's trimmed-address hash, computed (and prefetched) by ``prepare(_:)``;
    /// `nil` when the row has no address.
    var pendingHash: UInt64?
    /// The domain of the last address that ``checkValue(_:_:)`` cleared, to clear the next
    /// ones on it by their local part alone; the one cleared before it; and up to two other
    /// domains cleared before those, the last one used first.
    var lastDomain = PlainDomain()
    var previousDomain = PlainDomain()
    /// Whether the last address was on ``previousDomain`` (see ``knownDomain(of:)``).
    var previousAgain = false
    var otherDomains: [PlainDomain] = []
    /// The last EML005 and EML006 messages, for the next findings on the same domain.
    var cloudOnlyMessage = DomainMessage()
    var unacceptedMessage = DomainMessage()

    var descriptors: [RuleDescriptor] { [] }

    init(options: CheckOptions) {
        index = AddressIndex()
        cloudOnlyApplies = options.profile.columns.contains { $0.kind == .cloudPassword }
        accepted = options.acceptedDomains.map { Array($0.lowercased().utf8) }
        acceptedHelp = "accepted: \(accepted.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", "))"
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
        return hash(ofTrimmed: value)
    }

    /// ``hash(of:)`` of a non-empty trimmed address.
    static func hash(ofTrimmed value: UnsafeRawBufferPointer) -> UInt64 {
        if UTF8Validation.isASCII(value) { return foldedAddressHash(value) }
        return nonASCIIHash(value)
    }

    /// The hash of a (non-empty) address that is not all ASCII: of its ``lowercasedNFC(_:)``
    /// form, laid out in a scratch buffer when its scalars are all below U+0300.
    static func nonASCIIHash(_ value: UnsafeRawBufferPointer) -> UInt64 {
        let fast: UInt64? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * value.count) { buffer in
            let out = buffer.baseAddress!
            return lowercasedBelowCombiningMarks(value, into: out).map {
                foldedAddressHash(UnsafeRawBufferPointer(start: out, count: $0))
            }
        }
        if let fast { return fast }
        return lowercasedNFCGeneral(value).withUnsafeBytes { foldedAddressHash($0) }
    }

    /// The hash of `value` (``hash(of:)``) when `value` is a plain local part (see
    /// ``AddressCheck/isPlainLocalPart(_:)``), `@` and `domain`, whose bytes start at `start`;
    /// `nil` when the local part is not plain (or is, but of a kind that only the general
    /// proofs clear). One pass over the local part both checks and hashes it; the domain's
    /// half of the hash comes with `domain`.
    @inline(__always)
    static func plainHash(_ value: UnsafeRawBufferPointer, start: Int, domain: PlainDomain) -> UInt64? {
        if value.count >= 16 {
            let local = csvcheck_plain_local_part(value.baseAddress!.assumingMemoryBound(to: UInt8.self), start &- 1)
            guard local.plain != 0 else { return nil }
            return csvcheck_address_hash(local.hash, domain.hash, 1)
        }
        guard AddressCheck.isPlainLocalPart(UnsafeRawBufferPointer(rebasing: value[..<(start - 1)])) else { return nil }
        return foldedAddressHash(value)
    }

    /// The NFC form of a non-ASCII address, lower-cased scalar by scalar (each scalar's full
    /// lowercase mapping, as `String.lowercased()` does), as UTF-8: by
    /// ``lowercasedBelowCombiningMarks(_:into:)`` when it can, else by
    /// ``lowercasedNFCGeneral(_:)``.
    static func lowercasedNFC(_ value: UnsafeRawBufferPointer) -> [UInt8] {
        var fast = true
        let folded = [UInt8](unsafeUninitializedCapacity: 2 * value.count) { buffer, initialized in
            if let count = lowercasedBelowCombiningMarks(value, into: buffer.baseAddress!) {
                initialized = count
            } else {
                initialized = 0
                fast = false
            }
        }
        return fast ? folded : lowercasedNFCGeneral(value)
    }

    /// ``lowercasedNFC(_:)`` for any value: NFC first, then each scalar lower-cased. Only the
    /// few non-ASCII scalars look up Unicode properties; the ASCII ones are folded inline.
    static func lowercasedNFCGeneral(_ value: UnsafeRawBufferPointer) -> [UInt8] {
        if let folded = lowercasedNFCWellFormed(value) { return folded }
        return lowercasedNFCRepairing(value)
    }

    /// ``lowercasedNFCGeneral(_:)`` for any value, ill-formed UTF-8 included (each invalid
    /// sequence becomes U+FFFD, as in `String(decoding:as:)`).
    static func lowercasedNFCRepairing(_ value: UnsafeRawBufferPointer) -> [UInt8] {
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
        if first.file == fileIndex {
            let message = MessageText.make {
                $0.append("'")
                $0.append(value)
                $0.append("' already appears in row ")
                $0.append(decimal: first.row)
            }
            findings.report(
                .duplicateAddress, message, help: "keep one row per mailbox", field: field, scalarOffset: lead)
        } else {
            let other = index.paths[first.file] ?? "another file"
            let message = MessageText.make {
                $0.append("'")
                $0.append(value)
                $0.append("' already appears in ")
                $0.append(other)
                $0.append(", row ")
                $0.append(decimal: first.row)
            }
            findings.report(
                .duplicateAcrossFiles, message,
                help: "a mailbox can be in one batch only; keep it in one file", field: field, scalarOffset: lead)
        }
    }

    /// EML001-EML006.
    /// - Returns: the hash that ``hash(of:)`` gives the row (of its trimmed, case-folded
    ///   address), computed here from the bytes this check reads anyway; `nil` when the row has
    ///   no address.
    ///
    /// Inlined into the caller: the commonest address, a plain local part, `@` and a domain
    /// cleared before, with nothing around it to trim and nothing to say about its domain, is
    /// checked and hashed in one pass over its local part without a call (beyond the domain's
    /// three word compares). Every other one takes ``checkValueInDetail(_:_:)``.
    @inline(__always) @discardableResult
    mutating func checkValue(_ row: RowView, _ findings: inout Findings) -> UInt64? {
        guard let field = row.emailAddress else { return nil }
        let value = field.bytes
        let count = value.count
        if count >= 16, value[0] &- 0x21 < 0x5F, value[count &- 1] &- 0x21 < 0x5F,
            let (start, known) = knownDomain(of: value), known.accepted, !(cloudOnlyApplies && known.cloudOnly)
        {
            let local = csvcheck_plain_local_part(value.baseAddress!.assumingMemoryBound(to: UInt8.self), start &- 1)
            if local.plain != 0 { return csvcheck_address_hash(local.hash, known.hash, 1) }
        }
        return checkValueInDetail(field, &findings)
    }

    /// ``checkValue(_:_:)`` for any address: trimmed, then through the known domains or the
    /// general proofs.
    @inline(never)
    mutating func checkValueInDetail(_ field: Field, _ findings: inout Findings) -> UInt64? {
        let (value, lead) = Self.trimmed(field)
        if value.isEmpty {
            findings.report(
                .emptyAddress, "EmailAddress is empty",
                help: "give the mailbox's primary SMTP address, or delete the row", field: field)
            return nil
        }
        if let (start, known) = knownDomain(of: value), let hash = Self.plainHash(value, start: start, domain: known) {
            // A plain local part, '@', and the domain of an address cleared before (so
            // check(_:) finds nothing in this one either).
            if cloudOnlyApplies && known.cloudOnly || !known.accepted {
                reportDomain(value, start..<value.count, cloudOnly: known.cloudOnly, accepted: known.accepted, lead: lead, field: field, &findings)
            }
            return hash
        }
        if let (domainRange, cloudOnly, isAccepted) = checkSyntax(value, lead: lead, field: field, &findings) {
            reportDomain(value, domainRange, cloudOnly: cloudOnly, accepted: isAccepted, lead: lead, field: field, &findings)
        }
        return Self.hash(ofTrimmed: value)
    }

    /// EML005 and EML006 for the domain at `domainRange` of `value`, as the checks found it.
    @inline(never)
    private mutating func reportDomain(
        _ value: UnsafeRawBufferPointer, _ domainRange: Range<Int>, cloudOnly: Bool, accepted isAccepted: Bool,
        lead: Int, field: Field, _ findings: inout Findings
    ) {
        let domain = UnsafeRawBufferPointer(rebasing: value[domainRange])
        if cloudOnlyApplies, cloudOnly {
            cloudOnlyMessage.report(
                .cloudOnlyDomain, domain: domain, help: "use the address the mailbox has in on-premises Exchange", field: field,
                scalarOffset: lead + domainRange.lowerBound, &findings
            ) {
                $0.append("'")
                $0.append(domain)
                $0.append("' is a cloud-only domain; a staged batch needs the on-premises primary SMTP address")
            }
        }
        if !isAccepted {
            unacceptedMessage.report(
                .unacceptedDomain, domain: domain, help: acceptedHelp, field: field, scalarOffset: lead + domainRange.lowerBound,
                &findings
            ) {
                $0.append("'")
                $0.append(domain)
                $0.append("' is not one of the accepted domains")
            }
        }
    }

    /// The part of ``checkValue(_:_:)`` for an address on no remembered domain: the general
    /// proofs, then the step-by-step check (whose finding it reports). Kept out of line so that
    /// the common path stays small.
    /// - Returns: The domain's range and what EML005 and EML006 say about it; `nil` when there
    ///   is nothing more to check (a finding, or no domain).
    @inline(never)
    mutating func checkSyntax(
        _ value: UnsafeRawBufferPointer, lead: Int, field: Field, _ findings: inout Findings
    ) -> (domain: Range<Int>, cloudOnly: Bool, accepted: Bool)? {
        let domainRange: Range<Int>
        var cleared = false
        var nonASCII: NonASCIIByte?
        if let at = AddressCheck.plainAt(value) {
            // Cleared by the fast proofs: no finding, and a single '@' before the domain (no
            // second search for it).
            domainRange = (at + 1)..<value.count
            cleared = true
        } else if let finding = AddressCheck.checkInDetail(value, nonASCII: &nonASCII) {
            findings.report(
                RuleCode(finding.code), finding.message, help: finding.help, field: field,
                scalarOffset: lead + finding.scalarOffset)
            return nil
        } else if let nonASCII {
            let shown = QuotedAddress(value, general: AddressCheck.quoted)
            findings.report(
                .nonASCIIAddress, help: nonASCII.help, fieldIndex: field.index, scalarOffset: lead + nonASCII.scalarOffset
            ) { nonASCII.write(&$0, value, shown: shown) }
            return nil
        } else if let range = AddressCheck.domain(of: value) {
            domainRange = range
        } else {
            return nil
        }
        let domain = UnsafeRawBufferPointer(rebasing: value[domainRange])
        let cloudOnly = AddressCheck.isCloudOnly(domain: domain)
        let isAccepted = accepted.isEmpty || accepted.contains { Self.equalsFolded(domain, $0) }
        if cleared, let plain = PlainDomain(domain, cloudOnly: cloudOnly, accepted: isAccepted) {
            remember(plain)
        }
        return (domainRange, cloudOnly, isAccepted)
    }

    /// The start of `value`'s domain and what is known of it, when it is ``lastDomain``,
    /// ``previousDomain`` or one of ``otherDomains`` (which then becomes ``lastDomain``, as
    /// ``previousDomain`` does on its second address in a row). The first two are tested
    /// inline: a file on two domains never calls out.
    @inline(__always)
    mutating func knownDomain(of value: UnsafeRawBufferPointer) -> (start: Int, domain: PlainDomain)? {
        if let start = lastDomain.start(in: value) {
            previousAgain = false
            return (start, lastDomain)
        }
        if let start = previousDomain.start(in: value) {
            // The two change places on the second address in a row on the previous domain: a
            // rarer domain now and then moves nothing.
            guard previousAgain else {
                previousAgain = true
                return (start, previousDomain)
            }
            previousAgain = false
            swap(&lastDomain, &previousDomain)
            return (start, lastDomain)
        }
        return knownOtherDomain(of: value)
    }

    /// ``knownDomain(of:)`` for ``otherDomains``.
    @inline(never)
    mutating func knownOtherDomain(of value: UnsafeRawBufferPointer) -> (start: Int, domain: PlainDomain)? {
        for i in otherDomains.indices {
            guard let start = otherDomains[i].start(in: value) else { continue }
            swap(&lastDomain, &otherDomains[i])
            return (start, lastDomain)
        }
        return nil
    }

    /// Makes `domain` ``lastDomain``, the one before it ``previousDomain``, and that one the
    /// first of ``otherDomains`` (the oldest of four is forgotten).
    @inline(never)
    mutating func remember(_ domain: PlainDomain) {
        if lastDomain.length > 0 {
            if previousDomain.length > 0 {
                if otherDomains.count == 2 { otherDomains.removeLast() }
                otherDomains.insert(previousDomain, at: 0)
            }
            previousDomain = lastDomain
        }
        lastDomain = domain
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

/// A domain of 8 to 24 bytes that ``AddressCheck/plainAt(_:)`` cleared in an address, and what
/// EML005 and EML006 said about it: an address made of a plain local part (see
/// ``AddressCheck/isPlainLocalPart(_:)``), `@` and the same bytes is plain too, and gets the
/// same answers, found by three word compares.
struct PlainDomain {
    /// The domain's length in bytes; 0 before the first one.
    private var count: UInt8 = 0
    var length: Int { Int(count) }
    /// Its bytes as three words: the first 8, the 8 after them (or the last 8 when they end
    /// past the domain) and the last 8, overlapping as the length needs.
    private var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    /// Whether it is a cloud-only domain (EML005).
    private(set) var cloudOnly = false
    /// Whether it is one of the accepted domains, or none were given (EML006).
    private(set) var accepted = true
    /// The domain's half of the hash of an address on it (``foldedDomainHash(_:count:)``).
    private(set) var hash: UInt64 = 0

    /// No domain: ``start(in:)`` matches nothing.
    init() {}

    /// The domain `domain` (the bytes after the `@` of an address that `plainAt` cleared), or
    /// `nil` when it is shorter than 8 bytes or longer than 24.
    init?(_ domain: UnsafeRawBufferPointer, cloudOnly: Bool, accepted: Bool) {
        guard domain.count >= 8 && domain.count <= 24 else { return nil }
        count = UInt8(domain.count)
        words = Self.words(of: domain, start: 0, length: length)
        self.cloudOnly = cloudOnly
        self.accepted = accepted
        hash = foldedDomainHash(domain.baseAddress!.assumingMemoryBound(to: UInt8.self), count: domain.count)
    }

    @inline(__always)
    private static func words(of bytes: UnsafeRawBufferPointer, start: Int, length: Int) -> (UInt64, UInt64, UInt64) {
        let end = start &+ length
        return (
            bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: min(start &+ 8, end &- 8), as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: end &- 8, as: UInt64.self)
        )
    }

    /// The offset of this domain in `value` when `value` ends with it, after an `@` and at
    /// least one byte before that.
    @inline(__always)
    func start(in value: UnsafeRawBufferPointer) -> Int? {
        let start = value.count &- length
        guard length > 0, start >= 2, value[start &- 1] == UInt8(ascii: "@") else { return nil }
        return Self.words(of: value, start: start, length: length) == words ? start : nil
    }
}
