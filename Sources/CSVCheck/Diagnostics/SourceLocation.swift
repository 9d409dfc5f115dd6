/// Where a finding is, in every coordinate an editor, a spreadsheet or a program might want.
///
/// Fields that do not apply are `nil` (a file-level finding has no row; a header finding has
/// row 0).
public struct SourceLocation: Sendable, Hashable {
    /// Byte offset in the original file (before any transcoding), 0-based.
    public var offset: Int?
    /// Physical line, 1-based. A quoted field with line breaks spans several lines.
    public var line: Int?
    /// Column in Unicode scalars of the decoded line, 1-based.
    public var column: Int?
    /// Data row, 1-based; the header is row 0. Blank and preamble lines are not rows.
    public var row: Int?
    /// The canonical name of the column, when the finding is about one field.
    public var field: String?

    /// Creates a location; every coordinate is optional.
    public init(
        offset: Int? = nil, line: Int? = nil, column: Int? = nil, row: Int? = nil,
        field: String? = nil
    ) {
        self.offset = offset
        self.line = line
        self.column = column
        self.row = row
        self.field = field
    }
}
