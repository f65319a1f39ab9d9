/// A table as it goes into a spreadsheet: a name, column headings, rows of typed cells and an optional totals row.
/// Reports become sheets once (ReportSheets) and are then written as CSV or as a workbook.
public struct Sheet: Sendable, Equatable {
    /// One cell: text, a whole number, an amount of yuan (whole yuan), or a percentage (12.5 for 12.5%).
    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int64)
        case yuan(Int64)
        case percent(Double)
        case empty
    }

    /// The sheet's name: a workbook tab (at most 31 characters, none of `[]:*?/\`).
    public var name: String
    public var columns: [String]
    public var rows: [[Cell]]
    /// A last row of totals, when the table has one.
    public var totals: [Cell]?

    public init(name: String, columns: [String], rows: [[Cell]], totals: [Cell]? = nil) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.totals = totals
    }

    /// Every row including the totals.
    var allRows: [[Cell]] { self.rows + (self.totals.map { [$0] } ?? []) }
}
