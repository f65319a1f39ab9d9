public import Foundation
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import PostgresNIO

/// Where a PostgreSQL store lives: `postgres://user[:password]@host[:port]/database`, or the usual `PGHOST`,
/// `PGPORT`, `PGUSER`, `PGPASSWORD` and `PGDATABASE` variables for whatever the URL leaves out.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String

    /// Reads a `postgres://` or `postgresql://` URL; parts it leaves out come from `environment`, then the
    /// defaults (localhost, 5432, user postgres, database chaindesk).
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql" else {
            throw StoreError(
                .configuration(
                    "\"\(text.prefix(80))\" is not a PostgreSQL URL; write postgres://user@host:port/database"
                )
            )
        }
        guard url.query == nil || url.query?.isEmpty == true else {
            throw StoreError(.configuration("PostgreSQL URL options (\(url.query ?? "")) are not supported"))
        }
        self.host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGHOST"] ?? "localhost"
        self.port = url.port ?? environment["PGPORT"].flatMap(Int.init) ?? 5432
        self.username = url.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"] ?? "postgres"
        self.password = url.password ?? environment["PGPASSWORD"]
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        self.database = path.isEmpty ? environment["PGDATABASE"] ?? "chaindesk" : path
        guard (1...65_535).contains(self.port) else {
            throw StoreError(.configuration("the PostgreSQL port \(self.port) is not a port (1–65535)"))
        }
    }

    /// The URL without its password, for logs and messages.
    public var description: String { "postgres://\(self.username)@\(self.host):\(self.port)/\(self.database)" }
}

/// One connection to PostgreSQL, used synchronously: each statement is sent and waited for on the calling thread,
/// as GRDB waits for SQLite. The store's jobs run on their own threads, never on an event loop, so the wait blocks
/// nothing else; the connection's I/O runs on NIO's shared event loops.
package final class PostgresDatabase: @unchecked Sendable {
    private let connection: PostgresConnection
    private let logger: Logger
    package let location: PostgresLocation

    package init(_ location: PostgresLocation) throws {
        self.location = location
        self.logger = Logger(label: "chaindesk.store.postgres")
        let configuration = PostgresConnection.Configuration(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: .disable
        )
        do {
            self.connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(),
                configuration: configuration,
                id: 1,
                logger: self.logger
            ).wait()
        } catch {
            throw StoreError(.unavailable("cannot reach PostgreSQL at \(location): \(String(reflecting: error))"))
        }
    }

    /// Closes the connection; PostgresNIO requires it before the connection goes. Never on an event loop.
    deinit {
        try? self.connection.close().wait()
    }

    /// Runs one statement (with `?` placeholders, as in the SQLite store) and returns its rows.
    @discardableResult
    package func rows(_ sql: String, _ arguments: [SQLValue] = []) throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: bindings.appendNull()
            case .integer(let value): bindings.append(value)
            case .real(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            case .blob(let value): bindings.append(ByteBuffer(bytes: value))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings)
        let result: PostgresQueryResult
        do {
            result = try self.connection.query(query, logger: self.logger).wait()
        } catch let error as PSQLError {
            // Without the server's words the statement never reached it, or the connection went.
            throw StoreError(
                error.serverInfo == nil ? .unavailable(Self.message(error)) : .database(Self.message(error))
            )
        }
        return try result.rows.map { row in
            var names: [String] = []
            var values: [SQLValue] = []
            for cell in row {
                names.append(cell.columnName)
                values.append(try Self.value(cell))
            }
            return SQLRow(names: names, values: values)
        }
    }

    /// Runs statements that take no arguments, one after another (DDL, a migration step).
    package func execute(_ sql: String) throws {
        try self.rows(sql)
    }

    /// `?` placeholders as PostgreSQL's `$1`, `$2` …, outside quoted text and identifiers.
    package static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 8)
        var quote: Character? = nil
        var next = 1
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                out.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                out.append(character)
            } else if character == "?" {
                out += "$\(next)"
                next += 1
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
        case .float8, .float4, .numeric: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
        default: return .text(try cell.decode(String.self))
        }
    }

    /// The server's own words for a refused statement: its message, detail and constraint.
    static func message(_ error: PSQLError) -> String {
        guard let server = error.serverInfo else { return String(reflecting: error) }
        var parts = [server[.message] ?? "error"]
        if let detail = server[.detail] { parts.append(detail) }
        if let constraint = server[.constraintName] { parts.append("constraint \(constraint)") }
        if let state = server[.sqlState] { parts.append("SQLSTATE \(state)") }
        return parts.joined(separator: "; ")
    }
}

/// A value as both engines hold it: the five storage classes of SQLite, which PostgreSQL's columns map onto.
package enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A result row: values by position, and by column name without regard to case (PostgreSQL folds unquoted names
/// to lower case; the store's SQL writes them as the records spell them).
package struct SQLRow: Sendable, Hashable {
    package let names: [String]
    package let values: [SQLValue]

    package subscript(_ index: Int) -> SQLValue { self.values[index] }

    package subscript(_ name: String) -> SQLValue? {
        self.names.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }.map { self.values[$0] }
    }
}
