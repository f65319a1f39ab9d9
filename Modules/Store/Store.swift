public import ChainDeskDomain
public import Foundation
public import GRDB
internal import Synchronization

/// The office's records in one SQLite file: migrations, audited and versioned mutations, the change feed,
/// idempotency and search.
///
/// One `DatabasePool` (WAL) serves the process. Reads run concurrently. Writes are group-committed: mutations
/// submitted while a commit is under way are applied together, each in its own savepoint, in one transaction
/// that is synced to disk (`synchronous = FULL`) before any of them is acknowledged.
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

        public init() {}
    }

    public let path: String
    let pool: DatabasePool
    let configuration: Configuration

    /// The store's clock now: what stamps changes, and what session expiry is judged by.
    public var now: Date { self.configuration.clock() }
    private let queue = Mutex(Queue())

    private struct Queue {
        var pending: [Job] = []
        var draining = false
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        self.path = path
        self.configuration = configuration
        var config = GRDB.Configuration()
        let synchronous = configuration.synchronous
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        config.busyMode = .timeout(10)
        self.pool = try DatabasePool(path: path, configuration: config)
        try Schema.migrator.migrate(self.pool)
        try self.pool.write { try SearchIndex.upgrade(in: $0) }
    }

    /// Writes the write-ahead log back into the database file and closes every connection: the file alone then holds
    /// the office, and SQLite removes the `-wal` and `-shm` files. Call it once nothing reads or writes any more (the
    /// node does, after its calls have drained); later calls fail.
    public func close() throws {
        try self.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try self.pool.close()
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
    public func appliedMigrations() throws -> [String] {
        try self.pool.read { try Schema.migrator.appliedMigrations($0) }
    }

    /// Runs `body` on a read-only snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await self.pool.read(body)
    }

    /// Runs `body` in the next group commit; returns once its effects are on disk.
    ///
    /// If `body` throws, its effects are rolled back (its savepoint) and the error is rethrown; the other
    /// mutations of the batch are unaffected.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
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
                let results = try await self.pool.write { db in
                    batch.map { job -> Result<any Sendable, any Error> in
                        // Once SQLite has rolled the whole transaction back (a full disk does that), no later job
                        // may run: outside the transaction its savepoint would commit on its own.
                        if let error = abort.error { return .failure(error) }
                        var outcome: Result<any Sendable, any Error> = .failure(CancellationError())
                        do {
                            try db.inSavepoint {
                                outcome = .success(try job.run(db))
                                return .commit
                            }
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
    let run: @Sendable (Database) throws -> any Sendable
    let continuation: CheckedContinuation<any Sendable, any Error>

    init(
        run: @escaping @Sendable (Database) throws -> any Sendable,
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
            let (current, revision) = try await self.pool.read { db in
                (
                    try Schema.migrator.hasCompletedMigrations(db),
                    try Int64.fetchOne(db, sql: "SELECT coalesce(max(revision), 0) FROM change") ?? 0
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
