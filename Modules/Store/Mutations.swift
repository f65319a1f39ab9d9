public import ChainDeskDomain
public import Foundation
public import GRDB

/// Who changes what, and when: passed to every mutation.
public struct MutationContext: Sendable {
    public var actor: Actor
    public var at: Date

    public init(actor: Actor, at: Date) {
        self.actor = actor
        self.at = at
    }
}

extension Database {
    /// The stored record with `id`, or a not-found error naming it.
    public func existing<R: StoredRecord>(_ type: R.Type, _ id: String) throws -> R {
        guard let record = try R.fetchOne(self, key: id) else {
            throw StoreError(.notFound(entity: R.entity, id: id))
        }
        return record
    }

    /// Inserts a new record at version 1, with its change and audit rows.
    public func insertRecord<R: StoredRecord>(_ record: R, _ context: MutationContext) throws -> R {
        var stored = record
        stored.version = 1
        if let checked = stored as? any Validating { try checked.validate() }
        if let enterprise = stored as? Enterprise, let code = enterprise.creditCode,
            let other = try Enterprise.filter(Column("creditCode") == code.rawValue).fetchOne(self)
        {
            throw StoreError(
                .duplicate(entity: R.entity, id: enterprise.recordID, existing: other.recordID, sameCreditCode: true)
            )
        }
        do {
            try stored.insert(self)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw StoreError(
                .duplicate(entity: R.entity, id: stored.recordID, existing: stored.recordID, sameCreditCode: false)
            )
        }
        let fields = try Self.fields(of: stored)
        try self.recordChange(R.entity, stored.recordID, .insert, version: 1, fields: fields, old: [:], context)
        try SearchIndex.update(stored, in: self)
        return stored
    }

    /// Replaces a record made against `expectedVersion`; fails with a conflict if it has changed since.
    public func updateRecord<R: StoredRecord>(_ record: R, expecting expectedVersion: Int, _ context: MutationContext)
        throws -> R
    {
        let current = try self.existing(R.self, record.recordID)
        var stored = record
        stored.version = current.version
        let old = try Self.fields(of: current)
        let new = try Self.fields(of: stored)
        guard current.version == expectedVersion else {
            let differing = new.keys.sorted().filter { old[$0] != new[$0] }.map {
                Conflict.Field(name: $0, current: old[$0], proposed: new[$0])
            }
            throw StoreError(
                .conflict(
                    Conflict(
                        entity: R.entity,
                        recordID: record.recordID,
                        expectedVersion: expectedVersion,
                        currentVersion: current.version,
                        fields: differing
                    )
                )
            )
        }
        guard old != new else { return current }
        if let checked = stored as? any Validating { try checked.validate() }
        stored.version = current.version + 1
        try stored.update(self)
        try self.recordChange(
            R.entity,
            stored.recordID,
            .update,
            version: stored.version,
            fields: new,
            old: old,
            context
        )
        try SearchIndex.update(stored, in: self)
        return stored
    }

    /// Deletes a record made against `expectedVersion`, with a delete on the change feed and an audit row per field.
    public func deleteRecord<R: StoredRecord>(
        _ type: R.Type,
        _ id: String,
        expecting expectedVersion: Int,
        _ context: MutationContext
    ) throws -> R {
        let current = try self.existing(R.self, id)
        guard current.version == expectedVersion else {
            throw StoreError(
                .conflict(
                    Conflict(
                        entity: R.entity,
                        recordID: id,
                        expectedVersion: expectedVersion,
                        currentVersion: current.version,
                        fields: []
                    )
                )
            )
        }
        let old = try Self.fields(of: current)
        _ = try current.delete(self)
        let gone = Dictionary(uniqueKeysWithValues: old.keys.map { ($0, "null") })
        try self.recordChange(R.entity, id, .delete, version: current.version + 1, fields: gone, old: old, context)
        return current
    }

    enum Operation: String {
        case insert, update, delete
    }

    /// Appends the change-feed row and one audit row per changed field.
    func recordChange(
        _ entity: String,
        _ recordID: String,
        _ operation: Operation,
        version: Int,
        fields: [String: String],
        old: [String: String],
        _ context: MutationContext
    ) throws {
        let snapshot =
            "{" + fields.keys.sorted().map { "\(Self.quoted($0)):\(fields[$0]!)" }.joined(separator: ",") + "}"
        let at = context.at.databaseValue
        try self.cachedStatement(
            sql: """
                INSERT INTO change (at, staffID, device, entity, recordID, operation, version, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            at, context.actor.staffID.rawValue, context.actor.device, entity, recordID, operation.rawValue, version,
            snapshot,
        ])
        let revision = self.lastInsertedRowID
        let statement = try self.cachedStatement(
            sql: """
                INSERT INTO audit (revision, at, staffID, device, entity, recordID, field, old, new)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        for field in fields.keys.sorted() where field != "version" && old[field] != fields[field] {
            try statement.execute(arguments: [
                revision, at, context.actor.staffID.rawValue, context.actor.device, entity, recordID, field,
                old[field], fields[field],
            ])
        }
    }

    /// A record's columns as JSON text, by name: the values the database holds (`null`, numbers, quoted text).
    static func fields<R: EncodableRecord>(of record: R) throws -> [String: String] {
        try record.databaseDictionary.mapValues(Self.json)
    }

    static func json(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "null"
        case .int64(let integer): return String(integer)
        case .double(let double): return double.isFinite ? "\(double)" : "null"
        case .string(let text): return Self.quoted(text)
        case .blob(let data): return Self.quoted(data.base64EncodedString())
        }
    }

    public static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Runs `body` once per (staff, key): a repeat with the same key returns the first result without a second
    /// effect. Without a key, `body` simply runs.
    public func idempotent<T: Codable>(
        key: String?,
        operation: String,
        _ context: MutationContext,
        _ body: () throws -> T
    ) throws -> T {
        guard let key else { return try body() }
        if let row = try Row.fetchOne(
            self,
            sql: "SELECT operation, result FROM idempotency WHERE staffID = ? AND key = ?",
            arguments: [context.actor.staffID.rawValue, key]
        ) {
            let previous: String = row["operation"]
            guard previous == operation else { throw StoreError(.keyReused(key: key, operation: previous)) }
            let result: String = row["result"]
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .millisecondsSince1970
            return try decoder.decode(T.self, from: Data(result.utf8))
        }
        let result = try body()
        try self.execute(
            sql: "INSERT INTO idempotency (staffID, key, operation, result, at) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                context.actor.staffID.rawValue, key, operation,
                String(decoding: try JSONEncoder.store.encode(result), as: UTF8.self), context.at,
            ]
        )
        return result
    }
}
