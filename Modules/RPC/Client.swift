public import ChainDeskWire
public import NIOCore
internal import Synchronization

/// Makes calls on one connection: the four call kinds with async/await, deadlines and cancellation.
public struct RPCClient: Sendable {
    public let connection: Connection

    public init(connection: Connection) {
        precondition(connection.role == .client, "an RPCClient needs a client connection")
        self.connection = connection
    }

    /// A unary call: one request, one response.
    public func unary(method: UInt32, request: ByteBuffer, options: CallOptions = .defaults) async throws -> ByteBuffer
    {
        try await self.call(method: method, options: options) { call in
            try await call.send(request, end: true)
            return try await Self.single(call.responses)
        }
    }

    /// A server-streaming call: one request; `body` reads the responses.
    public func serverStreaming<Result: Sendable>(
        method: UInt32,
        request: ByteBuffer,
        options: CallOptions = .defaults,
        _ body: @escaping @Sendable (InboundMessages) async throws -> Result
    ) async throws -> Result {
        try await self.call(method: method, options: options) { call in
            try await call.send(request, end: true)
            return try await body(call.responses)
        }
    }

    /// A client-streaming call: `requests` sends messages (the client's side ends when it returns); one response.
    public func clientStreaming(
        method: UInt32,
        options: CallOptions = .defaults,
        _ requests: @escaping @Sendable (RequestWriter) async throws -> Void
    ) async throws -> ByteBuffer {
        try await self.call(method: method, options: options) { call in
            try await requests(RequestWriter(call: call))
            try call.close()
            return try await Self.single(call.responses)
        }
    }

    /// A bidirectional call: `requests` and `responses` run concurrently.
    public func bidirectional<Result: Sendable>(
        method: UInt32,
        options: CallOptions = .defaults,
        requests: @escaping @Sendable (RequestWriter) async throws -> Void,
        responses: @escaping @Sendable (InboundMessages) async throws -> Result
    ) async throws -> Result {
        try await self.call(method: method, options: options) { call in
            try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    try await requests(RequestWriter(call: call))
                    try? call.close()
                    return nil
                }
                group.addTask { try await responses(call.responses) }
                var result: Result?
                for try await value in group where value != nil { result = value }
                return result!
            }
        }
    }

    /// Starts a call and runs `body` on it, passing cancellation to the server.
    ///
    /// The deadline is enforced here as well as by the server: when it passes, the call ends with
    /// DEADLINE_EXCEEDED (CANCEL goes to the server), so whatever `body` awaits on the call — a response, room to
    /// send — throws that error. A body that finishes after the deadline without touching the call again gets the
    /// error rather than its result.
    public func call<Result: Sendable>(
        method: UInt32,
        options: CallOptions = .defaults,
        _ body: @escaping @Sendable (ClientCall) async throws -> Result
    ) async throws -> Result {
        let start = ContinuousClock.now
        let call = try await self.connection.startCall(method: method, options: options)
        let expired = Self.deadlineExceeded
        var expiry: DeadlineExpiry?
        var timer: DeadlineTimer?
        if let timeout = options.timeout {
            let deadline = DeadlineExpiry()
            timer = DeadlineTimer(at: start + timeout, on: self.connection.eventLoop) {
                [connection = self.connection] in
                if connection.cancel(call.id, status: expired.code, message: expired.message) { deadline.fire() }
            }
            expiry = deadline
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            do {
                let result = try await body(call)
                // The deadline ended the call while the body went on without it.
                if expiry?.fired == true { throw expired }
                return result
            } catch {
                // Whatever the body met once the deadline had ended the call (the deadline's own error, or a
                // cancellation of its own tasks that it caused), the call failed by its deadline.
                if expiry?.fired == true { throw expired }
                throw error
            }
        } onCancel: {
            call.cancel(.cancelled, message: "the caller cancelled the call")
        }
    }

    /// Whether a client call's deadline passed and ended the call.
    final class DeadlineExpiry: Sendable {
        private let ended = Atomic<Bool>(false)

        func fire() { self.ended.store(true, ordering: .releasing) }
        var fired: Bool { self.ended.load(ordering: .acquiring) }
    }

    static let deadlineExceeded = RPCError(
        code: .deadlineExceeded,
        message: "the deadline passed before the call finished"
    )

    static func single(_ responses: InboundMessages) async throws -> ByteBuffer {
        var iterator = responses.makeAsyncIterator()
        guard let response = try await iterator.next() else {
            throw RPCError(
                code: .internal,
                message: "call.message_count: the server ended a unary call without a response"
            )
        }
        guard try await iterator.next() == nil else {
            throw RPCError(code: .internal, message: "call.message_count: the server sent more than one response")
        }
        return response
    }
}

/// Sends a call's request messages.
public struct RequestWriter: Sendable {
    let call: ClientCall

    public func send(_ message: ByteBuffer) async throws {
        try await self.call.send(message)
    }
}
