public import NIOCore
internal import NIOPosix
internal import Synchronization

/// A weak mobile link between a client and a server: a TCP proxy on loopback that limits bandwidth, delays every
/// byte by half the round-trip time plus jitter, and cuts connections after a number of bytes.
///
/// Each direction of a connection is a queue: a chunk read from one side leaves after the chunks before it have
/// been sent at the link's rate, and arrives a one-way delay (with jitter, never reordering) later. A cut closes
/// both sides the moment the connection has carried `cutAfterBytes` in both directions together; the bytes up to
/// the cut are delivered.
public final class WeakLink: Sendable {
    public struct Conditions: Sendable, Hashable {
        /// The link's rate in each direction, bits per second; nil: unlimited.
        public var bitsPerSecond: Int?
        /// The round-trip time the link adds (half each way).
        public var roundTrip: Duration
        /// Up to this much extra one-way delay, at random.
        public var jitter: Duration
        /// Cut a connection once it has carried this many bytes (both directions together); nil: never.
        public var cutAfterBytes: Int?
        /// How many connections, in order, are cut (the rest are left alone).
        public var cutConnections: Int

        public init(
            bitsPerSecond: Int? = nil,
            roundTrip: Duration = .zero,
            jitter: Duration = .zero,
            cutAfterBytes: Int? = nil,
            cutConnections: Int = .max
        ) {
            self.bitsPerSecond = bitsPerSecond
            self.roundTrip = roundTrip
            self.jitter = jitter
            self.cutAfterBytes = cutAfterBytes
            self.cutConnections = cutConnections
        }
    }

    /// What went through the link so far.
    public struct Counters: Sendable, Hashable {
        /// Bytes from client to server, and back.
        public var up = 0
        public var down = 0
        public var connections = 0
        /// Connections whose both sides have closed: everything they carried is counted.
        public var closed = 0
        public var cuts = 0
    }

    public let port: Int
    let channel: any Channel
    let state: LinkState

    /// Starts a link on a free loopback port, forwarding to `host:port`.
    public static func start(to host: String, port: Int, conditions: Conditions) async throws -> WeakLink {
        let state = LinkState(conditions)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { inbound in
                let conditions = state.conditions.withLock { $0 }
                let index = state.counters.withLock { counters in
                    defer { counters.connections += 1 }
                    return counters.connections
                }
                let cut = index < conditions.cutConnections ? conditions.cutAfterBytes : nil
                return ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .connect(host: host, port: port)
                    .flatMapThrowing { outbound in
                        let connection = Connection(conditions: conditions, cutAfter: cut, state: state)
                        try inbound.pipeline.syncOperations.addHandler(
                            Forwarder(connection: connection, peer: outbound, upstream: true)
                        )
                        try outbound.pipeline.syncOperations.addHandler(
                            Forwarder(connection: connection, peer: inbound, upstream: false)
                        )
                    }
                    .flatMapErrorThrowing { error in
                        inbound.close(promise: nil)
                        throw error
                    }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return WeakLink(port: channel.localAddress?.port ?? 0, channel: channel, state: state)
    }

    init(port: Int, channel: any Channel, state: LinkState) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    /// Counts so far.
    public var traffic: Counters { self.state.counters.withLock { $0 } }

    /// Changes the conditions for connections made from now on.
    public func change(_ conditions: Conditions) {
        self.state.conditions.withLock { $0 = conditions }
    }

    /// Stops accepting connections.
    public func stop() async {
        try? await self.channel.close()
    }
}

/// What every connection of a link shares: its conditions and its counters.
final class LinkState: Sendable {
    let conditions: Mutex<WeakLink.Conditions>
    let counters = Mutex(WeakLink.Counters())

    init(_ conditions: WeakLink.Conditions) {
        self.conditions = Mutex(conditions)
    }
}

/// One proxied connection's shaping state, touched only on its event loop.
final class Connection {
    let conditions: WeakLink.Conditions
    let cutAfter: Int?
    let state: LinkState
    var carried = 0
    var cut = false
    /// Sides (client's, server's) that have closed.
    var inactive = 0
    /// Per direction (up, down): when the link is next free to send, and when the last chunk arrives.
    var nextFree: [Bool: NIODeadline] = [:]
    var lastArrival: [Bool: NIODeadline] = [:]

    init(conditions: WeakLink.Conditions, cutAfter: Int?, state: LinkState) {
        self.conditions = conditions
        self.cutAfter = cutAfter
        self.state = state
    }

    /// When `bytes` read now in `upstream` direction arrive at the other side.
    func arrival(of bytes: Int, upstream: Bool) -> NIODeadline {
        let now = NIODeadline.now()
        var leaves = max(now, self.nextFree[upstream] ?? now)
        if let rate = self.conditions.bitsPerSecond, rate > 0 {
            leaves = leaves + .nanoseconds(Int64(bytes) * 8 * 1_000_000_000 / Int64(rate))
        }
        self.nextFree[upstream] = leaves
        let oneWay = self.conditions.roundTrip / 2
        let jitterNanoseconds = TimeAmount(self.conditions.jitter).nanoseconds
        let jitter = Duration.nanoseconds(jitterNanoseconds > 0 ? Int64.random(in: 0...jitterNanoseconds) : 0)
        var arrives = leaves + TimeAmount(oneWay + jitter)
        arrives = max(arrives, self.lastArrival[upstream] ?? arrives)
        self.lastArrival[upstream] = arrives
        return arrives
    }

    /// When both directions have delivered everything sent so far.
    var drained: NIODeadline { max(self.lastArrival[true] ?? .now(), self.lastArrival[false] ?? .now()) }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension NIODeadline {
    static func + (lhs: NIODeadline, rhs: Duration) -> NIODeadline { lhs + TimeAmount(rhs) }
}

/// Forwards what one side sends to the other, shaped by the connection's conditions.
final class Forwarder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let connection: Connection
    let peer: any Channel
    let upstream: Bool

    init(connection: Connection, peer: any Channel, upstream: Bool) {
        self.connection = connection
        self.peer = peer
        self.upstream = upstream
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.connection.cut else { return }
        var bytes = Self.unwrapInboundIn(data)
        var closing = false
        if let limit = self.connection.cutAfter, self.connection.carried + bytes.readableBytes >= limit {
            bytes = bytes.getSlice(at: bytes.readerIndex, length: max(0, limit - self.connection.carried)) ?? bytes
            self.connection.cut = true
            closing = true
        }
        self.connection.carried += bytes.readableBytes
        let count = bytes.readableBytes
        let upstream = self.upstream
        self.connection.state.counters.withLock { counters in
            if upstream { counters.up += count } else { counters.down += count }
            if closing { counters.cuts += 1 }
        }
        let arrives = self.connection.arrival(of: count, upstream: self.upstream)
        let peer = self.peer
        let own = context.channel
        let chunk = bytes
        context.eventLoop.scheduleTask(deadline: arrives) {
            if chunk.readableBytes > 0 { peer.writeAndFlush(chunk, promise: nil) }
            if closing {
                peer.close(promise: nil)
                own.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.connection.inactive += 1
        if self.connection.inactive == 2 { self.connection.state.counters.withLock { $0.closed += 1 } }
        let peer = self.peer
        context.eventLoop.scheduleTask(deadline: self.connection.drained) { peer.close(promise: nil) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
