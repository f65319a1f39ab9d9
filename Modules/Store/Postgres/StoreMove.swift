internal import Crypto
public import Foundation
internal import GRDB

/// An office copied from a SQLite store to an empty PostgreSQL database, with every history, and checked: what
/// `chaindesk-server migrate --from sqlite:PATH --to postgres://…` runs (docs/operations.md).
///
/// Both stores are first brought to this build's schema. Then every table is copied in one PostgreSQL transaction —
/// all of the office or none of it — rows in their order of entry, with the ids and revisions they had (identity
/// counters are moved past them); the full-text rows and the report figures go as they are. Last, every table is read back from both sides in key order, counted and digested (SHA-256 over each
/// value's type and bytes): the move is good only when every count and every digest agree.
public enum StoreMove {
    /// One table on both sides.
    public struct Check: Sendable, Hashable {
        public var table: String
        public var sourceRows: Int
        public var destinationRows: Int
        public var sourceDigest: String
        public var destinationDigest: String

        public var matches: Bool {
            self.sourceRows == self.destinationRows && self.sourceDigest == self.destinationDigest
        }
    }

    public struct Report: Sendable {
        public var checks: [Check]
        public var seconds: Double

        public var matches: Bool { self.checks.allSatisfy(\.matches) }
        public var rows: Int { self.checks.reduce(0) { $0 + $1.sourceRows } }
    }

    /// Tables that triggers write while the records are copied: they are emptied after, and copied last as the
    /// source keeps them (a counter at zero stays, as it does on the source).
    static let maintained: Set<String> = ["figureSigning", "figureFunnel", "figureRelationship"]

