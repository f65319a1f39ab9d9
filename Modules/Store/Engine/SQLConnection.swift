public import Foundation
public import GRDB

/// The SQL a store job speaks, on either engine.
package enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// A connection either engine gives a store job: statements with `?` (or `:name`) placeholders in, rows out, in a
/// transaction the store opened. The store's operations are written once against it, so one body of code serves
/// SQLite and PostgreSQL (docs/architecture.md, "Two engines, one store").
///
/// Values travel as GRDB's `DatabaseValue`s on both engines — integers, reals, text, blobs and null — so a value is
/// written the same way whichever engine stores it (times as GRDB's text, booleans as 0 and 1), and records are
/// encoded and decoded by the same `Codable` conformances.
package protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs one statement and returns its rows.
    @discardableResult
    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow]

    /// Runs one statement that returns no rows.
    func execute(_ sql: String, _ arguments: SQLArguments) throws

    /// Runs a query and decodes each row as a record.
    func records<R: FetchableRecord>(_ type: R.Type, _ sql: String, _ arguments: SQLArguments) throws -> [R]

    /// Runs `body` in a savepoint: its effects stay if it returns and are undone if it throws.
    func savepoint<T>(_ body: () throws -> T) throws -> T

    /// Whether the store's transaction is still open: an engine that rolled it back whole (SQLite on a full disk, a
    /// PostgreSQL connection that went) must run no further job in it.
    var isInsideTransaction: Bool { get }

    /// Whether `error` is this engine's refusal of a second row with the same primary key.
    func isPrimaryKeyViolation(_ error: any Error) -> Bool
}

/// The values of a statement's placeholders: by position (`?`), or by name (`:name`).
package struct SQLArguments: Sendable, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    package var values: [DatabaseValue]
    package var named: [String: DatabaseValue]

    package init(_ values: some Sequence<(any DatabaseValueConvertible)?>) {
        self.values = values.map { $0?.databaseValue ?? .null }
        self.named = [:]
    }

    package init(_ values: some Sequence<some DatabaseValueConvertible>) {
        self.values = values.map(\.databaseValue)
        self.named = [:]
    }

    package init(arrayLiteral elements: (any DatabaseValueConvertible)?...) {
        self.init(elements)
    }

    package init(dictionaryLiteral elements: (String, (any DatabaseValueConvertible)?)...) {
        self.values = []
        self.named = Dictionary(elements.map { ($0.0, $0.1?.databaseValue ?? .null) }) { _, last in last }
    }

    /// As GRDB takes them.
    var statementArguments: StatementArguments {
        self.named.isEmpty ? StatementArguments(self.values) : StatementArguments(self.named)
    }
}

/// A result row: values by position, and by column name without regard to case (PostgreSQL folds unquoted names to
/// lower case; the store's SQL writes them as the records spell them). Reading a value as the wrong type throws.
package struct SQLRow: Sendable, Hashable {
    package let names: [String]
    package let values: [DatabaseValue]

    package init(names: [String], values: [DatabaseValue]) {
        self.names = names
        self.values = values
    }

    package subscript<T: DatabaseValueConvertible>(_ index: Int) -> T {
        get throws {
            guard self.values.indices.contains(index) else {
                throw StoreError(.database("a row of \(self.values.count) columns has no column \(index)"))
            }
            return try Self.convert(self.values[index], "column \(index)")
        }
    }

    package subscript<T: DatabaseValueConvertible>(_ name: String) -> T {
        get throws {
            guard let index = self.index(of: name) else {
                throw StoreError(.database("the row has no column \(name)"))
            }
            return try Self.convert(self.values[index], name)
        }
    }

    /// The raw value of the column `name`, if the row has it.
    package func value(_ name: String) -> DatabaseValue? {
        self.index(of: name).map { self.values[$0] }
    }

    func index(of name: String) -> Int? {
        self.names.firstIndex(of: name)
            ?? self.names.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
    }

    static func convert<T: DatabaseValueConvertible>(_ value: DatabaseValue, _ column: String) throws -> T {
        // Optional<Wrapped> is DatabaseValueConvertible too: null reads as nil there, and as an error elsewhere.
        guard let converted = T.fromDatabaseValue(value) else {
            throw StoreError(.database("\(column) holds \(value), which is not a \(T.self)"))
        }
        return converted
    }

    /// The row as GRDB's, for decoding a record by column name.
    var grdbRow: Row {
        Row(
            Dictionary(zip(self.names, self.values.map { $0 as (any DatabaseValueConvertible)? })) { first, _ in first }
        )
    }
}

extension SQLConnection {
    /// Runs one statement that takes no arguments.
    package func execute(_ sql: String) throws {
        try self.execute(sql, [])
    }

    /// Runs one query that takes no arguments.
    package func rows(_ sql: String) throws -> [SQLRow] {
        try self.rows(sql, [])
    }

    /// The first column of the first row, if there is a row and it is not null.
    package func value<T: DatabaseValueConvertible>(_ sql: String, _ arguments: SQLArguments = []) throws -> T? {
        guard let row = try self.rows(sql, arguments).first, let value = row.values.first, !value.isNull else {
            return nil
        }
        return try SQLRow.convert(value, "the value")
    }

    /// The first column of every row.
    package func values<T: DatabaseValueConvertible>(_ sql: String, _ arguments: SQLArguments = []) throws -> [T] {
        try self.rows(sql, arguments).map { row in try row[0] }
    }

    /// The first row, if any.
    package func row(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLRow? {
        try self.rows(sql, arguments).first
    }

    /// The first record the query finds, if any.
    package func record<R: FetchableRecord>(_ type: R.Type, _ sql: String, _ arguments: SQLArguments = []) throws
        -> R?
    {
        try self.records(type, sql, arguments).first
    }

    /// A table's or column's name as this engine's SQL must write it: quoted, and for PostgreSQL in lower case (as
    /// it folds bare names).
    package func identifier(_ name: String) -> String {
        switch self.dialect {
        case .sqlite: "\"\(name)\""
        case .postgres: "\"\(name.lowercased())\""
        }
    }

    /// `?, ?, ?` for `count` values.
    package static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

// MARK: SQLite

extension Database: SQLConnection {
    package var dialect: SQLDialect { .sqlite }

    @discardableResult
    package func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        let statement = try self.cachedStatement(sql: sql)
        var names: [String]? = nil
        return try Row.fetchAll(statement, arguments: arguments.statementArguments).map { row in
            if names == nil { names = Array(row.columnNames) }
            return SQLRow(names: names!, values: Array(row.databaseValues))
        }
    }

    package func execute(_ sql: String, _ arguments: SQLArguments) throws {
        try self.cachedStatement(sql: sql).execute(arguments: arguments.statementArguments)
    }

    package func records<R: FetchableRecord>(_ type: R.Type, _ sql: String, _ arguments: SQLArguments) throws -> [R] {
        try R.fetchAll(self.cachedStatement(sql: sql), arguments: arguments.statementArguments)
    }

    package func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T? = nil
        try self.inSavepoint {
            result = try body()
            return .commit
        }
        return result!
    }

    package func isPrimaryKeyViolation(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    }
}
