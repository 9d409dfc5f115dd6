import CSVCore

/// The built-in rules of a profile, held as concrete values so the per-row calls are direct
/// (no existential boxes on the hot path). Which ones run follows the profile's column kinds.
struct BuiltInRules {
    var text = TextRule()
    /// The address rule; it runs only when the profile has an EmailAddress column
    /// (``hasAddress``). Not optional: every optional access to a rule this size calls an
    /// outlined test of the optional's tag, twice per row before the ordered pass and twice in it.
    var address: AddressRule
    var password: PasswordRule?
    var boolean: BooleanRule?
    var value = ValueRule()
    /// The two tables, held apart from their rules so that prefetching a row's slots reads a
    /// reference and copies no rule (a copy retains every array a rule holds).
    private let addressIndex: AddressIndex?
    private var passwordIndex: PasswordIndex?
    /// Whether the profile has the address rule (``address`` is built either way).
    private let hasAddress: Bool
    /// The most columns a layout may have for its rows to take the short way through
    /// ``precompute(_:layout:headerCount:into:findings:)``: 64, ``SpanScan``'s masks.
    private static let scanLimit = 64

    /// Fresh rules for one checker (one run). The address rule's index is shared by all files
    /// of the run, for DUP002.
    init(options: CheckOptions) {
        let kinds = Set(options.profile.columns.map(\.kind))
        hasAddress = kinds.contains(.emailAddress)
        address = AddressRule(options: options)
        if kinds.contains(.cloudPassword) || kinds.contains(.sourcePassword) {
            password = PasswordRule(options: options)
        }
        if kinds.contains(.boolean) { boolean = BooleanRule(singleSignOn: options.singleSignOn) }
        addressIndex = hasAddress ? address.index : nil
        passwordIndex = password?.shared
    }

