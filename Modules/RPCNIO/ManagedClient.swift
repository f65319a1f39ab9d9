public import ChainDeskRPC
public import ChainDeskWire
public import Logging
public import NIOCore
internal import NIOPosix
internal import Synchronization

/// A client that keeps a TCP connection to one server: connects when needed, reconnects with backoff when the
/// connection is lost, and retries calls that are safe to retry — those refused before processing, and those
/// carrying an idempotency key (SPEC.md §12).
///
/// `run()` maintains the connection and must be running (in a task) while calls are made.
public final class ManagedClient: Sendable {
    public let host: String
    public let port: Int
    public let configuration: RPCConfiguration
    let tls: TLS?
    private let current = Mutex<(connection: Connection?, waiters: Waiters, nextWaiter: Int, lastError: RPCError?)>(
        (nil, Waiters(), 0, nil)
    )
    let logger: Logger

    public init(
        host: String,
        port: Int,
        configuration: RPCConfiguration = RPCConfiguration(),
        tls: TLS? = nil,
        logger: Logger? = nil
    ) {
        self.host = host
        self.port = port
        self.configuration = configuration
        self.tls = tls
        self.logger = logger ?? Logger(label: "chaindesk.rpc.managed-client")
    }

    /// Keeps a connection up until cancelled.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                try await self.connectAndServe()
                failures = 0
            } catch {
                let failure = RPCError(
                    code: .unavailable,
                    message: "cannot reach \(self.host):\(self.port)",
                    cause: error
                )
                let waiters = self.current.withLock { state in
                    state.lastError = failure
                    return state.waiters.takeAll()
                }
                for waiter in waiters { waiter.resume(throwing: failure) }
                failures += 1
            }
            guard !Task.isCancelled else { break }
            try? await Task.sleep(for: self.configuration.backoff.delay(attempt: max(0, failures - 1)))
        }
        let waiters = self.current.withLock { $0.waiters.takeAll() }
        for waiter in waiters { waiter.resume(throwing: RPCError(code: .unavailable, message: "the client stopped")) }
    }

    private func connectAndServe() async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.milliseconds(self.configuration.connectTimeout.milliseconds))
            .connect(host: self.host, port: self.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls = self.tls { try channel.pipeline.syncOperations.addHandler(try tls.clientHandler()) }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let connection = Connection(
            role: .client,
            configuration: self.configuration,
            logger: self.logger,
            eventLoop: channel.channel.eventLoop
        )
        try await channel.executeThenClose { inbound, outbound in
            await withTaskGroup(of: Void.self) { group in
                group.addTask(executorPreference: connection.executor) {
                    await connection.run(inbound: inbound) { try await outbound.write($0) }
                }
                if let error = await connection.handshakeCompleted() {
                    self.logger.debug("handshake failed", metadata: ["error": "\(error)"])
                } else {
                    let waiters = self.current.withLock { state in
                        state.connection = connection
                        state.lastError = nil
                        return state.waiters.takeAll()
                    }
                    for waiter in waiters { waiter.resume() }
                }
                _ = await connection.waitUntilClosed()
                self.current.withLock { state in
                    if state.connection === connection { state.connection = nil }
                }
                group.cancelAll()
            }
        }
    }

    /// The connection to call on: the current one, or the next one within the connect timeout.
    func connection() async throws -> Connection {
        let deadline = ContinuousClock.now + self.configuration.connectTimeout
        while true {
            if let connection = self.current.withLock({ $0.connection }), connection.closedReason == nil,
                connection.acceptsCalls
            {
                return connection
            }
            guard ContinuousClock.now < deadline else {
                let last = self.current.withLock { $0.lastError }
                throw RPCError(
                    code: .unavailable,
                    message: "no connection to \(self.host):\(self.port)\(last.map { ": \($0.message)" } ?? "")",
                    cause: last,
                    notProcessed: true
                )
            }
            let id = self.current.withLock { state in
                defer { state.nextWaiter += 1 }
                return state.nextWaiter
            }
            try? await withTaskCancellationHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await withCheckedThrowingContinuation {
                            (continuation: CheckedContinuation<Void, any Error>) in
                            self.current.withLock { $0.waiters.add(id, continuation) }
                        }
                    }
                    group.addTask { try await Task.sleep(until: deadline) }
                    _ = try await group.next()
                    group.cancelAll()
                    self.current.withLock { $0.waiters.remove(id) }?.resume()
                }
            } onCancel: {
                self.current.withLock { $0.waiters.remove(id) }?.resume(throwing: CancellationError())
            }
            try Task.checkCancellation()
        }
    }

    /// Runs `body` with a client on the current connection; retries on a fresh connection, with backoff, when the
    /// call failed UNAVAILABLE and is safe to retry (`idempotent`, or certainly not processed).
    public func withRetries<Result: Sendable>(
        idempotent: Bool,
        _ body: @escaping @Sendable (RPCClient) async throws -> Result
    ) async throws -> Result {
        var attempt = 0
        while true {
            do {
                return try await body(RPCClient(connection: try await self.connection()))
            } catch let error as RPCError where error.code == .unavailable && (idempotent || error.notProcessed) {
                attempt += 1
                guard attempt < self.configuration.maxAttempts else { throw error }
                self.logger.debug("retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: self.configuration.backoff.delay(attempt: attempt - 1))
            }
        }
    }

    /// A unary call, retried when safe: with an idempotency key in `options`, or when refused before processing.
    public func unary(method: UInt32, request: ByteBuffer, options: CallOptions = .defaults) async throws -> ByteBuffer
    {
        try await self.withRetries(idempotent: options.idempotencyKey != nil) { client in
            try await client.unary(method: method, request: request, options: options)
        }
    }
}
