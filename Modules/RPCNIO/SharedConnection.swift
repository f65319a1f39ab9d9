public import ChainDeskRPC
internal import ChainDeskWire
public import NIOCore
internal import NIOPosix
internal import Synchronization

/// One TCP (or TLS) connection to a server, opened by the first call and reused by every later one, so that a
/// command making several calls pays one handshake, and reconnected when it is lost.
///
/// When the connection has closed or is going away (GOAWAY, a reset, the server's restart) the next call opens
/// another. A call that fails UNAVAILABLE is made again, on a fresh connection and after the configuration's
/// ``Backoff``, up to `maxAttempts` times in all, when that is safe (SPEC.md §12): when it was certainly not
/// processed (the connection could not be opened, or was going away before the call was taken), or when it is
/// `idempotent` (it carries an idempotency key, so the server applies it once however often it arrives).
///
/// The connection closes when the last reference to this object goes away, or on ``close()``.
public final class SharedConnection: Sendable {
    public let host: String
    public let port: Int

    private struct Open: Sendable {
        var connection: Connection
        var runner: Task<Void, Never>

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
    }

    private let state = Mutex(State())

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
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
            if state.current?.connection === connection { state.current = nil }
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
            if let current = state.current, current.connection.acceptsCalls { return .ready(current.connection) }
            state.current = nil
            if let opening = state.opening { return .opening(opening) }
            let host = self.host
            let port = self.port
            state.tried += 1
            let opening = Task { try await Self.open(host: host, port: port, configuration: configuration, tls: tls) }
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

    private static func open(host: String, port: Int, configuration: RPCConfiguration, tls: TLS?) async throws -> Open {
        let channel = try await TCPTransport.connect(host: host, port: port, configuration: configuration, tls: tls)
        let connection = Connection(role: .client, configuration: configuration, eventLoop: channel.channel.eventLoop)
        let runner = Task(executorPreference: connection.executor) {
            _ = try? await channel.executeThenClose { inbound, outbound in
                await connection.run(inbound: inbound) { try await outbound.write($0) }
            }
        }
        return Open(connection: connection, runner: runner)
    }
}
