// The domain's money and date arithmetic fed any values: amounts as typed, checked sums and differences, report
// totals, days as typed (absolute and relative), calendar and working-day arithmetic, capital added to a project and
// the cumulative report over it. Each must give a value or a DomainError/MoneyError — never a trap — and every value
// must agree with the same arithmetic done independently here, in a wider type.
internal import ChainDeskDomain
internal import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDomain(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = Input(UnsafeRawBufferPointer(start: start, count: count))
    // Up to 16 operations per input, each chosen by one byte.
    for _ in 0..<16 {
        guard let choice = input.byte() else { break }
        switch choice % 7 {
        case 0: moneyText(&input)
        case 1: moneyPair(&input)
        case 2: moneyTotal(&input)
        case 3: dayText(&input)
        case 4: dayArithmetic(&input)
        case 5: workingDays(&input)
        default: projectCapital(&input)
        }
    }
    return 0
}

/// The fuzzer's bytes, read as the values an operation needs; reading past the end gives zeros and empty text.
struct Input {
    private var bytes: ArraySlice<UInt8>

    init(_ buffer: UnsafeRawBufferPointer) { self.bytes = ArraySlice(buffer) }

    mutating func byte() -> UInt8? { self.bytes.popFirst() }

    mutating func integer<T: FixedWidthInteger>(_: T.Type = T.self) -> T {
        var value = T.zero
        for _ in 0..<(T.bitWidth / 8) { value = value << 8 | T(truncatingIfNeeded: self.byte() ?? 0) }
        return value
    }

    /// Text of up to 63 bytes, decoded leniently as UTF-8 (a person can type anything).
    mutating func text() -> String {
        let length = Int(self.byte() ?? 0) % 64
        let taken = self.bytes.prefix(length)
        self.bytes = self.bytes.dropFirst(length)
        return String(decoding: taken, as: UTF8.self)
    }

    /// A day the office could hold: years 1900–2999.
    mutating func day() -> Day? {
        let year = 1900 + Int(self.integer(UInt16.self) % 1100)
        let month = 1 + Int(self.byte() ?? 0) % 12
        let day = 1 + Int(self.byte() ?? 0) % 31
        return try? Day(year: year, month: month, day: day)
    }
}

/// An amount as typed: parsed to a value within 0…maximum, or refused; a parsed value written out reads back equal.
func moneyText(_ input: inout Input) {
    let text = input.text()
    guard let amount = try? Yuan(parsing: text) else { return }
    precondition((0...Yuan.maximum.amount).contains(amount.amount), "'\(text)' parsed to \(amount.amount)")
    guard let again = try? Yuan(parsing: amount.description) else {
        fatalError("\(amount.amount) is written as '\(amount.description)', which does not parse")
    }
    precondition(again == amount, "\(amount.amount) reads back as \(again.amount)")
    _ = amount.headline
}

/// Two amounts a caller supplied: checked, added and subtracted, with every refusal and result matching the exact
/// answer.
func moneyPair(_ input: inout Input) {
    let first = input.integer(Int64.self)
    let second = input.integer(Int64.self)
    let range = 0...Yuan.maximum.amount
    let a = try? Yuan(checking: first, "fuzz")
    let b = try? Yuan(checking: second, "fuzz")
    precondition((a != nil) == range.contains(first) && (b != nil) == range.contains(second), "checking \(first)")
    let exactSum = Int128(first) + Int128(second)
    let exactDifference = Int128(first) - Int128(second)
    let x = Yuan(first)
    let y = Yuan(second)
    switch Result(catching: { () throws(DomainError) in try x.adding(y) }) {
    case .success(let sum):
        precondition(Int128(sum.amount) == exactSum && exactSum <= Int128(Yuan.maximum.amount), "\(first) + \(second)")
    case .failure:
        precondition(
            exactSum > Int128(Yuan.maximum.amount) || exactSum < Int128(Int64.min),
            "refused \(first) + \(second)"
        )
    }
    switch Result(catching: { () throws(DomainError) in try x.subtracting(y) }) {
    case .success(let difference):
        precondition(Int128(difference.amount) == exactDifference, "\(first) - \(second)")
    case .failure:
        precondition(
            exactDifference > Int128(Int64.max) || exactDifference < Int128(Int64.min),
            "refused \(first) - \(second)"
        )
    }
}

/// A report's total of up to 32 amounts: the exact sum, or a refusal exactly when the sum leaves Int64.
func moneyTotal(_ input: inout Input) {
    let count = Int(input.byte() ?? 0) % 33
    let amounts = (0..<count).map { _ in Yuan(input.integer(Int64.self)) }
    // Overflow is judged on each running sum, as a report adds them.
    var running = Int128(0)
    var overflows = false
    for amount in amounts {
        running += Int128(amount.amount)
        if running > Int128(Int64.max) || running < Int128(Int64.min) { overflows = true }
    }
    switch Result(catching: { () throws(DomainError) in try Yuan.total(amounts) }) {
    case .success(let total): precondition(!overflows && Int128(total.amount) == running, "total of \(amounts)")
    case .failure: precondition(overflows, "refused the total of \(amounts)")
    }
}

