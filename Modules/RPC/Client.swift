public import ChainDeskWire
public import NIOCore

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

    /// Starts a call and runs `body` on it, enforcing the deadline locally and passing cancellation to the server.
    public func call<Result: Sendable>(
        method: UInt32,
        options: CallOptions = .defaults,
        _ body: @escaping @Sendable (ClientCall) async throws -> Result
    ) async throws -> Result {
        let call = try await self.connection.startCall(method: method, options: options)
        return try await withTaskCancellationHandler {
            guard let timeout = options.timeout else { return try await body(call) }
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask { try await body(call) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                guard let first = try await group.next() else { preconditionFailure("two tasks were added") }
                group.cancelAll()
                guard let result = first else {
                    call.cancel(.deadlineExceeded, message: "the deadline passed before the call finished")
                    throw RPCError(code: .deadlineExceeded, message: "the deadline passed before the call finished")
                }
                return result
            }
        } onCancel: {
            call.cancel(.cancelled, message: "the caller cancelled the call")
        }
    }

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
