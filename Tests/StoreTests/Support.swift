import ChainDeskDomain
import ChainDeskStore
import ChainDeskTesting
import Foundation
import Testing

/// A store on a fresh SQLite file in a temporary directory, or a fresh PostgreSQL database, with a fixed clock;
/// removed when the test ends.
final class TemporaryStore {
    let engine: TestEngine
    let directory: URL
    private(set) var store: Store
    private let postgres: TemporaryPostgres?
    var path: String { self.directory.appendingPathComponent("office.sqlite").path }

    static let now = Date(timeIntervalSince1970: 1_794_200_000)  // 2026-11-08 Shanghai

    /// A SQLite store (the tests that are about the file itself).
    convenience init() throws {
        try self.init(sqlite: ())
    }

    private init(sqlite: Void) throws {
        self.engine = .sqlite
        self.directory = Self.newDirectory()
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        self.postgres = nil
        self.store = try Store(
            path: self.directory.appendingPathComponent("office.sqlite").path,
            configuration: Self.configuration
        )
    }

    init(_ engine: TestEngine) async throws {
        self.engine = engine
        self.directory = Self.newDirectory()
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        switch engine {
        case .sqlite:
            self.postgres = nil
            self.store = try Store(
                path: self.directory.appendingPathComponent("office.sqlite").path,
                configuration: Self.configuration
            )
        case .postgres:
            let postgres = try await TemporaryPostgres(migrated: true)
            self.postgres = postgres
            self.store = try await Store(postgres: postgres.location, configuration: Self.configuration)
        }
    }

    static func newDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("chaindesk-store-\(UUID().uuidString)")
    }

    static var configuration: Store.Configuration {
        var configuration = Store.Configuration()
        configuration.clock = { TemporaryStore.now }
        configuration.postgresReaders = 2
        return configuration
    }

    /// The same office opened again, as a restarted node opens it (the earlier store stays open).
    func reopen() async throws -> Store {
        switch self.engine {
        case .sqlite: try Store(path: self.path, configuration: Self.configuration)
        case .postgres: try await Store(postgres: self.postgres!.location, configuration: Self.configuration)
        }
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
func seededStore(_ engine: TestEngine = .sqlite) async throws -> TemporaryStore {
    let temporary = try await TemporaryStore(engine)
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
