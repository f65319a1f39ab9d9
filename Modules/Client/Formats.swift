public import ChainDeskDomain
public import Foundation

/// How the command line writes money, days and instants.
public enum Formats {
    /// Whole yuan as 万元 / 亿元, exactly (`2.4亿元`, `5000万元`, `300元`); empty for zero when `blankZero`.
    public static func money(_ yuan: Int64, blankZero: Bool = false) -> String {
        if yuan == 0, blankZero { return "" }
        return Yuan(yuan).description
    }

    /// Text as a terminal may show it: C0 and C1 control characters and DEL — but line breaks and tabs — written
    /// as `\u{1B}`, so that an escape sequence, CR or BEL stored in a record is seen, not obeyed.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Self.isControl) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            if Self.isControl(scalar) {
                shown += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\n" && scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }

    /// A size in bytes as a person reads it: `812 B`, `4.2 KB`, `4.9 MB`; a whole power of two as `4 MiB`.
    public static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        switch bytes {
        case ..<1_000: return "\(bytes) B"
        case ..<1_000_000: return String(format: "%.1f KB", Double(bytes) / 1_000)
        default: return String(format: "%.1f MB", Double(bytes) / 1_000_000)
        }
    }

    /// An instant in Unix milliseconds as local time, `2026-11-29 14:05`; empty for 0.
    public static func time(_ milliseconds: Int64, timeZone: TimeZone = .current) -> String {
        guard milliseconds != 0 else { return "" }
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d",
            parts.year ?? 0,
            parts.month ?? 0,
            parts.day ?? 0,
            parts.hour ?? 0,
            parts.minute ?? 0
        )
    }

    /// A generated id (a UUID) cut to its first 8 characters for a table, which still names it on the command
    /// line (a unique start of an id is a reference); other ids are kept whole.
    public static func shortID(_ id: String) -> String {
        id.count == 36 && id.filter({ $0 == "-" }).count == 4 ? String(id.prefix(8)) : id
    }

    /// An amount typed by a person: `2.4亿`, `5000万`, `1,200万元`, `300`.
    public static func parseMoney(_ text: String) throws -> Int64 {
        try Yuan(parsing: text).amount
    }

    /// A day typed by a person: `YYYY-MM-DD`, `today`, `tomorrow`, `yesterday`, or an offset from today such as
    /// `+7d` or `+2w` (see `Day.init(parsing:today:)`), as `YYYY-MM-DD`.
    public static func parseDay(_ text: String, today: Day = ClientClock.current.today) throws -> String {
        try Day(parsing: text, today: today).description
    }
}
