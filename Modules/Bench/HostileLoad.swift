public import ChainDeskRPC
public import ChainDeskRPCNIO
internal import ChainDeskWire
public import Foundation
internal import NIOCore
internal import NIOPosix
internal import Synchronization

/// A node under many connections: what each idle one costs in memory, the CRM workload sustained over many at
/// once (any failed call ends the run as an error), slowloris peers — connections that send part of a preface
/// and then nothing — closed by the node's handshake timeout, and slow readers — connections that ask for
/// answers and never read them — reset by its send-stall timeout, without hurting the others.
public enum HostileLoad {
    public struct Options: Sendable {
        public var idle = 1_000
        public var active = 1_000
        public var seconds = 60.0
        public var slowloris = 100
        public var slowReaders = 100
        /// The node's send-stall timeout (`--send-stall-seconds`).
        public var sendStallSeconds = 10
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
        public var slowReaders: Int
        public var slowReadersClosed: Int
        /// The longest a slow reader stayed open, in seconds, and the node's send-stall timeout.
        public var slowReadersLongestSeconds: Double
        public var sendStallSeconds: Int
    }

    public static func run(_ options: Options) async throws -> Result {
        let server = try ServerProcess(
            kind: .office,
            enterprises: options.enterprises,
            arguments: ["--send-stall-seconds", String(options.sendStallSeconds)]
        )
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

            // Slow readers: they ask for answers and never read a byte of them.
            var readerChannels: [any Channel] = []
            let readersClosed = Mutex<[Duration]>([])
            for _ in 0..<options.slowReaders {
                let channel = try await Self.slowReader(port: server.port)
                channel.closeFuture.whenComplete { _ in
                    readersClosed.withLock { $0.append(ContinuousClock.now - slowStarted) }
                }
                readerChannels.append(channel)
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
            let readersGone = readersClosed.withLock { $0 }
            state.released.store(true, ordering: .relaxed)
            try await group.waitForAll()
            for channel in slowChannels + readerChannels { try? await channel.close() }
            func longest(_ times: [Duration]) -> Double {
                times.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }.max() ?? 0
            }
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
                slowlorisLongestSeconds: longest(closed),
                slowReaders: options.slowReaders,
                slowReadersClosed: readersGone.count,
                slowReadersLongestSeconds: longest(readersGone),
                sendStallSeconds: options.sendStallSeconds
            )
        }
    }
}

extension HostileLoad {
    /// A connection that never reads its socket (reading is off and its receive buffer small): it handshakes and
    /// sends 100 echo requests of 60,000 bytes, whose 6 MB of answers are more than the kernel's buffers on both
    /// sides and the node's queue hold together, then waits to be closed. (Echo rather than office methods, so
    /// that what is measured is the node's handling of a peer that does not read, not the cost of queries.)
    static func slowReader(port: Int) async throws -> any Channel {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: false)
            .channelOption(.socketOption(.so_rcvbuf), value: 4096)
            .connect(host: "127.0.0.1", port: port).get()
        var bytes = ByteBuffer()
        Preface.current.write(into: &bytes)
        FrameEncoder().encode(.settings(Settings.defaults.frame), into: &bytes)
        let fragment = ByteBuffer(repeating: 0x73, count: 15_000)
        for index in 0..<100 {
            let id = UInt32(2 * index + 1)
            FrameEncoder().encode(.call(CallFrame(callID: id, method: BenchServer.Methods.echo)), into: &bytes)
            for part in 0..<4 {
                let frame = MessageFrame(callID: id, payload: fragment, more: part < 3, endStream: part == 3)
                FrameEncoder().encode(.message(frame), into: &bytes)
            }
        }
        try await channel.writeAndFlush(bytes)
        return channel
    }
}

/// The idle connections' shared flags: how many are up, and whether they may go.
private final class IdleState: Sendable {
    let up = Atomic<Int>(0)
    let released = Atomic<Bool>(false)
}
