import ChainDeskDomain
import ChainDeskStore
import ChainDeskTesting
import Foundation
import Testing

@Suite("Store: domain operations")
struct OperationTests {
    @Test(
        "a project moves through the store with its log; a plain update cannot touch its stage",
        arguments: TestEngine.all
    )
    func projectThroughStore(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let store = temporary.store
        var project = Project(
            id: "p1",
            name: "豪顺二期",
            enterpriseID: "haoshun",
            ownerID: "li",
            stageOn: day("2026-09-01"),
            plannedInvestment: try Yuan(parsing: "3亿")
        )
        project = try await store.create(project, by: liActs)
        project = try await store.advanceProject(
            "p1",
            to: .signed,
            on: day("2026-11-05"),
            evidence: "进博会签约",
            expecting: 1,
            by: liActs
        )
        #expect(project.version == 2 && project.signedOn == day("2026-11-05"))

        var sneaky = project
        sneaky.signingVerifiedBy = "li"
        await #expect(throws: StoreError.self) { _ = try await store.update(sneaky, expecting: 2, by: liActs) }
        await #expect(throws: StoreError.self) {
            _ = try await store.verifySigning("p1", on: day("2026-11-06"), note: "", expecting: 2, by: liActs)
        }
        project = try await store.verifySigning("p1", on: day("2026-11-06"), note: "核实合同", expecting: 2, by: bossActs)
        project = try await store.addInvestment(
            "p1",
            amount: Yuan(Yuan.yi),
            on: day("2026-11-07"),
            note: "增资",
            expecting: 3,
            by: liActs
        )
        #expect(project.plannedInvestment == Yuan(400_000_000))
        let log = try await store.projectLog("p1")
        #expect(log.map(\.kind) == [.stage, .verification, .investment])
        #expect(log.allSatisfy { $0.version == 1 })

        // A stale operation changes nothing and writes no log entry.
        await #expect(throws: StoreError.self) {
            _ = try await store.advanceProject(
                "p1",
                to: .registered,
                on: day("2026-11-08"),
                evidence: "执照",
                expecting: 3,
                by: liActs
            )
        }
        #expect(try await store.projectLog("p1").count == 3)
    }

    @Test("interactions are append-only; a correction points at the original", arguments: TestEngine.all)
    func appendOnly(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let store = temporary.store
        let original = try await store.logInteraction(
            Interaction(
                id: "i1",
                kind: .visit,
                enterpriseID: "haoshun",
                staffID: "li",
                occurredAt: TemporaryStore.now,
                summary: "走访",
                recordedAt: TemporaryStore.now
            ),
            by: liActs
        )
        var edited = original
        edited.summary = "改"
        await #expect(throws: StoreError.self) { _ = try await store.update(edited, expecting: 1, by: liActs) }
        let correction = Interaction(
            id: "i2",
            kind: .visit,
            enterpriseID: "haoshun",
            staffID: "li",
            occurredAt: TemporaryStore.now,
            summary: "走访（更正：见面人为罗朝龙董事）",
            correctsID: "i1",
            recordedAt: TemporaryStore.now
        )
        #expect(try await store.logInteraction(correction, by: liActs).correctsID == "i1")
        var wrong = correction
        wrong.id = "i3"
        wrong.correctsID = "missing"
        await #expect(throws: StoreError.self) { _ = try await store.logInteraction(wrong, by: liActs) }
    }

    @Test("a service request runs its loop through the store, audited at each step", arguments: TestEngine.all)
    func serviceLoop(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let store = temporary.store
        var request = try await store.registerServiceRequest(
            id: "sr1",
            enterpriseID: "haoshun",
            category: .supplies,
            urgency: .urgent,
            title: "闭环生产所需生活物资",
            details: "",
            by: chenActs
        )
        #expect(request.respondBy == TemporaryStore.now.addingTimeInterval(7200))
        request = try await store.changeServiceRequest("sr1", expecting: 1, by: chenActs, operation: "assign") {
            r,
            _ throws(DomainError) in
            try r.assign(to: "li")
        }
        request = try await store.changeServiceRequest("sr1", expecting: 2, by: liActs, operation: "respond") {
            r,
            now throws(DomainError) in
            try r.respond(at: now)
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.changeServiceRequest("sr1", expecting: 3, by: liActs, operation: "close") {
                r,
                now throws(DomainError) in
                try r.close(at: now)
            }
        }
        #expect(request.status == .responded)
        let trail = try await store.auditTrail(entity: "serviceRequest", id: "sr1")
        #expect(
            trail.filter { $0.field == "status" }.map(\.new) == ["\"registered\"", "\"assigned\"", "\"responded\""]
        )
    }

    @Test("confirmed reassignment is applied by a deputy head, refused to an officer", arguments: TestEngine.all)
    func reassignment(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let store = temporary.store
        let move = Assignment.Move(enterpriseID: "haoshun", from: "li", to: "chen", reason: "测试")
        await #expect(throws: StoreError.self) { _ = try await store.applyAssignment([move], by: liActs) }
        let moved = try await store.applyAssignment([move], by: chenActs)
        #expect(moved.first?.ownerID == "chen")
        await #expect(throws: StoreError.self) { _ = try await store.applyAssignment([move], by: chenActs) }
    }
}

@Suite("Store: a report scenario entered through the API")
struct ScenarioTests {
    /// 2026 in a made-up district: four projects, two verified in time, one capital increase after the period,
    /// one unverified, one too small. Hand count for 1–9月: 2 projects, 8.5亿 + 3亿 = 11.5亿 → "超11亿元".
    @Test("the cumulative report for 1–9月 matches the hand count", arguments: TestEngine.all)
    func cumulative(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let store = temporary.store
        _ = try await store.create(Enterprise(id: "x1", kind: .target, legalName: "常熟新材料科技有限公司"), by: liActs)
        let plans: [(String, String, String, Bool)] = [
            ("a", "8.5亿", "2026-03-15", true), ("b", "3亿", "2026-09-30", true), ("c", "2亿", "2026-06-01", false),
            ("d", "5000万", "2026-05-05", true),
        ]
        for (id, amount, signed, verify) in plans {
            let project = try await signedProject(store, id, amount, signed, verify: verify)
            if id == "b" {
                _ = try await store.addInvestment(
                    project.id,
                    amount: try Yuan(parsing: "1亿"),
                    on: day("2026-10-08"),
                    note: "增资",
                    expecting: project.version,
                    by: liActs
                )
            }
        }
        let report = try await store.cumulativeReport(year: 2026, throughMonth: 9)
        #expect(report.projects.map(\.id) == ["a", "b"])
        #expect(report.total == Yuan(1_150_000_000))
        #expect(report.sentence == "1-9月，新引进重大项目2个、总投资超11亿元")
        let october = try await store.cumulativeReport(year: 2026, throughMonth: 10)
        #expect(october.total == Yuan(1_250_000_000))
    }
}
