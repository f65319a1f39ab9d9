public import ChainDeskDomain
public import Foundation
internal import GRDB

extension ClosedPeriod: StoredRecord {
    public static let entity = "closedPeriod"
    public static let databaseTableName = "closedPeriod"
    public var recordID: String { self.id.rawValue }

    /// A period is closed and reopened only through `Store.closePeriod` and `Store.reopenPeriod`.
    public static func checkDirectUpdate(from old: Self, to new: Self) throws(DomainError) {
        throw DomainError(.illegalTransition, "统计期只能关账或重新开账", "a period is only closed or reopened")
    }
}

extension Store {
    /// Freezes the cumulative report of January through `throughMonth` of `year` as it stands, in one transaction
    /// with its audit and change-feed rows: from then on `closedPeriod` returns these figures whatever later
    /// changes say. A closed period must be reopened before it is closed again.
    public func closePeriod(year: Int, throughMonth: Int, note: String, by actor: Actor) async throws -> ClosedPeriod {
        let threshold = self.configuration.majorProjectThreshold
        let id = try ClosedPeriod.id(year: year, throughMonth: throughMonth)
        return try await self.mutate(by: actor, key: nil, operation: "close period") { db, context in
            let figures = try Self.cumulativeReport(
                year: year,
                throughMonth: throughMonth,
                threshold: threshold,
                in: db
            )
            let revision: Int64 = try db.value("SELECT coalesce(max(revision), 0) FROM change") ?? 0
            var period = try ClosedPeriod(
                year: year,
                throughMonth: throughMonth,
                closedBy: context.actor.staffID,
                closedAt: context.at,
                closedAtRevision: revision,
                note: note,
                figures: figures,
                threshold: threshold
            )
            guard let existing = try db.find(ClosedPeriod.self, id: id.rawValue) else {
                return try db.insertRecord(period, context)
            }
            guard !existing.closed else {
                throw DomainError(
                    .illegalTransition,
                    "\(id)已关账；如需更改，请先重新开账",
                    "\(id) is already closed; reopen it first to close it again"
                )
            }
            period.reopenReason = existing.reopenReason
            return try db.updateRecord(period, expecting: existing.version, context)
        }
    }

    /// Reopens a closed period, saying why: its report is computed from the records again until it is closed anew.
    public func reopenPeriod(year: Int, throughMonth: Int, reason: String, by actor: Actor) async throws
        -> ClosedPeriod
    {
        let id = try ClosedPeriod.id(year: year, throughMonth: throughMonth)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw DomainError(.missingField, "重新开账须说明理由", "reopening a period needs a reason")
        }
        return try await self.mutate(by: actor, key: nil, operation: "reopen period") { db, context in
            guard let existing = try db.find(ClosedPeriod.self, id: id.rawValue), existing.closed else {
                throw DomainError(.illegalTransition, "\(id)未关账", "\(id) is not closed")
            }
            var period = existing
            period.closed = false
            period.reopenReason = reason
            return try db.updateRecord(period, expecting: existing.version, context)
        }
    }

    /// The period's closing, when it was ever closed (closed or reopened since).
    public func closedPeriod(year: Int, throughMonth: Int) async throws -> ClosedPeriod? {
        let id = try ClosedPeriod.id(year: year, throughMonth: throughMonth)
        return try await self.read { try $0.find(ClosedPeriod.self, id: id.rawValue) }
    }

    /// Every change to `projectID` recorded after `revision`, oldest first: who made the difference to a closed
    /// period's figures.
    public func changes(toProject projectID: ID<Project>, after revision: Int64) async throws -> [AuditEntry] {
        try await self.auditTrail(entity: Project.entity, id: projectID.rawValue).filter { $0.revision > revision }
    }
}
