internal import ArgumentParser
internal import ChainDeskBench
internal import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves what the benchmarks call, in a process of its own; prints \"listening on PORT\".",
        discussion: """
            chaindesk: the benchmark's byte methods over ChainDesk RPC; office: a synthetic office node (also \
            prints \"token T\", a sign-in of the officer who follows every enterprise); raw: a bare TCP echo.
            """
    )
    @Option(help: "chaindesk, office or raw.", transform: benchServerKind) var kind = BenchServer.Kind.chaindesk
    @Option(help: "The port (0: a free one).") var port = 0
    @Option(help: "Enterprises in the synthetic office.") var enterprises = 2000
    @Option(help: "The office's data folder (a new one).") var folder: String?
    @Option(
        name: .customLong("send-stall-seconds"),
        help: "The office node's send-stall timeout; 0 never. (default: the node's, 60)"
    )
    var sendStallSeconds = 60

    func validate() throws {
        guard (0...86_400).contains(self.sendStallSeconds) else {
            throw ValidationError("--send-stall-seconds must be from 0 (never) to 86400")
        }
    }

    func run() async throws {
        let folder =
            self.folder.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("chaindesk-bench-\(UUID())")
        try await BenchServer.serve(
            kind: self.kind,
            port: self.port,
            enterprises: self.enterprises,
            folder: folder,
            sendStall: self.sendStallSeconds == 0 ? nil : .seconds(self.sendStallSeconds)
        )
    }
}

/// Reads `--kind`, naming the kinds there are when it is none of them.
func benchServerKind(_ text: String) throws -> BenchServer.Kind {
    guard let kind = BenchServer.Kind(rawValue: text) else {
        throw ValidationError(
            "--kind \"\(text)\": not one of \(BenchServer.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
        )
    }
    return kind
}

struct EchoRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-run",
        abstract: "Measures unary echo calls to a `serve` in another process; prints one line of JSON."
    )
    @Option(help: "chaindesk or raw.", transform: benchServerKind) var kind = BenchServer.Kind.chaindesk
    @Option(help: "The server's port.") var port: Int
    @Option(name: .customLong("in-flight"), help: "Calls kept in flight on one connection.") var inFlight = 64
    @Option(help: "How long to measure, seconds.") var seconds = 5.0
    @Option(help: "Bytes per message.") var payload = 64

    func validate() throws {
        guard self.kind != .office else { throw ValidationError("--kind must be chaindesk or raw") }
        guard self.inFlight >= 1, self.seconds > 0, self.payload > 0 else {
            throw ValidationError("--in-flight and --payload must be positive, --seconds above zero")
        }
    }

    func run() async throws {
        let figures = try await RPCBenchmark.echo(
            raw: self.kind == .raw,
            port: self.port,
            payload: self.payload,
            inFlight: self.inFlight,
            seconds: self.seconds
        )
        print(RPCBenchmark.echoLine(figures, inFlight: self.inFlight))
    }
}
