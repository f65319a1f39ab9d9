/// Sheets as an Office Open XML workbook (.xlsx, ECMA-376): one worksheet a sheet, headings in bold, numbers as
/// numeric cells — yuan as whole yuan shown in 亿元 or 万元 by a number format, percentages as fractions shown with
/// one decimal — and text as inline strings, so Excel, WPS, LibreOffice and openpyxl all read the figures
/// themselves rather than text that looks like them.
public enum Workbook {
    /// The workbook's bytes.
    public static func bytes(_ sheets: [Sheet]) -> [UInt8] {
        var zip = ZipArchive()
        let names = Self.uniqueNames(sheets.map(\.name))
        zip.add("[Content_Types].xml", Array(Self.contentTypes(count: sheets.count).utf8))
        zip.add("_rels/.rels", Array(Self.rootRelationships.utf8))
        zip.add("xl/workbook.xml", Array(Self.workbook(names).utf8))
        zip.add("xl/_rels/workbook.xml.rels", Array(Self.workbookRelationships(count: sheets.count).utf8))
        zip.add("xl/styles.xml", Array(Self.styles.utf8))
        for (index, sheet) in sheets.enumerated() {
            zip.add("xl/worksheets/sheet\(index + 1).xml", Array(Self.worksheet(sheet).utf8))
        }
        return zip.finished()
    }

    /// The number format of yuan: 亿元 from 1亿, 万元 from 1万, else 元; the cell keeps the exact whole yuan.
    /// (`,` divides by a thousand and `!.` puts a literal point: 2,436,000,000 shows as 24.36亿元.)
    public static let yuanFormat = #"[>=100000000]0!.00,,"亿元";[>=10000]0!.0,"万元";0"元""#

    // Style indexes in styles.xml's cellXfs.
    static let plain = 0
    static let heading = 1
    static let yuan = 2
    static let percent = 3
    static let integer = 4
    static let total = 5
    static let totalYuan = 6

    static func worksheet(_ sheet: Sheet) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        xml += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" state=\"frozen\"/>"
        xml += "</sheetView></sheetViews><cols>"
        for (index, width) in Self.widths(sheet).enumerated() {
            xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        xml += Self.row(1, sheet.columns.map { Sheet.Cell.text($0) }, style: { _ in Self.heading })
        for (index, row) in sheet.rows.enumerated() {
            xml += Self.row(index + 2, row) { cell in
                switch cell {
                case .yuan: Self.yuan
                case .percent: Self.percent
                case .integer: Self.integer
                case .text, .empty: Self.plain
                }
            }
        }
        if let totals = sheet.totals {
            xml += Self.row(sheet.rows.count + 2, totals) { cell in
                if case .yuan = cell { Self.totalYuan } else { Self.total }
            }
        }
        return xml + "</sheetData></worksheet>"
    }

    static func row(_ number: Int, _ cells: [Sheet.Cell], style: (Sheet.Cell) -> Int) -> String {
        var xml = "<row r=\"\(number)\">"
        for (column, cell) in cells.enumerated() {
            let reference = "\(Self.columnName(column))\(number)"
            let s = style(cell)
            switch cell {
            case .text(let text):
                xml += "<c r=\"\(reference)\" s=\"\(s)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                xml += "\(Self.escape(text))</t></is></c>"
            case .integer(let value), .yuan(let value):
                xml += "<c r=\"\(reference)\" s=\"\(s)\"><v>\(value)</v></c>"
            case .percent(let value):
                xml += "<c r=\"\(reference)\" s=\"\(s)\"><v>\(value / 100)</v></c>"
            case .empty:
                xml += "<c r=\"\(reference)\" s=\"\(s)\"/>"
            }
        }
        return xml + "</row>"
    }

    /// A, B, … Z, AA, AB, …
    static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// Column widths from the longest text in each (CJK characters counting double).
    static func widths(_ sheet: Sheet) -> [Int] {
        sheet.columns.indices.map { column in
            let texts =
                [sheet.columns[column]]
                + sheet.allRows.compactMap { row -> String? in
                    guard column < row.count else { return nil }
                    switch row[column] {
                    case .text(let text): return text
                    case .integer(let value): return "\(value)"
                    case .yuan: return "0000.00亿元"
                    case .percent: return "100.0%"
                    case .empty: return nil
                    }
                }
            let longest = texts.map { $0.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } }.max() ?? 8
            return min(60, max(8, longest + 2))
        }
    }

    /// Tab names as Excel accepts them: the forbidden characters replaced, at most 31 characters, no two alike.
    static func uniqueNames(_ names: [String]) -> [String] {
        var used: Set<String> = []
        return names.enumerated().map { index, name in
            var clean = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            if clean.isEmpty { clean = "Sheet\(index + 1)" }
            var candidate = clean
            var number = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(clean.prefix(28)) + " \(number)"
                number += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 has no place for other control characters; they are dropped.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func contentTypes(count: Int) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" "#
        xml += #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        xml += #"<Override PartName="/xl/styles.xml" "#
        xml += #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for index in stride(from: 1, through: count, by: 1) {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" "
            xml += #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return xml + "</Types>"
    }

    static let rootRelationships =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" "#
        + #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" "#
        + #"Target="xl/workbook.xml"/></Relationships>"#

    static func workbook(_ names: [String]) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        xml += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
        xml += #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        for (index, name) in names.enumerated() {
            xml += "<sheet name=\"\(Self.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        return xml + "</sheets></workbook>"
    }

    static func workbookRelationships(count: Int) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 0..<count {
            xml += "<Relationship Id=\"rId\(index + 1)\" "
            xml += #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" "#
            xml += "Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(count + 1)\" "
        xml += #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" "#
        xml += "Target=\"styles.xml\"/>"
        return xml + "</Relationships>"
    }

    static let styles: String = {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        xml += #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        xml += "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"\(Workbook.escape(Workbook.yuanFormat))\"/>"
        xml += #"<numFmt numFmtId="165" formatCode="0.0%"/></numFmts>"#
        xml += #"<fonts count="2"><font><sz val="11"/><name val="等线"/></font>"#
        xml += #"<font><b/><sz val="11"/><name val="等线"/></font></fonts>"#
        xml += #"<fills count="2"><fill><patternFill patternType="none"/></fill>"#
        xml += #"<fill><patternFill patternType="gray125"/></fill></fills>"#
        xml += #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        xml += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        xml += #"<cellXfs count="7">"#
        xml += #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        xml += #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        xml += #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        xml += #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        xml += #"<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        xml += #"<xf numFmtId="1" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"#
        xml += #"<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" "#
        xml += #"applyFont="1"/></cellXfs>"#
        xml += #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        return xml + "</styleSheet>"
    }()
}
