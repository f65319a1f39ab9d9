public import ChainDeskDomain
public import Foundation
public import GRDB
internal import Synchronization

/// The office's records: migrations, audited and versioned mutations, the change feed, idempotency and search, in
/// one SQLite file or on a PostgreSQL server (`StoreLocation`), by one body of code over `SQLConnection`.
///
/// On SQLite, one `DatabasePool` (WAL) serves the process; on PostgreSQL, a few connections (`PostgresPool`). Reads
/// run concurrently, each on a consistent snapshot. Writes are group-committed: mutations submitted while a commit
/// is under way are applied together, each in its own savepoint, in one transaction that is durable (SQLite's
/// `synchronous = FULL`, PostgreSQL's synchronous commit) before any of them is acknowledged.
public final class Store: Sendable {
    public struct Configuration: Sendable {
        /// The most mutations one transaction may carry.
        public var maxBatch = 512
        /// `PRAGMA synchronous`: FULL makes every acknowledged commit durable across power loss.
        public var synchronous = "FULL"
        /// The clock that stamps changes; tests fix it.
        public var clock: @Sendable () -> Date = { Date() }
        /// Rules for service-request deadlines.
        public var serviceRules = ServiceClockRules()
        /// 重大项目: projects whose planned total reaches this are major.
        public var majorProjectThreshold = Yuan(Yuan.yi)
        /// On PostgreSQL, how many connections serve reads (one more serves the group commit).
        public var postgresReaders = 6

        public init() {}
    }

    /// Where the store lives, for logs: the SQLite file's path, or the PostgreSQL URL without its password.
    public let path: String
    let engine: Engine
    let configuration: Configuration

    enum Engine: Sendable {
        case sqlite(DatabasePool)
        case postgres(PostgresPool)
    }

    /// The store's clock now: what stamps changes, and what session expiry is judged by.
    public var now: Date { self.configuration.clock() }
    private let queue = Mutex(Queue())

    private struct Queue {
        var pending: [Job] = []
        var draining = false
    }

    /// Opens (creating if needed) the SQLite store at `path` and brings its schema up to date.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        self.path = path
        self.configuration = configuration
        var config = GRDB.Configuration()
        let synchronous = configuration.synchronous
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        config.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: config)
        self.engine = .sqlite(pool)
        try Schema.migrator.migrate(pool)
        try pool.write { try SearchIndex.upgrade(in: $0) }
    }

    /// Opens the store on the PostgreSQL database at `location` and brings its schema up to date; several nodes may
    /// open one database at once.
    public init(postgres location: PostgresLocation, configuration: Configuration = Configuration()) async throws {
        self.path = location.description
        self.configuration = configuration
        let pool = try PostgresPool(location, readers: configuration.postgresReaders)
        self.engine = .postgres(pool)
        do {
            try await pool.setUp { db in try PostgresSchema.migrate(db) }
            try await pool.write { try SearchIndex.upgrade(in: $0) }
        } catch {
            await pool.close()
            throw Self.translate(error)
        }
    }

    /// Opens the store wherever `location` says.
    public static func open(_ location: StoreLocation, configuration: Configuration = Configuration()) async throws
        -> Store
    {
        switch location {
        case .sqlite(let path): try Store(path: path, configuration: configuration)
        case .postgres(let location): try await Store(postgres: location, configuration: configuration)
        }
    }

    /// Makes the store durable and lets go of it: on SQLite, writes the write-ahead log back into the database file
    /// (the file alone then holds the office, and SQLite removes the `-wal` and `-shm` files); on PostgreSQL, closes
    /// the connections. Call it once nothing reads or writes any more (the node does, after its calls have
    /// drained); later calls fail.
    public func close() async throws {
        switch self.engine {
        case .sqlite(let pool):
            try await pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            try pool.close()
        case .postgres(let pool):
            await pool.close()
        }
    }

    /// Copies the store at `path` to a new file at `destination` with SQLite's online backup, while the node may be
    /// serving it: the copy is one consistent snapshot. The store is opened read-only (no migration runs), the copy
    /// is written beside `destination` and renamed into place, and an existing `destination` is never overwritten.
    public static func backup(from path: String, to destination: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw BackupError(description: "there is no store at \(path)")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw BackupError(description: "\(destination) already exists; choose a new file")
        }
        var readOnly = GRDB.Configuration()
        readOnly.readonly = true
        let source = try DatabasePool(path: path, configuration: readOnly)
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let copy = try DatabaseQueue(path: partial)
            try source.backup(to: copy)
            try copy.close()
            try FileManager.default.moveItem(atPath: partial, toPath: destination)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        switch self.engine {
        case .sqlite(let pool): try await pool.read { try Schema.migrator.appliedMigrations($0) }
        case .postgres(let pool): try await pool.read { try PostgresSchema.applied($0) }
        }
    }

    /// Whether every migration this build knows has been applied.
    func migrationsCurrent(_ db: any SQLConnection) throws -> Bool {
        switch db {
        case let db as Database: return try Schema.migrator.hasCompletedMigrations(db)
        case let db as PostgresDatabase: return try PostgresSchema.applied(db) == Schema.migrator.migrations
        default: return false
        }
    }

    /// Runs `body` on a read-only snapshot.
    package func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        do {
            switch self.engine {
            case .sqlite(let pool): return try await pool.read { try body($0) }
            case .postgres(let pool): return try await pool.read { try body($0) }
            }
        } catch {
            throw Self.translate(error)
        }
    }

    /// Runs `body` in the next group commit; returns once its effects are durable.
    ///
    /// If `body` throws, its effects are rolled back (its savepoint) and the error is rethrown; the other
    /// mutations of the batch are unaffected.
    package func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let result: any Sendable = try await withCheckedThrowingContinuation { continuation in
            let job = Job(run: { try body($0) }, continuation: continuation)
            let start = self.queue.withLock { queue in
                queue.pending.append(job)
                defer { queue.draining = true }
                return !queue.draining
            }
            if start { Task { await self.drain() } }
        }
        return result as! T
    }

    /// Runs `body` in one transaction of its own on the engine, outside the group commit.
    private func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws
        -> T
    {
        switch self.engine {
        case .sqlite(let pool): try await pool.write { try body($0) }
        case .postgres(let pool): try await pool.write { try body($0) }
        }
    }

    private func drain() async {
        while true {
            let batch: [Job] = self.queue.withLock { queue in
                let batch = Array(queue.pending.prefix(self.configuration.maxBatch))
                queue.pending.removeFirst(batch.count)
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            let started = ContinuousClock.now
            defer { StoreMetrics.committed(batch.count, took: ContinuousClock.now - started) }
            let abort = BatchAbort()
            do {
                let results = try await self.transaction { db in
                    batch.map { job -> Result<any Sendable, any Error> in
                        // Once SQLite has rolled the whole transaction back (a full disk does that), no later job
                        // may run: outside the transaction its savepoint would commit on its own.
                        if let error = abort.error { return .failure(error) }
                        var outcome: Result<any Sendable, any Error> = .failure(CancellationError())
                        do {
                            outcome = .success(try db.savepoint { try job.run(db) })
                        } catch {
                            let translated = Self.translate(error)
                            outcome = .failure(translated)
                            if !db.isInsideTransaction { abort.error = translated }
                        }
                        return outcome
                    }
                }
                for (job, result) in zip(batch, results) { job.continuation.resume(with: result) }
            } catch {
                // The batch was rolled back whole: every job fails, with the cause when one job met it.
                let cause = abort.error ?? Self.translate(error)
                for job in batch { job.continuation.resume(throwing: cause) }
            }
        }
    }

    static func translate(_ error: any Error) -> any Error {
        switch error {
        case let error as StoreError: return error
        case let error as DomainError: return StoreError(.rule(error))
        // ENOSPC reaches SQLite as SQLITE_FULL; the transaction is rolled back whole.
        case let error as DatabaseError where error.resultCode == .SQLITE_FULL: return StoreError(.full)
        case let error as DatabaseError: return StoreError(.database(error.message ?? "\(error)"))
        case let error as PostgresError: return error.storeError
        default: return error
        }
    }
}

