public import Foundation

/// Where the office's store lives, as an operator writes it: `sqlite:PATH` (or a bare path) for the embedded file,
/// `postgres://user@host:port/database` for a PostgreSQL server (the usual `PG*` variables fill what the URL leaves
/// out; a password belongs in `PGPASSWORD` or `~/.pgpass`, not on the command line).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(String)
    case postgres(PostgresLocation)

    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(url: text, environment: environment))
        } else if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw StoreError(.configuration("sqlite: needs the store file's path, as in sqlite:/srv/office.sqlite"))
            }
            self = .sqlite(path)
        } else if text.contains("://") {
            throw StoreError(
                .configuration("\"\(text.prefix(80))\" is neither sqlite:PATH nor a postgres:// URL")
            )
        } else {
            guard !text.isEmpty else { throw StoreError(.configuration("the store's location is empty")) }
            self = .sqlite(text)
        }
    }

    /// As the operator would write it, without a password.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): location.description
        }
    }
}
