public import ChainDeskDomain
public import Foundation
internal import GRDB

/// One change on the feed: which record, which operation, its version after the change, and its fields then.
public struct Change: Hashable, Sendable, Codable {
    /// Strictly increasing across the store; a client that has seen revision N asks for changes after N.
    public var revision: Int64
    public var at: Date
    public var staffID: String
    public var device: String
    public var entity: String
    public var recordID: String
    public var operation: String
    public var version: Int
    /// The record's fields after the change, as a JSON object.
    public var data: String?
}

/// A page of the change feed.
public struct ChangePage: Hashable, Sendable {
    public var changes: [Change]
    /// Pass this as `since` to get the next page.
    public var lastRevision: Int64
    public var hasMore: Bool
}

/// One field of one change in the audit trail.
public struct AuditEntry: Hashable, Sendable {
    public var revision: Int64
    public var at: Date
    public var staffID: String
    public var device: String
    public var field: String
    /// JSON text, or nil when the field had no value before (an insert).
    public var old: String?
    public var new: String?
}

extension Store {
    /// Changes after `revision`, oldest first, at most `limit` of them.
    public func changes(since revision: Int64, limit: Int = 500) async throws -> ChangePage {
        try await self.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT revision, at, staffID, device, entity, recordID, operation, version, data FROM change
                    WHERE revision > ? ORDER BY revision LIMIT ?
                    """,
                arguments: [revision, limit + 1]
            )
            let changes = rows.prefix(limit).map { row in
                Change(
                    revision: row["revision"],
                    at: row["at"],
                    staffID: row["staffID"],
                    device: row["device"],
                    entity: row["entity"],
                    recordID: row["recordID"],
                    operation: row["operation"],
                    version: row["version"],
                    data: row["data"]
                )
            }
            return ChangePage(
                changes: changes,
                lastRevision: changes.last?.revision ?? revision,
                hasMore: rows.count > limit
            )
        }
    }

    /// The latest revision on the feed (0 for an empty store).
    public func latestRevision() async throws -> Int64 {
        try await self.read { try Int64.fetchOne($0, sql: "SELECT coalesce(max(revision), 0) FROM change") ?? 0 }
    }

    /// Every field change of one record, oldest first.
    public func auditTrail(entity: String, id: String) async throws -> [AuditEntry] {
        try await self.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT revision, at, staffID, device, field, old, new FROM audit
                    WHERE entity = ? AND recordID = ? ORDER BY revision, field
                    """,
                arguments: [entity, id]
            ).map { row in
                AuditEntry(
                    revision: row["revision"],
                    at: row["at"],
                    staffID: row["staffID"],
                    device: row["device"],
                    field: row["field"],
                    old: row["old"],
                    new: row["new"]
                )
            }
        }
    }
}

extension Store {
    /// 重大项目: the planned total at or above which a project is major. Configurable; 1亿元 by default.
    public var majorProjectThreshold: Yuan { self.configuration.majorProjectThreshold }

    /// The cumulative period report (docs/reports.md §1).
    public func cumulativeReport(year: Int, throughMonth: Int) async throws -> Reports.Cumulative {
        let threshold = self.configuration.majorProjectThreshold
        return try await self.read { db in
            try Self.cumulativeReport(year: year, throughMonth: throughMonth, threshold: threshold, in: db)
        }
    }

    /// The cumulative period report as `db` holds it now.
    static func cumulativeReport(year: Int, throughMonth: Int, threshold: Yuan, in db: Database) throws
        -> Reports.Cumulative
    {
        try Figures.cumulative(year: year, throughMonth: throughMonth, threshold: threshold, in: db)
    }

    /// The pipeline funnel over every project (docs/reports.md §2).
    public func funnelReport() async throws -> Reports.Funnel {
        try await self.read { try Figures.funnel(in: $0) }
    }

    /// 朋友圈 → 客户圈 (docs/reports.md §3).
    public func relationshipReport() async throws -> Reports.Relationships {
        try await self.read { try Figures.relationships(in: $0) }
    }

    /// Chain coverage and gaps (docs/reports.md §4).
    public func chainCoverageReport() async throws -> [Reports.LinkCoverage] {
        try await self.read { db in
            let placements = try Placement.fetchAll(db)
            let ids = Array(Set(placements.map(\.enterpriseID.rawValue)))
            let enterprises = try Enterprise.filter(keys: ids).fetchAll(db)
            return Reports.chainCoverage(
                links: try ChainLink.fetchAll(db),
                placements: placements,
                enterprises: Dictionary(uniqueKeysWithValues: enterprises.map { ($0.id, $0) })
            )
        }
    }

    /// Referral credit (docs/reports.md §5).
    public func referralReport() async throws -> [Reports.Credit] {
        try await self.read { db in
            try Reports.referralCredit(referrals: try Referral.fetchAll(db), projects: try Project.fetchAll(db))
        }
    }

    /// Aftercare timeliness for requests registered in the period (docs/reports.md §6).
    public func aftercareReport(from: Day, through: Day) async throws -> Reports.Aftercare {
        let now = self.configuration.clock()
        return try await self.read { db in
            Reports.aftercare(requests: try ServiceRequest.fetchAll(db), from: from, through: through, now: now)
        }
    }

    /// Officer activity in the period (docs/reports.md §7).
    public func officerActivityReport(from: Day, through: Day) async throws -> [Reports.Activity] {
        let today = Day(self.configuration.clock())
        return try await self.read { db in
            let staff = try Staff.filter(
                Column("role") == Staff.Role.officer.rawValue || Column("role") == Staff.Role.deputyHead.rawValue
            )
            .fetchAll(db)
            return Reports.officerActivity(
                staff: staff,
                interactions: try Interaction.fetchAll(db),
                projectLog: try ProjectLogEntry.filter(Column("kind") == "stage").fetchAll(db),
                from: from,
                through: through,
                today: today
            )
        }
    }

    /// Event yield (docs/reports.md §8).
    public func eventYieldReport() async throws -> [Reports.Yield] {
        try await self.read { db in
            try Reports.eventYield(
                events: try Event.fetchAll(db),
                interactions: try Interaction.filter(Column("eventID") != nil || Column("correctsID") != nil)
                    .fetchAll(db),
                referrals: try Referral.filter(Column("introducerKind") == "event").fetchAll(db),
                projects: try Project.filter(Column("signedAtEventID") != nil).fetchAll(db)
            )
        }
    }
}
