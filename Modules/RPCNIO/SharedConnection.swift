public import ChainDeskRPC
internal import ChainDeskWire
public import NIOCore
internal import NIOPosix
internal import Synchronization

/// One TCP (or TLS) connection to a server, opened by the first call and reused by every later one, so that a
/// command making several calls pays one handshake, and reconnected when it is lost.
///
/// A server may be several nodes serving one office (`endpoints`): a connection is opened to the node that last
/// answered, else to the next in the list that does, and when a node goes away (its connection closes, or a call
/// on it fails UNAVAILABLE) the next connection starts with the node after it.
///
/// When the connection has closed or is going away (GOAWAY, a reset, the server's restart) the next call opens
/// another. A call that fails UNAVAILABLE is made again, on a fresh connection and after the configuration's
/// ``Backoff``, up to `maxAttempts` times in all, when that is safe (SPEC.md §12): when it was certainly not
/// processed (the connection could not be opened, or was going away before the call was taken), or when it is
/// `idempotent` (it carries an idempotency key, so the server applies it once however often it arrives).
///
/// The connection closes when the last reference to this object goes away, or on ``close()``.
public final class SharedConnection: Sendable {
    /// One node's address.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { "\(self.host):\(self.port)" }
    }

    /// The nodes, in the order they are tried.
    public let endpoints: [Endpoint]
    /// The first node's host and port.
    public var host: String { self.endpoints[0].host }
    public var port: Int { self.endpoints[0].port }

    private struct Open: Sendable {
        var connection: Connection
        var runner: Task<Void, Never>
        /// Which of the endpoints it reached.
        var endpoint: Int

        func end() {
            self.connection.close(RPCError(code: .unavailable, message: "the client closed the connection"))
            self.runner.cancel()
        }
    }

    private struct State: Sendable {
        var current: Open?
        var opening: Task<Open, any Error>?
        /// Connections opened so far, and attempts to open one: what a test or a benchmark counts.
        var opened = 0
        var tried = 0
        /// The endpoint a new connection tries first: the last that answered, or the one after a node that went.
        var preferred = 0
    }

    private let state = Mutex(State())

    public convenience init(host: String, port: Int) {
        self.init(endpoints: [Endpoint(host: host, port: port)])
    }

    /// Several nodes of one office; at least one.
    public init(endpoints: [Endpoint]) {
        precondition(!endpoints.isEmpty, "a shared connection needs an endpoint")
        self.endpoints = endpoints
    }

    /// The endpoint the kept connection reaches, or that the next one will try first.
    public var currentEndpoint: Endpoint {
        self.state.withLock { state in self.endpoints[state.current?.endpoint ?? state.preferred] }
    }

    deinit {
        self.close()
    }

    /// How many TCP connections this object has opened.
    public var connectionsOpened: Int { self.state.withLock { $0.opened } }

    /// How many times this object has tried to open a connection, successfully or not.
    public var connectionsTried: Int { self.state.withLock { $0.tried } }

    /// Runs `body` with a client on the kept connection, opening it (with `configuration` and `tls`) if needed, and
    /// runs it again on a new connection, after a backoff, when it failed UNAVAILABLE and may safely be repeated:
    /// `idempotent`, or certainly not processed.
    public func withClient<Result: Sendable>(
        configuration: RPCConfiguration,
        tls: TLS?,
        idempotent: Bool = false,
        _ body: @Sendable (RPCClient) async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            var used: Connection?
            do {
                let connection = try await self.connection(configuration: configuration, tls: tls)
                used = connection
                return try await body(RPCClient(connection: connection))
            } catch let error as RPCError
                where error.code == .unavailable && (idempotent || error.notProcessed)
                && attempt < configuration.maxAttempts
            {
                if let used { self.drop(used) }
                try await Task.sleep(for: configuration.backoff.delay(attempt: attempt - 1))
                attempt += 1
            }
        }
    }

    /// A unary call of raw bytes, made again when that is safe: with an idempotency key in `options`, or when
    /// refused before processing.
    public func unary(
        method: UInt32,
        request: ByteBuffer,
        options: CallOptions = .defaults,
        configuration: RPCConfiguration,
        tls: TLS? = nil
    ) async throws -> ByteBuffer {
        try await self.withClient(configuration: configuration, tls: tls, idempotent: options.idempotencyKey != nil) {
            client in
            try await client.unary(method: method, request: request, options: options)
        }
    }

    /// Closes the kept connection; later calls open a new one.
    public func close() {
        let (current, opening) = self.state.withLock { state in
            defer {
                state.current = nil
                state.opening = nil
            }
            return (state.current, state.opening)
        }
        opening?.cancel()
        current?.end()
    }

    private func drop(_ connection: Connection) {
        self.state.withLock { state in
            if let current = state.current, current.connection === connection {
                state.current = nil
                state.preferred = (current.endpoint + 1) % self.endpoints.count
            }
        }
    }

    private func connection(configuration: RPCConfiguration, tls: TLS?) async throws -> Connection {
        enum Lookup {
            case ready(Connection)
            case opening(Task<Open, any Error>)
        }
        // A connection that no longer takes calls is forgotten, not closed: what it still carries finishes, and
        // it closes by itself.
        let lookup = self.state.withLock { state -> Lookup in
            if let current = state.current {
                if current.connection.acceptsCalls { return .ready(current.connection) }
                // That node went away or is draining: the next connection starts with the node after it.
                state.preferred = (current.endpoint + 1) % self.endpoints.count
                state.current = nil
            }
            if let opening = state.opening { return .opening(opening) }
            let endpoints = self.endpoints
            let first = state.preferred
            state.tried += 1
            let opening = Task {
                try await Self.open(endpoints, from: first, configuration: configuration, tls: tls)
            }
            state.opening = opening
            return .opening(opening)
        }
        switch lookup {
        case .ready(let connection):
            return connection
        case .opening(let task):
            do {
                let open = try await task.value
                // Every caller waiting on this opening gets the same connection; the first installs it.
                self.state.withLock { state in
                    if state.opening == task { state.opening = nil }
                    if state.current?.connection !== open.connection {
                        state.current = open
                        state.preferred = open.endpoint
                        state.opened += 1
                    }
                }
                return open.connection
            } catch {
                self.state.withLock { state in
                    if state.opening == task { state.opening = nil }
                }
                throw error
            }
        }
    }

    /// Opens a connection to the first of `endpoints`, starting at `first`, that accepts one; fails with the last
    /// node's error when none does.
    private static func open(
        _ endpoints: [Endpoint],
        from first: Int,
        configuration: RPCConfiguration,
        tls: TLS?
    ) async throws -> Open {
        var failure: (any Error)?
        for step in 0..<endpoints.count {
            let index = (first + step) % endpoints.count
            let endpoint = endpoints[index]
            let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
            do {
                channel = try await TCPTransport.connect(
                    host: endpoint.host,
                    port: endpoint.port,
                    configuration: configuration,
                    tls: tls?.reaching(endpoint.host)
                )
            } catch {
                failure = error
                continue
            }
            let connection = Connection(
                role: .client,
                configuration: configuration,
                eventLoop: channel.channel.eventLoop
            )
            let runner = Task(executorPreference: connection.executor) {
                _ = try? await channel.executeThenClose { inbound, outbound in
                    await connection.run(inbound: inbound) { try await outbound.write($0) }
                }
            }
            return Open(connection: connection, runner: runner, endpoint: index)
        }
        throw failure ?? RPCError(code: .unavailable, message: "no node to connect to")
    }
}
