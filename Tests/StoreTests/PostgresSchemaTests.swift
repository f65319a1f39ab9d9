import ChainDeskStore
import ChainDeskTesting
import Foundation
import GRDB
import Testing

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
        let (sql, values) = PostgresDatabase.numbered(
            "SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ?",
            [1, "x"]
        )
        #expect(sql == "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2")
        #expect(values == [1.databaseValue, "x".databaseValue])
    }

    @Test("a named placeholder used twice is one parameter, and a cast's :: is not a name")
    func namedPlaceholders() {
        let (sql, values) = PostgresDatabase.numbered(
            "SELECT x::text FROM t WHERE a = :me OR b = :me OR c = ':me' OR d > :after",
            ["me": "chen", "after": "p9"]
        )
        #expect(sql == "SELECT x::text FROM t WHERE a = $1 OR b = $1 OR c = ':me' OR d > $2")
        #expect(values == ["chen".databaseValue, "p9".databaseValue])
    }

    @Test("every migration has a PostgreSQL form, under the same names in the same order")
    func everyMigration() async throws {
        let steps = try PostgresSchema.steps()
        let sqlite = try TemporaryStore()
        #expect(steps.map(\.name) == (try await sqlite.store.appliedMigrations()))
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
    func migrations() async throws {
        let temporary = try await TemporaryPostgres()
        let db = try PostgresDatabase(temporary.location)
        let sqlite = try TemporaryStore()
        let names = try await sqlite.store.appliedMigrations()
        #expect(try PostgresSchema.migrate(db) == names)
        #expect(try PostgresSchema.migrate(PostgresDatabase(temporary.location)).isEmpty)
        #expect(try PostgresSchema.applied(db) == names)
    }

    @Test("every table has the SQLite store's columns, with the same NOT NULL")
    func sameColumns() async throws {
        let temporary = try await TemporaryPostgres()
        let db = try PostgresDatabase(temporary.location)
        try PostgresSchema.migrate(db)
        let store = try TemporaryStore()
        let sqlite: [String: [String: Bool]] = try await DatabaseQueue(path: store.path).read { db in
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
            let (table, column, nullable): (String, String, String) = (try row[0], try row[1], try row[2])
            // The rowid SQLite keeps for every such table, made a column on PostgreSQL.
            guard column != "rowid" else { continue }
            postgres[table, default: [:]][column] = nullable == "NO"
        }
        #expect(!sqlite.isEmpty)
        for (table, columns) in sqlite {
            #expect(postgres[table] == columns, "table \(table)")
        }
    }

    @Test("the schema's checks refuse what SQLite refuses, and the figures' triggers keep the counts")
    func constraintsAndTriggers() async throws {
        let temporary = try await TemporaryPostgres()
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
        #expect(throws: PostgresError.self) { try db.rows(project, ["bad", "bogus", nil]) }
        try db.rows(project, ["p", "signed", "d"])
        #expect(
            try db.rows("SELECT projectID, plannedInvestment FROM figureSigning").map(\.values) == [
                ["p".databaseValue, 300_000_000.databaseValue]
            ]
        )
        try db.execute("UPDATE project SET stage = 'registered' WHERE id = 'p'")
        let funnel = try db.rows("SELECT stage, projects FROM figureFunnel WHERE projects > 0").map(\.values)
        #expect(funnel == [["registered".databaseValue, 1.databaseValue]])
        #expect(
            try db.rows("SELECT enterprises FROM figureRelationship WHERE kind = 'park' AND relationship = 'landed'")
                .map(\.values) == [[1.databaseValue]]
        )
        // A missing enterprise is refused by the foreign key, as in SQLite.
        #expect(throws: PostgresError.self) {
            try db.execute(
                "INSERT INTO contact (id, enterpriseID, name, title, version) VALUES ('c', 'nobody', '某', '', 1)"
            )
        }
    }

    @Test("values written through the engine-neutral connection read back as SQLite holds them")
    func values() async throws {
        let temporary = try await TemporaryPostgres()
        let postgres = try PostgresDatabase(temporary.location)
        try PostgresSchema.migrate(postgres)
        let sqlite = try TemporaryStore()
        let at = Date(timeIntervalSince1970: 1_794_200_000.25)
        let insert = "INSERT INTO signIn (at, username, staffID, device, outcome) VALUES (?, ?, ?, ?, ?)"
        let select = "SELECT at, username, staffID, id FROM signIn"
        try postgres.execute(insert, [at, "陈夷逸", String?.none, "pc", "ok"])
        let fromSQLite = try await sqlite.store.write { db in
            try db.execute(insert, [at, "陈夷逸", String?.none, "pc", "ok"])
            return try db.rows(select)
        }
        let row = try #require(try postgres.rows(select).first)
        #expect(row.values == fromSQLite.first?.values, "the same bytes on both engines")
        #expect(row.value("at") == "2026-11-09 04:53:20.250".databaseValue)
        #expect(try row["AT"] as Date == at)
        #expect(try row["username"] as String == "陈夷逸")
        #expect(try row["staffID"] as String? == nil)
        #expect(try row["id"] as Int64 == 1, "identity columns count from 1, as SQLite's")
        #expect(throws: StoreError.self) { _ = try row["username"] as Int64 }
    }
}

@Suite(
    "Store: its connections to a PostgreSQL server",
    .enabled(if: testPostgres != nil, "CHAINDESK_TEST_POSTGRES is not set")
)
struct PostgresConnectionTests {
    @Test("closing the store lets go of every connection it opened")
    func close() async throws {
        let temporary = try await TemporaryPostgres()
        let store = try await Store(postgres: temporary.location)
        _ = try await store.latestRevision()
        _ = try await store.create(chen, by: chenActs)
        let server = try PostgresDatabase(temporary.location)
        let count =
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        #expect(try server.value(count) ?? 0 >= 2)
        try await store.close()
        // The server ends a backend a moment after its client has gone.
        #expect(try await connectionsEnd(to: temporary.location.database, on: server))
    }
}
