public import ChainDeskDomain
public import Foundation
internal import GRDB

/// One record of a field client's working set, as the sync feed sends it.
public enum SyncRecord: Hashable, Sendable {
    case enterprise(Enterprise)
    case contact(Contact)
    case interaction(Interaction)
    case project(Project)
    case serviceRequest(ServiceRequest)
    case chain(Chain)
    case link(ChainLink)
    case placement(Placement)
    case staff(Staff)
    case event(Event)
    case conflict(EditConflict)
    case trip(Trip)
    case visit(PlannedVisit)
    case referral(Referral)
    case leadBatch(LeadBatch)
    case candidate(LeadCandidate)
}

/// Where a snapshot stands: at which revision it was started, and how far through the record kinds it is.
public struct SnapshotPosition: Hashable, Sendable, Codable {
    public var revision: Int64
    public var kind: Int
    public var after: String

    public init(revision: Int64, kind: Int, after: String) {
        self.revision = revision
        self.kind = kind
        self.after = after
    }
}

/// One batch of a pull: complete in itself, so a client that stores it with its cursor and position can resume
/// after it.
public struct SyncPage: Hashable, Sendable {
    /// A record that left the working set; an enterprise's removal takes everything of it along.
    public struct Removal: Hashable, Sendable {
        public var entity: String
        public var id: String
    }

    public var records: [SyncRecord] = []
    public var removals: [Removal] = []
    /// The revision the client is up to once it stored this page (0 while a first snapshot is under way).
    public var cursor: Int64
    /// Set while a snapshot is under way.
    public var position: SnapshotPosition?
    /// Whether more pages follow right away.
    public var hasMore: Bool
}

/// A field client's working set, per staff member: the enterprises they follow (owner) with those enterprises'
/// contacts, projects, open service requests, placements and interactions; the projects they own and the open
/// service requests they handle; their trips and the visits planned on them; the open conflicts they are a side
/// of; and the reference data — chains, links, staff, events, lead batches with their candidates, referrals.
enum WorkingSet {
    /// The record kinds of a snapshot, in the order it sends them.
    static let kinds = [
        "chain", "chainLink", "staff", "event", "leadBatch", "leadCandidate", "referral", "enterprise", "contact",
        "project", "serviceRequest", "placement", "trip", "plannedVisit", "interaction", "editConflict",
    ]

    /// A trip `:me` is on (its staff ids are a JSON array of strings).
    static let myTrips = "SELECT id FROM trip WHERE staffIDs LIKE '%\"' || :me || '\"%'"

    static let owned = "SELECT id FROM enterprise WHERE ownerID = :me"

    /// The SQL condition that puts a record of `kind` in the set of `:me`.
    static func condition(_ kind: String) -> String {
        switch kind {
        case "enterprise": "id IN (\(Self.owned))"
        case "contact", "placement", "interaction": "enterpriseID IN (\(Self.owned))"
        case "project": "(ownerID = :me OR enterpriseID IN (\(Self.owned)))"
        case "serviceRequest": "status != 'closed' AND (handlerID = :me OR enterpriseID IN (\(Self.owned)))"
        case "editConflict": "status = 'open' AND (keptBy = :me OR otherBy = :me)"
        case "trip": "id IN (\(Self.myTrips))"
        case "plannedVisit": "tripID IN (\(Self.myTrips))"
        default: "TRUE"
        }
    }

