internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskProto
public import Foundation
internal import GRDB
internal import SwiftProtobuf

/// The field client's own copy of the office: the signed-in person's working set as the node last sent it, what
/// they changed while offline (the outbox), and where the last pull stopped. One SQLite file per server and user,
/// written with `synchronous = FULL`, so nothing in the outbox is lost by a crash or a kill.
public final class FieldCache: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// `$CHAINDESK_CLIENT_DIR`, else `$XDG_DATA_HOME/chaindesk`, else `~/.local/share/chaindesk`.
    public static func defaultFolder(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let folder = environment["CHAINDESK_CLIENT_DIR"], !folder.isEmpty { return URL(fileURLWithPath: folder) }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return URL(fileURLWithPath: data).appendingPathComponent("chaindesk")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/chaindesk")
    }

    /// The cache of `username` at `server` in `folder` (created if needed).
    public convenience init(folder: URL, server: String, username: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let safe = "\(server)-\(username)".map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        try self.init(path: folder.appendingPathComponent("cache-\(String(safe)).sqlite").path)
    }

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        self.queue = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(self.queue)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: records, outbox, state") { db in
            // Each record as the node sent it (protobuf bytes), with what reads filter and search on.
            try db.create(table: "record") { t in
                t.column("entity", .text).notNull()
                t.column("id", .text).notNull()
                t.column("enterpriseID", .text)
                t.column("searchText", .text).notNull().defaults(to: "")
                t.column("data", .blob).notNull()
                t.primaryKey(["entity", "id"])
            }
            try db.create(index: "record_on_enterprise", on: "record", columns: ["entity", "enterpriseID"])
            // Calls made offline, in order, each with the idempotency key it will be sent with.
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("key", .text).notNull().unique()
                t.column("method", .integer).notNull()
                t.column("request", .blob).notNull()
                t.column("summary", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("state", .text).notNull().defaults(to: "pending")
                    .check(sql: "state IN ('pending', 'rejected')")
                t.column("reason", .text)
            }
            try db.create(table: "state") { t in
                t.primaryKey("name", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v2: the record a queued call changed, and why sending it failed") { db in
            try db.alter(table: "outbox") { t in
                t.add(column: "entity", .text)
                t.add(column: "recordID", .text)
                t.add(column: "lastError", .text)
            }
        }
        return migrator
    }

    // MARK: State

    func state(_ name: String) throws -> String? {
        try self.queue.read {
            try String.fetchOne($0, sql: "SELECT value FROM state WHERE name = ?", arguments: [name])
        }
    }

    /// The change-feed revision the cache is up to (0 before the first complete pull).
    public var cursor: Int64 { (try? self.state("cursor")).flatMap { $0.flatMap { Int64($0) } } ?? 0 }

    /// Where an interrupted first pull stopped.
    public var resume: Data {
        (try? self.state("resume")).flatMap { $0.flatMap { Data(base64Encoded: $0) } } ?? Data()
    }

    /// When the last pull finished, if one did.
    public var syncedAt: Date? {
        (try? self.state("syncedAt")).flatMap { $0.flatMap { Double($0) } }.map { Date(timeIntervalSince1970: $0) }
    }

    /// Who the cache belongs to, as the node said at sign-in.
    public var identity: Chaindesk_V1_UserInfo? {
        (try? self.state("identity")).flatMap { $0.flatMap { Data(base64Encoded: $0) } }.flatMap {
            try? Chaindesk_V1_UserInfo(serializedBytes: $0)
        }
    }

    public func setIdentity(_ user: Chaindesk_V1_UserInfo) throws {
        let bytes: Data = try user.serializedBytes()
        try self.queue.write { try Self.set("identity", bytes.base64EncodedString(), in: $0) }
    }

    /// Whether the next pull must fetch the whole working set again (a queued call was dropped, and the copy may
    /// still show its change elsewhere); cleared when a pull finishes.
    public var needsRefetch: Bool { (try? self.state("refetch")) == "1" }

    /// Whether a first pull has completed.
    public var isReady: Bool { self.cursor > 0 && self.resume.isEmpty }

    // MARK: Pulled batches

    /// Stores a pulled batch, its cursor and resume position in one transaction.
    public func apply(_ batch: Chaindesk_V1_SyncBatch, finished: Bool) throws {
        try self.queue.write { db in
            for record in batch.records { try Self.put(record, in: db) }
            if batch.hasInteractions {
                for interaction in try InteractionColumnsCodec.decode(batch.interactions) {
                    try Self.put(.with { $0.interaction = interaction }, in: db)
                }
            }
            for removal in batch.removals {
                try db.execute(
                    sql: "DELETE FROM record WHERE entity = ? AND id = ?",
                    arguments: [removal.entity, removal.id]
                )
                if removal.entity == "enterprise" {
                    try db.execute(sql: "DELETE FROM record WHERE enterpriseID = ?", arguments: [removal.id])
                }
            }
            try Self.set("cursor", String(batch.cursor), in: db)
            try Self.set("resume", batch.resume.base64EncodedString(), in: db)
            if finished { try Self.set("syncedAt", String(ClientClock.current.now.timeIntervalSince1970), in: db) }
        }
    }

    /// Records that a pull finished now.
    public func markSynced() throws {
        try self.queue.write { db in
            try Self.set("syncedAt", String(ClientClock.current.now.timeIntervalSince1970), in: db)
            try db.execute(sql: "DELETE FROM state WHERE name = 'refetch'")
        }
    }

    static func set(_ name: String, _ value: String, in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO state (name, value) VALUES (?, ?)", arguments: [name, value])
    }

    /// Stores one record, replacing the one with the same entity and id.
    public func put(_ record: Chaindesk_V1_SyncRecord) throws {
        try self.queue.write { try Self.put(record, in: $0) }
    }

    static func put(_ record: Chaindesk_V1_SyncRecord, in db: Database) throws {
        guard let (entity, id, enterprise, search) = Self.index(record) else { return }
        try db.execute(
            sql: "INSERT OR REPLACE INTO record (entity, id, enterpriseID, searchText, data) VALUES (?, ?, ?, ?, ?)",
            arguments: [entity, id, enterprise, search.lowercased(), try record.serializedBytes() as Data]
        )
    }

    /// A record's entity, id, enterprise and searchable text.
    static func index(_ record: Chaindesk_V1_SyncRecord) -> (String, String, String?, String)? {
        switch record.record {
        case .enterprise(let e):
            ("enterprise", e.id, e.id, ([e.legalName, e.shortName, e.creditCode] + e.aliases).joined(separator: " "))
        case .contact(let c): ("contact", c.id, c.enterpriseID, [c.name, c.phone, c.wechat].joined(separator: " "))
        case .interaction(let i): ("interaction", i.id, i.enterpriseID, "")
        case .project(let p): ("project", p.id, p.enterpriseID, p.name)
        case .serviceRequest(let r): ("serviceRequest", r.id, r.enterpriseID, r.title)
        case .chain(let c): ("chain", c.id, nil, c.name)
        case .link(let l): ("chainLink", l.id, nil, l.name)
        case .placement(let p): ("placement", p.id, p.enterpriseID, "")
        case .staff(let s): ("staff", s.id, nil, s.name)
        case .event(let e): ("event", e.id, nil, e.name)
        case .conflict(let c): ("editConflict", c.id, nil, "")
        case .trip(let t): ("trip", t.id, nil, [t.name, t.destination].joined(separator: " "))
        case .visit(let v): ("plannedVisit", v.id, nil, "")
        case .referral(let r): ("referral", r.id, nil, "")
        case .leadBatch(let b): ("leadBatch", b.id, nil, b.name)
        case .candidate(let c): ("leadCandidate", c.id, nil, c.name)
        case nil: nil
        }
    }

    // MARK: Reads

    /// Every record of an entity, optionally of one enterprise, in id order.
    public func records(_ entity: String, enterprise: String? = nil) throws -> [Chaindesk_V1_SyncRecord] {
        try self.queue.read { db in
            let rows =
                if let enterprise {
                    try Data.fetchAll(
                        db,
                        sql: "SELECT data FROM record WHERE entity = ? AND enterpriseID = ? ORDER BY id",
                        arguments: [entity, enterprise]
                    )
                } else {
                    try Data.fetchAll(
                        db,
                        sql: "SELECT data FROM record WHERE entity = ? ORDER BY id",
                        arguments: [entity]
                    )
                }
            return try rows.map { try Chaindesk_V1_SyncRecord(serializedBytes: $0) }
        }
    }

    /// The record of an entity with `id`, if cached.
    public func record(_ entity: String, id: String) throws -> Chaindesk_V1_SyncRecord? {
        try self.queue.read { db in
            try Data.fetchOne(db, sql: "SELECT data FROM record WHERE entity = ? AND id = ?", arguments: [entity, id])
        }.map { try Chaindesk_V1_SyncRecord(serializedBytes: $0) }
    }

    /// Enterprises and contacts whose names, short names, aliases, credit codes, phones or WeChat ids contain
    /// `query` (case-insensitive).
    public func search(_ query: String, limit: Int) throws -> [Chaindesk_V1_SyncRecord] {
        let pattern =
            "%"
            + query.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(
                of: "_",
                with: ""
            ) + "%"
        return try self.queue.read { db in
            try Data.fetchAll(
                db,
                sql: """
                    SELECT data FROM record WHERE entity IN ('enterprise', 'contact') AND searchText LIKE ?
                    ORDER BY entity DESC, length(searchText) LIMIT ?
                    """,
                arguments: [pattern, limit]
            )
        }.map { try Chaindesk_V1_SyncRecord(serializedBytes: $0) }
    }

    // MARK: Outbox

    /// A call made while offline, waiting to be sent, or refused by the node when it was.
    public struct OutboxEntry: Sendable, Hashable {
        public var seq: Int64
        public var key: String
        public var method: UInt32
        public var request: Data
        public var summary: String
        public var createdAt: Date
        /// Why the node refused it; nil while pending.
        public var reason: String?
        /// Why the last attempt to send it failed without a refusal (it is still pending); nil if none did.
        public var lastError: String?
    }

    /// Queues a call, durably, before the command that made it reports success; `record` is what it changes, as
    /// the cache shows it until the node's version arrives. Both in one transaction.
    public func enqueue(
        method: UInt32,
        request: Data,
        key: String,
        summary: String,
        record: Chaindesk_V1_SyncRecord? = nil
    ) throws {
        try self.queue.write { db in
            if let record { try Self.put(record, in: db) }
            let changed = record.flatMap(Self.index)
            try db.execute(
                sql: """
                    INSERT INTO outbox (key, method, request, summary, createdAt, entity, recordID)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [key, method, request, summary, ClientClock.current.now, changed?.0, changed?.1]
            )
        }
    }

    func entries(_ state: String) throws -> [OutboxEntry] {
        try self.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE state = ? ORDER BY seq", arguments: [state]).map {
                OutboxEntry(
                    seq: $0["seq"],
                    key: $0["key"],
                    method: UInt32($0["method"] as Int64),
                    request: $0["request"],
                    summary: $0["summary"],
                    createdAt: $0["createdAt"],
                    reason: $0["reason"],
                    lastError: $0["lastError"]
                )
            }
        }
    }

    /// Calls waiting to be sent, oldest first.
    public func pending() throws -> [OutboxEntry] { try self.entries("pending") }

    /// Calls the node refused when they were sent, with its reasons.
    public func rejected() throws -> [OutboxEntry] { try self.entries("rejected") }

    /// Takes a sent call off the outbox.
    public func sent(_ entry: OutboxEntry) throws {
        try self.queue.write { try $0.execute(sql: "DELETE FROM outbox WHERE seq = ?", arguments: [entry.seq]) }
    }

    /// Keeps a refused call, with the reason, for the user to see.
    public func refused(_ entry: OutboxEntry, reason: String) throws {
        try self.queue.write {
            try $0.execute(
                sql: "UPDATE outbox SET state = 'rejected', reason = ? WHERE seq = ?",
                arguments: [reason, entry.seq]
            )
        }
    }

    /// Keeps a call that could not be sent for a reason other than a refusal or an unreachable node (too large, a
    /// node error): it stays pending, first in line, with the reason, for the user to see and drop.
    public func stuck(_ entry: OutboxEntry, reason: String) throws {
        try self.queue.write {
            try $0.execute(sql: "UPDATE outbox SET lastError = ? WHERE seq = ?", arguments: [reason, entry.seq])
        }
    }

    /// Forgets a refused call once the user has seen it.
    public func dismiss(seq: Int64) throws -> Bool {
        try self.queue.write {
            try $0.execute(sql: "DELETE FROM outbox WHERE seq = ? AND state = 'rejected'", arguments: [seq])
            return $0.changesCount > 0
        }
    }

    /// Drops a queued call, pending or refused, so it is never sent. The record it changed on this device is taken
    /// out of the copy and the next sync pulls the whole working set again, so the copy shows the office's
    /// version, not the dropped change. Nil when there is no such call; else what was dropped.
    public func drop(seq: Int64) throws -> OutboxEntry? {
        guard
            let entry = try self.entries("pending").first(where: { $0.seq == seq })
                ?? self.entries("rejected").first(where: { $0.seq == seq })
        else { return nil }
        try self.queue.write { db in
            let row = try Row.fetchOne(db, sql: "SELECT entity, recordID FROM outbox WHERE seq = ?", arguments: [seq])
            if let entity = row?["entity"] as String?, let id = row?["recordID"] as String? {
                try db.execute(sql: "DELETE FROM record WHERE entity = ? AND id = ?", arguments: [entity, id])
            }
            try db.execute(sql: "DELETE FROM outbox WHERE seq = ?", arguments: [seq])
            try Self.set("refetch", "1", in: db)
        }
        return entry
    }
}
