public import ChainDeskRPC
public import ChainDeskRPCNIO
public import Logging
public import ServiceLifecycle

/// Serves an office node on TCP as a `Service`: on graceful shutdown (SIGTERM, SIGINT) it stops accepting,
/// sends GOAWAY, lets calls in flight finish, then returns.
public struct NodeService: Service {
    public let node: OfficeNode
    public let host: String
    public let port: Int
    public let tls: TLS?
    let logger: Logger
    /// Told the port once bound (useful with port 0).
    let onListening: @Sendable (Int) -> Void

    public init(
        node: OfficeNode,
        host: String,
        port: Int,
        tls: TLS? = nil,
        logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.node = node
        self.host = host
        self.port = port
        self.tls = tls
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let listener = try await TCPListener.bind(
            server: self.node.server,
            host: self.host,
            port: self.port,
            tls: self.tls
        )
        self.onListening(listener.port)
        self.logger.notice(
            "chaindesk-server listening",
            metadata: ["address": "\(self.host):\(listener.port)", "store": "\(self.node.configuration.storePath)"]
        )
        try await withGracefulShutdownHandler {
            try await listener.run()
        } onGracefulShutdown: {
            self.logger.notice("draining: finishing calls in flight, refusing new ones")
            self.node.beginGracefulShutdown()
            Task { await listener.close() }
        }
        self.logger.notice("chaindesk-server stopped")
    }
}