    mutating func begin(_ file: FileContext) {
        text.begin(file)
        if hasAddress { address.begin(file) }
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
        if hasAddress { address.prepare(row) }
        password?.prepare(row)
        text.check(row, &findings)
        let textCount = findings.items.count - before
        if hasAddress { address.checkValue(row, &findings) }
        password?.checkValue(row, &findings)
        boolean?.check(row, &findings)
        if value.hasColumns { value.check(row, &findings) }
        if hasAddress { address.commit(row, &findings) }
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

    /// Everything the worker can learn about one record of a block without the rows before it:
    /// UTF-8 validity, whether a secret column has a value, the order-free rules (on a record
    /// with values in their columns) and whether the row is quiet (``Precomputed/quiet``).
    ///
    /// The order-free rules are the part of ``check(_:_:)`` that needs no other row, plus the
    /// keys of the two tables. Safe to run on several rows at once, each thread with its own
    /// copy. The findings are appended to `findings` (one list per block); `result` says where.
    ///
    /// The common record takes a short way: one field per column (at most 64), the header's
    /// field count or less, 16 bytes or more, nothing cut short, no quoting problem or line
    /// break, and every byte printable ASCII (``isPrintable(_:columns:)``). One pass over its spans (``SpanScan``)
    /// then answers the secret-value question and finds the few values whose ends the text
    /// rules look at. Every other record takes ``precomputeInDetail``, which gives the same
    /// answers for a printable one.
    ///
    /// One function, not inlined into the caller's loop: the row's view stays in registers for
    /// the rules inlined here.
    @inline(never)
    mutating func precompute(
        _ record: Record, layout: ColumnLayout, headerCount: Int, into result: inout Precomputed,
        findings: inout Findings
    ) {
        guard !record.isBlank else { return }
        let columns = layout.columns.count
        guard record.fieldCount == columns, columns <= Self.scanLimit, columns <= headerCount, record.bytes.count >= 16,
            !record.isTruncated, record.unterminatedField == nil, let scan = SpanScan(record), let secretMask = layout.secretMask
        else {
            precomputeInDetail(record, layout: layout, headerCount: headerCount, into: &result, findings: &findings)
            return
        }
        // The answers are gathered here and stored once (no read-modify-write of `result`'s
        // flags per answer).
        var answers = Precomputed()
        answers.validUTF8 = true
        answers.hasSecretValue = scan.nonEmpty & secretMask != 0
        answers.checked = true
        // No quoting problem (the scan), not cut short, no quote left open (the guard).
        answers.structureClean = record.fieldCount == headerCount
        let row = RowView(record: record, layout: layout, row: 0)
        let start = findings.items.count
        answers.itemStart = Int32(truncatingIfNeeded: start)
        // Printable ASCII.
        findings.valuesAreValidUTF8 = true
        defer { findings.valuesAreValidUTF8 = false }
        if scan.suspect != 0 {
            text.checkSuspect(row, scan.suspect, &findings)
            answers.textCount = Int32(truncatingIfNeeded: findings.items.count - start)
        }
        let (addressHash, passwordKey) = checkValues(row, &findings)
        let itemCount = findings.items.count - start
        answers.itemCount = Int32(truncatingIfNeeded: itemCount)
        answers.addressHash = addressHash
        answers.passwordKey = passwordKey
        answers.quiet = itemCount == 0 && columns == headerCount
        result = answers
    }

    /// The value rules of both ways through the order-free pass: addresses, passwords,
    /// Booleans and the profile's value columns.
    /// - Returns: the address's hash (nil without one), which the address check computes on
    ///   its way (``AddressRule/hash(of:)``), and the password's table key (0 for none), which
    ///   comes with the password's findings, so that the password is read once.
    ///
    /// Transparent: with `@inline(__always)` the compiler kept a call here, which passes the
    /// row view in memory (1.7M more instructions on 200,000 rows, measured).
    @_transparent
    private mutating func checkValues(_ row: RowView, _ findings: inout Findings) -> (UInt64?, UInt64) {
        let addressHash = hasAddress ? address.checkValue(row, &findings) : nil
        let passwordKey = password?.checkValueAndKey(row, &findings)
        boolean?.check(row, &findings)
        if value.hasColumns { value.check(row, &findings) }
        return (addressHash, passwordKey ?? 0)
    }

    /// ``precompute(_:layout:headerCount:into:findings:)`` for any record: the way of records
    /// that are not printable, or cut short, or have a quoting problem, or more than 64 fields,
    /// or under 16 bytes.
    @inline(never)
    mutating func precomputeInDetail(
        _ record: Record, layout: ColumnLayout, headerCount: Int, into result: inout Precomputed,
        findings: inout Findings
    ) {
        guard !record.isBlank else { return }
        let printable = Self.isPrintable(record, columns: layout.columns.count)
        let validUTF8 =
            printable || UTF8Validation.isASCII(record.bytes) || UTF8Validation.firstInvalid(in: record.bytes) == nil
        guard !record.isTruncated, record.unterminatedField == nil, record.fieldCount <= headerCount else {
            result.validUTF8 = validUTF8
            return
        }
        var answers = Precomputed()
        answers.validUTF8 = validUTF8
        answers.hasSecretValue = layout.hasSecretValue(in: record)
        // Not cut short and no quote left open (the guard above).
        answers.structureClean = record.fieldCount == headerCount && !record.fields.contains { $0.problemAt >= 0 }
        let row = RowView(record: record, layout: layout, row: 0)
        let start = findings.items.count
        answers.itemStart = Int32(truncatingIfNeeded: start)
        findings.valuesAreValidUTF8 = validUTF8
        defer { findings.valuesAreValidUTF8 = false }
        if printable { text.checkPrintable(row, &findings) } else { text.check(row, &findings) }
        answers.textCount = Int32(truncatingIfNeeded: findings.items.count - start)
        answers.checked = true
        if !printable && Self.quotingDamaged(row) {
            // Only the text rules ran.
            answers.itemCount = answers.textCount
            result = answers
            return
        }
        let (addressHash, passwordKey) = checkValues(row, &findings)
        answers.itemCount = Int32(truncatingIfNeeded: findings.items.count - start)
        answers.addressHash = addressHash
        answers.passwordKey = passwordKey
        answers.quiet = validUTF8 && answers.itemCount == 0 && record.fieldCount == headerCount
        result = answers
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
    /// The lookups come first; `record` is called, and the row view built, only when one of them
    /// has something to report (DUP001/DUP002, PWD007).
    /// - Returns: the record, when findings were reported on it.
    @inline(__always)
    @discardableResult
    mutating func commit(
        row: Int, addressHash: UInt64?, passwordKey: UInt64, layout: ColumnLayout, _ findings: inout Findings,
        record: () -> Record
    ) -> Record? {
        address.lastRow = row
        var duplicate: (file: Int, row: Int)?
        // A hash is there only when the profile has the address rule.
        if let addressHash, let first = address.enter(hash: addressHash, row: row) { duplicate = first }
        // The password rule's table, through the reference held apart (the same table as
        // `password?.enter(key:)`, without the outlined test of the optional rule's tag).
        let before = passwordKey != 0 ? passwordIndex?.insert(key: passwordKey) ?? 0 : 0
        guard duplicate != nil || before > 0 else { return nil }
        let record = record()
        let view = RowView(record: record, layout: layout, row: row)
        // Optional chaining mutates in place; `password != nil` or `if let` would copy the rule.
        if let duplicate, let field = view.emailAddress { address.reportDuplicate(of: duplicate, field: field, &findings) }
        if before > 0, let field = view.password { password?.reportShared(before: before, field: field, &findings) }
        return record
    }

    mutating func finish(_ findings: inout Findings) {
        if hasAddress { address.finish(&findings) }
        password?.finish(&findings)
    }
}
