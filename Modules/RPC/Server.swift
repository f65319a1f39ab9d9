internal import ChainDeskWire
public import Logging
public import NIOCore
internal import Synchronization

/// Handles one call: reads `call.requests`, sends responses. Returning ends the call with OK (unless it was ended
/// already); throwing an `RPCError` ends it with that status; any other error ends it with UNKNOWN, without
/// revealing what it was.
public typealias CallHandler = @Sendable (ServerCall) async throws -> Void

/// Methods by their numeric id.
public struct Router: Sendable {
    var handlers: [UInt32: CallHandler] = [:]

    public init() {}

    /// Serves `method` with `handler`, replacing any earlier handler for it.
    public mutating func register(_ method: UInt32, _ handler: @escaping CallHandler) {
        self.handlers[method] = handler
    }

    /// The ids served.
    public var methods: [UInt32] { self.handlers.keys.sorted() }

    /// Serves `other`'s methods too; where both serve an id, `other`'s handler wins.
    public mutating func include(_ other: Router) {
        self.handlers.merge(other.handlers) { _, theirs in theirs }
    }
}

/// Serves a router's methods on connections: over TCP with `listen`, or on any connection with `serve`.
public final class RPCServer: Sendable {
    public let router: Router
    public let configuration: RPCConfiguration
    let logger: Logger
    private let live = Mutex<[ObjectIdentifier: Connection]>([:])
    private let draining = Mutex(false)
    /// The bytes of the connections that have closed.
    private let closedTraffic = Connection.Traffic()

    public init(router: Router, configuration: RPCConfiguration = RPCConfiguration(), logger: Logger? = nil) {
        self.router = router
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "chaindesk.rpc.server")
    }

    /// Runs the server side of a connection until it ends: the protocol over `inbound`/`write`, and a task per call.
    /// Returns how the transport should close the byte stream.
    ///
    /// - Parameter eventLoop: the event loop the connection's socket is served on, if any: calls' handlers then
    ///   run on it, and their deadlines are timed by it.
    @discardableResult
    public func serve<Inbound: AsyncSequence & Sendable>(
        inbound: Inbound,
        eventLoop: (any EventLoop)? = nil,
        write: @escaping @Sendable (ByteBuffer) async throws -> Void
    ) async -> Connection.CloseMode where Inbound.Element == ByteBuffer {
        let executor = eventLoop.map { EventLoopExecutor($0) }
        let running = RunningCalls()
        // One task per call, started by the reader as the call arrives and not as a child of a task group, so
        // that cancelling the call can cancel its handler alone; `running` waits for them before the connection
        // is done.
        let connection = Connection(
            role: .server,
            configuration: self.configuration,
            logger: self.logger,
            eventLoop: eventLoop
        ) { call in
            running.begin()
            let task = Task(executorPreference: executor) {
                await self.handle(call)
                running.end()
            }
            call.connection.attach(task, to: call.id)
        }
        let key = ObjectIdentifier(connection)
        let admitted = self.live.withLock { live -> Bool in
            guard live.count < self.configuration.maxConnections else { return false }
            live[key] = connection
            return true
        }
        guard admitted else {
            // Over the limit: the opening, then GOAWAY naming no call, so the client knows nothing ran and why.
            var refusal = Connection.opening(connection.localSettings)
            let limit = self.configuration.maxConnections
            FrameEncoder().encode(
                .goAway(
                    GoAwayFrame(
                        lastCallID: 0,
                        code: .noError,
                        reason: "connection.limit: this server serves at most \(limit) connections; try again later"
                    )
                ),
                into: &refusal
            )
            try? await write(refusal)
            self.logger.notice("connection refused: at the connection limit", metadata: ["limit": "\(limit)"])
            // Read what the client sends until it goes, for a short while at most: closing with its bytes unread
            // would reset the connection, and the client could lose the GOAWAY before reading it.
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await _ in inbound {}
                    } catch {}
                }
                group.addTask { try? await Task.sleep(for: self.configuration.closeFlushTimeout) }
                _ = await group.next()
                group.cancelAll()
            }
            return .orderly
        }
        let drainAtOnce = self.draining.withLock { $0 }
        defer {
            // Its bytes join the server's totals as it leaves the live set, in one step, so a reading of the
            // totals never counts them twice or not at all.
            self.live.withLock {
                $0.removeValue(forKey: key)
                self.closedTraffic.absorb(connection.traffic.figures)
            }
        }
        if drainAtOnce { connection.goAway(reason: "the server is shutting down") }
        let mode = await withDiscardingTaskGroup { group in
            group.addTask {
                try? await Task.sleep(for: self.configuration.handshakeTimeout)
                if !Task.isCancelled, connection.handshake.value == nil {
                    connection.fail(
                        WireError(
                            code: .handshakeTimeout,
                            message: "no preface and SETTINGS within the handshake timeout"
                        )
                    )
                }
            }
            let mode = await connection.run(inbound: inbound, write: write)
            group.cancelAll()
            return mode
        }
        await running.waitUntilNone()
        return mode
    }

    /// Runs one call's handler. The call's deadline (timed on the connection's event loop when it has one) and the
    /// client's cancellation end the call and cancel the handler's task (`Connection.expire`, `removeCall`).
    func handle(_ call: ServerCall) async {
        self.logger.trace("call started", metadata: ["call": "\(call.id)", "method": "\(call.method)"])
        guard let handler = self.router.handlers[call.method] else {
            call.end(.unimplemented, message: "call.unknown_method: method \(call.method) is not served here")
            return
        }
        // A deadline that has already passed (a deadline of 0 always has) ends the call before the handler runs
        // (SPEC.md §8.5): racing it against a fast handler would let the handler win.
        var timer: DeadlineTimer?
        if let deadline = call.deadline {
            guard deadline > .now else {
                call.end(.deadlineExceeded, message: "the deadline passed before the call could start")
                return
            }
            timer = DeadlineTimer(at: deadline, on: call.connection.eventLoop) { call.connection.expire(call.id) }
        }
        defer { timer?.cancel() }
        do {
            try await handler(call)
            call.end(.ok)
        } catch let error as RPCError where error.code == .ok {
            // A failure cannot end a call OK: a unary call's OK carries its one response (SPEC.md §5.4).
            call.end(.internal, message: "the handler failed with status OK (code 0), which is not a failure")
        } catch let error as RPCError {
            call.end(
                error.code,
                message: error.message,
                trailers: error.trailers.entries.isEmpty ? nil : error.trailers
            )
        } catch is CancellationError {
            // Whoever cancelled the call has ended it; a handler that gave up on its own says so.
            call.end(.cancelled, message: "the handler was cancelled")
        } catch {
            self.logger.debug("handler failed", metadata: ["call": "\(call.id)", "error": "\(error)"])
            call.end(.unknown, message: "the handler failed")
        }
        self.logger.trace("call ended", metadata: ["call": "\(call.id)", "method": "\(call.method)"])
    }

    /// Connections open now.
    public var openConnections: Int { self.live.withLock { $0.count } }

    /// Every byte this server has moved, on connections closed and open: what `/metrics` reports.
    public var traffic: Connection.Traffic.Figures {
        self.live.withLock { live in
            live.values.reduce(self.closedTraffic.figures) { $0 + $1.traffic.figures }
        }
    }

    /// Stops accepting calls: every connection gets GOAWAY and closes once its calls have finished.
    public func beginGracefulShutdown() {
        self.draining.withLock { $0 = true }
        let connections = self.live.withLock { Array($0.values) }
        for connection in connections { connection.goAway(reason: "the server is shutting down") }
    }

    /// Connections open now.
    public var connectionCount: Int { self.live.withLock { $0.count } }

    /// Bytes queued for all connections' sockets and not yet taken by them: what slow readers cost the server,
    /// at most `outboundBufferLimit` (and a few frames) each.
    public var queuedOutputBytes: Int {
        self.live.withLock { live in live.values.reduce(0) { $0 + $1.queuedOutputBytes } }
    }

    /// Calls whose answers wait for window their client has not returned: slow readers, each held to its window.
    public var callsWaitingForWindow: Int {
        self.live.withLock { live in live.values.reduce(0) { $0 + $1.callsWaitingForWindow } }
    }
}

