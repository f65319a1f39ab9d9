internal import Dispatch
internal import Synchronization

/// The store's connections to PostgreSQL, and the threads its jobs run on.
///
/// A job waits for each statement (`PostgresDatabase` is synchronous), so jobs run on dispatch queues, never in
/// Swift's cooperative pool, as GRDB runs SQLite's: each connection has its own serial queue. Reads take one of
/// `readers` connections (waiting for one to come free when all are busy, so the server never sees more than
/// `readers + 1` connections from a node); the group commit has a connection of its own. A connection that has
/// closed (the server restarted, the network went) is replaced on its next job, so the node recovers once the
/// server answers again.
///
/// Reads see one consistent snapshot (REPEATABLE READ, READ ONLY), as a SQLite read does. Every writing transaction
/// first takes one transaction-scoped advisory lock, the same on every node of the office: writing transactions
/// therefore run one at a time across nodes, the change feed's revisions are taken in commit order, and a reader
/// that has seen revision N can never later find a change below N committed (docs/architecture.md).
final class PostgresPool: Sendable {
    let location: PostgresLocation
    private let slots = Mutex(Slots())
    private let writer: Slot

    /// The advisory lock every writing transaction takes: "chaindes" in ASCII, as the migrations' lock.
    static let writeLock = PostgresSchema.lockKey

    private struct Slots {
        var free: [Slot] = []
        var waiting: [CheckedContinuation<Slot, Never>] = []
    }

    /// One connection and the queue its jobs run on.
    private final class Slot: @unchecked Sendable {
        let queue: DispatchQueue
        /// Touched only on `queue`.
        var connection: PostgresDatabase?

        init(_ label: String, _ connection: PostgresDatabase? = nil) {
            self.queue = DispatchQueue(label: label)
            self.connection = connection
        }

        /// The connection, opened again if it has closed. On `queue` only.
        func open(_ location: PostgresLocation) throws -> PostgresDatabase {
            if let connection = self.connection, !connection.isClosed { return connection }
            self.connection = nil
            let connection = try PostgresDatabase(location)
            self.connection = connection
            return connection
        }

        func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                self.queue.async { continuation.resume(with: Result(catching: body)) }
            }
        }
    }

    /// Opens the first connection at once, so that a wrong address or password fails when the node starts.
    init(_ location: PostgresLocation, readers: Int) throws {
        self.location = location
        let first = try PostgresDatabase(location)
        self.writer = Slot("chaindesk.store.postgres.writer")
        self.slots.withLock { slots in
            slots.free = (0..<max(1, readers)).map {
                Slot("chaindesk.store.postgres.reader\($0)", $0 == 0 ? first : nil)
            }
        }
    }

    /// Runs `body` on a connection outside any transaction (migrating the schema takes its own).
    func setUp<T: Sendable>(_ body: @escaping @Sendable (PostgresDatabase) throws -> T) async throws -> T {
        let slot = await self.take()
        defer { self.give(slot) }
        return try await slot.run { try body(try slot.open(self.location)) }
    }

    /// Runs `body` on a read-only snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresDatabase) throws -> T) async throws -> T {
        let slot = await self.take()
        defer { self.give(slot) }
        return try await slot.run {
            try Self.transaction(
                try slot.open(self.location),
                begin: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                body
            )
        }
    }

    /// Runs `body` in one writing transaction, once every other node's writing transaction has ended.
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresDatabase) throws -> T) async throws -> T {
        try await self.writer.run {
            try Self.transaction(try self.writer.open(self.location), begin: "BEGIN", lock: true, body)
        }
    }

    private static func transaction<T>(
        _ db: PostgresDatabase,
        begin: String,
        lock: Bool = false,
        _ body: (PostgresDatabase) throws -> T
    ) throws -> T {
        try db.execute(begin)
        db.inTransaction = true
        defer { db.inTransaction = false }
        do {
            if lock { try db.execute("SELECT pg_advisory_xact_lock(\(Self.writeLock))") }
            let result = try body(db)
            try db.execute("COMMIT")
            return result
        } catch {
            if !db.isClosed { try? db.execute("ROLLBACK") }
            throw error
        }
    }

    private func take() async -> Slot {
        await withCheckedContinuation { continuation in
            let slot: Slot? = self.slots.withLock { slots in
                if let slot = slots.free.popLast() { return slot }
                slots.waiting.append(continuation)
                return nil
            }
            if let slot { continuation.resume(returning: slot) }
        }
    }

    private func give(_ slot: Slot) {
        let waiter: CheckedContinuation<Slot, Never>? = self.slots.withLock { slots in
            guard !slots.waiting.isEmpty else {
                slots.free.append(slot)
                return nil
            }
            return slots.waiting.removeFirst()
        }
        waiter?.resume(returning: slot)
    }

    /// Closes every connection, each on its own queue; call once nothing reads or writes any more.
    func close() async {
        var all = [self.writer]
        all += self.slots.withLock { $0.free }
        for slot in all {
            _ = try? await slot.run { slot.connection = nil }
        }
    }
}
