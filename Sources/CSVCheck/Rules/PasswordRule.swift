/// PWD001-PWD007 and SSO002 on the Password column.
///
/// Staged batches set the Microsoft 365 password: the cloud policy applies (length, classes,
/// allowed characters, banned words, the user's name). IMAP batches carry the source server's
/// password: only its length (1-256) and surrounding spaces matter. A blank value means "use
/// the batch's setting" and is valid in a staged file.
struct PasswordRule: Rule {
    let banned: BannedPasswords
    let singleSignOn: Bool
    var shared = PasswordIndex()
    var isCloud = true
    /// The key of the current row's password, computed (and prefetched) by ``prepare(_:)``.
    var pendingKey: UInt64 = 0
    /// The last domain's tenant name, for PWD005 (each copy of the rule keeps its own).
    var tenants = PasswordTenantCache()

    var descriptors: [RuleDescriptor] { [] }

    init(options: CheckOptions) {
        banned = BannedPasswords(adding: options.bannedPasswords)
        singleSignOn = options.singleSignOn
    }

    mutating func begin(_ file: FileContext) {
        shared = PasswordIndex()
        if let rows = file.estimatedRows { shared.reserve(min(rows, 1 << 21)) }
        let column = file.columns.compactMap { $0 }.first { $0.isSecret }
        isCloud = column?.kind != .sourcePassword
    }

    mutating func check(_ row: RowView, _ findings: inout Findings) {
        prepare(row)
        checkValue(row, &findings)
        commit(row, &findings)
    }

    /// Computes the password's key and starts loading its slot of the shared-password table.
    @inline(__always)
    mutating func prepare(_ row: RowView) {
        pendingKey = Self.key(of: row)
        if pendingKey != 0 { shared.prefetch(pendingKey) }
    }

    /// The key of the row's password in the shared-password table, or 0 for none.
    static func key(of row: RowView) -> UInt64 {
        guard let field = row.password, !field.isEmpty else { return 0 }
        return PasswordIndex.key(field.bytes)
    }

    /// PWD007: counts the password (after ``prepare(_:)``).
    @inline(__always)
    mutating func commit(_ row: RowView, _ findings: inout Findings) {
        guard pendingKey != 0, let field = row.password else { return }
        reportShared(before: enter(key: pendingKey), field: field, &findings)
    }

    /// The table half of ``commit(_:_:)``: counts the password with key `key`.
    /// - Returns: how many earlier rows of the file have the same password.
    @inline(__always)
    func enter(key: UInt64) -> Int { shared.insert(key: key) }

    /// The report half of ``commit(_:_:)``: PWD007 when `before` earlier rows share the password.
    func reportShared(before: Int, field: Field, _ findings: inout Findings) {
        if before > 0 {
            findings.report(
                .sharedPassword,
                "this password is also set for \(before) earlier mailbox\(before == 1 ? "" : "es") in this file (\(before + 1) in all)",
                help: "give every mailbox its own password", field: field)
        }
    }

    /// Every password finding but PWD007.
    mutating func checkValue(_ row: RowView, _ findings: inout Findings) {
        _ = checkValue(row, &findings, computingKey: false)
    }

    /// ``checkValue(_:_:)`` and ``key(of:)`` together, reading the password once: every
    /// password finding but PWD007, and the key of the row's password in the shared-password
    /// table (0 for none).
    @discardableResult
    mutating func checkValueAndKey(_ row: RowView, _ findings: inout Findings) -> UInt64 {
        checkValue(row, &findings, computingKey: true)
    }

    /// The body of ``checkValue(_:_:)`` and ``checkValueAndKey(_:_:)``; the key is computed only
    /// when `computingKey` (else 0 is returned).
    @inline(__always)
    private mutating func checkValue(_ row: RowView, _ findings: inout Findings, computingKey: Bool) -> UInt64 {
        guard let field = row.password else { return 0 }
        let bytes = field.bytes
        if bytes.isEmpty {
            if !isCloud {
                findings.report(
                    .emptyRequiredValue, "Password is empty; an IMAP migration signs in to the source server with it",
                    help: "give the user's IMAP password (or use an administrator account in UserName)", field: field)
            }
            return 0
        }
        if singleSignOn {
            findings.report(
                .passwordUnderSSO,
                "a Password is set, but with AD FS single sign-on users sign in with their on-premises password",
                help: "leave Password empty; the value only exposes a secret", field: field)
        }
        if isCloud {
            var localPart: UnsafeRawBufferPointer?
            var tenant = PasswordTenant.none
            if let email = row.emailAddress {
                let range = BooleanValue.trimmedRange(email.bytes)
                (localPart, tenant) = tenants.resolve(UnsafeRawBufferPointer(rebasing: email.bytes[range]), index: banned.index)
            }
            if !PasswordRules.passes(password: bytes, localPart: localPart, tenant: tenant, banned: banned) {
                checkCloudPassword(field, localPart: localPart, tenant: tenant, &findings)
            }
        } else {
            checkSourcePassword(field, &findings)
        }
        return computingKey ? PasswordIndex.key(bytes) : 0
    }

    /// PWD001-PWD006 on a password that ``PasswordRules/passes(password:localPart:tenant:banned:)``
    /// did not clear: its verdict and findings.
    @inline(never)
    private func checkCloudPassword(
        _ field: Field, localPart: UnsafeRawBufferPointer?, tenant: PasswordTenant, _ findings: inout Findings
    ) {
        let bytes = field.bytes
        let verdict = PasswordRules.verdict(password: bytes, localPart: localPart, tenant: tenant, banned: banned)
        if verdict.isClean { return }
        for finding in PasswordRules.findings(password: bytes, verdict) {
            // Copied: PWD002's sixteen texts are made once and shared (see Findings.report(_:copying:)).
            findings.report(
                RuleCode(finding.code), copying: finding.message, help: finding.help, field: field,
                scalarOffset: finding.scalarOffset)
        }
    }

    private func checkSourcePassword(_ field: Field, _ findings: inout Findings) {
        let count = scalarCount(field.bytes)
        if count > 256 {
            findings.report(
                .passwordLength, "the password is \(count) characters long; the limit is 256",
                help: "check the value; IMAP passwords longer than 256 characters are rejected", field: field)
        }
        let first = field.bytes[0]
        let last = field.bytes[field.bytes.count - 1]
        if first == 0x20 || last == 0x20 || first == 0x09 || last == 0x09 {
            findings.report(
                .passwordWhitespace, "the password has leading or trailing whitespace",
                help: "Exchange sends it to the IMAP server as is; remove the spaces unless they are really part of it",
                field: field)
        }
    }

}
