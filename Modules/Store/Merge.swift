public import ChainDeskDomain
public import Foundation
internal import GRDB

extension Store {
    /// Merges an edit made from `base` (offline, or by a client that saw an older version) into the stored record,
    /// field by field: a field only the editor changed takes the edited value; a field nobody else changed since
    /// `base` too; a field changed both here and there keeps the stored value (the first to reach the office wins)
    /// and the edited value is recorded as an open `EditConflict`, visible to both people. Returns the stored
    /// record and the conflicts recorded; a repeat with the same key has one effect.
    public func merge<R: StoredRecord>(_ edited: R, base: R, by actor: Actor, key: String? = nil) async throws
        -> (R, [EditConflict])
    {
        let merged = try await self.mutate(by: actor, key: key, operation: "merge \(R.entity) \(edited.recordID)") {
            db,
            context in
            guard base.recordID == edited.recordID else {
                throw DomainError(.invalidValue, "基础版本与修改的不是同一记录", "the base and the edit are different records")
            }
            let current = try db.existing(R.self, edited.recordID)
            try R.checkDirectUpdate(from: current, to: edited)
            let was = try base.databaseDictionary
            let now = try current.databaseDictionary
            var result = now
            var conflicts: [EditConflict] = []
            for (field, value) in try edited.databaseDictionary.sorted(by: { $0.key < $1.key })
            where field != "version" && field != "id" && value != was[field] {
                let stored = now[field] ?? .null
                if stored == value { continue }
                if stored == was[field] {
                    result[field] = value
                    continue
                }
                let kept = try db.lastChange(of: R.entity, edited.recordID, field: field)
                conflicts.append(
                    try db.insertRecord(
                        EditConflict(
                            id: .random(),
                            subjectEntity: R.entity,
                            subjectID: edited.recordID,
                            field: field,
                            keptValue: FieldText.json(stored),
                            otherValue: FieldText.json(value),
                            keptBy: kept?.staff ?? context.actor.staffID,
                            keptAt: kept?.at ?? context.at,
                            otherBy: context.actor.staffID,
                            otherDevice: context.actor.device,
                            otherAt: context.at
                        ),
                        context
                    )
                )
            }
            var record = try R(row: Row(result))
            record.version = current.version
            let stored = try db.updateRecord(record, expecting: current.version, context)
            return Merged(record: stored, conflicts: conflicts)
        }
        return (merged.record, merged.conflicts)
    }

    /// Resolves an open conflict: `kept` leaves the record as it is; `other` applies the other value as an edit of
    /// its own (audited like any). Either way the conflict is marked resolved, by whom and when.
    public func resolveConflict(
        _ id: ID<EditConflict>,
        choosing resolution: EditConflict.Resolution,
        by actor: Actor,
        key: String? = nil
    ) async throws -> EditConflict {
        try await self.mutate(by: actor, key: key, operation: "resolve conflict \(id)") { db, context in
            var conflict = try db.existing(EditConflict.self, id.rawValue)
            guard conflict.status == .open else {
                throw DomainError(.illegalTransition, "该冲突已解决", "the conflict is already resolved")
            }
            if resolution == .other {
                try db.applyField(
                    conflict.field,
                    json: conflict.otherValue,
                    to: conflict.subjectEntity,
                    conflict.subjectID,
                    context
                )
            }
            conflict.status = .resolved
            conflict.resolution = resolution
            conflict.resolvedBy = context.actor.staffID
            conflict.resolvedAt = context.at
            return try db.updateRecord(conflict, expecting: conflict.version, context)
        }
    }
}

/// A merge's result, stored whole so a repeated key returns it.
struct Merged<R: StoredRecord>: Codable, Sendable {
    var record: R
    var conflicts: [EditConflict]
}

extension SQLConnection {
    /// Who last changed a field of a record, and when, from the audit trail.
    func lastChange(of entity: String, _ recordID: String, field: String) throws -> (staff: ID<Staff>, at: Date)? {
        try self.row(
            """
            SELECT staffID, at FROM audit WHERE entity = ? AND recordID = ? AND field = ?
            ORDER BY revision DESC LIMIT 1
            """,
            [entity, recordID, field]
        ).map { (ID(try $0["staffID"] as String), try $0["at"] as Date) }
    }

    /// Sets one field (a JSON value as the audit trail writes it) of a record of a mergeable entity.
    func applyField(_ field: String, json: String, to entity: String, _ recordID: String, _ context: MutationContext)
        throws
    {
        switch entity {
        case Enterprise.entity: try self.applyField(field, json: json, to: Enterprise.self, recordID, context)
        case Contact.entity: try self.applyField(field, json: json, to: Contact.self, recordID, context)
        default:
            throw DomainError(.invalidValue, "不支持合并该类记录：\(entity)", "records of \(entity) are not merged")
        }
    }

    private func applyField<R: StoredRecord>(
        _ field: String,
        json: String,
        to type: R.Type,
        _ recordID: String,
        _ context: MutationContext
    ) throws {
        let current = try self.existing(R.self, recordID)
        var values = try current.databaseDictionary
        values[field] = try FieldText.databaseValue(json: json)
        var record = try R(row: Row(values))
        record.version = current.version
        try R.checkDirectUpdate(from: current, to: record)
        _ = try self.updateRecord(record, expecting: current.version, context)
    }

}

extension FieldText {
    /// The database value a JSON text from `json(_:)` stands for.
    static func databaseValue(json: String) throws -> DatabaseValue {
        if json == "null" { return .null }
        if json.hasPrefix("\"") { return try JSONDecoder().decode(String.self, from: Data(json.utf8)).databaseValue }
        if let integer = Int64(json) { return integer.databaseValue }
        if let double = Double(json) { return double.databaseValue }
        throw DomainError(.invalidValue, "无法识别的字段值", "an unreadable field value")
    }
}
