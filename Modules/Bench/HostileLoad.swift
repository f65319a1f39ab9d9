public import ChainDeskRPC
internal import ChainDeskWire
public import Foundation
internal import NIOCore
internal import NIOPosix
internal import Synchronization

/// A node under many connections: what each idle one costs in memory, the CRM workload sustained over many at
/// once (any failed call ends the run as an error), and slowloris peers — connections that send part of a
/// preface and then nothing — closed by the node's handshake timeout without hurting the others.
public enum HostileLoad {
    public struct Options: Sendable {
        public var idle = 1_000
        public var active = 1_000
        public var seconds = 60.0
        public var slowloris = 100
        public var enterprises = 2_000

        public init() {}
    }

    public struct Result: Codable, Sendable {
        public var idleConnections: Int
        public var rssBeforeKiB: Int
        public var rssWithIdleKiB: Int
        public var kibPerIdleConnection: Double
        public var activeConnections: Int
        public var load: LoadFigures
        public var peakRSSKiB: Int
        public var slowloris: Int
        public var slowlorisClosed: Int
        /// The longest a slowloris connection stayed open, in seconds.
        public var slowlorisLongestSeconds: Double
    }

    public static func run(_ options: Options) async throws -> Result {
        let server = try ServerProcess(kind: .office, enterprises: options.enterprises)
        defer { server.stop() }
        let workload = try await CRMWorkload.prepare(port: server.port, token: server.token ?? "")
        try await Task.sleep(for: .milliseconds(500))
        let before = server.memory?.rss ?? 0

        // Idle connections: each completes its handshake (a PING answered), then waits.
        let state = IdleState()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<options.idle {
                group.addTask {
                    try await TCPTransport.withClient(host: "127.0.0.1", port: server.port) { client in
                        _ = try await client.connection.ping()
                        state.up.add(1, ordering: .relaxed)
                        while !state.released.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(200)) }
                    }
                }
            }
            while state.up.load(ordering: .relaxed) < options.idle { try await Task.sleep(for: .milliseconds(20)) }
            try await Task.sleep(for: .milliseconds(500))
            let withIdle = server.memory?.rss ?? 0

            // Slowloris peers: two bytes of a preface, then silence; the node must close them on its own.
            let slowStarted = ContinuousClock.now
            let slowClosed = Mutex<[Duration]>([])
            var slowChannels: [any Channel] = []
            for _ in 0..<options.slowloris {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: "127.0.0.1", port: server.port).get()
                try await channel.writeAndFlush(ByteBuffer(bytes: [0x43, 0x44]))
                channel.closeFuture.whenComplete { _ in
                    slowClosed.withLock { $0.append(ContinuousClock.now - slowStarted) }
                }
                slowChannels.append(channel)
            }

            var load = try await Load.drive(
                port: server.port,
                configuration: RPCConfiguration(),
                connections: options.active,
                inFlight: 1,
                seconds: options.seconds
            ) { client in
                try await workload.call(client)
            }
            load.noteMemory(of: server)
            let peak = server.memory?.peak ?? 0
            // Counted before this side closes the ones still open.
            let closed = slowClosed.withLock { $0 }
            state.released.store(true, ordering: .relaxed)
            try await group.waitForAll()
            for channel in slowChannels { try? await channel.close() }
            let longest = closed.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }.max()
            return Result(
                idleConnections: options.idle,
                rssBeforeKiB: before,
                rssWithIdleKiB: withIdle,
                kibPerIdleConnection: Double(withIdle - before) / Double(max(1, options.idle)),
                activeConnections: options.active,
                load: load,
                peakRSSKiB: peak,
                slowloris: options.slowloris,
                slowlorisClosed: closed.count,
                slowlorisLongestSeconds: longest ?? 0
            )
        }
    }
}

/// The idle connections' shared flags: how many are up, and whether they may go.
private final class IdleState: Sendable {
    let up = Atomic<Int>(0)
    let released = Atomic<Bool>(false)
}