/// A day as typed on a given day: an absolute date within 1900–2999, or an offset that lands where it says.
func dayText(_ input: inout Input) {
    let text = input.text()
    guard let today = input.day(), let day = try? Day(parsing: text, today: today) else { return }
    _ = day.description
    _ = day.weekday
    _ = day.endOfMonth
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("+") || trimmed.hasPrefix("-") {
        let weeks = trimmed.hasSuffix("w") || trimmed.hasSuffix("W") || trimmed.hasSuffix("周")
        let digits = trimmed.dropFirst().filter { $0.isASCII && $0.isNumber }
        let magnitude = (Int(digits) ?? 0) * (weeks ? 7 : 1)
        let expected = trimmed.hasPrefix("-") ? -magnitude : magnitude
        precondition(today.days(until: day) == expected, "'\(text)' on \(today) gives \(day)")
    } else if let again = try? Day(parsing: day.description) {
        precondition(again == day, "\(day) reads back as \(again)")
    }
}

/// Calendar arithmetic: a day moved by up to ±400 years lands that many days away, moves back to where it was, and
/// its weekday and month end agree.
func dayArithmetic(_ input: inout Input) {
    guard let day = input.day() else { return }
    let count = Int(input.integer(Int32.self)) % 146_097
    let moved = day.adding(days: count)
    precondition(day.days(until: moved) == count, "\(day) + \(count) = \(moved)")
    precondition(moved.adding(days: -count) == day, "\(moved) - \(count) is not \(day)")
    let weekdayShift = ((count % 7) + 7) % 7
    precondition((day.weekday - 1 + weekdayShift) % 7 + 1 == moved.weekday, "weekday of \(day) + \(count)")
    let end = moved.endOfMonth
    precondition(end >= moved && end.month == moved.month && end.year == moved.year, "end of \(moved)'s month")
    precondition(end.adding(days: 1).day == 1, "the day after \(end) starts no month")
}

/// Working days after an instant, with holidays and extra working days from the input: the answer is a working day,
/// later, and has exactly that many working days between.
func workingDays(_ input: inout Input) {
    guard let start = input.day() else { return }
    let count = Int(input.byte() ?? 0) % 40
    let seconds = Double(input.integer(UInt32.self) % 86_400)
    var holidays: Set<Day> = []
    var extra: Set<Day> = []
    for _ in 0..<(Int(input.byte() ?? 0) % 24) {
        let offset = Int(input.byte() ?? 0) % 64
        if offset % 5 == 0 {
            extra.insert(start.adding(days: offset))
        } else {
            holidays.insert(start.adding(days: offset))
        }
    }
    let calendar = WorkCalendar(holidays: holidays, extraWorkdays: extra)
    let instant = start.start.addingTimeInterval(seconds)
    let answer = calendar.adding(workingDays: count, to: instant)
    let day = Day(answer)
    precondition(answer >= instant, "\(count) working days after \(instant) is earlier: \(answer)")
    precondition(calendar.isWorkday(day), "\(count) working days after \(start) falls on \(day), a day off")
    // Counting starts on the first working day from the start; the answer is `count` working days after it.
    var first = start
    while !calendar.isWorkday(first) { first = first.adding(days: 1) }
    let span = first.days(until: day)
    let between = span <= 0 ? 0 : (1...span).filter { calendar.isWorkday(first.adding(days: $0)) }.count
    precondition(span >= 0 && between == count, "\(count) working days after \(start) gave \(day)")
    if first == start { precondition(answer.timeIntervalSince(day.start) == seconds, "the time of day changed") }
}

/// Capital added to a signed project, then the cumulative report: every addition is checked, the project's total
/// never passes `maximum`, and the report counts the project at its amount as of the period's end.
func projectCapital(_ input: inout Input) {
    guard let signed = input.day() else { return }
    let now = signed.adding(days: 400).start
    let director = ID<Staff>("director")
    let actor = Actor(staffID: director, role: .director, device: "fuzz")
    var project = Project(
        id: ID("p"),
        name: "fuzz",
        enterpriseID: ID("e"),
        stage: .signed,
        stageOn: signed,
        plannedInvestment: Yuan(input.integer(Int64.self) & 0x00FF_FFFF_FFFF),
        signedOn: signed,
        signingVerifiedBy: director,
        signingVerifiedOn: signed
    )
    var log: [ProjectLogEntry] = []
    for _ in 0..<(Int(input.byte() ?? 0) % 8) {
        let amount = Yuan(input.integer(Int64.self))
        let fixed = Yuan(input.integer(Int64.self))
        let on = signed.adding(days: Int(input.byte() ?? 0))
        let before = project.plannedInvestment
        do throws(DomainError) {
            let entry = try project.addInvestment(amount, fixedAssets: fixed, on: on, note: "", by: actor, now: now)
            log.append(entry)
            precondition(Int128(project.plannedInvestment.amount) == Int128(before.amount) + Int128(amount.amount))
        } catch {
            precondition(project.plannedInvestment == before, "a refused addition changed the project")
        }
    }
    let month = 1 + Int(input.byte() ?? 0) % 12
    guard
        let report = try? Reports.cumulative(
            year: signed.year,
            throughMonth: month,
            projects: [project],
            investmentLog: log,
            threshold: .zero
        )
    else { return }
    precondition(report.projects.count <= 1, "one project counted \(report.projects.count) times")
    let later = log.filter { $0.on > (try! Day(year: signed.year, month: month, day: 1)).endOfMonth }
    let expected = project.plannedInvestment.amount - later.reduce(0) { $0 + ($1.amount?.amount ?? 0) }
    if let counted = report.projects.first {
        precondition(counted.investment.amount == expected, "counted at \(counted.investment), expected \(expected)")
    }
}
