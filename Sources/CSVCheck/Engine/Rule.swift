import CSVCore

/// A check that runs on every data row of a file and reports findings.
///
/// Rules are values: the checker copies each rule at the start of every file, calls
/// ``check(_:_:)`` once per data row and ``finish(_:)`` at the end. A rule never throws and
/// never prints: it reports through ``Findings``, and the checker adds positions, severity and
/// a masked excerpt. To add your own:
///
/// ```swift
/// struct NoContractors: Rule {
///     static let code = RuleCode("X001")
///     var descriptors: [RuleDescriptor] {
///         [RuleDescriptor(code: Self.code, defaultSeverity: .warning, title: "Contractor mailbox",
///                         summary: "Contractors move in a later wave.", behaviour: "",
///                         example: "ext.jo@contoso.com", fix: "Move the row to the contractors' batch.")]
///     }
///     mutating func check(_ row: RowView, _ findings: inout Findings) {
///         guard let email = row.emailAddress, email.string.hasPrefix("ext.") else { return }
///         findings.report(Self.code, "contractor mailboxes migrate later", field: email)
///     }
/// }
/// let checker = Checker(options: CheckOptions(), rules: [NoContractors()])
/// ```
public protocol Rule {
    /// The codes this rule reports, with their default severity and documentation.
    var descriptors: [RuleDescriptor] { get }
    /// Called before the first row of each file, with the file's resolved header.
    mutating func begin(_ file: FileContext)
    /// Called for each data row (not for blank lines or records over the size limit).
    mutating func check(_ row: RowView, _ findings: inout Findings)
    /// Called after the last row of each file.
    mutating func finish(_ findings: inout Findings)
}

extension Rule {
    /// Does nothing.
    public mutating func begin(_ file: FileContext) {}
    /// Does nothing.
    public mutating func finish(_ findings: inout Findings) {}
}

/// What a rule knows about the file before its rows.
public struct FileContext: Sendable {
    /// The path as given.
    public var path: String
    /// The run's options.
    public var options: CheckOptions
    /// For each field index of the header, the profile column it resolved to (`nil` for an
    /// unknown column).
    public var columns: [ColumnSpec?]
    /// The 0-based index of the file in the run (0 for the first file).
    public var fileIndex: Int
    /// An estimate of the file's data rows from its size and first lines, for presizing; `nil`
    /// when the size is unknown (standard input).
    public var estimatedRows: Int?
}

/// One field of a data row, as a rule sees it.
public struct Field {
    /// The field's index in the row.
    public let index: Int
    /// The decoded value, as UTF-8 bytes (quotes removed, `""` unescaped). Valid only during
    /// the call to ``Rule/check(_:_:)``.
    public let bytes: UnsafeRawBufferPointer
    unowned(unsafe) let layout: ColumnLayout

    /// The profile column it belongs to, or `nil` for an unknown column.
    public var column: ColumnSpec? { index < layout.columns.count ? layout.columns[index] : nil }
    /// Whether the value is a secret (a password): never show it.
    public var isSecret: Bool { index < layout.secret.count && layout.secret[index] }
    /// The kind of the column, or `nil` for an unknown column.
    var kind: ColumnSpec.Kind? { index < layout.kinds.count ? layout.kinds[index] : nil }

    /// The value as a String (allocates; prefer ``bytes`` on hot paths).
    public var string: String { String(decoding: bytes, as: UTF8.self) }
    /// Whether the value is empty.
    public var isEmpty: Bool { bytes.isEmpty }
}

/// A data row, as a rule sees it. Valid only during the call to ``Rule/check(_:_:)``.
public struct RowView {
    let record: Record
    unowned(unsafe) let layout: ColumnLayout
    /// The 1-based data row number (the header is row 0).
    public let row: Int
    /// The EmailAddress field, if the header has one and the row reaches it.
    public let emailAddress: Field?
    /// The Password field, if present.
    public let password: Field?
    /// The ForceChangePassword field, if present.
    public let forceChangePassword: Field?

    /// A view of `record`. The three named fields are found by plain indices
    /// (``ColumnLayout/emailField``): one compare each, no optional index to unwrap.
    @inline(__always)
    init(record: Record, layout: ColumnLayout, row: Int) {
        self.record = record
        self.layout = layout
        self.row = row
        emailAddress = Self.field(atKnown: layout.emailField, of: record, layout: layout)
        password = Self.field(atKnown: layout.passwordField, of: record, layout: layout)
        forceChangePassword = Self.field(atKnown: layout.forceChangeField, of: record, layout: layout)
    }

    /// The field at `index` of `record`, `index` being a field index of `layout` or `Int.max`
    /// for none (see ``ColumnLayout/emailField``), if the record has it.
    @inline(__always)
    static func field(atKnown index: Int, of record: Record, layout: ColumnLayout) -> Field? {
        guard index < record.fields.count else { return nil }
        return Field(index: index, bytes: record.valueBytes(at: index), layout: layout)
    }

