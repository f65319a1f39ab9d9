public import ChainDeskStore
public import Foundation
internal import Synchronization

/// The engines the store's tests run on: SQLite always, PostgreSQL when `CHAINDESK_TEST_POSTGRES` names a server.
/// A test that takes an engine runs once on each, the same test.
public enum TestEngine: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    public static let all: [TestEngine] = testPostgres == nil ? [.sqlite] : [.sqlite, .postgres]
}

/// The PostgreSQL server the tests use: `CHAINDESK_TEST_POSTGRES`, a `postgres://` URL of a database the tests may
/// create databases beside. `.ci/run` starts a throwaway cluster (Tools/checks/postgres.sh) and sets it.
public let testPostgres = ProcessInfo.processInfo.environment["CHAINDESK_TEST_POSTGRES"]

/// A fresh database on the test server, dropped when the value goes. A `migrated` one has every migration applied:
/// it is a copy of one made once per run (PostgreSQL's template databases), and when the value goes it is emptied
/// and kept for the next test instead (creating and dropping a database takes a few hundred milliseconds, and
/// PostgreSQL does one at a time).
public final class TemporaryPostgres: Sendable {
    public let location: PostgresLocation
    private let migrated: Bool
    private let admin: PostgresDatabase
    /// Migrated databases emptied by tests that have ended.
    private static let emptied = Mutex<[String]>([])

    public init(migrated: Bool = false) async throws {
        if migrated { await Self.turns.take() }
        let server = try Self.server()
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

    /// The server `CHAINDESK_TEST_POSTGRES` names.
    static func server() throws -> PostgresLocation {
        guard let url = testPostgres else {
            throw StoreError(.configuration("CHAINDESK_TEST_POSTGRES is not set"))
        }
        return try PostgresLocation(url: url)
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
        let server = try TemporaryPostgres.server()
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
package func connectionsEnd(to database: String, on server: PostgresDatabase) async throws -> Bool {
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
