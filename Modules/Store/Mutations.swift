public import ChainDeskDomain
public import Foundation
internal import GRDB

/// Who changes what, and when: passed to every mutation.
public struct MutationContext: Sendable {
    public var actor: Actor
    public var at: Date

    public init(actor: Actor, at: Date) {
        self.actor = actor
        self.at = at
    }
}

extension SQLConnection {
    /// The stored record with `id`, if any.
    package func find<R: StoredRecord>(_ type: R.Type, id: String) throws -> R? {
        try self.record(R.self, "SELECT * FROM \(self.identifier(R.databaseTableName)) WHERE id = ?", [id])
    }

    /// The records of a type that meet `condition` (SQL, with its arguments), in `order`.
    package func all<R: StoredRecord>(
        _ type: R.Type,
        where condition: String = "TRUE",
        _ arguments: SQLArguments = [],
        orderBy order: String = "id"
    ) throws -> [R] {
        try self.records(
            R.self,
            "SELECT * FROM \(self.identifier(R.databaseTableName)) WHERE \(condition) ORDER BY \(order)",
            arguments
        )
    }

    /// The records of a type with these ids, in id order.
    package func all<R: StoredRecord>(_ type: R.Type, ids: some Collection<String>) throws -> [R] {
        guard !ids.isEmpty else { return [] }
        return try self.all(R.self, where: "id IN (\(Self.placeholders(ids.count)))", SQLArguments(Array(ids)))
    }

    /// How many records of a type meet `condition`.
    package func count<R: StoredRecord>(
        _ type: R.Type,
        where condition: String = "TRUE",
        _ arguments: SQLArguments = []
    )
        throws -> Int
    {
        try self.value("SELECT count(*) FROM \(self.identifier(R.databaseTableName)) WHERE \(condition)", arguments)
            ?? 0
    }

    /// The stored record with `id`, or a not-found error naming it.
    package func existing<R: StoredRecord>(_ type: R.Type, _ id: String) throws -> R {
        guard let record = try self.find(R.self, id: id) else {
            throw StoreError(.notFound(entity: R.entity, id: id))
        }
        return record
    }

    /// Writes a new row for `record`, its columns as its `Codable` conformance encodes them.
    func insertRow<R: StoredRecord>(_ record: R) throws {
        let fields = try record.databaseDictionary
        let names = fields.keys.sorted()
        try self.execute(
            "INSERT INTO \(self.identifier(R.databaseTableName)) (\(names.map(self.identifier).joined(separator: ", ")))"
                + " VALUES (\(Self.placeholders(names.count)))",
            SQLArguments(names.map { fields[$0]! })
        )
    }

    /// Rewrites the row of `record` (found by its id) with its columns.
    func updateRow<R: StoredRecord>(_ record: R) throws {
        let fields = try record.databaseDictionary
        let names = fields.keys.sorted().filter { $0 != "id" }
        try self.execute(
            "UPDATE \(self.identifier(R.databaseTableName)) SET "
                + names.map { "\(self.identifier($0)) = ?" }.joined(separator: ", ") + " WHERE id = ?",
            SQLArguments(names.map { fields[$0]! } + [record.recordID.databaseValue])
        )
    }

    /// Inserts a new record at version 1, with its change and audit rows.
    package func insertRecord<R: StoredRecord>(_ record: R, _ context: MutationContext) throws -> R {
        var stored = record
        stored.version = 1
        if let checked = stored as? any Validating { try checked.validate() }
        if let enterprise = stored as? Enterprise, let code = enterprise.creditCode,
            let other = try self.all(Enterprise.self, where: "creditCode = ?", [code.rawValue]).first
        {
            throw StoreError(
                .duplicate(entity: R.entity, id: enterprise.recordID, existing: other.recordID, sameCreditCode: true)
            )
        }
        do {
            try self.insertRow(stored)
        } catch  where self.isPrimaryKeyViolation(error) {
            throw StoreError(
                .duplicate(entity: R.entity, id: stored.recordID, existing: stored.recordID, sameCreditCode: false)
            )
        }
        let fields = try FieldText.of(stored)
        try self.recordChange(R.entity, stored.recordID, .insert, version: 1, fields: fields, old: [:], context)
        try SearchIndex.update(stored, in: self)
        return stored
    }

