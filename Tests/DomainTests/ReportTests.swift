import ChainDeskDomain
import Foundation
import Testing

@Suite("Reports")
struct ReportTests {
    static func signed(_ id: String, on: String, yuan: Int64, verified: Bool = true, event: ID<Event>? = nil) -> Project
    {
        Project(
            id: ID(id),
            name: "项目\(id)",
            enterpriseID: ID("ent-\(id)"),
            stage: .signed,
            stageOn: day(on),
            plannedInvestment: Yuan(yuan),
            signedOn: day(on),
            signingVerifiedBy: verified ? "director" : nil,
            signedAtEventID: event
        )
    }

    @Test("the cumulative report counts verified major projects signed in 1–N月, at their amount then")
    func cumulative() throws {
        let projects = [
            Self.signed("A", on: "2026-03-10", yuan: 1_200_000_000),
            Self.signed("B", on: "2026-10-31", yuan: 600_000_000),  // 5亿 at signing + 1亿 added in November
            Self.signed("C", on: "2026-11-02", yuan: 900_000_000),  // after October
            Self.signed("D", on: "2026-05-01", yuan: 900_000_000, verified: false),
            Self.signed("E", on: "2026-04-01", yuan: 80_000_000),  // below the 1亿 threshold
            Self.signed("F", on: "2025-12-30", yuan: 900_000_000),  // last year
            Self.signed("G", on: "2026-07-07", yuan: 23_050_000_000),
        ]
        let log = [
            ProjectLogEntry(
                id: "l1",
                projectID: "B",
                kind: .investment,
                on: day("2026-11-15"),
                note: "二期",
                amount: Yuan(100_000_000),
                by: "wu",
                recordedAt: now
            )
        ]
        let report = try Reports.cumulative(
            year: 2026,
            throughMonth: 10,
            projects: projects,
            investmentLog: log,
            threshold: Yuan(Yuan.yi)
        )
        #expect(report.projects.map(\.id) == ["A", "G", "B"])
        #expect(report.total == Yuan(24_750_000_000))
        #expect(report.sentence == "1-10月，新引进重大项目3个、总投资超240亿元")
    }

    @Test("the funnel counts what reached each stage, and converts stage to stage")
    func funnel() {
        let projects = [
            project(stage: .lead), project(stage: .contacted), project(stage: .siteVisit), project(stage: .signed),
        ]
        let funnel = Reports.funnel(projects: projects)
        #expect(funnel.reached[.lead] == 4)
        #expect(funnel.reached[.contacted] == 3)
        #expect(funnel.reached[.negotiation] == 1)
        #expect(funnel.conversion(from: .lead) == 75)
        #expect(funnel.conversion(from: .siteVisit) == 50)
    }

    @Test("referral credit flows to the introducer, also through the chamber it introduced")
    func referralCredit() throws {
        let referrals = [
            Referral(
                id: "r1",
                introducerKind: .enterprise,
                introducerID: "haoshun",
                introducedID: "chamber",
                introducedOn: day("2026-04-01")
            ),
            Referral(
                id: "r2",
                introducerKind: .chamber,
                introducerID: "chamber",
                introducedID: "ent-X",
                introducedOn: day("2026-11-07")
            ),
            Referral(
                id: "r3",
                introducerKind: .chamber,
                introducerID: "chamber",
                introducedID: "ent-Y",
                introducedOn: day("2026-11-07")
            ),
        ]
        let projects = [
            Self.signed("X", on: "2026-11-20", yuan: 500_000_000),
            Self.signed("Y", on: "2026-11-21", yuan: 1, verified: false),
        ]
        let credit = try Reports.referralCredit(referrals: referrals, projects: projects)
        let haoshun = credit.first { $0.introducerID == "haoshun" }!
        #expect((haoshun.leads, haoshun.projects, haoshun.transitiveLeads, haoshun.transitiveProjects) == (1, 0, 3, 1))
        #expect(haoshun.transitiveInvestment == Yuan(500_000_000))
        let chamber = credit.first { $0.introducerID == "chamber" }!
        #expect((chamber.leads, chamber.projects, chamber.investment) == (2, 1, Yuan(500_000_000)))
    }

    @Test("aftercare timeliness: on-time responses, closures, satisfaction and the overdue list")
    func aftercare() throws {
        let rules = ServiceClockRules()
        let start = day("2026-11-02").start.addingTimeInterval(9 * 3600)  // Monday 09:00
        var fast = try ServiceRequest(
            id: "fast",
            enterpriseID: "e",
            category: .supplies,
            urgency: .normal,
            title: "物资",
            details: "",
            registeredAt: start,
            registeredBy: "chen",
            rules: rules
        )
        try fast.assign(to: "liu")
        try fast.respond(at: start.addingTimeInterval(3600))
        try fast.resolve(at: start.addingTimeInterval(7200), account: "已送达")
        try fast.callBack(at: start.addingTimeInterval(9000), satisfaction: 4)
        try fast.close(at: start.addingTimeInterval(9600))
        let slow = try ServiceRequest(
            id: "slow",
            enterpriseID: "e",
            category: .permits,
            urgency: .normal,
            title: "环评",
            details: "",
            registeredAt: start,
            registeredBy: "chen",
            rules: rules
        )
        let report = Reports.aftercare(
            requests: [fast, slow],
            from: day("2026-11-01"),
            through: day("2026-11-30"),
            now: day("2026-11-05").start
        )
        #expect(report.registered == 2)
        #expect(report.respondedOnTimePercent == 50)
        #expect(report.closedPercent == 50)
        #expect(report.averageSatisfaction == 4)
        #expect(report.overdue == ["slow"])
    }
}

