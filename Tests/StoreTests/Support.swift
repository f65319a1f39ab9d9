import ChainDeskDomain
import ChainDeskStore
import Foundation
import Synchronization
import Testing

/// The engines the store's tests run on: SQLite always, PostgreSQL when `CHAINDESK_TEST_POSTGRES` names a server.
/// A test that takes an engine runs once on each, the same test.
enum TestEngine: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let all: [TestEngine] = testPostgres == nil ? [.sqlite] : [.sqlite, .postgres]

    var testDescription: String { self.rawValue }
}

/// The PostgreSQL server the tests use: `CHAINDESK_TEST_POSTGRES`, a `postgres://` URL of a database the tests may
/// create databases beside. `.ci/run` starts a throwaway cluster (Tools/checks/postgres.sh) and sets it.
let testPostgres = ProcessInfo.processInfo.environment["CHAINDESK_TEST_POSTGRES"]

/// A fresh database on the test server, dropped when the value goes. A `migrated` one has every migration applied:
/// it is a copy of one made once per run (PostgreSQL's template databases), and when the value goes it is emptied
/// and kept for the next test instead (creating and dropping a database takes a few hundred milliseconds, and
/// PostgreSQL does one at a time).
final class TemporaryPostgres: Sendable {
    let location: PostgresLocation
    private let migrated: Bool
    private let admin: PostgresDatabase
    /// Migrated databases emptied by tests that have ended.
    private static let emptied = Mutex<[String]>([])

    init(migrated: Bool = false) async throws {
        if migrated { await Self.turns.take() }
        let server = try PostgresLocation(url: try #require(testPostgres))
        self.admin = try PostgresDatabase(server)
        self.migrated = migrated
        var location = server
        if migrated, let name = Self.emptied.withLock({ $0.popLast() }) {
            location.database = name
        } else {
            // Migrated copies are kept between runs (dropped when the next run makes its template); scratch ones not.
            let kind = migrated ? "test" : "scratch"
            location.database = "chaindesk_\(kind)_\(UUID().uuidString.prefix(8).lowercased())"
            let template = migrated ? " TEMPLATE \(try await MigratedTemplate.shared.name())" : ""
            try self.admin.execute("CREATE DATABASE \(location.database)\(template)")
        }
        self.location = location
    }

    deinit {
        if self.migrated, let db = try? PostgresDatabase(self.location) {
            do {
                // Every table but the migrations' record and the search index's version, as a new store has them.
                let tables: [String] = try db.values(
                    """
                    SELECT tablename FROM pg_tables WHERE schemaname = 'public'
                    AND tablename NOT IN ('chaindesk_migrations', 'searchversion')
                    """
                )
                try db.execute("TRUNCATE \(tables.joined(separator: ", ")) RESTART IDENTITY CASCADE")
                Self.emptied.withLock { $0.append(self.location.database) }
                return
            } catch {}
        }
        try? self.admin.execute("DROP DATABASE IF EXISTS \(self.location.database) WITH (FORCE)")
        if self.migrated { Self.turns.give() }
    }

    /// At most this many tests hold a migrated database at once, so a run makes only a few and reuses them.
    private static let turns = Turns(6)
}

/// A counting semaphore for tests: `take` waits while every turn is out.
final class Turns: Sendable {
    private let state: Mutex<(free: Int, waiting: [CheckedContinuation<Void, Never>])>

    init(_ count: Int) {
        self.state = Mutex((count, []))
    }

    func take() async {
        await withCheckedContinuation { continuation in
            let now: Bool = self.state.withLock { state in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func give() {
        let next: CheckedContinuation<Void, Never>? = self.state.withLock { state in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

/// The migrated database the tests' databases are copied from, made once per run by the first test that needs it
/// (the ones earlier runs left are dropped then).
actor MigratedTemplate {
    static let shared = MigratedTemplate()
    private var making: Task<String, any Error>?

    func name() async throws -> String {
        if let making { return try await making.value }
        let making = Task { try await Self.make() }
        self.making = making
        return try await making.value
    }

    private static func make() async throws -> String {
        let server = try PostgresLocation(url: try #require(testPostgres))
        let admin = try PostgresDatabase(server)
        // What earlier runs left: their template, and the emptied databases they kept.
        let old: [String] = try admin.values(
            "SELECT datname FROM pg_database WHERE datname LIKE 'chaindesk\\_template\\_%' OR datname LIKE 'chaindesk\\_test\\_%'"
        )
        for name in old { try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        var location = server
        location.database = "chaindesk_template_\(UUID().uuidString.prefix(8).lowercased())"
        try admin.execute("CREATE DATABASE \(location.database)")
        let store = try await Store(postgres: location)
        try await store.close()
        // A database is copied only once nobody is connected to it.
        guard try await connectionsEnd(to: location.database, on: admin) else {
            throw StoreError(.unavailable("the template database still has connections"))
        }
        return location.database
    }
}

/// Waits (at most ten seconds) until the server has no connection to `database`: it ends a backend a moment after
/// its client closed the connection. Whether it came to that.
func connectionsEnd(to database: String, on server: PostgresDatabase) async throws -> Bool {
    for _ in 0..<200 {
        let open: Int =
            try server.value(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()",
                [database]
            ) ?? 0
        if open == 0 { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return false
}

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
