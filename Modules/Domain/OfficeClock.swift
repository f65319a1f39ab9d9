public import Foundation

/// Where "now" comes from: the system's clock, or — for rehearsals, demos and tests that must give the same
/// answers on any day — a clock that starts at a chosen instant and runs at the real rate from there.
///
/// The node (`chaindesk-server --clock`) and the field client (`CHAINDESK_CLOCK`) both take one, so that a
/// scripted story keeps its dates valid long after the calendar has passed them.
public struct OfficeClock: Sendable {
    private let read: @Sendable () -> Date

    /// The instant now, by this clock.
    public var now: Date { self.read() }
    /// The office's day now, by this clock.
    public var today: Day { Day(self.read()) }

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The system's clock.
    public static let system = OfficeClock { Date() }

    /// A clock that read `start` when the system's clock read `anchor`, and runs with the system's clock: every
    /// process given the same pair agrees on the time, whenever it started.
    public static func anchored(_ start: Date, at anchor: Date) -> OfficeClock {
        let offset = start.timeIntervalSince(anchor)
        return OfficeClock { Date().addingTimeInterval(offset) }
    }

    /// The clock a `CHAINDESK_CLOCK`-style setting names: empty or `system` is the system's clock; otherwise a
    /// local start in the office's time zone, `2026-11-20` (09:00 that day) or `2026-11-20T14:30`, which the clock
    /// reads when the process starts. `2026-11-20T14:30@1795000000` instead reads the start at that Unix second,
    /// so that a node and the clients started after it share one clock.
    public static func named(_ text: String) throws(DomainError) -> OfficeClock {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "system" { return .system }
        let pieces = trimmed.split(separator: "@", maxSplits: 1).map(String.init)
        var anchor: Date?
        if pieces.count == 2 {
            guard let seconds = Int64(pieces[1]), seconds >= 0 else {
                throw DomainError(
                    .invalidDate,
                    "“\(text)”中 @ 之后应为 Unix 秒数",
                    "'\(text)': after @ comes a Unix time in whole seconds"
                )
            }
            anchor = Date(timeIntervalSince1970: Double(seconds))
        }
        let parts = pieces[0].split(separator: "T", maxSplits: 1).map(String.init)
        let day = try Day(parsing: parts[0])
        var seconds = 9 * 3600
        if parts.count == 2 {
            let clock = parts[1].split(separator: ":").map { Int($0) }
            guard clock.count == 2, let hour = clock[0], let minute = clock[1], (0..<24).contains(hour),
                (0..<60).contains(minute)
            else {
                throw DomainError(
                    .invalidDate,
                    "“\(text)”不是时刻，应写作 2026-11-20T14:30",
                    "'\(text)' is not a time; write it as 2026-11-20T14:30 (office time) or 2026-11-20"
                )
            }
            seconds = hour * 3600 + minute * 60
        }
        let start = day.start.addingTimeInterval(Double(seconds))
        return .anchored(start, at: anchor ?? Date())
    }
}

extension Day {
    /// Parses a day as a person types it on a given day: an absolute date (see `init(parsing:)`), `today`,
    /// `tomorrow`, `yesterday` (今天, 明天, 昨天), or an offset from today: `+7d`, `-3d`, `+2w` (天/周 too:
    /// `+7天`, `+2周`).
    public init(parsing text: String, today: Day) throws(DomainError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch trimmed {
        case "today", "今天": self = today
        case "tomorrow", "明天": self = today.adding(days: 1)
        case "yesterday", "昨天": self = today.adding(days: -1)
        default:
            guard let sign = trimmed.first, sign == "+" || sign == "-" else {
                self = try Day(parsing: text)
                return
            }
            var digits = trimmed.dropFirst()
            var factor = 1
            if let unit = digits.last, "dw天周".contains(unit) {
                factor = unit == "w" || unit == "周" ? 7 : 1
                digits = digits.dropLast()
            }
            guard (1...4).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), let count = Int(digits) else {
                throw DomainError(
                    .invalidDate,
                    "“\(text)”不是日期；写作 2026-11-08、today、tomorrow 或 +7d",
                    "'\(text)' is not a date; write it as 2026-11-08, today, tomorrow, +7d or +2w"
                )
            }
            let days = factor * count * (sign == "-" ? -1 : 1)
            self = today.adding(days: days)
        }
    }
}