@Suite("Reports: activity and events")
struct ActivityReportTests {
    static func interaction(
        _ id: String,
        _ staff: ID<Staff>,
        _ enterprise: ID<Enterprise>,
        on: String,
        due: String? = nil,
        event: ID<Event>? = nil
    ) -> Interaction {
        let at = day(on).start.addingTimeInterval(10 * 3600)
        return Interaction(
            id: ID(id),
            kind: .visit,
            enterpriseID: enterprise,
            staffID: staff,
            occurredAt: at,
            summary: "走访",
            nextStep: due == nil ? nil : "跟进",
            nextStepDue: due.map(day),
            eventID: event,
            recordedAt: at
        )
    }

    @Test("officer activity counts interactions, enterprises and next steps nobody followed up")
    func activity() {
        let staff = [Staff(id: "li", name: "李行知", role: .officer), Staff(id: "wu", name: "伍芳谊", role: .officer)]
        // 1 is followed up on the 9th (not overdue); 3 has nothing since (overdue); 4 is not due and outside the period.
        let interactions = [
            Self.interaction("1", "li", "e1", on: "2026-11-02", due: "2026-11-05"),
            Self.interaction("2", "li", "e1", on: "2026-11-09"),
            Self.interaction("3", "li", "e2", on: "2026-11-03", due: "2026-11-06"),
            Self.interaction("4", "wu", "e3", on: "2026-10-20", due: "2026-12-01"),
        ]
        let report = Reports.officerActivity(
            staff: staff,
            interactions: interactions,
            projectLog: [],
            from: day("2026-11-01"),
            through: day("2026-11-30"),
            today: day("2026-11-10")
        )
        #expect(report.map(\.staffID) == ["li", "wu"])
        #expect(
            report[0].interactions[.visit] == 3 && report[0].enterprisesTouched == 2 && report[0].overdueNextSteps == 1
        )
        #expect(report[1].interactions.isEmpty && report[1].overdueNextSteps == 0)
    }

    @Test("a closed month's overdue next steps are counted as of its last day: what came after cannot change them")
    func activityOfAClosedMonth() {
        let staff = [Staff(id: "li", name: "李行知", role: .officer)]
        let interactions = [
            // Due in November and followed up only in December: overdue at November's end.
            Self.interaction("1", "li", "e1", on: "2026-11-02", due: "2026-11-20"),
            Self.interaction("2", "li", "e1", on: "2026-12-03"),
            // Due on November's last day, nothing since: overdue at its end.
            Self.interaction("3", "li", "e2", on: "2026-11-10", due: "2026-11-30"),
            // Logged in December, due then: not November's.
            Self.interaction("4", "li", "e3", on: "2026-12-01", due: "2026-12-02"),
            // Due after November: not overdue then.
            Self.interaction("5", "li", "e4", on: "2026-11-25", due: "2026-12-05"),
        ]
        func overdue(through: String, today: String) -> Int {
            Reports.officerActivity(
                staff: staff,
                interactions: interactions,
                projectLog: [],
                from: day("2026-11-01"),
                through: day(through),
                today: day(today)
            )[0].overdueNextSteps
        }
        #expect(overdue(through: "2026-11-30", today: "2026-12-15") == 2)
        #expect(overdue(through: "2026-11-30", today: "2027-06-01") == 2, "the same figure months later")
        // While the month runs, as of today: due before today, nothing followed yet.
        #expect(overdue(through: "2026-11-30", today: "2026-11-21") == 1)
        // A period still running in December sees December: 3, 4 and 5 overdue; 1 was followed up.
        #expect(overdue(through: "2026-12-31", today: "2026-12-10") == 3)
    }

    @Test("chain coverage lists links upstream to downstream, then in their order within a position")
    func coverageInLinkOrder() {
        func link(_ id: String, _ position: ChainLink.Position, order: Int) -> ChainLink {
            ChainLink(id: ID(id), chainID: "c", name: id, position: position, order: order, gap: .missing)
        }
        let links = [
            link("下游", .downstream, order: 0), link("中游2", .midstream, order: 2), link("上游", .upstream, order: 5),
            link("中游1", .midstream, order: 1),
        ]
        let rows = Reports.chainCoverage(links: links, placements: [], enterprises: [:])
        #expect(rows.map(\.link.name) == ["上游", "中游1", "中游2", "下游"])
    }

    @Test("event yield counts who was met, the leads, and verified signings at the event")
    func yield() throws {
        let fair = Event(
            id: "fair",
            kind: .fair,
            name: "进博会",
            startsOn: day("2026-11-05"),
            endsOn: day("2026-11-06"),
            location: "上海"
        )
        let interactions = [
            Self.interaction("1", "wu", "a", on: "2026-11-05", event: "fair"),
            Self.interaction("2", "wu", "a", on: "2026-11-06", event: "fair"),
        ]
        let referrals = [
            Referral(
                id: "r",
                introducerKind: .event,
                introducerID: "fair",
                introducedID: "b",
                introducedOn: day("2026-11-06")
            )
        ]
        let projects = [
            ReportTests.signed("s1", on: "2026-11-05", yuan: 1_000_000_000, event: "fair"),
            ReportTests.signed("s2", on: "2026-11-05", yuan: 2_000_000_000, verified: false, event: "fair"),
        ]
        let yield = try Reports.eventYield(
            events: [fair],
            interactions: interactions,
            referrals: referrals,
            projects: projects
        )
        #expect(yield.count == 1)
        #expect(
            (yield[0].interactions, yield[0].enterprisesMet, yield[0].leads, yield[0].projectsSigned) == (2, 1, 1, 1)
        )
        #expect(yield[0].investment == Yuan(1_000_000_000))
    }
}
