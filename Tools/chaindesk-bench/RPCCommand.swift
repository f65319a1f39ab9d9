internal import ArgumentParser
internal import ChainDeskBench
internal import Foundation

struct RPCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Unary calls over loopback TCP against a raw TCP echo, in the same run (both sides in this process)."
    )

    @Option(help: "Payload bytes per call.") var payload = 64
    @Option(help: "Calls in flight on the one connection.") var inFlight = 64
    @Option(help: "Seconds per measurement.") var seconds = 3.0
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard self.payload >= 0, self.inFlight > 0, self.seconds > 0 else {
            throw ValidationError("--payload must not be negative; --in-flight and --seconds must be positive")
        }
    }

    func run() async throws {
        let result = try await RPCBenchmark.run(payload: self.payload, inFlight: self.inFlight, seconds: self.seconds)
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("payload \(result.payloadBytes) bytes, one connection")
        print(
            String(
                format: "ChainDesk unary, %d in flight: %.0f calls/s; raw TCP echo: %.0f/s; ratio %.2f",
                result.inFlight,
                result.rpc.callsPerSecond,
                result.rawEcho.callsPerSecond,
                result.throughputRatio
            )
        )
        print("ChainDesk unary, 1 in flight: \(result.rpcSingle.latency)")
        print("raw TCP echo,    1 in flight: \(result.rawEchoSingle.latency)")
        print(String(format: "p50 latency ratio at 1 in flight: %.2f", result.latencyRatio))
        if let rpc = result.rpcSingle.allocationsPerCall, let raw = result.rawEchoSingle.allocationsPerCall {
            print(
                String(format: "heap allocations per call (client and server): ChainDesk %.1f, raw echo %.1f", rpc, raw)
            )
        } else {
            print("heap allocations: run under Tools/malloc-count/run.sh to count them")
        }
    }
}
