import ChainDeskDomain
import ChainDeskStore
import ChainDeskTesting
import Foundation
import Testing

@Suite(
    "Store: an office moved from SQLite to PostgreSQL",
    .enabled(if: testPostgres != nil, "CHAINDESK_TEST_POSTGRES is not set")
)
struct MoveTests {
    @Test("every table arrives with the same rows, the feed goes on from its last revision, and a difference is found")
    func move() async throws {
        // The demo office, with a user and a session, a sign-in, a conflict-free edit history and the figures.
        let source = try await TemporaryStore(.sqlite)
        try await DemoData.load(into: source.store)
        _ = try await source.store.createUser(
            staff: Staff(id: "wu", name: "伍芳谊", role: .officer),
            username: "wu",
            passwordHash: "scrypt$not-a-real-hash",
            by: chenActs
        )
        try await source.store.recordSignIn(username: "wu", staffID: "wu", device: "pc", outcome: .ok)
        try await source.store.createSession(
            tokenHash: "t1",
            staffID: "wu",
            device: "pc",
            expiresAt: TemporaryStore.now.addingTimeInterval(3600)
        )
        let revision = try await source.store.latestRevision()
        let report = try await source.store.cumulativeReport(year: 2026, throughMonth: 10)
        try await source.store.close()

        let database = try await TemporaryPostgres()
        let moved = try await StoreMove.copy(from: source.path, to: database.location)
        #expect(moved.matches, "\(moved.checks.filter { !$0.matches }.map(\.table))")
        #expect(moved.checks.contains { $0.table == "change" && $0.sourceRows == Int(revision) })
        #expect(moved.checks.contains { $0.table == "searchHan" && $0.sourceRows > 0 })

        // The moved office answers as the old one did, and its feed goes on.
        let store = try await Store(postgres: database.location, configuration: TemporaryStore.configuration)
        #expect(try await store.latestRevision() == revision)
        #expect(try await store.cumulativeReport(year: 2026, throughMonth: 10) == report)
        #expect(try await store.session(tokenHash: "t1")?.staffID == "wu")
        #expect(try await store.signIns(username: "wu").count == 1)
        #expect(try await store.search("豪顺").first?.id != nil)
        _ = try await store.create(Chain(id: "new", name: "低空经济"), by: chenActs)
        #expect(try await store.latestRevision() == revision + 1)
        try await store.close()

        // A database that holds an office is not moved into; a changed row is found by the check.
        await #expect(throws: StoreError.self) {
            _ = try await StoreMove.copy(from: source.path, to: database.location)
        }
        let server = try PostgresDatabase(database.location)
        try server.execute("UPDATE chain SET name = '低空经济产业' WHERE id = 'new'")
        let checked = try await StoreMove.verify(from: source.path, to: database.location)
        #expect(checked.first { $0.table == "chain" }?.matches == false)
        #expect(checked.first { $0.table == "enterprise" }?.matches == true)
    }
}