    /// The 1-based physical line the row starts on.
    public var line: Int { record.line }
    /// The number of fields present (may differ from the header's: CSV005).
    public var fieldCount: Int { record.fields.count }

    /// The field at `index`, if the row has it.
    @inline(__always)
    public func field(at index: Int) -> Field? {
        guard index >= 0, index < record.fields.count else { return nil }
        return Field(index: index, bytes: record.valueBytes(at: index), layout: layout)
    }

    /// The field of the column with this canonical name (case-insensitive), if present.
    public func field(named name: String) -> Field? {
        guard let index = layout.index(ofColumnNamed: name) else { return nil }
        return field(at: index)
    }
}

/// Where rules put what they find. The checker turns each finding into a ``Diagnostic``.
public struct Findings {
    struct Item {
        var code: RuleCode
        var message: Message
        var help: String?
        var field: Int?
        var scalarOffset: Int

        /// Where the help of the item at `item` is kept (read in place, not copied).
        @inline(__always)
        static func help(of item: UnsafePointer<Item>) -> UnsafePointer<String?> {
            (UnsafeRawPointer(item) + MemoryLayout<Item>.offset(of: \Item.help)!).assumingMemoryBound(to: String?.self)
        }
    }

    /// A finding's message: a string, or a range of ``text``.
    ///
    /// The built-in rules lay the messages they compose (which quote a value) out in ``text``
    /// rather than make a `String` of each: on a file with many findings, the strings' memory,
    /// made on the worker thread and read and released on the reading thread, cost about a
    /// tenth of the run.
    enum Message {
        case string(String)
        /// `count` bytes of well-formed UTF-8 at `start` in ``text``.
        case text(start: Int32, count: Int32)
    }

    var items: [Item] = []
    /// The bytes of the ``Message/text(start:count:)`` messages of ``items``.
    var text: [UInt8] = []
    /// Whether the values being checked are known to be well-formed UTF-8 (the worker
    /// validated the record first): the messages laid out from them then need no check of
    /// their own (``report(_:help:fieldIndex:scalarOffset:message:)``).
    var valuesAreValidUTF8 = false

    /// Reports a finding.
    ///
    /// - Parameters:
    ///   - code: the rule code.
    ///   - message: what is wrong; never include a password or any part of one.
    ///   - help: how to fix it.
    ///   - field: the field it is about, for its line and column; `nil` for the row.
    ///   - scalarOffset: the position inside the field's value, in Unicode scalars.
    public mutating func report(
        _ code: RuleCode, _ message: String, help: String? = nil, field: Field? = nil, scalarOffset: Int = 0
    ) {
        items.append(Item(code: code, message: .string(message), help: help, field: field?.index, scalarOffset: scalarOffset))
    }

    /// Reports a finding about the field at `index`.
    mutating func report(_ code: RuleCode, _ message: String, help: String?, fieldIndex: Int?, scalarOffset: Int) {
        items.append(Item(code: code, message: .string(message), help: help, field: fieldIndex, scalarOffset: scalarOffset))
    }

    /// Reports a finding about `field` whose message, a string that the rule keeps and hands
    /// out again (one of the messages it makes once per file), is copied into ``text``. The
    /// finding then holds no reference to the string: the reading thread, which reports the
    /// findings, never touches a reference count that the worker, which makes them, changes
    /// at the same time.
    mutating func report(_ code: RuleCode, copying message: String, help: String?, field: Field?, scalarOffset: Int = 0) {
        // As contiguous bytes: appending the UTF-8 view as a sequence took about 240
        // instructions for an 80-byte message (callgrind).
        var message = message
        message.withUTF8 { report(code, copyingBytes: UnsafeRawBufferPointer($0), help: help, field: field, scalarOffset: scalarOffset) }
    }

    /// ``report(_:copying:help:field:scalarOffset:)`` for a message kept as bytes (well-formed
    /// UTF-8), such as the text rules' column messages.
    mutating func report(
        _ code: RuleCode, copyingBytes message: UnsafeRawBufferPointer, help: String?, field: Field?, scalarOffset: Int = 0
    ) {
        let start = text.count
        text.append(contentsOf: message)
        append(code, text: start..<text.count, help: help, fieldIndex: field?.index, scalarOffset: scalarOffset)
    }

    /// Reports a finding whose message `write` lays out in ``text`` (see ``MessageText/make(_:)``
    /// for what `write` may do).
    mutating func report(
        _ code: RuleCode, help: String?, fieldIndex: Int?, scalarOffset: Int, message write: (inout MessageText) -> Void
    ) {
        append(
            code, text: MessageText.append(to: &text, validUTF8: valuesAreValidUTF8, write), help: help, fieldIndex: fieldIndex,
            scalarOffset: scalarOffset)
    }

    /// Adds a finding whose message is `range` of ``text``.
    private mutating func append(_ code: RuleCode, text range: Range<Int>, help: String?, fieldIndex: Int?, scalarOffset: Int) {
        items.append(
            Item(
                code: code, message: .text(start: Int32(truncatingIfNeeded: range.lowerBound), count: Int32(truncatingIfNeeded: range.count)),
                help: help, field: fieldIndex, scalarOffset: scalarOffset))
    }

