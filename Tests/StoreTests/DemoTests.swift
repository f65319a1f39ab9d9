import ChainDeskDomain
import ChainDeskStore
import ChainDeskTesting
import Foundation
import Testing

@Suite("Demo data")
struct DemoTests {
    @Test("the seed's office loads in one call and tells the article's story in the reports", arguments: TestEngine.all)
    func demo(engine: TestEngine) async throws {
        let temporary = try await TemporaryStore(engine)
        let store = temporary.store
        try await DemoData.load(into: store)

        let report = try await store.cumulativeReport(year: 2026, throughMonth: 10)
        #expect(report.count == 21)
        #expect(report.total == Yuan(24_360_000_000))
        #expect(report.sentence == "1-10月，新引进重大项目21个、总投资超240亿元")

        #expect(try await store.search("豪顺").first?.id == "haoshun")
        #expect(try await store.search("莫柳禅").first?.id == "mo-liuchan")
        #expect(try await store.search("世界莞商会").first?.id == "dg-chamber")

        let credit = try await store.referralReport()
        let luo = try #require(credit.first { $0.introducerID == "luo-chaolong" })
        #expect(luo.leads == 1 && luo.transitiveLeads == 21)
        let chamber = try #require(credit.first { $0.introducerID == "dg-chamber" })
        #expect(chamber.leads == 20)

        let yield = try await store.eventYieldReport()
        let ciie = try #require(yield.first { $0.eventID == "ciie-2026" })
        #expect(ciie.interactions == 5 && ciie.projectsSigned == 0, "the fair's signings await verification")

        let aftercare = try await store.aftercareReport(
            from: try Day(parsing: "2026-01-01"),
            through: try Day(parsing: "2026-12-31")
        )
        #expect(aftercare.closedPercent == 100 && aftercare.averageSatisfaction == 5)

        let coverage = try await store.chainCoverageReport()
        #expect(coverage.filter { $0.effectiveGap == .missing }.map(\.link.name).contains("工业软件"))
        let candidates = try await store.fetchAll(LeadCandidate.self)
        #expect(candidates.filter { $0.decision == .shortlisted }.count == 30)
    }
}
