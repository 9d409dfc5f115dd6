import CSVCore

/// Receives the header and every data row as the checker reads them, with the diagnostics found
/// on each: the hook `csvcheck split` and `csvcheck fix` are built on, and open to any program
/// that wants to process checked rows in the same single pass.
public protocol RowObserver: AnyObject {
    /// Called once, for the header row.
    func header(_ header: HeaderEvent)
    /// Called for every data row, in file order, after its diagnostics were found.
    func row(_ row: RowEvent)
}

/// The header row of a file.
public struct HeaderEvent {
    /// The header names as read (not trimmed).
    public let names: [String]
    /// The profile column each field resolved to, or `nil` for an unknown, empty or duplicate one.
    public let columns: [ColumnSpec?]
    /// The diagnostics found on the header row.
    public let diagnostics: [Diagnostic]
    /// The physical line of the header.
    public let line: Int
}

/// One data row. Valid only during the call to ``RowObserver/row(_:)``.
public struct RowEvent {
    let record: Record
    /// The 1-based data row number.
    public let row: Int
    /// The diagnostics found on this row (those of rules that are off are not here).
    public let diagnostics: [Diagnostic]

    /// The first physical line of the row.
    public var line: Int { record.line }
    /// The last physical line of the row (greater than ``line`` when a quoted value holds line
    /// breaks).
    public var lastLine: Int { record.line + record.lineCount - 1 }
    /// The number of fields in the row.
    public var fieldCount: Int { record.fieldCount }
    /// Whether the row was over the size limit (CSV009) and its values are not available.
    public var isTruncated: Bool { record.isTruncated || record.fields.count < record.fieldCount }
    /// Whether the row has errors.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The decoded value of field `index` as UTF-8 bytes (quotes removed, `""` unescaped).
    public func value(at index: Int) -> UnsafeRawBufferPointer {
        guard index < record.fields.count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return record.value(at: index)
    }
}
