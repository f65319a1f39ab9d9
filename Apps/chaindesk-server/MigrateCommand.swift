internal import ArgumentParser
internal import ChainDeskStore
internal import Foundation

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copies an office from its SQLite store to an empty PostgreSQL database, then checks every table.",
        discussion: """
            Stop the node first. Every record and every history (audit trail, change feed, sign-ins, sessions) is \
            copied in one transaction, then each table is counted and digested (SHA-256) on both sides; the exit \
            status is 0 only when all agree. Afterwards start the nodes with --store and the PostgreSQL URL.
            """
    )

    @Option(help: "The SQLite store: sqlite:PATH (or the path).")
    var from: String

    @Option(help: "The PostgreSQL database: postgres://user@host:port/database (PGPASSWORD for the password).")
    var to: String

    func locations() throws -> (String, PostgresLocation) {
        let source: StoreLocation
        let destination: StoreLocation
        do {
            source = try StoreLocation(parsing: self.from)
            destination = try StoreLocation(parsing: self.to)
        } catch {
            throw ValidationError("\(error)")
        }
        guard case .sqlite(let path) = source else { throw ValidationError("--from must be a SQLite store") }
        guard case .postgres(let location) = destination else {
            throw ValidationError("--to must be a postgres:// URL")
        }
        return (path, location)
    }

    func validate() throws {
        let (path, _) = try self.locations()
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("there is no SQLite store at \(path)")
        }
    }

    func run() async throws {
        let (path, location) = try self.locations()
        let report: StoreMove.Report
        do {
            report = try await StoreMove.copy(from: path, to: location) { table, rows in
                FileHandle.standardError.write(Data("copied \(table): \(rows) rows\n".utf8))
            }
        } catch {
            throw MigrateError(description: "the move did not happen: \(error)")
        }
        let width = report.checks.map(\.table.count).max() ?? 10
        for check in report.checks {
            let name = check.table.padding(toLength: width, withPad: " ", startingAt: 0)
            let verdict = check.matches ? "ok" : "DIFFERS"
            print(
                "\(name)  \(check.sourceRows) → \(check.destinationRows) rows  "
                    + "\(check.destinationDigest.prefix(16))  \(verdict)"
            )
        }
        let summary = String(
            format: "%@: %d tables, %d rows, in %.1f s",
            report.matches ? "moved and checked" : "the copy differs",
            report.checks.count,
            report.rows,
            report.seconds
        )
        print(summary)
        guard report.matches else { throw ExitCode(3) }
    }
}

/// A move that could not be made, in words for the operator.
struct MigrateError: Error, CustomStringConvertible {
    let description: String
}
