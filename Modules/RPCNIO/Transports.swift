public import ChainDeskRPC
internal import ChainDeskWire
internal import NIOCore
internal import NIOPosix

/// A server listening on TCP.
public struct TCPListener: Sendable {
    let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    let server: RPCServer
    /// The port bound (useful after binding port 0).
    public let port: Int

    /// Binds `host:port` for `server`; `run()` then accepts connections.
    public static func bind(server: RPCServer, host: String = "127.0.0.1", port: Int = 0, tls: TLS? = nil) async throws
        -> TCPListener
    {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(try tls.serverHandler()) }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return TCPListener(channel: channel, server: server, port: channel.channel.localAddress?.port ?? port)
    }

    /// Accepts connections until `close()`; each is served in its own task.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await self.channel.executeThenClose { inbound in
                for try await connection in inbound {
                    group.addTask(executorPreference: EventLoopExecutor(connection.channel.eventLoop)) {
                        try? await connection.executeThenClose { inbound, outbound in
                            let mode = await self.server.serve(
                                inbound: inbound,
                                eventLoop: connection.channel.eventLoop
                            ) { try await outbound.write($0) }
                            if mode == .reset { try await Self.reset(connection.channel) }
                        }
                    }
                }
            }
        }
    }

    /// Makes closing `channel` reset its TCP connection (SO_LINGER 0): the kernel drops the bytes the peer has not
    /// read instead of holding them until TCP gives up on the peer.
    static func reset(_ channel: any Channel) async throws {
        guard let socket = channel as? any SocketOptionProvider else { return }
        try await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
    }

    /// Stops accepting new connections; open ones go on until they end.
    public func close() async {
        try? await self.channel.channel.close()
    }
}

/// Connects to a server over TCP.
public enum TCPTransport {
    /// Connects to `host:port`, runs `body` with a client, then closes the connection.
    public static func withClient<Result: Sendable>(
        host: String,
        port: Int,
        configuration: RPCConfiguration = RPCConfiguration(),
        tls: TLS? = nil,
        _ body: @escaping @Sendable (RPCClient) async throws -> Result
    ) async throws -> Result {
        let channel = try await Self.connect(host: host, port: port, configuration: configuration, tls: tls)
        let connection = Connection(role: .client, configuration: configuration, eventLoop: channel.channel.eventLoop)
        return try await Self.run(connection, on: channel, body)
    }

    /// A TCP (and TLS) channel to `host:port`, or UNAVAILABLE naming it.
    static func connect(
        host: String,
        port: Int,
        configuration: RPCConfiguration,
        tls: TLS?
    ) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        do {
            return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.milliseconds(configuration.connectTimeout.milliseconds))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls { try channel.pipeline.syncOperations.addHandler(try tls.clientHandler()) }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            // A connection that never opened processed nothing: a call that failed so may be made again.
            throw RPCError(
                code: .unavailable,
                message: "cannot connect to \(host):\(port)",
                cause: error,
                notProcessed: true
            )
        }
    }

    private static func run<Result: Sendable>(
        _ connection: Connection,
        on channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>,
        _ body: @escaping @Sendable (RPCClient) async throws -> Result
    ) async throws -> Result {
        try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Result?.self) { group in
                // The connection's reader and writer run on its socket's event loop; `body` runs where the caller
                // does, so that it may block without stalling the loop (`Connection.executor` lets a caller
                // that never blocks run there too).
                group.addTask(executorPreference: connection.executor) {
                    await connection.run(inbound: inbound) { try await outbound.write($0) }
                    return nil
                }
                defer {
                    connection.close(RPCError(code: .unavailable, message: "the client closed the connection"))
                }
                let result = try await body(RPCClient(connection: connection))
                connection.close(RPCError(code: .unavailable, message: "the client closed the connection"))
                group.cancelAll()
                try await group.waitForAll()
                return result
            }
        }
    }
}
