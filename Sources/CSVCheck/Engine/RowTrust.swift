/// How far the values of a data row can be trusted to sit in their own columns, decided from
/// the rows around it before any message quotes a value.
///
/// A line break inside an unquoted value cuts a row in two: the head keeps the first columns
/// and fewer fields than the header, the tail arrives as the next "row". When the cut value is
/// a password with a delimiter in it, the head can even have the header's field count, with a
/// piece of the password under ForceChangePassword. Such pieces must never be quoted, so:
///
/// - a row after a row with too few fields may start with the tail of a value: none of its
///   values is quoted, in a message or an excerpt (``none``);
/// - a row before a row with too few fields may end with the head of a password: its columns
///   from the first secret one on are neither quoted nor shown (``headOnly``).
///
/// Only the text rules, whose messages never quote a value, report on what is not trusted.
enum RowTrust: Equatable {
    /// Every value is in its column.
    case full
    /// The columns before the first secret column are; the rest may be a cut password.
    case headOnly
    /// No value is: the row may be the rest of the row before it.
    case none

    /// The trust of a row from its neighbours (in a file with a secret column; without one
    /// every row is ``full``).
    /// - Parameters:
    ///   - afterShortRow: the previous non-blank row had fewer fields than the header.
    ///   - beforeShortRow: the next non-blank row has fewer fields than the header (or is
    ///     not known yet and may have).
    static func of(afterShortRow: Bool, beforeShortRow: Bool) -> RowTrust {
        if afterShortRow { return .none }
        return beforeShortRow ? .headOnly : .full
    }
}
