/// An amount of money in whole yuan (元), exact: never floating point.
///
/// Parses and writes the forms the office uses: `240亿`, `2.4亿元`, `5000万`, `1,200万元`, `300元`, `86000`.
public struct Yuan: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in yuan.
    public var amount: Int64

    public init(_ amount: Int64) {
        self.amount = amount
    }

    public static let zero = Yuan(0)
    /// 1万元.
    public static let wan: Int64 = 10_000
    /// 1亿元.
    public static let yi: Int64 = 100_000_000
    /// The most any one amount may be — a planned investment, an addition, a project's total: 1万亿元.
    ///
    /// Ten times the largest single industrial projects China reports, so no real figure is refused; and small
    /// enough that nine million such amounts still add up inside `Int64`, so no report's sum can overflow on any
    /// office's data. Sums are checked all the same (`adding(_:)`, `total(_:)`).
    public static let maximum = Yuan(1_000_000_000_000)

    /// Units accepted after a number, longest first so that 万亿 is not read as 万.
    private static let units: [(String, Int64)] = [
        ("万亿元", 1_000_000_000_000), ("万亿", 1_000_000_000_000), ("亿元", yi), ("亿", yi), ("千万元", 10_000_000),
        ("千万", 10_000_000), ("百万元", 1_000_000), ("百万", 1_000_000), ("万元", wan), ("万", wan), ("元", 1),
    ]

    /// Parses an amount such as `2.4亿元`; full-width digits and thousands separators are accepted.
    public init(parsing text: String) throws(MoneyError) {
        let normalized = String(
            text.unicodeScalars.compactMap { scalar -> Character? in
                switch scalar.value {
                case 0xFF10...0xFF19: Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
                case 0xFF0E: "."
                case 0xFF0C: ","
                case 0x20, 0x3000: nil
                default: Character(scalar)
                }
            }
        )
        guard !normalized.isEmpty else { throw MoneyError(text, "金额为空", "the amount is empty") }
        var number = Substring(normalized)
        var multiplier: Int64 = 1
        if let (suffix, value) = Self.units.first(where: { normalized.hasSuffix($0.0) }) {
            number = number.dropLast(suffix.count)
            multiplier = value
        }
        if number.hasPrefix("-") {
            throw MoneyError(text, "金额不能为负数", "an amount cannot be negative")
        }
        let parts = number.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2, let integerText = parts.first, !integerText.isEmpty else {
            throw MoneyError(
                text,
                "“\(text)”不是金额（例：240亿、2.4亿元、5000万、1,200万元）",
                "'\(text)' is not an amount (e.g. 240亿, 2.4亿元, 5000万, 1,200万元)"
            )
        }
        let integerDigits = try Self.digits(of: integerText, allowingGrouping: true, original: text)
        let fractionDigits =
            parts.count == 2 ? try Self.digits(of: parts[1], allowingGrouping: false, original: text) : ""
        if parts.count == 2, fractionDigits.isEmpty {
            throw MoneyError(text, "小数点后缺少数字", "digits are missing after the decimal point")
        }
        var scale: Int64 = 1
        for _ in fractionDigits {
            let (next, overflow) = scale.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw MoneyError(text, "小数位数过多", "too many decimal places") }
            scale = next
        }
        guard let integer = Int64(integerDigits), let fraction = Int64(fractionDigits.isEmpty ? "0" : fractionDigits)
        else {
            throw MoneyError(text, "金额过大", "the amount is too large")
        }
        let (whole, overflow1) = integer.multipliedReportingOverflow(by: multiplier)
        let (scaledFraction, overflow2) = fraction.multipliedReportingOverflow(by: multiplier)
        guard !overflow1, !overflow2 else { throw MoneyError(text, "金额过大", "the amount is too large") }
        guard scaledFraction % scale == 0 else {
            throw MoneyError(
                text,
                "“\(text)”不是整数元（金额精确到元）",
                "'\(text)' is not a whole number of yuan (amounts are exact to the yuan)"
            )
        }
        let (total, overflow3) = whole.addingReportingOverflow(scaledFraction / scale)
        guard !overflow3, total <= Self.maximum.amount else {
            throw MoneyError(text, "金额超过上限1万亿元", "the amount is over the limit of 1万亿元 (10^12 yuan)")
        }
        self.amount = total
    }

    private static func digits(of text: Substring, allowingGrouping: Bool, original: String) throws(MoneyError)
        -> String
    {
        if allowingGrouping, text.contains(",") {
            let groups = text.split(separator: ",", omittingEmptySubsequences: false)
            let wellGrouped =
                (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
                && groups.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
            guard wellGrouped else {
                throw MoneyError(
                    original,
                    "千分位分隔符位置不对：“\(original)”",
                    "thousands separators are misplaced in '\(original)'"
                )
            }
            return groups.joined()
        }
        guard text.allSatisfy(\.isASCIIDigit) else {
            throw MoneyError(
                original,
                "“\(original)”不是金额（例：240亿、2.4亿元、5000万、1,200万元）",
                "'\(original)' is not an amount (e.g. 240亿, 2.4亿元, 5000万, 1,200万元)"
            )
        }
        return String(text)
    }

    /// The exact amount in the largest fitting unit: `240亿元`, `2.4亿元`, `5000万元`, `1234.5678万元`, `300元`.
    public var description: String {
        if self.amount >= Self.yi, self.amount % Self.wan == 0 {
            return Self.decimal(self.amount, unit: Self.yi) + "亿元"
        }
        if self.amount >= Self.wan || self.amount <= -Self.wan {
            return Self.decimal(self.amount, unit: Self.wan) + "万元"
        }
        return "\(self.amount)元"
    }

    /// The amount as a headline figure, as in "总投资超240亿元" (docs/reports.md).
    ///
    /// The amount is expressed in 亿元 (from 1亿), else 万元 (from 1万), else 元, and floored to a whole number of that
    /// unit, then to a multiple of ten when it is 100 or more; `超` ("over") is prefixed when the figure is below
    /// the exact amount.
    public var headline: String {
        let (unit, name): (Int64, String) =
            self.amount >= Self.yi ? (Self.yi, "亿元") : self.amount >= Self.wan ? (Self.wan, "万元") : (1, "元")
        var figure = self.amount / unit
        if figure >= 100 { figure -= figure % 10 }
        return (figure * unit < self.amount ? "超" : "") + "\(figure)\(name)"
    }

    /// `amount` in `unit` (a power of ten), with as many decimals as it needs and no trailing zeros.
    private static func decimal(_ amount: Int64, unit: Int64) -> String {
        let whole = amount / unit
        var fraction = (amount % unit).magnitude
        guard fraction != 0 else { return String(whole) }
        var digits: [UInt8] = []
        var place = unit.magnitude / 10
        while place > 0, fraction > 0 {
            digits.append(UInt8(48 + fraction / place))
            fraction %= place
            place /= 10
        }
        return String(whole) + "." + String(decoding: digits, as: UTF8.self)
    }

    public static func < (lhs: Yuan, rhs: Yuan) -> Bool { lhs.amount < rhs.amount }

    /// An amount a caller supplied, checked: not negative, and not over `maximum`.
    public init(checking amount: Int64, _ what: String) throws(DomainError) {
        guard amount >= 0 else {
            throw DomainError(.invalidValue, "\(what)不能为负数", "\(what) cannot be negative")
        }
        guard amount <= Self.maximum.amount else {
            throw DomainError(
                .invalidValue,
                "\(what)\(amount)元超过上限1万亿元",
                "\(what) of \(amount) yuan is over the limit of 1万亿元 (10^12 yuan)"
            )
        }
        self.amount = amount
    }

    /// The sum, refused when it would pass `maximum` (or overflow), never trapping.
    public func adding(_ other: Yuan) throws(DomainError) -> Yuan {
        let (sum, overflow) = self.amount.addingReportingOverflow(other.amount)
        guard !overflow, sum <= Self.maximum.amount else {
            throw DomainError(
                .invalidValue,
                "\(self)加\(other)超过单项上限1万亿元",
                "\(self) plus \(other) is over the limit of 1万亿元 for one amount"
            )
        }
        return Yuan(sum)
    }

    /// The difference, refused when it would overflow.
    public func subtracting(_ other: Yuan) throws(DomainError) -> Yuan {
        let (difference, overflow) = self.amount.subtractingReportingOverflow(other.amount)
        guard !overflow else {
            throw DomainError(.invalidValue, "金额相减溢出", "the difference of two amounts overflows")
        }
        return Yuan(difference)
    }

    /// The total of many amounts (a report's sum), which may pass `maximum` but is refused if it would overflow.
    public static func total<S: Sequence<Yuan>>(_ amounts: S) throws(DomainError) -> Yuan {
        var sum: Int64 = 0
        for amount in amounts {
            let (next, overflow) = sum.addingReportingOverflow(amount.amount)
            guard !overflow else {
                throw DomainError(.invalidValue, "金额合计溢出", "the total of these amounts overflows")
            }
            sum = next
        }
        return Yuan(sum)
    }

    public init(from decoder: any Decoder) throws {
        self.amount = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.amount)
    }
}

/// Why a text is not an amount of money.
public struct MoneyError: Error, Hashable, Sendable, CustomStringConvertible {
    public let input: String
    public let chinese: String
    public let english: String

    init(_ input: String, _ chinese: String, _ english: String) {
        self.input = input
        self.chinese = chinese
        self.english = english
    }

    public var description: String { "\(self.chinese) (\(self.english))" }
}
