public import Foundation

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A lead list as offices exchange it: a CSV file exported by a spreadsheet, in UTF-8 (with or without a byte order
/// mark) or GB18030 (what Chinese Excel and WPS write by default).
///
/// The first row names the columns; a name column is required (`名称`, `企业名称`, `单位名称`, `name`), a credit code
/// column is optional (`统一社会信用代码`, `信用代码`, `credit_code`), other columns are kept as notes. Every bad row
/// is reported with its line number and the reason; a file with any bad row yields no rows at all.
public struct LeadCSV: Sendable {
    public struct Row: Sendable, Hashable {
        /// The line of the file the row starts on (1 is the header).
        public var line: Int
        public var name: String
        public var creditCode: String
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
    /// The encoding the file was read as: "UTF-8" or "GB18030".
    public let encoding: String

    static let nameColumns = ["名称", "企业名称", "单位名称", "会员单位", "name", "enterprise"]
    static let codeColumns = ["统一社会信用代码", "信用代码", "credit_code", "credit code"]

    /// Reads and checks a whole file; `validateCode` checks a credit code (returning why it is bad, or nil).
    public init(data: Data, validateCode: (String) -> String?) throws {
        let (text, encoding) = try Self.decode(data)
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
        var rows: [Row] = []
        var problems: [Problem] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
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
            rows.append(Row(line: record.line, name: name, creditCode: code))
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        guard !rows.isEmpty else { throw Problems(problems: [Problem(line: 0, reason: "the file has no rows")]) }
        self.rows = rows
    }

    /// UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else GB18030.
    static func decode(_ data: Data) throws -> (String, String) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, "UTF-8") }
        guard let text = Self.gb18030(bytes) else {
            throw Problems(problems: [Problem(line: 0, reason: "the file is neither UTF-8 nor GB18030 text")])
        }
        return (text, "GB18030")
    }

    /// Converts GB18030 bytes with the C library's iconv; nil when they are not valid GB18030.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        guard let converter = Optional(iconv_open("UTF-8", "GB18030")), converter != iconv_t(bitPattern: -1) else {
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
