public import Foundation

/// The identity of one record of type `Entity`: a client- or server-generated string, stable forever.
public struct ID<Entity>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// A new random identifier (a UUID in lower case).
    public static func random() -> ID<Entity> {
        ID(UUID().uuidString.lowercased())
    }

    public var description: String { self.rawValue }

    public static func < (lhs: ID<Entity>, rhs: ID<Entity>) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}

/// A calendar day in the office's time zone (Asia/Shanghai by default), such as a stage date or a due date.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The office's time zone, in which days begin and end.
    public static let officeTimeZone = TimeZone(identifier: "Asia/Shanghai")!

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Day.officeTimeZone
        return calendar
    }()

    public init(year: Int, month: Int, day: Int) throws(DomainError) {
        guard (1900...2999).contains(year), (1...12).contains(month),
            (1...Self.length(ofMonth: month, in: year)).contains(day)
        else {
            throw DomainError(
                .invalidDate,
                "日期不存在：\(year)-\(month)-\(day)",
                "there is no such date: \(year)-\(month)-\(day)"
            )
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2026-11-08` (also `2026/11/08`, `2026.11.8` and `2026年11月8日`).
    public init(parsing text: String) throws(DomainError) {
        if let day = Self.iso(text) {
            self = day
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(whereSeparator: { "-/.年月日".contains($0) }).map(String.init)
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts[0].count == 4
        else {
            throw DomainError(
                .invalidDate,
                "“\(text)”不是日期，应写作 2026-11-08",
                "'\(text)' is not a date; write it as 2026-11-08"
            )
        }
        try self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD` read straight from its bytes: the form the store and the wire hold, read for every row of a
    /// report. Anything else is left to the general parser and its message.
    private static func iso(_ text: String) -> Day? {
        var text = text
        return text.withUTF8 { bytes -> Day? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
            return try? Day(year: year, month: month, day: day)
        }
    }

    /// The day on which `date` falls in the office's time zone.
    ///
    /// Arithmetic may leave the years 1900–2999 that typed dates are held to (a clock's day moved by an offset, say);
    /// such a day is still a day, and is refused wherever a rule needs a date the office can mean.
    public init(_ date: Date) {
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: date)
        self.init(unchecked: parts.year ?? 1, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    private init(unchecked year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Midnight at the start of the day, in the office's time zone.
    public var start: Date {
        Self.calendar.date(from: DateComponents(year: self.year, month: self.month, day: self.day))!
    }

    /// The first and last days arithmetic reaches: the years 1–9999 of the Gregorian calendar.
    public static let earliest = Day(unchecked: 1, month: 1, day: 1)
    public static let latest = Day(unchecked: 9999, month: 12, day: 31)

    /// The day `count` calendar days later (earlier if negative), held between `earliest` and `latest`: no rule of
    /// the office counts that far.
    public func adding(days count: Int) -> Day {
        let (sum, overflow) = self.dayNumber.addingReportingOverflow(count)
        let bounded = overflow ? (count < 0 ? Self.earliest.dayNumber : Self.latest.dayNumber) : sum
        return Day(dayNumber: min(max(bounded, Self.earliest.dayNumber), Self.latest.dayNumber))
    }

    /// Calendar days from `self` to `other`.
    public func days(until other: Day) -> Int {
        other.dayNumber - self.dayNumber
    }

    /// Monday = 1 … Sunday = 7.
    public var weekday: Int {
        // 1970-01-01, day 0, was a Thursday.
        ((self.dayNumber + 3) % 7 + 7) % 7 + 1
    }

    /// The last day of the month.
    public var endOfMonth: Day {
        Day(unchecked: self.year, month: self.month, day: Self.length(ofMonth: self.month, in: self.year))
    }

    /// Days in `month` (1–12) of `year`, by the Gregorian leap rule.
    static func length(ofMonth month: Int, in year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar, counted arithmetically: days are counted by the
    /// calendar alone, never through instants, whose time zone (Shanghai kept local mean time until 1901, and
    /// summer time 1986–1991) would make a "day" between two midnights a few minutes or an hour short. Years are
    /// taken from March, so that the leap day ends a year; a 400-year era is 146,097 days.
    var dayNumber: Int {
        let year = self.month <= 2 ? self.year - 1 : self.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * ((self.month + 9) % 12) + 2) / 5 + self.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `dayNumber` days after 1970-01-01 (`dayNumber`'s inverse).
    init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        self.init(unchecked: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// `YYYY-MM-DD`, written digit by digit: reports write it for every row.
    public var description: String {
        guard (0...9999).contains(self.year) else {
            return String(format: "%04d-%02d-%02d", self.year, self.month, self.day)
        }
        let digits: [UInt8] = [
            UInt8(48 + self.year / 1000), UInt8(48 + self.year / 100 % 10), UInt8(48 + self.year / 10 % 10),
            UInt8(48 + self.year % 10), UInt8(ascii: "-"), UInt8(48 + self.month / 10), UInt8(48 + self.month % 10),
            UInt8(ascii: "-"), UInt8(48 + self.day / 10), UInt8(48 + self.day % 10),
        ]
        return String(decoding: digits, as: UTF8.self)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try Day(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }
}

/// A rule of the office's domain that an input broke, in Chinese for staff and English for everyone else.
public struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of rule broken: a struct over a private enum, so kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidDate = "invalid_date"
            case invalidValue = "invalid_value"
            case missingField = "missing_field"
            case illegalTransition = "illegal_transition"
            case notPermitted = "not_permitted"
            case notFound = "not_found"
            case duplicate = "duplicate"
            case conflict = "conflict"
        }

        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        public static let invalidDate = Code(.invalidDate)
        public static let invalidValue = Code(.invalidValue)
        public static let missingField = Code(.missingField)
        public static let illegalTransition = Code(.illegalTransition)
        public static let notPermitted = Code(.notPermitted)
        public static let notFound = Code(.notFound)
        public static let duplicate = Code(.duplicate)
        public static let conflict = Code(.conflict)

        public var description: String { self.kind.rawValue }
    }

    public let code: Code
    public let chinese: String
    public let english: String

    public init(_ code: Code, _ chinese: String, _ english: String) {
        self.code = code
        self.chinese = chinese
        self.english = english
    }

    public var description: String { "\(self.chinese) (\(self.english))" }
}
