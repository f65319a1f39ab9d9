internal import ChainDeskAPI
public import ChainDeskRPC
public import ChainDeskRPCNIO
internal import ChainDeskServer
internal import ChainDeskStore
internal import ChainDeskWire
public import Foundation
internal import Logging
internal import NIOCore

/// What `chaindesk-bench serve` runs, in a process of its own: the benchmark's byte methods over ChainDesk RPC, a
/// synthetic office node for the CRM workload, or the raw TCP echo.
public enum BenchServer {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case chaindesk, office, raw
    }

    /// The byte methods the scenarios call: no protobuf, so the figures are the protocol's alone.
    enum Methods {
        /// Unary: answers the request.
        static let echo: UInt32 = 1
        /// Server streaming: the request is a 4-byte big-endian count and a message, sent back that many times.
        static let stream: UInt32 = 2
        /// Client streaming: answers the last message received.
        static let collect: UInt32 = 3
        /// Bidirectional: answers each message as it arrives.
        static let pingPong: UInt32 = 4
        /// Unary: the server process's heap allocations so far (8 bytes, big-endian; empty when not counted).
        static let stats: UInt32 = 9_001
    }

    static func register(on router: inout Router) {
        router.register(Methods.echo) { call in
            for try await message in call.requests {
                try await call.send(message, endWithOK: true)
                return
            }
        }
        router.register(Methods.stream) { call in
            for try await var request in call.requests {
                guard let count = request.readInteger(as: UInt32.self) else {
                    throw RPCError(code: .invalidArgument, message: "a stream request starts with a 4-byte count")
                }
                for index in 0..<count { try await call.send(request, endWithOK: index == count - 1) }
                return
            }
        }
        router.register(Methods.collect) { call in
            var last = ByteBuffer()
            for try await message in call.requests { last = message }
            try await call.send(last, endWithOK: true)
        }
        router.register(Methods.pingPong) { call in
            for try await message in call.requests { try await call.send(message) }
        }
        router.register(Methods.stats) { call in
            for try await _ in call.requests {}
            var answer = ByteBuffer()
            if let count = Allocations.current { answer.writeInteger(UInt64(count)) }
            try await call.send(answer, endWithOK: true)
        }
    }

    /// Binds the byte methods on loopback; `run()` then serves them.
    package static func listen(port: Int = 0) async throws -> TCPListener {
        var router = Router()
        Self.register(on: &router)
        return try await TCPListener.bind(
            server: RPCServer(router: router, configuration: Self.configuration),
            port: port
        )
    }

    static var configuration: RPCConfiguration {
        var configuration = RPCConfiguration()
        configuration.wire.compression.dictionaries = [API.crmDictionary]
        configuration.wire.limits.maxConcurrentCalls = 4096
        return configuration
    }

    /// Serves until the process ends. Prints `listening on PORT`, and for the office a sign-in token
    /// (`token T`) for a user who follows every enterprise.
    ///
    /// - Parameter sendStall: the office node's send-stall timeout (nil: none; the node's default otherwise).
    public static func serve(
        kind: Kind,
        port: Int,
        enterprises: Int,
        folder: URL,
        sendStall: Duration? = RPCConfiguration().sendStallTimeout
    ) async throws {
        switch kind {
        case .raw:
            let channel = try await RawEcho.bind(port: port)
            Self.say("listening on \(channel.localAddress?.port ?? port)")
            try await channel.closeFuture.get()
        case .chaindesk:
            let listener = try await Self.listen(port: port)
            Self.say("listening on \(listener.port)")
            try await listener.run()
        case .office:
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            do {
                let store = try Store(path: folder.appendingPathComponent("office.sqlite").path)
                try await SyntheticData.generate(
                    into: store,
                    size: .init(enterprises: enterprises, interactions: enterprises * 5, officers: 1)
                )
            }
            var logger = Logger(label: "bench")
            logger.logLevel = .warning
            var nodeConfiguration = OfficeNode.Configuration(dataDirectory: folder)
            nodeConfiguration.rpc = Self.configuration
            nodeConfiguration.rpc.sendStallTimeout = sendStall
            let node = try await OfficeNode.open(nodeConfiguration, logger: logger)
            let admin = try node.firstAdmin.map { $0 } ?? { throw BenchError("the store already had users") }()
            var router = node.server.router
            Self.register(on: &router)
            let listener = try await TCPListener.bind(
                server: RPCServer(router: router, configuration: node.server.configuration, logger: logger),
                port: port
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await listener.run() }
                let token = try await SyncBenchmark.signIn(port: listener.port, admin: admin)
                Self.say("token \(token)")
                Self.say("listening on \(listener.port)")
                try await group.next()
            }
        }
    }

    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// A `chaindesk-bench serve` child process: started from this same executable, read for its port (and token),
/// measured for memory, stopped at the end.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int
    let token: String?
    let folder: URL

    /// - Parameter arguments: more `serve` options (the office node's own, such as `--send-stall-seconds`).
    init(kind: BenchServer.Kind, enterprises: Int = 2000, arguments: [String] = []) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chaindesk-bench-\(UUID())")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments =
            [
                "serve", "--kind", kind.rawValue, "--enterprises", String(enterprises), "--folder", folder.path,
            ] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        var port: Int?
        var token: String?
        while port == nil {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else {
                throw BenchError("the \(kind.rawValue) bench server ended before it listened")
            }
            text += String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n") {
                if line.hasPrefix("listening on ") { port = Int(line.dropFirst("listening on ".count)) }
                if line.hasPrefix("token ") { token = String(line.dropFirst("token ".count)) }
            }
        }
        self.process = process
        self.port = port!
        self.token = token
        self.folder = folder
    }

    /// Resident and peak resident memory in KiB (Linux /proc).
    var memory: (rss: Int, peak: Int)? {
        guard
            let status = try? String(contentsOfFile: "/proc/\(self.process.processIdentifier)/status", encoding: .utf8)
        else { return nil }
        func field(_ name: String) -> Int? {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
        }
        guard let rss = field("VmRSS"), let peak = field("VmHWM") else { return nil }
        return (rss, peak)
    }

    /// The server's heap allocations so far, when it counts them.
    func allocations() async throws -> UInt64? {
        let answer = try await TCPTransport.withClient(host: "127.0.0.1", port: self.port) { client in
            try await client.unary(method: BenchServer.Methods.stats, request: ByteBuffer())
        }
        var bytes = answer
        return bytes.readInteger(as: UInt64.self)
    }

    func stop() {
        self.process.terminate()
        self.process.waitUntilExit()
        try? FileManager.default.removeItem(at: self.folder)
    }
}
