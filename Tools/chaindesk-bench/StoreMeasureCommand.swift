internal import ArgumentParser
internal import ChainDeskBench
internal import ChainDeskStore
internal import Foundation

struct StoreMeasureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Measures search latency, the cumulative report and durable mutations per second on a store file."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Search queries to time.") var queries = 500
    @Option(help: "Concurrent writers for the mutation rate.") var writers = 64
    @Option(help: "Seconds of concurrent writing (the one-writer baseline runs half as long).") var seconds = 5.0
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard FileManager.default.fileExists(atPath: self.store.path) else {
            throw ValidationError("no store at \(self.store.path); create one with chaindesk-bench store-generate")
        }
        guard self.queries > 0, self.writers > 0, self.seconds > 0 else {
            throw ValidationError("--queries, --writers and --seconds must be positive")
        }
    }

    func run() async throws {
        let opened = try Store(path: self.store.path)
        let result = try await StoreBenchmark.run(
            store: opened,
            queries: self.queries,
            writers: self.writers,
            seconds: self.seconds
        )
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("dataset: \(result.enterprises) enterprises, \(result.interactions) interactions")
        print("search (all): \(result.search)")
        for (kind, latency) in result.searchByKind.sorted(by: { $0.key < $1.key }) { print("  \(kind): \(latency)") }
        print("cumulative report 1–10月: \(result.cumulativeReport)")
        print("  recomputed from every project (baseline): \(result.cumulativeRecomputed)")
        print(
            String(
                format: "  recomputed ÷ maintained at p50: %.1f×",
                result.cumulativeRecomputed.p50 / result.cumulativeReport.p50
            )
        )
        print("funnel: \(result.funnel)")
        print("  recomputed from every project (baseline): \(result.funnelRecomputed)")
        print(
            String(format: "  recomputed ÷ maintained at p50: %.1f×", result.funnelRecomputed.p50 / result.funnel.p50)
        )
        print(
            String(
                format: "durable mutations/s: %.0f with %d writers; baseline %.0f with 1 writer; ratio %.1f×",
                result.mutationsPerSecond,
                result.concurrentWriters,
                result.baselineMutationsPerSecond,
                result.ratio
            )
        )
    }
}
