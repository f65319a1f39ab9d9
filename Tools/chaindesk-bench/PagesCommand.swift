internal import ArgumentParser
internal import ChainDeskBench
internal import Foundation

struct PagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages",
        abstract: "Measures the web pages' render time on a store, each against the same figures over RPC."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Timed requests of each kind.") var rounds = 50
    @Option(help: "The 驾驶舱's period, YYYY-MM.") var period = "2026-10"
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard FileManager.default.fileExists(atPath: self.store.path) else {
            throw ValidationError("no store at \(self.store.path); create one with chaindesk-bench store-generate")
        }
        guard self.rounds > 0 else { throw ValidationError("--rounds must be positive") }
        _ = try self.yearAndMonth()
    }

    func yearAndMonth() throws -> (year: Int, month: Int) {
        let parts = self.period.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (2000...2100).contains(parts[0]), (1...12).contains(parts[1]) else {
            throw ValidationError("--period must be a month like 2026-10")
        }
        return (parts[0], parts[1])
    }

    func run() async throws {
        let result = try await PagesBenchmark.run(
            storePath: self.store.path,
            rounds: self.rounds,
            period: try self.yearAndMonth()
        )
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("dataset: \(result.enterprises) enterprises, \(result.projects) projects")
        print("驾驶舱 page (\(result.dashboardBytes) bytes): \(result.dashboardPage)")
        print("  same figures over RPC (Cumulative ×2 + ListProjects awaiting verification): \(result.dashboardRPC)")
        print(String(format: "  page ÷ RPC at p50: %.2f×", result.dashboardPage.p50 / max(1, result.dashboardRPC.p50)))
        print("industry map page (\(result.mapBytes) bytes): \(result.mapPage)")
        print("  same figures over RPC (GetChainMap + ChainCoverage): \(result.mapRPC)")
        print(String(format: "  page ÷ RPC at p50: %.2f×", result.mapPage.p50 / max(1, result.mapRPC.p50)))
    }
}
