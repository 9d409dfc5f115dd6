/// The built-in rules of a profile, held as concrete values so the per-row calls are direct
/// (no existential boxes on the hot path). Which ones run follows the profile's column kinds.
struct BuiltInRules {
    var text = TextRule()
    var address: AddressRule?
    var password: PasswordRule?
    var boolean: BooleanRule?
    var value = ValueRule()

    /// Fresh rules for one checker (one run). The address rule's index is shared by all files
    /// of the run, for DUP002.
    init(options: CheckOptions) {
        let kinds = Set(options.profile.columns.map(\.kind))
        if kinds.contains(.emailAddress) { address = AddressRule(options: options) }
        if kinds.contains(.cloudPassword) || kinds.contains(.sourcePassword) {
            password = PasswordRule(options: options)
        }
        if kinds.contains(.boolean) { boolean = BooleanRule(singleSignOn: options.singleSignOn) }
    }

    mutating func begin(_ file: FileContext) {
        text.begin(file)
        address?.begin(file)
        password?.begin(file)
        boolean?.begin(file)
        value.begin(file)
    }

    /// Runs every rule on a row. The two table lookups (duplicate addresses, shared passwords)
    /// are started first and finished last, so their cache misses overlap the other checks.
    /// - Parameter trusted: whether the row's values are in their columns (see ``RowTrust``);
    ///   when not, only the text rules run.
    /// - Returns: how many of the findings, appended first, come from the text rules.
    @inline(__always) @discardableResult
    mutating func check(_ row: RowView, trusted: Bool = true, _ findings: inout Findings) -> Int {
        let before = findings.items.count
        if !trusted || Self.quotingDamaged(row) {
            text.check(row, &findings)
            return findings.items.count - before
        }
        address?.prepare(row)
        password?.prepare(row)
        text.check(row, &findings)
        let textCount = findings.items.count - before
        address?.checkValue(row, &findings)
        password?.checkValue(row, &findings)
        boolean?.check(row, &findings)
        value.check(row, &findings)
        address?.commit(row, &findings)
        password?.commit(row, &findings)
        return textCount
    }

    /// Whether a row's quoting went wrong (a stray quote, text after a closing quote, or a line
    /// break inside a quoted value that is not a password): its values may have swallowed the
    /// next rows, passwords included, so only the text rules run on it, whose messages never
    /// quote a value. A row with another field count than the header (CSV005) counts too: it is
    /// most often a line cut by an unquoted line break, whose rest (a password's tail, say)
    /// arrives as the next "row".
    static func quotingDamaged(_ row: RowView) -> Bool {
        if row.record.fieldCount != row.layout.columns.count { return true }
        for (index, span) in row.record.fields.enumerated() {
            if span.problemAt >= 0 { return true }
            if span.flags.contains(.multiline), !(index < row.layout.secret.count && row.layout.secret[index]) {
                return true
            }
        }
        return false
    }

    /// The order-free part of ``check(_:_:)``: every rule that needs no other row, plus the keys
    /// of the two tables. Safe to run on several rows at once, each thread with its own copy.
    mutating func checkStateless(_ row: RowView, into result: inout Precomputed) {
        var findings = Findings()
        text.check(row, &findings)
        result.textCount = findings.items.count
        result.checked = true
        if Self.quotingDamaged(row) {
            result.items = findings.items
            return
        }
        address?.checkValue(row, &findings)
        password?.checkValue(row, &findings)
        boolean?.check(row, &findings)
        value.check(row, &findings)
        result.items = findings.items
        result.addressHash = address != nil ? AddressRule.hash(of: row) : nil
        result.passwordKey = password != nil ? PasswordRule.key(of: row) : 0
    }

    /// Starts loading the table slots of a precomputed row.
    @inline(__always)
    func prefetch(_ result: Precomputed) {
        if let hash = result.addressHash { address?.index.prefetch(hash: hash) }
        if result.passwordKey != 0 { password?.shared.prefetch(result.passwordKey) }
    }

    /// The ordered part: the table lookups of a row whose other findings were precomputed.
    mutating func commit(_ row: RowView, addressHash: UInt64?, passwordKey: UInt64, _ findings: inout Findings) {
        if address != nil {
            address!.lastRow = row.row
            address!.pendingHash = addressHash
            address!.commit(row, &findings)
        }
        if password != nil {
            password!.pendingKey = passwordKey
            password!.commit(row, &findings)
        }
    }

    mutating func finish(_ findings: inout Findings) {
        address?.finish(&findings)
        password?.finish(&findings)
    }
}
