import ChainDeskDomain
import Foundation
import Testing

let officer = Actor(staffID: "wu", role: .officer, device: "field-01")
let director = Actor(staffID: "director", role: .director, device: "office")
let now = Date(timeIntervalSince1970: 1_794_000_000)  // 2026-11-06 UTC

func day(_ text: String) -> Day { try! Day(parsing: text) }

func project(stage: Project.Stage = .lead, on: String = "2026-03-01") -> Project {
    Project(
        id: "p1",
        name: "液体绷带项目",
        enterpriseID: "qinglan",
        stage: stage,
        stageOn: day(on),
        plannedInvestment: Yuan(500_000_000)
    )
}

@Suite("Project stages and status")
struct ProjectTests {
    @Test("stages move forward with evidence and record the change")
    func forward() throws {
        var p = project()
        let entry = try p.advance(to: .contacted, on: day("2026-03-05"), evidence: "电话联系", by: officer, now: now)
        #expect(p.stage == .contacted)
        #expect(entry.from == "lead" && entry.to == "contacted" && entry.by == "wu")
    }

    @Test("a stage never goes back, and the error says so in both languages")
    func backwards() throws {
        var p = project(stage: .negotiation)
        #expect {
            try p.advance(to: .contacted, on: day("2026-04-01"), evidence: "x", by: officer, now: now)
        } throws: { error in
            let error = error as! DomainError
            return error.code == .illegalTransition && error.chinese.contains("阶段只能向前")
                && error.english.contains("only move forward")
        }
    }

    @Test("a lead may jump to a signing at a fair, and the log says what was skipped")
    func skipToSigning() throws {
        var p = project()
        let entry = try p.advance(to: .signed, on: day("2026-11-05"), evidence: "进博会集中签约", by: officer, now: now)
        #expect(entry.note == "进博会集中签约（跳过：接洽、考察、洽谈）")
        #expect(p.signedOn == day("2026-11-05"))
        #expect(!p.countsAsSigned)
    }

    @Test("after signing, nothing moves until a director verifies, and stages are not skipped")
    func verificationGate() throws {
        var p = project(stage: .negotiation)
        _ = try p.advance(to: .signed, on: day("2026-06-01"), evidence: "合同 QBJ-2026-017", by: officer, now: now)
        #expect(throws: DomainError.self) {
            try p.advance(to: .registered, on: day("2026-06-10"), evidence: "营业执照", by: officer, now: now)
        }
        #expect(throws: DomainError.self) {
            try p.verifySigning(by: officer, on: day("2026-06-02"), note: "", now: now)
        }
        _ = try p.verifySigning(by: director, on: day("2026-06-02"), note: "核实合同原件", now: now)
        #expect(p.countsAsSigned)
        #expect(throws: DomainError.self) {
            try p.verifySigning(by: director, on: day("2026-06-03"), note: "", now: now)
        }
        #expect(throws: DomainError.self) {
            try p.advance(to: .construction, on: day("2026-07-01"), evidence: "开工仪式", by: officer, now: now)
        }
        _ = try p.advance(to: .registered, on: day("2026-06-10"), evidence: "营业执照", by: officer, now: now)
        #expect(p.signedOn == day("2026-06-01"))
    }

    @Test("dates may not go back before the last stage nor into the future")
    func dates() {
        var p = project(stage: .contacted, on: "2026-05-01")
        #expect(throws: DomainError.self) {
            try p.advance(to: .siteVisit, on: day("2026-04-30"), evidence: "x", by: officer, now: now)
        }
        #expect(throws: DomainError.self) {
            try p.advance(to: .siteVisit, on: day("2027-01-01"), evidence: "x", by: officer, now: now)
        }
        #expect(throws: DomainError.self) {
            try p.advance(to: .siteVisit, on: day("2026-05-02"), evidence: "  ", by: officer, now: now)
        }
    }

    @Test("status changes need reasons; abandoned is final; a stalled project cannot advance")
    func status() throws {
        var p = project(stage: .negotiation)
        #expect(throws: DomainError.self) {
            try p.setStatus(.dormant, reason: nil, on: day("2026-06-01"), by: officer, now: now)
        }
        _ = try p.setStatus(.dormant, reason: "企业资金链紧张", on: day("2026-06-01"), by: officer, now: now)
        #expect(throws: DomainError.self) {
            try p.advance(to: .signed, on: day("2026-06-05"), evidence: "x", by: officer, now: now)
        }
        _ = try p.setStatus(.active, reason: nil, on: day("2026-07-01"), by: officer, now: now)
        _ = try p.setStatus(.abandoned, reason: "选址外省", on: day("2026-08-01"), by: officer, now: now)
        #expect(throws: DomainError.self) {
            try p.setStatus(.active, reason: "回来了", on: day("2026-09-01"), by: officer, now: now)
        }
    }

    @Test("added capital raises the amount and keeps one project")
    func addedCapital() throws {
        var p = project(stage: .negotiation)
        _ = try p.advance(to: .signed, on: day("2026-06-01"), evidence: "合同", by: officer, now: now)
        let entry = try p.addInvestment(Yuan(200_000_000), on: day("2026-09-01"), note: "二期", by: officer, now: now)
        #expect(p.plannedInvestment == Yuan(700_000_000))
        #expect(entry.amount == Yuan(200_000_000))
        #expect(throws: DomainError.self) {
            try p.addInvestment(Yuan(0), on: day("2026-09-01"), note: "", by: officer, now: now)
        }
    }
}