/// Counts a connection's running call handlers, so that serving it ends only after the last one has.
final class RunningCalls: Sendable {
    private let state = Mutex<(count: Int, waiter: UnsafeContinuation<Void, Never>?)>((0, nil))

    func begin() { self.state.withLock { $0.count += 1 } }

    func end() {
        let waiter = self.state.withLock { state -> UnsafeContinuation<Void, Never>? in
            state.count -= 1
            guard state.count == 0 else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func waitUntilNone() async {
        await withUnsafeContinuation { continuation in
            let none = self.state.withLock { state -> Bool in
                guard state.count > 0 else { return true }
                state.waiter = continuation
                return false
            }
            if none { continuation.resume() }
        }
    }
}

/// Fires an action at a call's deadline unless cancelled first: on the connection's event loop (a timer in its
/// schedule, no task), else in a sleeping task.
struct DeadlineTimer {
    private let scheduled: Scheduled<Void>?
    private let task: Task<Void, Never>?

    init(at deadline: ContinuousClock.Instant, on eventLoop: (any EventLoop)?, _ action: @escaping @Sendable () -> Void)
    {
        if let eventLoop {
            let (seconds, attoseconds) = (deadline - .now).components
            let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
            self.scheduled = eventLoop.scheduleTask(in: .nanoseconds(max(0, nanoseconds))) { action() }
            self.task = nil
        } else {
            self.scheduled = nil
            self.task = Task {
                guard (try? await Task.sleep(until: deadline)) != nil else { return }
                action()
            }
        }
    }

    func cancel() {
        self.scheduled?.cancel()
        self.task?.cancel()
    }
}
