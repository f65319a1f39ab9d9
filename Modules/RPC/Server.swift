public import ChainDeskWire
public import Logging
public import NIOCore
internal import NIOPosix
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
}

/// Serves a router's methods on connections: over TCP with `listen`, or on any connection with `serve`.
public final class RPCServer: Sendable {
    public let router: Router
    public let configuration: RPCConfiguration
    let logger: Logger
    private let live = Mutex<[ObjectIdentifier: Connection]>([:])
    private let draining = Mutex(false)

    public init(router: Router, configuration: RPCConfiguration = RPCConfiguration(), logger: Logger? = nil) {
        self.router = router
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "chaindesk.rpc.server")
    }

    /// Runs the server side of `connection` until it ends: the protocol over `inbound`/`write`, and a task per call.
    public func serve<Inbound: AsyncSequence>(
        inbound: Inbound,
        write: @escaping @Sendable (ByteBuffer) async throws -> Void
    ) async where Inbound.Element == ByteBuffer {
        let connection = Connection(role: .server, configuration: self.configuration, logger: self.logger)
        let key = ObjectIdentifier(connection)
        let drainAtOnce =
            self.live.withLock { live -> Bool in
                live[key] = connection
                return false
            } || self.draining.withLock { $0 }
        defer { _ = self.live.withLock { $0.removeValue(forKey: key) } }
        if drainAtOnce { connection.goAway(reason: "the server is shutting down") }
        await withDiscardingTaskGroup { group in
            group.addTask {
                await withDiscardingTaskGroup { calls in
                    for await call in connection.calls {
                        calls.addTask { await self.handle(call) }
                    }
                }
            }
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
            await connection.run(inbound: inbound, write: write)
            group.cancelAll()
        }
    }

    /// Runs one call's handler against its deadline and the client's cancellation.
    func handle(_ call: ServerCall) async {
        self.logger.trace("call started", metadata: ["call": "\(call.id)", "method": "\(call.method)"])
        guard let handler = self.router.handlers[call.method] else {
            call.end(.unimplemented, message: "call.unknown_method: method \(call.method) is not served here")
            return
        }
        // A deadline that has already passed (a deadline of 0 always has) ends the call before the handler runs
        // (SPEC.md §8.5): racing it against a fast handler would let the handler win.
        if let deadline = call.deadline, deadline <= .now {
            call.end(.deadlineExceeded, message: "the deadline passed before the call could start")
            return
        }
        enum Outcome: Sendable {
            case finished
            case failed(RPCError)
            case cancelled
            case deadline
            case none
        }
        let outcome = await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    try await handler(call)
                    return .finished
                } catch let error as RPCError {
                    return .failed(error)
                } catch is CancellationError {
                    return .cancelled
                } catch {
                    self.logger.debug("handler failed", metadata: ["call": "\(call.id)", "error": "\(error)"])
                    return .failed(RPCError(code: .unknown, message: "the handler failed"))
                }
            }
            group.addTask { await call.cancelled() == nil ? .none : .cancelled }
            if let deadline = call.deadline {
                group.addTask {
                    do {
                        try await Task.sleep(until: deadline)
                        return .deadline
                    } catch {
                        return .none
                    }
                }
            }
            var result = Outcome.none
            for await outcome in group {
                if case .none = outcome { continue }
                result = outcome
                break
            }
            group.cancelAll()
            return result
        }
        self.logger.trace(
            "call ended",
            metadata: ["call": "\(call.id)", "method": "\(call.method)", "outcome": "\(outcome)"]
        )
        switch outcome {
        case .finished: call.end(.ok)
        case .failed(let error):
            call.end(
                error.code,
                message: error.message,
                trailers: error.trailers.entries.isEmpty ? nil : error.trailers
            )
        case .deadline: call.end(.deadlineExceeded, message: "the deadline passed before the call finished")
        case .cancelled, .none: break
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
}