    /// Puts `added`, whose text messages are ranges of `addedText`, ahead of the items there are.
    mutating func insertAtStart(_ added: UnsafeBufferPointer<Item>, text addedText: UnsafeRawBufferPointer) {
        let rebased = added.map { item in
            var copy = item
            if case .text(let start, let count) = item.message {
                let moved = text.count
                text.append(contentsOf: addedText[Int(start)..<(Int(start) + Int(count))])
                copy.message = .text(start: Int32(truncatingIfNeeded: moved), count: count)
            }
            return copy
        }
        items.insert(contentsOf: rebased, at: 0)
    }

    /// Forgets every finding, keeping the memory. Inlined: the ordered pass calls it once per
    /// row, mostly on empty findings (a call cost 3.6M instructions on 200k clean rows).
    @inline(__always)
    mutating func removeAll() {
        if !items.isEmpty { items.removeAll(keepingCapacity: true) }
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
    }

    /// The messages of ``items``, in order.
    var messages: [String] { items.map { message(of: $0) } }

    /// The message of `item`, one of ``items``, as a string of its own.
    func message(of item: Item) -> String { text.withUnsafeBytes { Self.message(of: item, text: $0).string } }

    /// The message of `item`, whose text messages are ranges of `text` (valid as long as `text`).
    static func message(of item: Item, text: UnsafeRawBufferPointer) -> MessageSource {
        switch item.message {
        case .string(let string): .string(string)
        case .text(let start, let count): .bytes(UnsafeRawBufferPointer(rebasing: text[Int(start)..<(Int(start) + Int(count))]))
        }
    }
}

/// The resolved header of a file: which profile column each field index is. A class, so rows
/// and fields refer to it without copying its strings.
final class ColumnLayout {
    let columns: [ColumnSpec?]
    let secret: [Bool]
    /// Bit `i` set when field `i` is secret, for fields below 64 (see ``hasSecretValue(in:)``);
    /// nil when a secret field lies at 64 or beyond.
    let secretMask: UInt64?
    let kinds: [ColumnSpec.Kind?]
    /// The profile column's name of each field (nil: not a profile column), which every
    /// diagnostic of a field names, at a fixed address for the layout's life
    /// (``fieldName(of:)``): read without copying the whole ``ColumnSpec``, or the string.
    private let fieldNames: UnsafeMutableBufferPointer<String?>
    let email: Int?
    let password: Int?
    let forceChange: Int?
    let byName: [String: Int]
    /// ``email``, ``password`` and ``forceChange`` as plain indices, `Int.max` for a column
    /// the header lacks (no optional to unwrap per row; see ``RowView/field(atKnown:)``).
    let emailField: Int
    let passwordField: Int
    let forceChangeField: Int

    /// - Parameters:
    ///   - columns: the profile column of each field.
    ///   - names: the header names; an unknown column whose name looks like a password
    ///     ("Password", "Passwort", "Wachtwoord", "Mot de passe", "pwd") is treated as secret too.
    init(columns: [ColumnSpec?], names: [String] = []) {
        self.columns = columns
        secret = columns.indices.map { index in
            if columns[index]?.isSecret == true { return true }
            guard columns[index] == nil, index < names.count else { return false }
            return ColumnLayout.looksSecret(names[index])
        }
        secretMask = ColumnLayout.mask(of: secret)
        kinds = columns.map { $0?.kind }
        fieldNames = .allocate(capacity: columns.count)
        _ = fieldNames.initialize(from: columns.lazy.map { $0?.name })
        var byName: [String: Int] = [:]
        for (index, column) in columns.enumerated() {
            if let column, byName[column.name.lowercased()] == nil { byName[column.name.lowercased()] = index }
        }
        self.byName = byName
        email = byName["emailaddress"]
        password = byName["password"]
        forceChange = byName["forcechangepassword"]
        emailField = email ?? .max
        passwordField = password ?? .max
        forceChangeField = forceChange ?? .max
    }

    deinit { fieldNames.deinitialize().deallocate() }

    /// Where the profile column's name of field `index` is kept (nil past the layout's fields),
    /// valid while the layout lives: diagnostics read it in place (``LentDiagnostic``).
    @inline(__always)
    func fieldName(of index: Int) -> UnsafePointer<String?>? {
        index >= 0 && index < fieldNames.count ? UnsafePointer(fieldNames.baseAddress! + index) : nil
    }

    func index(ofColumnNamed name: String) -> Int? { byName[name.lowercased()] }

    /// Whether a header name suggests its values are passwords.
    static func looksSecret(_ name: String) -> Bool {
        let squeezed = name.lowercased().filter { $0.isLetter }
        return ["password", "passwort", "wachtwoord", "motdepasse", "contrasena", "contraseña", "senha", "pwd", "passwd", "secret"]
            .contains { squeezed.contains($0) }
    }

    var secretFields: [Int] { secret.indices.filter { secret[$0] } }
}
