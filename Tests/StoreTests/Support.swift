import ChainDeskDomain
import ChainDeskStore
import Foundation

/// A store in a fresh temporary directory, with a fixed clock; removed when the test ends.
final class TemporaryStore {
    let directory: URL
    let store: Store
    var path: String { self.directory.appendingPathComponent("office.sqlite").path }

    static let now = Date(timeIntervalSince1970: 1_794_200_000)  // 2026-11-08 Shanghai

    init() throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "chaindesk-store-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        self.store = try Store(
            path: self.directory.appendingPathComponent("office.sqlite").path,
            configuration: Self.configuration
        )
    }

    static var configuration: Store.Configuration {
        var configuration = Store.Configuration()
        configuration.clock = { TemporaryStore.now }
        return configuration
    }

    func reopen() throws -> Store {
        try Store(path: self.path, configuration: Self.configuration)
    }

    deinit {
        try? FileManager.default.removeItem(at: self.directory)
    }
}

let chen = Staff(id: "chen", name: "陈夷逸", role: .deputyHead, sectors: ["smart"])
let li = Staff(id: "li", name: "李行知", role: .officer, sectors: ["smart"])
let boss = Staff(id: "director", name: "部长", role: .director)
let chenActs = chen.acting(from: "office-pc")
let liActs = li.acting(from: "field-02")
let bossActs = boss.acting(from: "office")

func day(_ text: String) -> Day { try! Day(parsing: text) }

let haoshun = Enterprise(
    id: "haoshun",
    kind: .park,
    creditCode: try! CreditCode.make(prefix: "91", division: "441900", body: "MA4UH301"),
    legalName: "东莞市豪顺精密科技有限公司",
    shortName: "东莞豪顺",
    aliases: ["豪顺精密"],
    location: "广东省东莞市",
    industry: "智能电器精密零部件",
    scale: .medium,
    ownerID: "li",
    relationship: .landed
)

/// A store with the three staff members and 东莞豪顺.
func seededStore() async throws -> TemporaryStore {
    let temporary = try TemporaryStore()
    for person in [chen, li, boss] { _ = try await temporary.store.create(person, by: chenActs) }
    _ = try await temporary.store.create(Chain(id: "smart", name: "智能制造"), by: chenActs)
    _ = try await temporary.store.create(haoshun, by: chenActs)
    return temporary
}

/// A project of x1, signed on `signed` and verified by the director when `verify`.
func signedProject(_ store: Store, _ id: String, _ amount: String, _ signed: String, verify: Bool) async throws
    -> Project
{
    var project = try await store.create(
        Project(
            id: ID(id),
            name: "项目\(id)",
            enterpriseID: "x1",
            stageOn: day("2026-01-10"),
            plannedInvestment: try Yuan(parsing: amount)
        ),
        by: liActs
    )
    project = try await store.advanceProject(
        project.id,
        to: .signed,
        on: day(signed),
        evidence: "合同",
        expecting: project.version,
        by: liActs
    )
    guard verify else { return project }
    return try await store.verifySigning(
        project.id,
        on: day(signed),
        note: "核实",
        expecting: project.version,
        by: bossActs
    )
}
