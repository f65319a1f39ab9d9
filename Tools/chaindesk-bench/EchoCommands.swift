internal import ArgumentParser
internal import ChainDeskBench
internal import Foundation

struct EchoServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-serve",
        abstract: "Serves the 64-byte echo for echo-run in another process: over ChainDesk RPC, or as raw TCP."
    )
    @Option(help: "chaindesk or raw.") var kind = "chaindesk"
    @Option(help: "The port (0: a free one).") var port = 0

    func validate() throws {
        guard ["chaindesk", "raw"].contains(self.kind) else { throw ValidationError("--kind must be chaindesk or raw") }
    }

    func run() async throws {
        try await RPCBenchmark.serve(raw: self.kind == "raw", port: self.port)
    }
}

struct EchoRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-run",
        abstract: "Measures unary echo calls to echo-serve in another process; prints JSON."
    )
    @Option(help: "chaindesk or raw.") var kind = "chaindesk"
    @Option(help: "The server's port.") var port: Int
    @Option(name: .customLong("in-flight"), help: "Calls kept in flight on one connection.") var inFlight = 64
    @Option(help: "How long to measure, seconds.") var seconds = 5.0
    @Option(help: "Bytes per message.") var payload = 64

    func validate() throws {
        guard ["chaindesk", "raw"].contains(self.kind) else { throw ValidationError("--kind must be chaindesk or raw") }
        guard self.inFlight >= 1, self.seconds > 0, self.payload >= 0 else {
            throw ValidationError("--in-flight must be positive, --seconds above zero")
        }
    }

    func run() async throws {
        let figures = try await RPCBenchmark.remote(
            raw: self.kind == "raw",
            port: self.port,
            payload: self.payload,
            inFlight: self.inFlight,
            seconds: self.seconds
        )
        let p50 = Int(figures.latency.p50Milliseconds * 1000)
        let p99 = Int(figures.latency.p99Milliseconds * 1000)
        print(
            "{\"calls_per_second\": \(Int(figures.callsPerSecond)), \"p50_us\": \(p50), \"p99_us\": \(p99), "
                + "\"in_flight\": \(self.inFlight)}"
        )
    }
}