    /// Copies the office in the SQLite file at `path` to the PostgreSQL database at `location`, which must hold no
    /// office yet, and checks the copy. `progress` hears each table as it is copied, with its rows.
    public static func copy(
        from path: String,
        to location: PostgresLocation,
        progress: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) async throws -> Report {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.configuration("there is no SQLite store at \(path)"))
        }
        let started = ContinuousClock.now
        // Both schemas current: the source as a node would open it, the destination made if it is new.
        try await Store(path: path).close()
        try await Store(postgres: location).close()
        let checks = try await Self.offThread {
            try Self.withBoth(path, location) { db, destination in
                let tables = try Self.tables(db)
                try Self.copy(tables, from: db, to: destination, progress: progress)
                return try tables.map { try Self.check($0, db, destination) }
            }
        }
        let elapsed = ContinuousClock.now - started
        return Report(
            checks: checks,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
    }

    /// Counts and digests every table of the office on both sides again, as the move does after copying.
    public static func verify(from path: String, to location: PostgresLocation) async throws -> [Check] {
        try await Self.offThread {
            try Self.withBoth(path, location) { db, destination in
                try Self.tables(db).map { try Self.check($0, db, destination) }
            }
        }
    }

    static func withBoth<T>(
        _ path: String,
        _ location: PostgresLocation,
        _ body: (Database, PostgresDatabase) throws -> T
    ) throws -> T {
        var readOnly = GRDB.Configuration()
        readOnly.readonly = true
        let source = try DatabaseQueue(path: path, configuration: readOnly)
        let destination = try PostgresDatabase(location)
        return try source.read { db in try body(db, destination) }
    }

    /// A table of the office, with how its rows are read in order on both engines.
    struct Table {
        var name: String
        /// The columns both engines have, in SQLite's order.
        var columns: [String]
        /// Whether the PostgreSQL table keeps SQLite's rowid in a column of that name (it is copied too).
        var rowid: Bool
        /// The columns a row is identified by, to read both sides in the same order.
        var key: [String]
    }

    /// The office's tables in the order they were made (so a row's references are copied before it).
    static func tables(_ db: Database) throws -> [Table] {
        let names = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                AND name NOT LIKE 'grdb\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE TABLE ''%' ORDER BY rowid
                """
        )
        return try names.map { name in
            let info = try Row.fetchAll(
                db,
                sql: "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid",
                arguments: [name]
            )
            let columns = info.map { $0["name"] as String }
            let primary = info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }
                .map { $0["name"] as String }
            let withoutRowid =
                try Bool.fetchOne(
                    db,
                    sql: "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?",
                    arguments: [name]
                ) ?? false
            // A single INTEGER PRIMARY KEY is the rowid itself; otherwise a rowid table keeps one beside its columns.
            let keyType =
                try String.fetchOne(db, sql: "SELECT type FROM pragma_table_info(?) WHERE pk = 1", arguments: [name])
            let integerKey = primary.count == 1 && keyType?.uppercased() == "INTEGER"
            let rowid = !withoutRowid && !integerKey
            return Table(
                name: name,
                columns: columns,
                rowid: rowid,
                key: rowid ? ["rowid"] : primary
            )
        }
    }

    static func copy(
        _ tables: [Table],
        from db: Database,
        to destination: PostgresDatabase,
        progress: (String, Int) -> Void
    ) throws {
        try destination.execute("BEGIN")
        do {
            try destination.execute("SELECT pg_advisory_xact_lock(\(PostgresSchema.lockKey))")
            let office: Int64 = try destination.value("SELECT count(*) FROM change") ?? 0
            let users: Int64 = try destination.value(#"SELECT count(*) FROM "user""#) ?? 0
            guard office == 0, users == 0 else {
                throw StoreError(
                    .configuration(
                        "\(destination.location) already holds an office (\(office) changes, \(users) users); "
                            + "move into an empty database"
                    )
                )
            }
            // What a new store writes for itself (the search index's version) gives way to the source's.
            for table in tables.reversed() {
                try destination.execute("DELETE FROM \(destination.identifier(table.name))")
            }
            for table in tables where !Self.maintained.contains(table.name) {
                progress(table.name, try Self.copyRows(of: table, from: db, to: destination))
            }
            for table in tables where Self.maintained.contains(table.name) {
                try destination.execute("DELETE FROM \(destination.identifier(table.name))")
                progress(table.name, try Self.copyRows(of: table, from: db, to: destination))
            }
            // Identity counters past the copied ids, so the next change takes the next revision.
            let identities = try destination.rows(
                """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND is_identity = 'YES'
                """
            )
            for identity in identities {
                let (table, column): (String, String) = (try identity[0], try identity[1])
                try destination.execute(
                    """
                    SELECT setval(pg_get_serial_sequence(?, ?), coalesce(max("\(column)"), 0) + 1, false)
                    FROM "\(table)"
                    """,
                    ["\"\(table)\"", column]
                )
            }
            try destination.execute("COMMIT")
        } catch {
            try? destination.execute("ROLLBACK")
            throw error
        }
    }

    /// Copies one table's rows in their order of entry, many rows to a statement; returns how many.
    static func copyRows(of table: Table, from db: Database, to destination: PostgresDatabase) throws -> Int {
        let columns = (table.rowid ? ["rowid"] : []) + table.columns
        let perStatement = max(1, 20_000 / columns.count)
        let names = columns.map { destination.identifier($0) }.joined(separator: ", ")
        let order = table.key.map { "\"\($0)\"" }.joined(separator: ", ")
        let selected = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: "SELECT \(selected) FROM \"\(table.name)\" ORDER BY \(order)")
        var batch: [DatabaseValue] = []
        var count = 0
        func flush() throws {
            guard !batch.isEmpty else { return }
            let rowCount = batch.count / columns.count
            let one = "(" + PostgresDatabase.placeholders(columns.count) + ")"
            try destination.execute(
                "INSERT INTO \(destination.identifier(table.name)) (\(names)) OVERRIDING SYSTEM VALUE VALUES "
                    + Array(repeating: one, count: rowCount).joined(separator: ", "),
                SQLArguments(batch)
            )
            batch.removeAll(keepingCapacity: true)
        }
        while let row = try rows.next() {
            batch.append(contentsOf: row.databaseValues)
            count += 1
            if count % perStatement == 0 { try flush() }
        }
        try flush()
        return count
    }

    /// Counts and digests a table on both sides, reading each in key order.
    static func check(_ table: Table, _ db: Database, _ destination: PostgresDatabase) throws -> Check {
        let columns = (table.rowid ? ["rowid"] : []) + table.columns
        let order = table.key.map { "\"\($0)\"" }.joined(separator: ", ")
        var sqlite = Digest()
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \"\(table.name)\" ORDER BY \(order)"
        )
        while let row = try rows.next() { sqlite.add(Array(row.databaseValues)) }
        var postgres = Digest()
        // Read through a cursor, a page at a time, so a large table is never held whole.
        try destination.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        defer { try? destination.execute("COMMIT") }
        try destination.execute(
            "DECLARE digest NO SCROLL CURSOR FOR SELECT \(columns.map { destination.identifier($0) }.joined(separator: ", "))"
                + " FROM \(destination.identifier(table.name)) ORDER BY "
                + table.key.map { destination.identifier($0) }.joined(separator: ", ")
        )
        while true {
            let page = try destination.rows("FETCH FORWARD 10000 FROM digest")
            for row in page { postgres.add(row.values) }
            if page.isEmpty { break }
        }
        return Check(
            table: table.name,
            sourceRows: sqlite.rows,
            destinationRows: postgres.rows,
            sourceDigest: sqlite.hex,
            destinationDigest: postgres.hex
        )
    }

    /// SHA-256 over rows: each value's storage class and bytes, so 1 and "1" differ and nothing runs together.
    struct Digest {
        private var hash = SHA256()
        private(set) var rows = 0

        mutating func add(_ values: [DatabaseValue]) {
            self.rows += 1
            var bytes: [UInt8] = []
            for value in values {
                switch value.storage {
                case .null: bytes.append(0)
                case .int64(let integer):
                    bytes.append(1)
                    withUnsafeBytes(of: integer.bigEndian) { bytes.append(contentsOf: $0) }
                case .double(let real):
                    bytes.append(2)
                    withUnsafeBytes(of: real.bitPattern.bigEndian) { bytes.append(contentsOf: $0) }
                case .string(let text):
                    bytes.append(3)
                    withUnsafeBytes(of: UInt64(text.utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
                    bytes.append(contentsOf: text.utf8)
                case .blob(let data):
                    bytes.append(4)
                    withUnsafeBytes(of: UInt64(data.count).bigEndian) { bytes.append(contentsOf: $0) }
                    bytes.append(contentsOf: data)
                }
            }
            self.hash.update(data: bytes)
        }

        var hex: String {
            self.hash.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }

    /// Runs blocking work (SQLite reads, synchronous PostgreSQL statements) on a thread of its own.
    static func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result(catching: body)) }
        }
    }
}
