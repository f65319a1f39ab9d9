import ChainDeskDomain
import ChainDeskStore
import ChainDeskTesting
import Foundation
import Testing

@Suite("Store: a closed period's figures")
struct ClosedPeriodTests {
    @Test(
        "late verifications, back-dated signings and added capital leave the closed figures as they were",
        arguments: TestEngine.all
    )
    func frozen(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let store = temporary.store
        _ = try await store.create(Enterprise(id: "x1", kind: .target, legalName: "常熟新材料科技有限公司"), by: liActs)
        let a = try await signedProject(store, "a", "8.5亿", "2026-03-15", verify: true)
        let c = try await signedProject(store, "c", "2亿", "2026-06-01", verify: false)
        let closed = try await store.closePeriod(year: 2026, throughMonth: 9, note: "报区委", by: bossActs)
        #expect(closed.figures.projects.map(\.id) == ["a"])
        #expect(closed.figures.total == Yuan(850_000_000))

        // After closing: c is verified late, e is signed back-dated into the period, a gains capital within it.
        _ = try await store.verifySigning(c.id, on: day("2026-11-08"), note: "补核实", expecting: c.version, by: bossActs)
        _ = try await signedProject(store, "e", "1.5亿", "2026-08-01", verify: true)
        _ = try await store.addInvestment(
            a.id,
            amount: try Yuan(parsing: "1亿"),
            on: day("2026-09-10"),
            note: "增资",
            expecting: try #require(try await store.fetch(Project.self, id: "a")).version,
            by: liActs
        )

        let kept = try #require(try await store.closedPeriod(year: 2026, throughMonth: 9))
        #expect(kept.closed)
        #expect(kept.figures == closed.figures)
        let live = try await store.cumulativeReport(year: 2026, throughMonth: 9)
        #expect(live.projects.map(\.id) == ["a", "c", "e"])
        let differences = Reports.differences(closed: kept.figures, current: live)
        #expect(differences.map { "\($0.projectID) \($0.kind)" } == ["a changed", "c added", "e added"])
        let attributed = try await store.changes(toProject: "c", after: kept.closedAtRevision)
        #expect(attributed.contains { $0.field == "signingVerifiedBy" && $0.staffID == "director" })
        #expect(
            try await store.changes(toProject: "c", after: kept.closedAtRevision).allSatisfy {
                $0.revision > kept.closedAtRevision
            }
        )
    }

    @Test(
        "a closed period is closed once; reopening needs a reason, is audited, and closing again takes the figures anew",
        arguments: TestEngine.all
    )
    func reopen(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let store = temporary.store
        _ = try await store.create(Enterprise(id: "x1", kind: .target, legalName: "常熟新材料科技有限公司"), by: liActs)
        _ = try await signedProject(store, "a", "8.5亿", "2026-03-15", verify: true)
        _ = try await store.closePeriod(year: 2026, throughMonth: 9, note: "", by: bossActs)
        await #expect(throws: StoreError.self) {
            _ = try await store.closePeriod(year: 2026, throughMonth: 9, note: "", by: bossActs)
        }
        await #expect(throws: DomainError.self) {
            _ = try await store.reopenPeriod(year: 2026, throughMonth: 9, reason: "  ", by: bossActs)
        }
        _ = try await signedProject(store, "e", "1.5亿", "2026-08-01", verify: true)
        let reopened = try await store.reopenPeriod(year: 2026, throughMonth: 9, reason: "补录常熟项目", by: bossActs)
        #expect(!reopened.closed)
        let trail = try await store.auditTrail(entity: ClosedPeriod.entity, id: "2026-09")
        #expect(trail.contains { $0.field == "closed" && $0.old == "1" && $0.new == "0" && $0.staffID == "director" })
        #expect(trail.contains { $0.field == "reopenReason" && $0.new == "\"补录常熟项目\"" })
        let again = try await store.closePeriod(year: 2026, throughMonth: 9, note: "再次关账", by: bossActs)
        #expect(again.figures.projects.map(\.id) == ["a", "e"])
        #expect(again.reopenReason == "补录常熟项目")
        await #expect(throws: DomainError.self) {
            _ = try await store.closePeriod(year: 2026, throughMonth: 13, note: "", by: bossActs)
        }
    }
}
