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
            let rows = try db.rows(
                """
                SELECT revision, at, staffID, device, entity, recordID, operation, version, data FROM change
                WHERE revision > ? ORDER BY revision LIMIT ?
                """,
                [revision, limit + 1]
            )
            let changes = try rows.prefix(limit).map { row in
                Change(
                    revision: try row["revision"],
                    at: try row["at"],
                    staffID: try row["staffID"],
                    device: try row["device"],
                    entity: try row["entity"],
                    recordID: try row["recordID"],
                    operation: try row["operation"],
                    version: try row["version"],
                    data: try row["data"]
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
        try await self.read { try $0.value("SELECT coalesce(max(revision), 0) FROM change") ?? 0 }
    }

    /// Every field change of one record, oldest first.
    public func auditTrail(entity: String, id: String) async throws -> [AuditEntry] {
        try await self.read { db in
            try db.rows(
                """
                SELECT revision, at, staffID, device, field, old, new FROM audit
                WHERE entity = ? AND recordID = ? ORDER BY revision, field
                """,
                [entity, id]
            ).map { row in
                AuditEntry(
                    revision: try row["revision"],
                    at: try row["at"],
                    staffID: try row["staffID"],
                    device: try row["device"],
                    field: try row["field"],
                    old: try row["old"],
                    new: try row["new"]
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
    static func cumulativeReport(year: Int, throughMonth: Int, threshold: Yuan, in db: any SQLConnection) throws
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
            let placements = try db.all(Placement.self)
            let ids = Array(Set(placements.map(\.enterpriseID.rawValue)))
            let enterprises = try db.all(Enterprise.self, ids: ids)
            return Reports.chainCoverage(
                links: try db.all(ChainLink.self),
                placements: placements,
                enterprises: Dictionary(uniqueKeysWithValues: enterprises.map { ($0.id, $0) })
            )
        }
    }

    /// Referral credit (docs/reports.md §5).
    public func referralReport() async throws -> [Reports.Credit] {
        try await self.read { db in
            try Reports.referralCredit(referrals: try db.all(Referral.self), projects: try db.all(Project.self))
        }
    }

    /// Aftercare timeliness for requests registered in the period (docs/reports.md §6).
    public func aftercareReport(from: Day, through: Day) async throws -> Reports.Aftercare {
        let now = self.configuration.clock()
        return try await self.read { db in
            Reports.aftercare(requests: try db.all(ServiceRequest.self), from: from, through: through, now: now)
        }
    }

    /// Officer activity in the period (docs/reports.md §7).
    public func officerActivityReport(from: Day, through: Day) async throws -> [Reports.Activity] {
        let today = Day(self.configuration.clock())
        return try await self.read { db in
            let staff = try db.all(
                Staff.self,
                where: "role IN (?, ?)",
                [Staff.Role.officer.rawValue, Staff.Role.deputyHead.rawValue]
            )
            return Reports.officerActivity(
                staff: staff,
                interactions: try db.all(Interaction.self),
                projectLog: try db.all(ProjectLogEntry.self, where: "kind = 'stage'", orderBy: "rowid"),
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
                events: try db.all(Event.self),
                interactions: try db.all(Interaction.self, where: "eventID IS NOT NULL OR correctsID IS NOT NULL"),
                referrals: try db.all(Referral.self, where: "introducerKind = 'event'"),
                projects: try db.all(Project.self, where: "signedAtEventID IS NOT NULL")
            )
        }
    }
}
