internal import ArgumentParser
internal import ChainDeskBench
internal import Foundation

struct RPCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Calls over ChainDesk RPC to a server in a process of its own, with the raw TCP echo as the floor.",
        discussion: """
            Runs every combination of the lists given. Scenarios: \
            \(RPCBenchmark.Scenario.allCases.map(\.rawValue).joined(separator: ", ")). Compression: off, zlib, \
            dictionary (the CRM dictionary). Latency percentiles come from an HdrHistogram; bytes are per call, both \
            ways together; allocations are counted when run under Tools/malloc-count/run.sh.
            """
    )

    @Option(help: "Scenarios, comma-separated, or all.") var scenario = "unary-small"
    @Option(help: "Compression modes, comma-separated.") var compression = "off"
    @Option(help: "Connection counts, comma-separated.") var connections = "1"
    @Option(name: .customLong("in-flight"), help: "Calls kept in flight per connection, comma-separated.")
    var inFlight = "1,64"
    @Option(help: "Seconds per measurement (after 0.3 s of warm-up).") var seconds = 3.0
    @Option(help: "Bytes per small message.") var payload = 64
    @Option(help: "Bytes per message of unary-large.") var largePayload = 262_144
    @Option(help: "Messages per streaming call.") var streamLength = 100
    @Option(help: "Enterprises in the synthetic office of crm-mixed.") var enterprises = 2000
    @Flag(help: "Leave out the raw TCP echo baseline.") var noBaseline = false
    @Flag(help: "Print JSON instead of a table.") var json = false

    func options() throws -> RPCBenchmark.Options {
        func list<T>(_ text: String, _ name: String, _ parse: (String) -> T?) throws -> [T] {
            let items = text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            let parsed = items.compactMap(parse)
            guard !items.isEmpty, parsed.count == items.count else {
                throw ValidationError("--\(name) \"\(text)\": not a comma-separated list of valid values")
            }
            return parsed
        }
        var options = RPCBenchmark.Options()
        options.scenarios =
            self.scenario == "all"
            ? RPCBenchmark.Scenario.allCases
            : try list(self.scenario, "scenario") { RPCBenchmark.Scenario(rawValue: $0) }
        options.compression = try list(self.compression, "compression") { RPCBenchmark.Compression(rawValue: $0) }
        options.connections = try list(self.connections, "connections") { Int($0).flatMap { $0 > 0 ? $0 : nil } }
        options.inFlight = try list(self.inFlight, "in-flight") { Int($0).flatMap { $0 > 0 ? $0 : nil } }
        options.seconds = self.seconds
        options.payload = self.payload
        options.largePayload = self.largePayload
        options.streamLength = self.streamLength
        options.officeEnterprises = self.enterprises
        options.rawBaseline = !self.noBaseline
        return options
    }

    func validate() throws {
        _ = try self.options()
        guard self.seconds > 0, self.payload > 0, self.largePayload > 0, self.streamLength > 0, self.enterprises > 0
        else {
            throw ValidationError(
                "--seconds, --payload, --large-payload, --stream-length, --enterprises must be positive"
            )
        }
    }

    func run() async throws {
        let report = try await RPCBenchmark.run(try self.options())
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(RPCBenchmark.table(report))
        }
    }
}