    static func fetch(
        _ kind: String,
        where condition: String,
        limit: Int? = nil,
        _ arguments: SQLArguments,
        in db: any SQLConnection
    ) throws -> [SyncRecord] {
        let sql = "SELECT * FROM \(kind) WHERE \(condition) ORDER BY id" + (limit.map { " LIMIT \($0)" } ?? "")
        switch kind {
        case "chain": return try db.records(Chain.self, sql, arguments).map { .chain($0) }
        case "chainLink": return try db.records(ChainLink.self, sql, arguments).map { .link($0) }
        case "staff": return try db.records(Staff.self, sql, arguments).map { .staff($0) }
        case "event": return try db.records(Event.self, sql, arguments).map { .event($0) }
        case "enterprise": return try db.records(Enterprise.self, sql, arguments).map { .enterprise($0) }
        case "contact": return try db.records(Contact.self, sql, arguments).map { .contact($0) }
        case "project": return try db.records(Project.self, sql, arguments).map { .project($0) }
        case "serviceRequest":
            return try db.records(ServiceRequest.self, sql, arguments).map { .serviceRequest($0) }
        case "placement": return try db.records(Placement.self, sql, arguments).map { .placement($0) }
        case "interaction":
            return try db.records(Interaction.self, sql, arguments).map { .interaction($0) }
        case "editConflict":
            return try db.records(EditConflict.self, sql, arguments).map { .conflict($0) }
        case "trip": return try db.records(Trip.self, sql, arguments).map { .trip($0) }
        case "plannedVisit": return try db.records(PlannedVisit.self, sql, arguments).map { .visit($0) }
        case "referral": return try db.records(Referral.self, sql, arguments).map { .referral($0) }
        case "leadBatch": return try db.records(LeadBatch.self, sql, arguments).map { .leadBatch($0) }
        case "leadCandidate":
            return try db.records(LeadCandidate.self, sql, arguments).map { .candidate($0) }
        default: return []
        }
    }
}

extension Store {
    /// How many records a first sync of `staff`'s working set sends, for progress.
    public func workingSetSize(of staff: ID<Staff>) async throws -> Int {
        try await self.read { db in
            try WorkingSet.kinds.reduce(0) { total, kind in
                total
                    + (try db.value(
                        "SELECT count(*) FROM \(kind) WHERE \(WorkingSet.condition(kind))",
                        ["me": staff.rawValue]
                    ) ?? 0)
            }
        }
    }

    /// How many changes lie after `cursor`, for progress.
    public func changeCount(since cursor: Int64) async throws -> Int {
        try await self.read {
            try $0.value("SELECT count(*) FROM change WHERE revision > ?", [cursor]) ?? 0
        }
    }

    /// The next page of a snapshot of `staff`'s working set (`position` nil: start one now).
    public func snapshotPage(of staff: ID<Staff>, from position: SnapshotPosition?, limit: Int) async throws
        -> SyncPage
    {
        try await self.read { db in
            let latest: Int64 = try db.value("SELECT coalesce(max(revision), 0) FROM change") ?? 0
            var position = position ?? SnapshotPosition(revision: latest, kind: 0, after: "")
            var records: [SyncRecord] = []
            while position.kind < WorkingSet.kinds.count, records.count < limit {
                let kind = WorkingSet.kinds[position.kind]
                let wanted = limit - records.count
                let found = try WorkingSet.fetch(
                    kind,
                    where: "\(WorkingSet.condition(kind)) AND id > :after",
                    limit: wanted,
                    ["me": staff.rawValue, "after": position.after],
                    in: db
                )
                records += found
                if found.count < wanted {
                    position = SnapshotPosition(revision: position.revision, kind: position.kind + 1, after: "")
                } else {
                    position.after = found.last.map(Self.id) ?? position.after
                }
            }
            let done = position.kind >= WorkingSet.kinds.count
            return SyncPage(
                records: records,
                cursor: done ? position.revision : 0,
                position: done ? nil : position,
                hasMore: true
            )
        }
    }

