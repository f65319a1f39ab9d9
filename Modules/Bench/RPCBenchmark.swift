public import ChainDeskRPC
internal import ChainDeskWire
public import Foundation
internal import NIOCore
internal import NIOPosix

/// Measures unary calls over loopback TCP against a raw TCP echo of the same payload, in the same run.
public enum RPCBenchmark {
    public struct Figures: Codable, Sendable {
        public var callsPerSecond: Double
        public var latency: StoreBenchmark.Latency
        /// Heap allocations per call, client and server together (with Tools/malloc-count/run.sh; nil without).
        public var allocationsPerCall: Double?
    }

    public struct Result: Codable, Sendable {
        public var payloadBytes: Int
        public var inFlight: Int
        public var rpc: Figures
        public var rpcSingle: Figures
        public var rawEcho: Figures
        public var rawEchoSingle: Figures
        public var throughputRatio: Double { self.rpc.callsPerSecond / max(1, self.rawEcho.callsPerSecond) }
        public var latencyRatio: Double {
            self.rpcSingle.latency.p50Milliseconds / max(0.000_001, self.rawEchoSingle.latency.p50Milliseconds)
        }
    }

    static let method: UInt32 = 1

    /// Runs both sides in this process on loopback: `seconds` per measurement, `inFlight` concurrent calls.
    public static func run(payload: Int = 64, inFlight: Int = 64, seconds: Double = 3) async throws -> Result {
        var router = Router()
        router.register(Self.method) { call in
            for try await message in call.requests {
                try await call.send(message, endWithOK: true)
                return
            }
        }
        var configuration = RPCConfiguration()
        configuration.wire.compression.send = false
        let server = RPCServer(router: router, configuration: configuration)
        let listener = try await TCPListener.bind(server: server)
        let echo = try await RawEcho.bind()
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await listener.run()
                return nil
            }
            group.addTask {
                try await echo.run()
                return nil
            }
            var message = ByteBuffer()
            message.writeRepeatingByte(0x2A, count: payload)
            let request = message
            let (rpc, rpcSingle) = try await TCPTransport.withClient(
                host: "127.0.0.1",
                port: listener.port,
                configuration: configuration
            ) {
                client in
                let call: @Sendable () async throws -> Void = {
                    _ = try await client.unary(method: Self.method, request: request)
                }
                return (
                    try await measure(inFlight: inFlight, seconds: seconds, call),
                    try await measure(inFlight: 1, seconds: seconds / 2, call)
                )
            }
            let (raw, rawSingle) = try await RawEcho.withClient(port: echo.port, payload: payload) { roundTrip in
                (
                    try await measure(inFlight: inFlight, seconds: seconds, roundTrip),
                    try await measure(inFlight: 1, seconds: seconds / 2, roundTrip)
                )
            }
            await listener.close()
            await echo.close()
            group.cancelAll()
            return Result(
                payloadBytes: payload,
                inFlight: inFlight,
                rpc: rpc,
                rpcSingle: rpcSingle,
                rawEcho: raw,
                rawEchoSingle: rawSingle
            )
        }!
    }

    /// Runs `call` from `inFlight` tasks for `seconds`.
    /// Serves the 64-byte echo for a client in another process: over ChainDesk's RPC (`raw` false) or as a bare
    /// TCP echo; runs until the process ends. Prints `listening on PORT` once bound.
    public static func serve(raw: Bool, port: Int) async throws {
        if raw {
            let echo = try await RawEcho.bind(port: port)
            FileHandle.standardOutput.write(Data("listening on \(echo.port)\n".utf8))
            try await echo.run()
            return
        }
        var router = Router()
        router.register(Self.method) { call in
            for try await message in call.requests {
                try await call.send(message, endWithOK: true)
                return
            }
        }
        var configuration = RPCConfiguration()
        configuration.wire.compression.send = false
        let listener = try await TCPListener.bind(
            server: RPCServer(router: router, configuration: configuration),
            port: port
        )
        FileHandle.standardOutput.write(Data("listening on \(listener.port)\n".utf8))
        try await listener.run()
    }

    /// Measures calls to an echo served by another process.
    public static func remote(raw: Bool, port: Int, payload: Int, inFlight: Int, seconds: Double) async throws
        -> Figures
    {
        if raw {
            return try await RawEcho.withClient(port: port, payload: payload) { roundTrip in
                _ = try await measure(inFlight: 1, seconds: 0.3, roundTrip)
                return try await measure(inFlight: inFlight, seconds: seconds, roundTrip)
            }
        }
        var configuration = RPCConfiguration()
        configuration.wire.compression.send = false
        var message = ByteBuffer()
        message.writeRepeatingByte(0x2A, count: payload)
        let request = message
        return try await TCPTransport.withClient(host: "127.0.0.1", port: port, configuration: configuration) {
            client in
            let call: @Sendable () async throws -> Void = {
                _ = try await client.unary(method: Self.method, request: request)
            }
            _ = try await measure(inFlight: 1, seconds: 0.3, call)
            return try await measure(inFlight: inFlight, seconds: seconds, call)
        }
    }

    static func measure(inFlight: Int, seconds: Double, _ call: @escaping @Sendable () async throws -> Void)
        async throws -> Figures
    {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let start = ContinuousClock.now
        let allocationsBefore = Allocations.current
        let samples = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<inFlight {
                group.addTask {
                    var samples: [Double] = []
                    while ContinuousClock.now < deadline {
                        let begin = ContinuousClock.now
                        try await call()
                        let elapsed = ContinuousClock.now - begin
                        samples.append(
                            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                        )
                    }
                    return samples
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        var allocations: Double? = nil
        if let before = allocationsBefore, let after = Allocations.current {
            allocations = Double(after - before) / Double(max(1, samples.count))
        }
        let elapsed = ContinuousClock.now - start
        let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Figures(
            callsPerSecond: Double(samples.count) / total,
            latency: StoreBenchmark.Latency(samples),
            allocationsPerCall: allocations
        )
    }
}
