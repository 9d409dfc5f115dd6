import CSVCore

/// The built-in rules of a profile, held as concrete values so the per-row calls are direct
/// (no existential boxes on the hot path). Which ones run follows the profile's column kinds.
struct BuiltInRules {
    var text = TextRule()
    var address: AddressRule?
    var password: PasswordRule?
    var boolean: BooleanRule?
    var value = ValueRule()
    /// The two tables, held apart from their rules so that prefetching a row's slots reads a
    /// reference and copies no rule (a copy retains every array a rule holds).
    private let addressIndex: AddressIndex?
    private var passwordIndex: PasswordIndex?
    /// Whether the profile has the address and password rules (read per row without copying
    /// the rules).
    private let hasAddress: Bool
    private let hasPassword: Bool

    /// Fresh rules for one checker (one run). The address rule's index is shared by all files
    /// of the run, for DUP002.
    init(options: CheckOptions) {
        let kinds = Set(options.profile.columns.map(\.kind))
        if kinds.contains(.emailAddress) { address = AddressRule(options: options) }
        if kinds.contains(.cloudPassword) || kinds.contains(.sourcePassword) {
            password = PasswordRule(options: options)
        }
        if kinds.contains(.boolean) { boolean = BooleanRule(singleSignOn: options.singleSignOn) }
        addressIndex = address?.index
        passwordIndex = password?.shared
        hasAddress = address != nil
        hasPassword = password != nil
    }

    mutating func begin(_ file: FileContext) {
        text.begin(file)
        address?.begin(file)
        password?.begin(file)
        passwordIndex = password?.shared
        boolean?.begin(file)
        value.begin(file)
    }

    /// The memory of the duplicate-address and shared-password tables, as sized for the file
    /// (see ``TableMemory``).
    var tableMemory: [TableMemory] {
        [addressIndex?.tableMemory, passwordIndex?.tableMemory].compactMap { $0 }
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

    /// Whether a record is the common case that the order-free rules can take a short way
    /// through: one field per column (`columns`), every field without a quoting problem or a
    /// line break, and every byte printable ASCII (0x20-0x7E; a TAB delimiter does not count),
    /// hence well-formed UTF-8. The text rules then find nothing inside a value, only at its
    /// ends, and ``quotingDamaged(_:)`` is false.
    @inline(__always)
    static func isPrintable(_ record: Record, columns: Int) -> Bool {
        guard record.fieldCount == columns, !record.isTruncated, record.unterminatedField == nil else { return false }
        for span in record.fields where span.problemAt >= 0 || span.flags.contains(.multiline) { return false }
        return TextRule.isPrintableASCII(record.bytes)
    }

    /// The order-free part of ``check(_:_:)``: every rule that needs no other row, plus the keys
    /// of the two tables. Safe to run on several rows at once, each thread with its own copy.
    /// The findings are appended to `findings` (one list per block); `result` says where.
    /// - Returns: false when the row's quoting is damaged (only the text rules ran).
    /// - Parameter printable: the row is known to be printable ASCII with sound quoting and
    ///   one field per column (``isPrintable(_:columns:)``), so the text rules need only look at
    ///   the ends of each value and the quoting cannot be damaged.
    @discardableResult
    mutating func checkStateless(
        _ row: RowView, printable: Bool = false, into result: inout Precomputed, findings: inout Findings
    ) -> Bool {
        let start = findings.items.count
        result.itemStart = Int32(truncatingIfNeeded: start)
        if printable { text.checkPrintable(row, &findings) } else { text.check(row, &findings) }
        result.textCount = Int32(truncatingIfNeeded: findings.items.count - start)
        result.checked = true
        if !printable && Self.quotingDamaged(row) {
            result.itemCount = result.textCount
            return false
        }
        address?.checkValue(row, &findings)
        // The key comes with the findings, so that the password is read once.
        let passwordKey = password?.checkValueAndKey(row, &findings)
        boolean?.check(row, &findings)
        value.check(row, &findings)
        result.itemCount = Int32(truncatingIfNeeded: findings.items.count - start)
        result.addressHash = hasAddress ? AddressRule.hash(of: row) : nil
        result.passwordKey = passwordKey ?? 0
        return true
    }

    /// Everything the worker can learn about one record of a block without the rows before it:
    /// UTF-8 validity, whether a secret column has a value, the order-free rules (on a record
    /// with values in their columns) and whether the row is quiet (``Precomputed/quiet``).
    mutating func precompute(
        _ record: Record, layout: ColumnLayout, headerCount: Int, into result: inout Precomputed,
        findings: inout Findings
    ) {
        guard !record.isBlank else { return }
        let printable = Self.isPrintable(record, columns: layout.columns.count)
        result.validUTF8 =
            printable || UTF8Validation.isASCII(record.bytes) || UTF8Validation.firstInvalid(in: record.bytes) == nil
        guard !record.isTruncated, record.unterminatedField == nil, record.fieldCount <= headerCount else { return }
        let secret = layout.secret
        for index in 0..<min(record.fieldCount, secret.count) where secret[index] && !record.value(at: index).isEmpty {
            result.hasSecretValue = true
            break
        }
        let complete = checkStateless(
            RowView(record: record, layout: layout, row: 0), printable: printable, into: &result, findings: &findings)
        result.quiet = complete && result.validUTF8 && result.itemCount == 0 && record.fieldCount == headerCount
    }

    /// Starts loading the table slots of a precomputed row. `mutating` though it changes
    /// nothing: called on a stored property from a closure, a non-mutating method made the
    /// compiler copy the whole struct (and retain all it holds) on every row.
    @inline(__always)
    mutating func prefetch(_ result: Precomputed) {
        if let hash = result.addressHash { addressIndex?.prefetch(hash: hash) }
        if result.passwordKey != 0 { passwordIndex?.prefetch(result.passwordKey) }
    }

    /// The ordered part: the table lookups of a row whose other findings were precomputed.
    /// The lookups come first; the row view is built from the record only when one of them has
    /// something to report (a quiet row, ``Precomputed/quiet``, builds none).
    @inline(__always)
    mutating func commit(
        _ record: Record, layout: ColumnLayout, row: Int, addressHash: UInt64?, passwordKey: UInt64,
        _ findings: inout Findings
    ) {
        // Optional chaining mutates in place; `address != nil` or `if let` would copy the rule.
        address?.lastRow = row
        var duplicate: (file: Int, row: Int)?
        if let addressHash, let first = address?.enter(hash: addressHash, row: row) { duplicate = first }
        let before = passwordKey != 0 ? password?.enter(key: passwordKey) ?? 0 : 0
        guard duplicate != nil || before > 0 else { return }
        let view = RowView(record: record, layout: layout, row: row)
        if let duplicate, let field = view.emailAddress { address?.reportDuplicate(of: duplicate, field: field, &findings) }
        if before > 0, let field = view.password { password?.reportShared(before: before, field: field, &findings) }
    }

    mutating func finish(_ findings: inout Findings) {
        address?.finish(&findings)
        password?.finish(&findings)
    }
}
