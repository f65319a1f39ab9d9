import ChainDeskDomain
import Foundation
import Testing

@Suite("Checked money and day arithmetic")
struct ArithmeticTests {
    @Test("one amount is at most 1万亿元; sums past it are refused, never trapped")
    func limits() throws {
        #expect(try Yuan(parsing: "1万亿").amount == Yuan.maximum.amount)
        #expect(throws: MoneyError.self) { try Yuan(parsing: "1.0001万亿") }
        #expect(throws: MoneyError.self) { try Yuan(parsing: "9223372036854775807") }
        #expect(throws: DomainError.self) { try Yuan(checking: Int64.max, "计划总投资") }
        #expect(throws: DomainError.self) { try Yuan(checking: -1, "计划总投资") }
        #expect(throws: DomainError.self) { try Yuan.maximum.adding(Yuan(1)) }
        #expect(throws: DomainError.self) { try Yuan(Int64.max).adding(Yuan(1)) }
        #expect(throws: DomainError.self) { try Yuan(Int64.min).subtracting(Yuan(1)) }
        #expect(throws: DomainError.self) { try Yuan.total([Yuan(Int64.max), Yuan(1)]) }
        #expect(try Yuan.total(Array(repeating: Yuan.maximum, count: 1000)).amount == 1000 * Yuan.maximum.amount)
    }

    @Test("a project at the limit refuses more capital, and stays as it was")
    func projectAtTheLimit() throws {
        let officer = Actor(staffID: "li", role: .officer, device: "test")
        var project = Project(
            id: "p",
            name: "上限",
            enterpriseID: "e",
            stageOn: try Day(parsing: "2026-11-01"),
            plannedInvestment: Yuan.maximum
        )
        let before = project
        #expect(throws: DomainError.self) {
            try project.addInvestment(
                Yuan(Yuan.yi),
                on: try Day(parsing: "2026-11-05"),
                note: "",
                by: officer,
                now: now
            )
        }
        #expect(project == before)
    }

    @Test("random amounts and days through every checked operation: refusals, no trap")
    func randomInputs() throws {
        var random = SplitMix64(seed: 20_261_203)
        let edges: [Int64] = [0, 1, -1, Int64.max, Int64.min, Yuan.maximum.amount, Yuan.maximum.amount + 1, Yuan.yi]
        func amount() -> Int64 {
            random.next() % 3 == 0 ? edges[Int(random.next() % UInt64(edges.count))] : Int64(bitPattern: random.next())
        }
        var refused = 0
        for _ in 0..<20_000 {
            let (a, b) = (Yuan(amount()), Yuan(amount()))
            do { _ = try a.adding(b) } catch { refused += 1 }
            do { _ = try a.subtracting(b) } catch { refused += 1 }
            do { _ = try Yuan.total([a, b, a]) } catch { refused += 1 }
            do { _ = try Yuan(checking: a.amount, "x") } catch { refused += 1 }
            _ = a.description
            _ = a.headline
            let text =
                "\(random.next() % 100_000).\(random.next() % 10_000)"
                + ["亿", "万", "元", "万亿", ""][Int(random.next() % 5)]
            do { _ = try Yuan(parsing: text) } catch { refused += 1 }
            let offset =
                ["+", "-"][Int(random.next() % 2)] + "\(random.next() % 10_000)"
                + ["d", "w", ""][Int(random.next() % 3)]
            do { _ = try Day(parsing: offset, today: try Day(parsing: "2026-11-20")) } catch { refused += 1 }
        }
        #expect(refused > 0)
    }

    @Test(
        "days typed relative to today",
        arguments: [
            ("today", "2026-11-20"), ("tomorrow", "2026-11-21"), ("yesterday", "2026-11-19"), ("明天", "2026-11-21"),
            ("+7d", "2026-11-27"), ("+11", "2026-12-01"), ("-3d", "2026-11-17"), ("+2w", "2026-12-04"),
            ("+7天", "2026-11-27"), ("+2周", "2026-12-04"), ("2026-12-24", "2026-12-24"),
        ]
    )
    func relativeDays(text: String, expected: String) throws {
        #expect(try Day(parsing: text, today: Day(parsing: "2026-11-20")).description == expected)
    }

    @Test("malformed offsets are refused", arguments: ["+", "+d", "++5d", "+5x", "+12345d", "+٣d", "next week"])
    func badOffsets(text: String) {
        #expect(throws: DomainError.self) { try Day(parsing: text, today: Day(parsing: "2026-11-20")) }
    }

    /// FuzzTesting/Crashers/FuzzDomain/crash-68679b75…: 400 years back from 1900 came out a day short, because days
    /// were counted between midnights in Shanghai, which kept local mean time (+8:05:43) until 1901.
    @Test("days are counted by the calendar: across 1901's change of clocks, summer time and 400 years exactly")
    func daysByTheCalendar() throws {
        let march1900 = try Day(parsing: "1900-03-01")
        #expect(march1900.adding(days: -146_097).description == "1500-03-01")
        #expect(march1900.days(until: march1900.adding(days: -146_097)) == -146_097)
        #expect(try Day(parsing: "1900-12-31").days(until: Day(parsing: "1901-01-01")) == 1)
        // China kept summer time from 1986 to 1991: a May has 31 days all the same.
        #expect(try Day(parsing: "1986-05-01").days(until: Day(parsing: "1986-06-01")) == 31)
        #expect(try Day(parsing: "2026-12-04").weekday == 5)
        #expect(try Day(parsing: "2000-02-01").endOfMonth.description == "2000-02-29")
        #expect(try Day(parsing: "2100-02-01").endOfMonth.description == "2100-02-28")
    }

    /// FuzzTesting/Crashers/FuzzDomain/crash-1c3cffe7…: a day moved past 2999 trapped in `endOfMonth`.
    @Test(
        "a day moved past the years typed dates allow still has a month end, and arithmetic stops at the years 1–9999"
    )
    func daysBeyondTheTypedRange() throws {
        let last = try Day(parsing: "2999-12-31")
        let next = last.adding(days: 1)
        #expect(next.description == "3000-01-01")
        #expect(next.endOfMonth.description == "3000-01-31")
        #expect(try Day(parsing: "1900-01-01").adding(days: -1).endOfMonth.description == "1899-12-31")
        #expect(last.adding(days: Int.max) == Day.latest)
        #expect(last.adding(days: Int.min) == Day.earliest)
        #expect(Day.latest.adding(days: 1) == Day.latest && Day.earliest.adding(days: -1) == Day.earliest)
        #expect(Day.latest.endOfMonth == Day.latest && Day.earliest.adding(days: 30).description == "0001-01-31")
    }
}
