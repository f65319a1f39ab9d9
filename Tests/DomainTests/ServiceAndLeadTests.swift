import ChainDeskDomain
import Foundation
import Testing

@Suite("Service requests")
struct ServiceRequestTests {
    /// Friday 2026-11-06 16:00 in Shanghai.
    static let friday = day("2026-11-06").start.addingTimeInterval(16 * 3600)

    func request(_ category: ServiceRequest.Category = .supplies, _ urgency: ServiceRequest.Urgency = .normal) throws
        -> ServiceRequest
    {
        try ServiceRequest(
            id: "sr1",
            enterpriseID: "haoshun",
            category: category,
            urgency: urgency,
            title: "闭环生产所需生活物资",
            details: "",
            registeredAt: Self.friday,
            registeredBy: "chen",
            rules: ServiceClockRules()
        )
    }

    @Test("deadlines count working days and skip the weekend")
    func deadlines() throws {
        let normal = try request()
        #expect(Day(normal.respondBy) == day("2026-11-09"))  // Monday
        #expect(Day(normal.resolveBy) == day("2026-11-10"))  // two working days
        let urgent = try request(.supplies, .urgent)
        #expect(urgent.respondBy == Self.friday.addingTimeInterval(7200))
        let holiday = ServiceClockRules(calendar: WorkCalendar(holidays: [day("2026-11-09")]))
        #expect(
            Day(holiday.deadlines(category: .supplies, urgency: .normal, registeredAt: Self.friday).respondBy)
                == day("2026-11-10")
        )
    }

    @Test("the closed loop runs in order, resolution needs an account, satisfaction is 1–5")
    func closedLoop() throws {
        var r = try request()
        #expect(throws: DomainError.self) { try r.respond(at: Self.friday) }
        try r.assign(to: "liu")
        try r.respond(at: Self.friday.addingTimeInterval(600))
        #expect(throws: DomainError.self) { try r.resolve(at: Self.friday.addingTimeInterval(7200), account: " ") }
        try r.resolve(at: Self.friday.addingTimeInterval(7200), account: "协调保供企业送达物资两批")
        #expect(throws: DomainError.self) { try r.callBack(at: Self.friday.addingTimeInterval(9000), satisfaction: 6) }
        try r.callBack(at: Self.friday.addingTimeInterval(9000), satisfaction: 5)
        try r.close(at: Self.friday.addingTimeInterval(9600))
        #expect(r.status == .closed)
        #expect(!r.responseOverdue(now: Self.friday.addingTimeInterval(86_400 * 30)))
    }

    @Test("overdue requests escalate")
    func escalation() throws {
        let r = try request()
        #expect(r.escalationLevel(now: Self.friday.addingTimeInterval(3600)) == 0)
        #expect(r.escalationLevel(now: day("2026-11-09").start.addingTimeInterval(20 * 3600)) == 1)
        #expect(r.escalationLevel(now: day("2026-11-20").start) == 2)
    }
}

@Suite("Lead screening")
struct LeadTests {
    static let criteria = [LeadBatch.Criterion(name: "产业契合", weight: 3), LeadBatch.Criterion(name: "投资能力", weight: 2)]

    @Test("scores are weighted out of 100, and decisions need every score and a reason")
    func screening() throws {
        var candidate = LeadCandidate(id: "c1", batchID: "b1", name: "东莞某精密", scores: ["产业契合": 5])
        #expect(throws: DomainError.self) { try candidate.decide(.shortlisted, reason: "契合", criteria: Self.criteria) }
        candidate.scores["投资能力"] = 3
        #expect(candidate.score(with: Self.criteria) == 84)  // (3×5 + 2×3) × 100 / (5 × 5)
        #expect(throws: DomainError.self) { try candidate.decide(.shortlisted, reason: "", criteria: Self.criteria) }
        try candidate.decide(.shortlisted, reason: "智能制造链补链", criteria: Self.criteria)
        #expect(candidate.decision == .shortlisted)
    }

    @Test("the three clocks run from receipt and show what is overdue")
    func clocks() {
        let batch = LeadBatch(
            id: "b1",
            name: "世界莞商会会员名单",
            source: .chamber,
            receivedOn: day("2026-11-07"),
            criteria: Self.criteria,
            respondedOn: day("2026-11-08")
        )
        let clocks = batch.clocks(LeadClockRules(), today: day("2026-11-11"))
        #expect(clocks.map(\.due) == [day("2026-11-08"), day("2026-11-10"), day("2026-11-14")])
        #expect(clocks.map(\.overdue) == [false, true, false])
    }
}

@Suite("Assignment")
struct AssignmentTests {
    @Test("unowned and misfit enterprises go to a covering officer, then loads even out, deterministically")
    func suggest() {
        let officers = [
            Staff(id: "a", name: "李行知", role: .officer, sectors: ["smart"]),
            Staff(id: "b", name: "刘子璇", role: .officer, sectors: ["materials"]),
            Staff(id: "c", name: "伍芳谊", role: .officer, sectors: ["smart"]),
        ]
        let items = [
            Assignment.Item(enterpriseID: "e1", chainID: "smart", ownerID: "a"),
            Assignment.Item(enterpriseID: "e2", chainID: "smart", ownerID: "a"),
            Assignment.Item(enterpriseID: "e3", chainID: "smart", ownerID: "a"),
            Assignment.Item(enterpriseID: "e4", chainID: "materials", ownerID: "a"),
            Assignment.Item(enterpriseID: "e5", chainID: nil, ownerID: nil),
        ]
        let moves = Assignment.suggest(officers: officers, items: items)
        #expect(moves.map { "\($0.enterpriseID)→\($0.to)" } == ["e1→c", "e4→b", "e5→c"])
        #expect(moves.allSatisfy { !$0.reason.isEmpty })
        #expect(Assignment.suggest(officers: officers, items: items) == moves)
    }
}
