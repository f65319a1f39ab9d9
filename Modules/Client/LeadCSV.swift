public import Foundation

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A lead list as offices exchange it: a CSV file exported by a spreadsheet, in UTF-8 (with or without a byte order
/// mark) or GB18030 (what Chinese Excel and WPS write by default); Big5 (Traditional Chinese, from Taiwan or Hong
/// Kong) when asked for, since its bytes also read as GB18030, as nonsense. A file that looks like Big5 is refused
/// unless its encoding is named.
///
/// The first row names the columns; a name column is required (`名称`, `企业名称`, `单位名称`, `name`), a credit code
/// column (`统一社会信用代码`, `信用代码`, `credit_code`) and a main business column (`主营`, `主营业务`, `主营产品`,
/// `经营范围`, `main_business`) are optional and kept; other columns are ignored. Every bad row is reported with its
/// line number and the reason — a name that is blank, longer than 200 characters, holds a control character (a
/// NUL, an escape) or repeats an earlier row — and a file with any bad row yields no rows at all. Lines with every
/// field blank are skipped, and said so (`skippedLines`).
public struct LeadCSV: Sendable {
    public struct Row: Sendable, Hashable {
        /// The line of the file the row starts on (1 is the header).
        public var line: Int
        public var name: String
        public var creditCode: String
        public var mainBusiness: String
    }

    /// How the file's bytes are read.
    public enum Encoding: String, Sendable, CaseIterable {
        case utf8 = "utf-8"
        case gb18030
        case big5
    }

    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { self.line == 0 ? self.reason : "line \(self.line): \(self.reason)" }
    }

    /// Every row's problems together, for the user to fix at once.
    public struct Problems: Error, Sendable, CustomStringConvertible {
        public var problems: [Problem]
        public var description: String {
            "\(self.problems.count) bad row\(self.problems.count == 1 ? "" : "s"), nothing imported:\n"
                + self.problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }

    public let rows: [Row]
    /// The encoding the file was read as: "UTF-8", "GB18030" or "Big5".
    public let encoding: String
    /// Lines skipped because every field on them was blank.
    public let skippedLines: [Int]

    /// Column names, Simplified and Traditional (a Big5 list from Hong Kong or Taiwan names them so).
    static let nameColumns = [
        "名称", "企业名称", "单位名称", "会员单位", "名稱", "企業名稱", "單位名稱", "會員單位", "name", "enterprise",
    ]
    static let codeColumns = ["统一社会信用代码", "信用代码", "統一社會信用代碼", "信用代碼", "credit_code", "credit code"]
    static let businessColumns = [
        "主营", "主营业务", "主营产品", "经营范围", "主營", "主營業務", "主營產品", "經營範圍", "main_business", "main business",
    ]
    /// The longest name a row may give, as the node's (`TextRule.lineLimit`).
    static let nameLimit = 200

    /// Reads and checks a whole file; `validateCode` checks a credit code (returning why it is bad, or nil).
    /// `encoding` names how to read the bytes; nil: UTF-8 if they are valid UTF-8, else GB18030.
    public init(data: Data, encoding named: Encoding? = nil, validateCode: (String) -> String?) throws {
        let (text, encoding) = try Self.decode(data, as: named)
        self.encoding = encoding
        let records = try Self.records(text)
        guard let header = records.first else {
            throw Problems(problems: [Problem(line: 0, reason: "the file is empty")])
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let nameColumn = columns.firstIndex(where: { Self.nameColumns.contains($0) }) else {
            throw Problems(problems: [
                Problem(
                    line: 1,
                    reason: "no name column; the header needs one of \(Self.nameColumns.joined(separator: ", "))"
                )
            ])
        }
        let codeColumn = columns.firstIndex(where: { Self.codeColumns.contains($0) })
        let businessColumn = columns.firstIndex(where: { Self.businessColumns.contains($0) })
        var rows: [Row] = []
        var problems: [Problem] = []
        var skipped: [Int] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                skipped.append(record.line)
                continue
            }
            if let control = record.fields.joined().unicodeScalars.first(where: Self.isControl) {
                let code = String(format: "U+%04X", control.value)
                problems.append(
                    Problem(line: record.line, reason: "a control character (\(code)) is in the row; remove it")
                )
                continue
            }
            guard record.fields.count <= columns.count else {
                problems.append(
                    Problem(line: record.line, reason: "\(record.fields.count) fields, the header has \(columns.count)")
                )
                continue
            }
            func field(_ index: Int?) -> String {
                guard let index, index < record.fields.count else { return "" }
                return record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let name = field(nameColumn)
            guard !name.isEmpty else {
                problems.append(Problem(line: record.line, reason: "the name is empty"))
                continue
            }
            guard !name.contains(where: \.isNewline) else {
                problems.append(Problem(line: record.line, reason: "the name spans more than one line"))
                continue
            }
            guard name.count <= Self.nameLimit else {
                problems.append(
                    Problem(
                        line: record.line,
                        reason: "the name is \(name.count) characters long, more than \(Self.nameLimit)"
                    )
                )
                continue
            }
            if let first = seen[name] {
                problems.append(Problem(line: record.line, reason: "\(name) is already on line \(first)"))
                continue
            }
            seen[name] = record.line
            let code = field(codeColumn).uppercased()
            if !code.isEmpty, let reason = validateCode(code) {
                problems.append(Problem(line: record.line, reason: "credit code \(code): \(reason)"))
                continue
            }
            rows.append(Row(line: record.line, name: name, creditCode: code, mainBusiness: field(businessColumn)))
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        guard !rows.isEmpty else { throw Problems(problems: [Problem(line: 0, reason: "the file has no rows")]) }
        self.rows = rows
        self.skippedLines = skipped
    }

    /// Control characters a row may not hold: all C0 and C1 controls and DEL, but the tab and the line breaks a
    /// quoted note may span (a name may not: it is one line).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        !"\t\n\r".unicodeScalars.contains(scalar) && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }

    /// The text of the file in the encoding named, or else UTF-8 when the bytes are valid UTF-8 (a BOM is
    /// dropped), else GB18030 — unless they look like Big5, which is refused until named.
    static func decode(_ data: Data, as named: Encoding?) throws -> (String, String) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        func fail(_ reason: String) -> Problems { Problems(problems: [Problem(line: 0, reason: reason)]) }
        switch named {
        case .utf8:
            guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("the file is not valid UTF-8") }
            return (text, "UTF-8")
        case .gb18030:
            guard let text = Self.convert(bytes, from: "GB18030") else { throw fail("the file is not valid GB18030") }
            return (text, "GB18030")
        case .big5:
            guard let text = Self.convert(bytes, from: "BIG5-HKSCS") else { throw fail("the file is not valid Big5") }
            return (text, "Big5")
        case nil:
            if let text = String(validating: bytes, as: UTF8.self) { return (text, "UTF-8") }
            if Self.looksLikeBig5(bytes), Self.convert(bytes, from: "BIG5-HKSCS") != nil {
                throw fail(
                    "the file looks like Big5 (Traditional Chinese), which reads as nonsense in GB18030; "
                        + "import it with --encoding big5, or --encoding gb18030 if it is not"
                )
            }
            guard let text = Self.convert(bytes, from: "GB18030") else {
                throw fail("the file is neither UTF-8 nor GB18030 text; save it as UTF-8, or name its --encoding")
            }
            return (text, "GB18030")
        }
    }

    /// Whether double-byte text reads as Big5 rather than GB18030: in GB18030 written by Simplified Chinese
    /// software almost every character is a GB2312 one, both bytes 0xA1–0xFE; in Big5 a large share of the common
    /// characters have a second byte of 0x40–0x7E, and GB2312's first bytes 0xA1–0xAF and 0xF8–0xFE (punctuation,
    /// then nothing) carry Big5's punctuation and most frequent characters.
    static func looksLikeBig5(_ bytes: [UInt8]) -> Bool {
        var pairs = 0
        var big5Only = 0
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            guard lead >= 0x81, index + 1 < bytes.count else {
                index += 1
                continue
            }
            let trail = bytes[index + 1]
            pairs += 1
            if (0xA1...0xF9).contains(lead), (0x40...0x7E).contains(trail) { big5Only += 1 }
            index += 2
        }
        return pairs >= 4 && big5Only * 5 >= pairs
    }

    /// Converts bytes in `encoding` to text with the C library's iconv; nil when they are not valid in it.
    static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
        guard let converter = Optional(iconv_open("UTF-8", encoding)), converter != iconv_t(bitPattern: -1) else {
            return nil
        }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let converted: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let converted else { return nil }
        return String(validating: output[..<converted].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    struct Record {
        var line: Int
        var fields: [String]
    }

    /// RFC 4180 records: fields separated by commas, quoted with `"` (doubled inside), records by CRLF or LF.
    static func records(_ text: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return iterator.next()
        }
        while let character = next() {
            if quoted {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                field = ""
                atFieldStart = true
                line += 1
                recordLine = line
            default:
                field.append(character)
                atFieldStart = false
            }
        }
        if quoted {
            throw Problems(problems: [Problem(line: recordLine, reason: "a quoted field is not closed")])
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
