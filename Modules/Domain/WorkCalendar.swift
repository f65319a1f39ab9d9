public import Foundation

/// Which days are working days: Monday to Friday, less public holidays, plus the weekend days worked in
/// exchange (调休).
public struct WorkCalendar: Hashable, Sendable, Codable {
    public var holidays: Set<Day>
    public var extraWorkdays: Set<Day>

    public init(holidays: Set<Day> = [], extraWorkdays: Set<Day> = []) {
        self.holidays = holidays
        self.extraWorkdays = extraWorkdays
    }

    public func isWorkday(_ day: Day) -> Bool {
        if self.extraWorkdays.contains(day) { return true }
        if self.holidays.contains(day) { return false }
        return day.weekday <= 5
    }

    /// The instant `count` working days after `date`, at the same time of day; days that are not working days are
    /// skipped. Starting on a day off, counting starts from the next working day's start.
    public func adding(workingDays count: Int, to date: Date) -> Date {
        var day = Day(date)
        var offset = date.timeIntervalSince(day.start)
        if !self.isWorkday(day) {
            while !self.isWorkday(day) { day = day.adding(days: 1) }
            offset = 0
        }
        var remaining = count
        while remaining > 0 {
            day = day.adding(days: 1)
            if self.isWorkday(day) { remaining -= 1 }
        }
        return day.start.addingTimeInterval(offset)
    }
}