/// Why SQLite rolled a group commit back, once it has: the jobs after it must not run.
private final class BatchAbort: @unchecked Sendable {
    /// Set and read only on the writer's connection, one job after another.
    var error: (any Error)?
}

/// One mutation waiting for the next group commit.
private final class Job: Sendable {
    let run: @Sendable (any SQLConnection) throws -> any Sendable
    let continuation: CheckedContinuation<any Sendable, any Error>

    init(
        run: @escaping @Sendable (any SQLConnection) throws -> any Sendable,
        continuation: CheckedContinuation<any Sendable, any Error>
    ) {
        self.run = run
        self.continuation = continuation
    }
}

extension JSONEncoder {
    /// Sorted keys, so that equal records encode equally.
    static var store: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }
}

/// A backup that could not be made, and why.
public struct BackupError: Error, CustomStringConvertible {
    public let description: String
}

extension Store {
    /// What `/health` reports about the store: whether it answers a read, and whether every migration this build
    /// knows has been applied to it (false when another process changed the schema under the node, or the file was
    /// replaced by an older one).
    public struct Readiness: Sendable, Equatable {
        public var reachable: Bool
        public var migrationsCurrent: Bool
        /// The latest change's revision, when reachable.
        public var revision: Int64?
        /// Why it is not ready, for the operator; nil when it is.
        public var problem: String?
    }

    /// Reads the store once to see that it answers and its schema is current; never throws.
    public func readiness() async -> Readiness {
        do {
            let (current, revision) = try await self.read { db in
                (
                    try self.migrationsCurrent(db),
                    try db.value("SELECT coalesce(max(revision), 0) FROM change") ?? Int64(0)
                )
            }
            return Readiness(
                reachable: true,
                migrationsCurrent: current,
                revision: revision,
                problem: current ? nil : "the store's schema is not this build's: migrations are missing"
            )
        } catch {
            return Readiness(
                reachable: false,
                migrationsCurrent: false,
                revision: nil,
                problem: "the store does not answer: \(error)"
            )
        }
    }
}
