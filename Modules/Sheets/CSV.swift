internal import Foundation

/// Sheets as CSV (RFC 4180) in UTF-8 with a byte-order mark, which Excel and WPS need to read Chinese correctly.
/// Amounts are whole yuan and percentages plain numbers, so a spreadsheet reads them as numbers; text that a
/// spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
public enum CSV {
    /// The sheets, one after another: with more than one, each starts with a line holding its name and ends with
    /// an empty line.
    public static func bytes(_ sheets: [Sheet]) -> [UInt8] {
        var text = ""
        for sheet in sheets {
            if sheets.count > 1 { text += Self.line([Self.field(sheet.name)]) }
            text += Self.line(sheet.columns.map(Self.field))
            for row in sheet.allRows { text += Self.line(row.map(Self.value)) }
            if sheets.count > 1 { text += "\r\n" }
        }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }

    static func line(_ fields: [String]) -> String { fields.joined(separator: ",") + "\r\n" }

    static func value(_ cell: Sheet.Cell) -> String {
        switch cell {
        case .text(let text): Self.field(text)
        case .integer(let value), .yuan(let value): "\(value)"
        case .percent(let value): Self.decimal(value)
        case .empty: ""
        }
    }

    /// A text field, quoted when it holds a comma, quote or line break, and defused when it starts like a formula.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A percentage with up to one decimal, as the reports round it.
    static func decimal(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
    }
}
