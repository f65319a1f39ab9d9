import ChainDeskStore
import Foundation
import GRDB
import Testing

/// The PostgreSQL server the tests use: `CHAINDESK_TEST_POSTGRES`, a `postgres://` URL of a database the tests may
/// create databases beside. `.ci/run` starts a throwaway cluster (Tools/checks/postgres.sh) and sets it.
let testPostgres = ProcessInfo.processInfo.environment["CHAINDESK_TEST_POSTGRES"]

/// A fresh database on the test server, dropped when the value goes.
final class TemporaryPostgres {
    let location: PostgresLocation
    private let admin: PostgresDatabase

    init() throws {
        let server = try PostgresLocation(url: try #require(testPostgres))
        self.admin = try PostgresDatabase(server)
        var location = server
        location.database = "chaindesk_test_\(UUID().uuidString.prefix(8).lowercased())"
        try self.admin.execute("CREATE DATABASE \(location.database)")
        self.location = location
    }

    deinit {
        try? self.admin.execute("DROP DATABASE IF EXISTS \(self.location.database) WITH (FORCE)")
    }
}

@Suite("Store: the schema written for PostgreSQL")
struct PostgresTranslationTests {
    @Test(
        "identifiers are made bare, reserved words stay quoted in lower case, quoted text is left alone",
        arguments: [
            (#"CREATE INDEX "a_on_b" ON "chainLink"("chainID")"#, "CREATE INDEX a_on_b ON chainLink(chainID)"),
            (#"SELECT "order", "on" FROM "projectLog""#, #"SELECT "order", "on" FROM projectLog"#),
            (#"CHECK (kind IN ('a "b"', 'c'))"#, #"CHECK (kind IN ('a "b"', 'c'))"#),
            (#"CREATE TABLE "user" ("staffID" TEXT)"#, #"CREATE TABLE "user" (staffID TEXT)"#),
        ]
    )
    func identifiers(sqlite: String, postgres: String) {
        #expect(PostgresSchema.identifiers(sqlite) == postgres)
    }

    @Test("placeholders are numbered outside quoted text and identifiers")
    func placeholders() {
        #expect(
            PostgresDatabase.numbered("SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ?")
                == "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2"
        )
    }

    @Test("every migration has a PostgreSQL form, under the same names in the same order")
    func everyMigration() throws {
        let steps = try PostgresSchema.steps()
        let sqlite = try TemporaryStore()
        #expect(steps.map(\.name) == (try sqlite.store.appliedMigrations()))
        let all = steps.flatMap(\.statements)
        #expect(!all.contains { $0.contains("AUTOINCREMENT") || $0.contains("DATETIME") || $0.contains("fts5") })
        #expect(
            all.contains { $0.hasPrefix("CREATE TABLE project (") && $0.contains("plannedInvestment BIGINT NOT NULL") }
        )
    }

    @Test("a URL names the server; what it leaves out comes from the PG variables; a bad one is refused by name")
    func location() throws {
        let full = try PostgresLocation(url: "postgres://office:secret@db.example:6432/chaindesk", environment: [:])
        #expect(full.host == "db.example" && full.port == 6432 && full.username == "office")
        #expect(full.password == "secret" && full.database == "chaindesk")
        #expect(full.description == "postgres://office@db.example:6432/chaindesk", "no password in messages")
        let partial = try PostgresLocation(
            url: "postgres:///",
            environment: ["PGHOST": "pg", "PGPORT": "5433", "PGUSER": "u", "PGDATABASE": "d"]
        )
        #expect(partial.host == "pg" && partial.port == 5433 && partial.username == "u" && partial.database == "d")
        #expect(throws: StoreError.self) { try PostgresLocation(url: "mysql://x/y", environment: [:]) }
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://x:99999/y", environment: [:]) }
    }
}

@Suite(
    "Store: the schema on a PostgreSQL server",
    .enabled(if: testPostgres != nil, "CHAINDESK_TEST_POSTGRES is not set")
)
struct PostgresSchemaTests {
    @Test("the migrations apply once, in order, and a second start applies nothing")
    func migrations() throws {
        let temporary = try TemporaryPostgres()
        let db = try PostgresDatabase(temporary.location)
        let sqlite = try TemporaryStore()
        let names = try sqlite.store.appliedMigrations()
        #expect(try PostgresSchema.migrate(db) == names)
        #expect(try PostgresSchema.migrate(PostgresDatabase(temporary.location)).isEmpty)
        #expect(try PostgresSchema.applied(db) == names)
    }

    @Test("every table has the SQLite store's columns, with the same NOT NULL")
    func sameColumns() async throws {
        let temporary = try TemporaryPostgres()
        let db = try PostgresDatabase(temporary.location)
        try PostgresSchema.migrate(db)
        let store = try TemporaryStore()
        let sqlite: [String: [String: Bool]] = try await store.store.read { db in
            var tables: [String: [String: Bool]] = [:]
            let names = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND name NOT LIKE 'grdb_%' AND name NOT LIKE 'search%\\_%' ESCAPE '\\' AND sql NOT LIKE '%VIRTUAL%'
                    """
            )
            for name in names {
                for column in try db.columns(in: name) {
                    tables[name.lowercased(), default: [:]][column.name.lowercased()] =
                        column.isNotNull || column.primaryKeyIndex > 0
                }
            }
            return tables
        }
        var postgres: [String: [String: Bool]] = [:]
        for row in try db.rows(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'"
        ) {
            guard case .text(let table) = row[0], case .text(let column) = row[1], case .text(let nullable) = row[2]
            else { continue }
            postgres[table, default: [:]][column] = nullable == "NO"
        }
        #expect(!sqlite.isEmpty)
        for (table, columns) in sqlite {
            #expect(postgres[table] == columns, "table \(table)")
        }
    }

    @Test("the schema's checks refuse what SQLite refuses, and the figures' triggers keep the counts")
    func constraintsAndTriggers() throws {
        let temporary = try TemporaryPostgres()
        let db = try PostgresDatabase(temporary.location)
        try PostgresSchema.migrate(db)
        try db.execute(
            "INSERT INTO staff (id, name, role, sectors, active, version) VALUES ('d', '部长', 'director', '[]', 1, 1)"
        )
        try db.execute(
            """
            INSERT INTO enterprise (id, kind, legalName, aliases, location, industry, scale, developmentStatus,
                relationship, version)
            VALUES ('e', 'park', '东莞市豪顺精密科技有限公司', '[]', '', '', 'medium', '', 'landed', 1)
            """
        )
        let project = """
            INSERT INTO project (id, name, enterpriseID, stage, stageOn, status, plannedInvestment,
                fixedAssetInvestment, jobs, landMu, signedOn, signingVerifiedBy, version)
            VALUES (?, '项目', 'e', ?, '2026-03-01', 'active', 300000000, 0, 0, 0, '2026-03-01', ?, 1)
            """
        #expect(throws: StoreError.self) { try db.rows(project, [.text("bad"), .text("bogus"), .null]) }
        try db.rows(project, [.text("p"), .text("signed"), .text("d")])
        #expect(
            try db.rows("SELECT projectID, plannedInvestment FROM figureSigning").map(\.values) == [
                [.text("p"), .integer(300_000_000)]
            ]
        )
        try db.execute("UPDATE project SET stage = 'registered' WHERE id = 'p'")
        let funnel = try db.rows("SELECT stage, projects FROM figureFunnel WHERE projects > 0").map(\.values)
        #expect(funnel == [[.text("registered"), .integer(1)]])
        #expect(
            try db.rows("SELECT enterprises FROM figureRelationship WHERE kind = 'park' AND relationship = 'landed'")
                .map(\.values) == [[.integer(1)]]
        )
        // A missing enterprise is refused by the foreign key, as in SQLite.
        #expect(throws: StoreError.self) {
            try db.execute(
                "INSERT INTO contact (id, enterpriseID, name, title, version) VALUES ('c', 'nobody', '某', '', 1)"
            )
        }
    }

    @Test("values written through the engine-neutral connection read back as SQLite holds them")
    func values() throws {
        let temporary = try TemporaryPostgres()
        let db: any SQLConnection = try PostgresDatabase(temporary.location)
        try PostgresSchema.migrate(db as! PostgresDatabase)
        let at = Date(timeIntervalSince1970: 1_794_200_000.25)
        try db.rows(
            "INSERT INTO signIn (at, username, staffID, device, outcome) VALUES (?, ?, ?, ?, ?)",
            [at.sqlValue, "陈夷逸".sqlValue, String?.none.sqlValue, "pc".sqlValue, "ok".sqlValue]
        )
        let row = try #require(try db.rows("SELECT at, username, staffID, id FROM signIn", []).first)
        #expect(row["at"] == .text("2026-11-09 04:53:20.250"))
        #expect(try Date(sqlValue: try #require(row["AT"])) == at)
        #expect(try String(sqlValue: try #require(row["username"])) == "陈夷逸")
        #expect(try String?(sqlValue: try #require(row["staffID"])) == nil)
        #expect(try Int64(sqlValue: try #require(row["id"])) == 1, "identity columns count from 1, as SQLite's")
    }
}

@Suite("Store: values as both engines hold them")
struct SQLValueTests {
    @Test(
        "a time reads back to the millisecond",
        arguments: [0, 1_794_200_000.123, 1_794_200_000.9999, -86_400.5, 951_782_400, 4_102_444_799.999]
    )
    func times(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let back = try Date(sqlValue: date.sqlValue)
        #expect(abs(back.timeIntervalSince1970 - seconds) < 0.001)
    }

    @Test("a row written through the engine-neutral connection reads back the same on SQLite")
    func sqlite() async throws {
        let temporary = try TemporaryStore()
        let at = Date(timeIntervalSince1970: 1_794_200_000.25)
        let rows = try await temporary.store.write { db in
            try db.rows(
                "INSERT INTO signIn (at, username, staffID, device, outcome) VALUES (?, ?, ?, ?, ?)",
                [at.sqlValue, "chen".sqlValue, String?.none.sqlValue, "pc".sqlValue, "ok".sqlValue]
            )
            return try db.rows("SELECT at, username, staffID FROM signIn", [])
        }
        #expect(try Date(sqlValue: try #require(rows.first?["AT"])) == at)
        #expect(try String?(sqlValue: try #require(rows.first?["staffid"])) == nil)
    }
}