    /// The next page of what changed in `staff`'s working set after `cursor`, reading at most `limit` changes.
    public func deltaPage(of staff: ID<Staff>, since cursor: Int64, limit: Int) async throws -> SyncPage {
        try await self.read { db in
            let rows = try db.rows(
                "SELECT revision, entity, recordID FROM change WHERE revision > ? ORDER BY revision LIMIT ?",
                [cursor, limit + 1]
            )
            let page = rows.prefix(limit)
            guard let last = page.last else {
                return SyncPage(cursor: cursor, position: nil, hasMore: false)
            }
            let end: Int64 = try last["revision"]
            let me = staff.rawValue
            var result = SyncPage(cursor: end, position: nil, hasMore: rows.count > limit)
            var sent: Set<String> = []

            // Enterprises that changed hands in this stretch: in, with all of theirs; out, removed.
            let moves = try db.rows(
                """
                SELECT recordID, old, new FROM audit
                WHERE entity = 'enterprise' AND field = 'ownerID' AND revision > ? AND revision <= ?
                ORDER BY revision
                """,
                [cursor, end]
            )
            var firstOld: [String: String?] = [:]
            var lastNew: [String: String?] = [:]
            for move in moves {
                let id: String = try move["recordID"]
                if firstOld[id] == nil { firstOld[id] = .some(try move["old"]) }
                lastNew[id] = .some(try move["new"])
            }
            let quotedMe = FieldText.quoted(me)
            for (id, old) in firstOld {
                let wasMine = old == quotedMe
                let isMine = lastNew[id] == .some(quotedMe)
                if wasMine, !isMine {
                    result.removals.append(.init(entity: "enterprise", id: id))
                    sent.insert("enterprise:\(id)")
                } else if isMine, !wasMine {
                    for kind in ["enterprise", "contact", "project", "serviceRequest", "placement", "interaction"] {
                        let condition =
                            kind == "enterprise"
                            ? "id = :id"
                            : kind == "serviceRequest"
                                ? "enterpriseID = :id AND status != 'closed'"
                                : "enterpriseID = :id"
                        for record in try WorkingSet.fetch(kind, where: condition, ["id": id], in: db) {
                            result.records.append(record)
                            sent.insert("\(kind):\(Self.id(record))")
                        }
                    }
                }
            }

            // Every other record changed in this stretch, as it is now, if it is in the set.
            for row in page {
                let entity: String = try row["entity"]
                let id: String = try row["recordID"]
                guard WorkingSet.kinds.contains(entity), sent.insert("\(entity):\(id)").inserted else { continue }
                let member = try WorkingSet.fetch(
                    entity,
                    where: "id = :id AND \(WorkingSet.condition(entity))",
                    ["id": id, "me": me],
                    in: db
                )
                if let record = member.first {
                    result.records.append(record)
                } else if try ["project", "serviceRequest", "editConflict", "placement", "trip", "plannedVisit"]
                    .contains(entity)
                    || !Self.exists(entity, id, in: db)
                {
                    // Left the set (a request closed, a project handed over, a conflict resolved) or was deleted.
                    result.removals.append(.init(entity: entity, id: id))
                }
            }
            return result
        }
    }

    static func exists(_ entity: String, _ id: String, in db: any SQLConnection) throws -> Bool {
        try db.value("SELECT EXISTS (SELECT 1 FROM \(entity) WHERE id = ?)", [id]) ?? false
    }

    static func id(_ record: SyncRecord) -> String {
        switch record {
        case .enterprise(let value): value.id.rawValue
        case .contact(let value): value.id.rawValue
        case .interaction(let value): value.id.rawValue
        case .project(let value): value.id.rawValue
        case .serviceRequest(let value): value.id.rawValue
        case .chain(let value): value.id.rawValue
        case .link(let value): value.id.rawValue
        case .placement(let value): value.id.rawValue
        case .staff(let value): value.id.rawValue
        case .event(let value): value.id.rawValue
        case .conflict(let value): value.id.rawValue
        case .trip(let value): value.id.rawValue
        case .visit(let value): value.id.rawValue
        case .referral(let value): value.id.rawValue
        case .leadBatch(let value): value.id.rawValue
        case .candidate(let value): value.id.rawValue
        }
    }
}
