public import Foundation
internal import GRDB

/// A connection either engine gives a store job: SQL with `?` placeholders in, rows out. The store's operations
/// move onto it one by one from GRDB's `Database`, so that one body of code serves SQLite and PostgreSQL
/// (docs/architecture.md, "On PostgreSQL").
package protocol SQLConnection {
    @discardableResult
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
}

extension PostgresDatabase: SQLConnection {}

extension Database: SQLConnection {
    @discardableResult
    package func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let statement = try self.cachedStatement(sql: sql)
        let values: [(any DatabaseValueConvertible)?] = arguments.map { value in
            switch value {
            case .null: return nil
            case .integer(let integer): return integer
            case .real(let real): return real
            case .text(let text): return text
            case .blob(let bytes): return Data(bytes)
            }
        }
        return try Row.fetchAll(statement, arguments: StatementArguments(values)).map { row in
            SQLRow(
                names: Array(row.columnNames),
                values: row.databaseValues.map { value in
                    switch value.storage {
                    case .null: return .null
                    case .int64(let integer): return .integer(integer)
                    case .double(let real): return .real(real)
                    case .string(let text): return .text(text)
                    case .blob(let data): return .blob(Array(data))
                    }
                }
            )
        }
    }
}

/// A Swift value as both engines store it, and back.
package protocol SQLConvertible {
    var sqlValue: SQLValue { get }
    init(sqlValue: SQLValue) throws
}

extension String: SQLConvertible {
    package var sqlValue: SQLValue { .text(self) }
    package init(sqlValue: SQLValue) throws {
        guard case .text(let text) = sqlValue else { throw SQLValue.mismatch(sqlValue, "text") }
        self = text
    }
}

extension Int64: SQLConvertible {
    package var sqlValue: SQLValue { .integer(self) }
    package init(sqlValue: SQLValue) throws {
        guard case .integer(let integer) = sqlValue else { throw SQLValue.mismatch(sqlValue, "an integer") }
        self = integer
    }
}

extension Int: SQLConvertible {
    package var sqlValue: SQLValue { .integer(Int64(self)) }
    package init(sqlValue: SQLValue) throws { self = Int(try Int64(sqlValue: sqlValue)) }
}

extension Bool: SQLConvertible {
    /// 0 and 1, as SQLite holds booleans; the PostgreSQL schema keeps them in SMALLINT columns.
    package var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    package init(sqlValue: SQLValue) throws { self = try Int64(sqlValue: sqlValue) != 0 }
}

extension Date: SQLConvertible {
    /// `YYYY-MM-DD HH:MM:SS.SSS` in UTC, written by GRDB's own formatter: both engines hold the same bytes.
    package var sqlValue: SQLValue {
        guard case .string(let text) = self.databaseValue.storage else { return .null }
        return .text(text)
    }

    package init(sqlValue: SQLValue) throws {
        guard case .text(let text) = sqlValue, let date = Date.fromDatabaseValue(text.databaseValue) else {
            throw SQLValue.mismatch(sqlValue, "a time")
        }
        self = date
    }

}

extension Optional: SQLConvertible where Wrapped: SQLConvertible {
    package var sqlValue: SQLValue { self?.sqlValue ?? .null }
    package init(sqlValue: SQLValue) throws {
        self = sqlValue == .null ? nil : try Wrapped(sqlValue: sqlValue)
    }
}

extension SQLValue {
    static func mismatch(_ value: SQLValue, _ expected: String) -> StoreError {
        StoreError(.database("the database holds \(value) where \(expected) belongs"))
    }
}
