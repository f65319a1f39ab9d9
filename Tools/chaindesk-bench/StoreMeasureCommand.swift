internal import ArgumentParser
internal import ChainDeskBench
internal import ChainDeskStore
internal import Foundation

struct StoreMeasureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: """
            Measures search latency, the reports and durable mutations per second on a store file, and on the same \
            office in PostgreSQL beside it.
            """
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Search queries to time.") var queries = 500
    @Option(help: "Concurrent writers for the mutation rate.") var writers = 64
    @Option(help: "Seconds of concurrent writing (the one-writer baseline runs half as long).") var seconds = 5.0
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(
        help: """
            Also measure this PostgreSQL database (postgres://…, the same office moved there with chaindesk-server \
            migrate), in the same run, and print both side by side.
            """
    )
    var postgres: String?

    func validate() throws {
        guard FileManager.default.fileExists(atPath: self.store.path) else {
            throw ValidationError("no store at \(self.store.path); create one with chaindesk-bench store-generate")
        }
        guard self.queries > 0, self.writers > 0, self.seconds > 0 else {
            throw ValidationError("--queries, --writers and --seconds must be positive")
        }
        if let postgres {
            guard case .postgres = try? StoreLocation(parsing: postgres) else {
                throw ValidationError("--postgres must be a postgres:// URL")
            }
        }
    }

    func run() async throws {
        var results: [(String, StoreBenchmark.Result)] = []
        let sqlite = try Store(path: self.store.path)
        results.append(("SQLite", try await self.measure(sqlite)))
        try await sqlite.close()
        if let postgres, case .postgres(let location) = try StoreLocation(parsing: postgres) {
            var configuration = Store.Configuration()
            configuration.postgresReaders = 8
            let store = try await Store(postgres: location, configuration: configuration)
            results.append(("PostgreSQL", try await self.measure(store)))
            try await store.close()
        }
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let byEngine = Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1) })
            Swift.print(String(decoding: try encoder.encode(byEngine), as: UTF8.self))
            return
        }
        for (engine, result) in results { Self.report(engine, result) }
        if results.count == 2 { Self.compare(results[0].1, results[1].1) }
    }

    func measure(_ store: Store) async throws -> StoreBenchmark.Result {
        try await StoreBenchmark.run(store: store, queries: self.queries, writers: self.writers, seconds: self.seconds)
    }

    static func report(_ engine: String, _ result: StoreBenchmark.Result) {
        Swift.print("== \(engine)")
        Swift.print("dataset: \(result.enterprises) enterprises, \(result.interactions) interactions")
        Swift.print("search (all): \(result.search)")
        for (kind, latency) in result.searchByKind.sorted(by: { $0.key < $1.key }) {
            Swift.print("  \(kind): \(latency)")
        }
        Swift.print("cumulative report 1–10月: \(result.cumulativeReport)")
        Swift.print("  recomputed from every project (baseline): \(result.cumulativeRecomputed)")
        Swift.print(
            String(
                format: "  recomputed ÷ maintained at p50: %.1f×",
                result.cumulativeRecomputed.p50 / result.cumulativeReport.p50
            )
        )
        Swift.print("funnel: \(result.funnel)")
        Swift.print("  recomputed from every project (baseline): \(result.funnelRecomputed)")
        Swift.print(
            String(format: "  recomputed ÷ maintained at p50: %.1f×", result.funnelRecomputed.p50 / result.funnel.p50)
        )
        Swift.print(
            String(
                format: "durable mutations/s: %.0f with %d writers; baseline %.0f with 1 writer; ratio %.1f×",
                result.mutationsPerSecond,
                result.concurrentWriters,
                result.baselineMutationsPerSecond,
                result.ratio
            )
        )
    }

    /// The two engines' figures in one table, PostgreSQL's as a ratio of SQLite's.
    static func compare(_ sqlite: StoreBenchmark.Result, _ postgres: StoreBenchmark.Result) {
        Swift.print("== side by side (same office, same run)")
        // Latencies are kept in microseconds; shown in milliseconds.
        let rows: [(String, Double, Double, String)] = [
            ("search p50 ms", sqlite.search.p50 / 1000, postgres.search.p50 / 1000, "ms"),
            ("search p99 ms", sqlite.search.p99 / 1000, postgres.search.p99 / 1000, "ms"),
            (
                "cumulative report p50 ms", sqlite.cumulativeReport.p50 / 1000, postgres.cumulativeReport.p50 / 1000,
                "ms"
            ),
            ("funnel p50 ms", sqlite.funnel.p50 / 1000, postgres.funnel.p50 / 1000, "ms"),
            (
                "durable mutations/s, \(sqlite.concurrentWriters) writers", sqlite.mutationsPerSecond,
                postgres.mutationsPerSecond, "/s"
            ),
            (
                "durable mutations/s, 1 writer", sqlite.baselineMutationsPerSecond, postgres.baselineMutationsPerSecond,
                "/s"
            ),
        ]
        for (name, left, right, _) in rows {
            Swift.print(
                String(
                    format: "%@  SQLite %.2f  PostgreSQL %.2f  (PostgreSQL ÷ SQLite %.2f×)",
                    name.padding(toLength: 36, withPad: " ", startingAt: 0),
                    left,
                    right,
                    left == 0 ? 0 : right / left
                )
            )
        }
    }
}
