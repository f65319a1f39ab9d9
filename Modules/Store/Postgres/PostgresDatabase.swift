public import Foundation
public import GRDB
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

    /// The URL again, with its password if it has one: what to hand a process that opens the same database.
    public var url: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = self.username
        components.password = self.password
        components.host = self.host
        components.port = self.port
        components.path = "/" + self.database
        return components.string ?? self.description
    }

    /// The URL without its password, for logs and messages.
    public var description: String { "postgres://\(self.username)@\(self.host):\(self.port)/\(self.database)" }
}

/// One connection to PostgreSQL, used synchronously: each statement is sent and waited for on the calling thread,
/// as GRDB waits for SQLite. The store's jobs run on their own threads (`PostgresPool`), never on an event loop or
/// in Swift's cooperative pool, so the wait blocks nothing else; the connection's I/O runs on NIO's event loops.
package final class PostgresDatabase: @unchecked Sendable {
    private let connection: PostgresConnection
    private let logger: Logger
    package let location: PostgresLocation
    /// Savepoints open now, for naming the next.
    private var depth = 0
    /// Set by `PostgresPool` between BEGIN and COMMIT or ROLLBACK.
    var inTransaction = false

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

    /// Whether the connection has closed (the server went away, or it was closed): it cannot be used again.
    package var isClosed: Bool { self.connection.isClosed }

    /// Whether a transaction is open and still usable: false once the connection has gone mid-transaction.
    package var isInsideTransaction: Bool { self.inTransaction && !self.connection.isClosed }

    /// Runs one statement (with `?` or `:name` placeholders, as in the SQLite store) and returns its rows.
    @discardableResult
    package func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        let (text, values) = Self.numbered(sql, arguments)
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value.storage {
            case .null: bindings.appendNull()
            case .int64(let integer): bindings.append(integer)
            case .double(let real): bindings.append(real)
            case .string(let string): bindings.append(string)
            case .blob(let data): bindings.append(ByteBuffer(bytes: data))
            }
        }
        let result: PostgresQueryResult
        do {
            result = try self.connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: self.logger)
                .wait()
        } catch let error as PSQLError {
            throw PostgresError(error)
        } catch {
            throw PostgresError(unreachable: error)
        }
        var names: [String]? = nil
        return try result.rows.map { row in
            if names == nil { names = row.map(\.columnName) }
            return SQLRow(names: names!, values: try row.map(Self.value))
        }
    }

    /// Runs statements that take no arguments (DDL, a migration step).
    package func execute(_ sql: String) throws {
        try self.rows(sql, [])
    }

    /// `?` and `:name` placeholders as PostgreSQL's `$1`, `$2` …, outside quoted text and identifiers (a name used
    /// twice is one parameter), with the values in that order.
    package static func numbered(_ sql: String, _ arguments: SQLArguments = []) -> (String, [DatabaseValue]) {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 8)
        var values: [DatabaseValue] = []
        var positional = arguments.values.makeIterator()
        var numbers: [String: Int] = [:]
        var quote: Character? = nil
        var previous: Character = " "
        var index = sql.startIndex
        while index < sql.endIndex {
            let character = sql[index]
            index = sql.index(after: index)
            defer { previous = character }
            if let open = quote {
                if character == open { quote = nil }
                out.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                out.append(character)
            } else if character == "?" {
                values.append(positional.next() ?? .null)
                out += "$\(values.count)"
            } else if character == ":", previous != ":", index < sql.endIndex, sql[index].isLetter {
                let end = sql[index...].firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? sql.endIndex
                let name = String(sql[index..<end])
                index = end
                if let number = numbers[name] {
                    out += "$\(number)"
                } else {
                    values.append(arguments.named[name] ?? .null)
                    numbers[name] = values.count
                    out += "$\(values.count)"
                }
            } else {
                out.append(character)
            }
        }
        return (out, values)
    }

    static func value(_ cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return try cell.decode(Int64.self).databaseValue
        case .float8, .float4: return try cell.decode(Double.self).databaseValue
        case .numeric:
            // sum() of integers is numeric: an integer when it is one, as SQLite's sum gives.
            let text = try cell.decode(String.self)
            return Int64(text)?.databaseValue ?? Double(text)?.databaseValue ?? text.databaseValue
        case .bool: return (try cell.decode(Bool.self) ? 1 : 0).databaseValue
        case .bytea: return Data(try cell.decode(ByteBuffer.self).readableBytesView).databaseValue
        default: return try cell.decode(String.self).databaseValue
        }
    }
}

extension PostgresDatabase: SQLConnection {
    package var dialect: SQLDialect { .postgres }

    package func execute(_ sql: String, _ arguments: SQLArguments) throws {
        try self.rows(sql, arguments)
    }

    package func records<R: FetchableRecord>(_ type: R.Type, _ sql: String, _ arguments: SQLArguments) throws -> [R] {
        try self.rows(sql, arguments).map { try R(row: $0.grdbRow) }
    }

    package func savepoint<T>(_ body: () throws -> T) throws -> T {
        self.depth += 1
        defer { self.depth -= 1 }
        let name = "job\(self.depth)"
        try self.execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try self.execute("RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            // Undo the job and go on with the transaction; if the connection is gone, the first error tells.
            try? self.execute("ROLLBACK TO SAVEPOINT \(name)")
            try? self.execute("RELEASE SAVEPOINT \(name)")
            throw error
        }
    }

    package func isPrimaryKeyViolation(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        return error.state == "23505" && error.constraint?.hasSuffix("_pkey") == true
    }
}

/// A statement PostgreSQL refused, or a connection that failed, in the server's own words.
package struct PostgresError: Error, CustomStringConvertible {
    /// The SQLSTATE, when the server answered (`23505` a unique key, `53100` a full disk); nil when it did not.
    package var state: String?
    package var constraint: String?
    package var description: String

    init(_ error: PSQLError) {
        guard let server = error.serverInfo else {
            self.description = String(reflecting: error)
            return
        }
        self.state = server[.sqlState]
        self.constraint = server[.constraintName]
        var parts = [server[.message] ?? "error"]
        if let detail = server[.detail] { parts.append(detail) }
        if let constraint = server[.constraintName] { parts.append("constraint \(constraint)") }
        if let state = server[.sqlState] { parts.append("SQLSTATE \(state)") }
        self.description = parts.joined(separator: "; ")
    }

    init(unreachable error: any Error) {
        self.description = String(reflecting: error)
    }

    /// What the store reports: a full disk, an unreachable server, or a refused statement.
    var storeError: StoreError {
        switch self.state {
        case nil: StoreError(.unavailable(self.description))
        case "53100": StoreError(.full)
        // Class 08 is the connection's; 57P01–57P03 are the server shutting down or starting.
        case let state? where state.hasPrefix("08") || state.hasPrefix("57P"):
            StoreError(.unavailable(self.description))
        default: StoreError(.database(self.description))
        }
    }
}