    /// Replaces a record made against `expectedVersion`; fails with a conflict if it has changed since.
    package func updateRecord<R: StoredRecord>(_ record: R, expecting expectedVersion: Int, _ context: MutationContext)
        throws -> R
    {
        let current = try self.existing(R.self, record.recordID)
        var stored = record
        stored.version = current.version
        let old = try FieldText.of(current)
        let new = try FieldText.of(stored)
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
        try self.updateRow(stored)
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
    package func deleteRecord<R: StoredRecord>(
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
        let old = try FieldText.of(current)
        try self.execute("DELETE FROM \(self.identifier(R.databaseTableName)) WHERE id = ?", [id])
        let gone = Dictionary(uniqueKeysWithValues: old.keys.map { ($0, "null") })
        try self.recordChange(R.entity, id, .delete, version: current.version + 1, fields: gone, old: old, context)
        return current
    }

    /// Appends the change-feed row and one audit row per changed field.
    func recordChange(
        _ entity: String,
        _ recordID: String,
        _ operation: ChangeOperation,
        version: Int,
        fields: [String: String],
        old: [String: String],
        _ context: MutationContext
    ) throws {
        let snapshot =
            "{" + fields.keys.sorted().map { "\(FieldText.quoted($0)):\(fields[$0]!)" }.joined(separator: ",") + "}"
        let at = context.at.databaseValue
        // The revision is the feed's next number. Writing transactions run one at a time (one SQLite writer; one
        // advisory lock across PostgreSQL nodes), so revisions are taken in the order they commit.
        let revision: Int64 =
            try self.value(
                """
                INSERT INTO change (at, staffID, device, entity, recordID, operation, version, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING revision
                """,
                [
                    at, context.actor.staffID.rawValue, context.actor.device, entity, recordID, operation.rawValue,
                    version, snapshot,
                ]
            ) ?? 0
        // One statement for all the changed fields: a round trip per field would be most of a write's cost on a
        // database server.
        let changed = fields.keys.sorted().filter { $0 != "version" && old[$0] != fields[$0] }
        guard !changed.isEmpty else { return }
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(changed.count * 9)
        for field in changed {
            values += [
                revision, at, context.actor.staffID.rawValue, context.actor.device, entity, recordID, field,
                old[field], fields[field],
            ]
        }
        try self.execute(
            "INSERT INTO audit (revision, at, staffID, device, entity, recordID, field, old, new) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: changed.count).joined(separator: ", "),
            SQLArguments(values)
        )
    }

    /// Runs `body` once per (staff, key): a repeat with the same key returns the first result without a second
    /// effect. Without a key, `body` simply runs.
    package func idempotent<T: Codable>(
        key: String?,
        operation: String,
        _ context: MutationContext,
        _ body: () throws -> T
    ) throws -> T {
        guard let key else { return try body() }
        if let row = try self.row(
            "SELECT operation, result FROM idempotency WHERE staffID = ? AND \"key\" = ?",
            [context.actor.staffID.rawValue, key]
        ) {
            let previous: String = try row["operation"]
            guard previous == operation else { throw StoreError(.keyReused(key: key, operation: previous)) }
            let result: String = try row["result"]
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .millisecondsSince1970
            return try decoder.decode(T.self, from: Data(result.utf8))
        }
        let result = try body()
        try self.execute(
            "INSERT INTO idempotency (staffID, \"key\", operation, result, at) VALUES (?, ?, ?, ?, ?)",
            [
                context.actor.staffID.rawValue, key, operation,
                String(decoding: try JSONEncoder.store.encode(result), as: UTF8.self), context.at,
            ]
        )
        return result
    }
}

/// What a change did to its record, as the change feed names it.
enum ChangeOperation: String {
    case insert, update, delete
}

/// Records' fields as the change feed and the audit trail write them: JSON text, by column name.
package enum FieldText {
    /// A record's columns as JSON text, by name: the values the database holds (`null`, numbers, quoted text).
    static func of<R: EncodableRecord>(_ record: R) throws -> [String: String] {
        try record.databaseDictionary.mapValues(FieldText.json)
    }

    static func json(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "null"
        case .int64(let integer): return String(integer)
        case .double(let double): return double.isFinite ? "\(double)" : "null"
        case .string(let text): return FieldText.quoted(text)
        case .blob(let data): return FieldText.quoted(data.base64EncodedString())
        }
    }

    package static func quoted(_ text: String) -> String {
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
}
