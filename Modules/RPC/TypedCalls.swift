public import ChainDeskWire
public import NIOCore

/// A call's decoded request messages (server side) or response messages (client side).
public struct Messages<Element: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = any Error

    let base: InboundMessages
    let codec: any MessageCodec<Element>

    /// The messages of `base`, decoded with `codec`.
    public init(base: InboundMessages, codec: any MessageCodec<Element>) {
        self.base = base
        self.codec = codec
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: InboundMessages.AsyncIterator
        let codec: any MessageCodec<Element>

        public mutating func next() async throws -> Element? {
            guard let bytes = try await self.base.next() else { return nil }
            do {
                return try self.codec.decode(bytes)
            } catch {
                throw RPCError(
                    code: .internal,
                    message: "message.undecodable: a message is not a valid encoding of the method's message type",
                    cause: error
                )
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: self.base.makeAsyncIterator(), codec: self.codec)
    }
}

/// Sends typed messages on a call.
public struct MessageWriter<Element: Sendable>: Sendable {
    let send: @Sendable (ByteBuffer, Bool) async throws -> Void
    let codec: any MessageCodec<Element>

    init(send: @escaping @Sendable (ByteBuffer) async throws -> Void, codec: any MessageCodec<Element>) {
        self.send = { bytes, _ in try await send(bytes) }
        self.codec = codec
    }

    init(sendOrFinish: @escaping @Sendable (ByteBuffer, Bool) async throws -> Void, codec: any MessageCodec<Element>) {
        self.send = sendOrFinish
        self.codec = codec
    }

    public func send(_ message: Element) async throws {
        try await self.send(try self.codec.encode(message), false)
    }

    /// Sends the last message: on a server's response stream it also ends the call with OK (END_STREAM on the
    /// message, SPEC §6.1), saving the END frame; elsewhere it is an ordinary send.
    public func finish(with message: Element) async throws {
        try await self.send(try self.codec.encode(message), true)
    }
}

extension Router {
    /// Serves a unary method: one request, one response.
    public mutating func unary<Request, Response>(
        _ method: Method<Request, Response>,
        _ handler: @escaping @Sendable (Request, ServerCall) async throws -> Response
    ) {
        self.register(method.id) { call in
            let request = try await Self.single(Messages(base: call.requests, codec: method.request))
            let response = try await handler(request, call)
            try await call.send(try method.response.encode(response), endWithOK: true)
        }
    }

    /// Serves a server-streaming method: one request, any number of responses.
    public mutating func serverStreaming<Request, Response>(
        _ method: Method<Request, Response>,
        _ handler: @escaping @Sendable (Request, MessageWriter<Response>, ServerCall) async throws -> Void
    ) {
        self.register(method.id) { call in
            let request = try await Self.single(Messages(base: call.requests, codec: method.request))
            let writer = MessageWriter(
                sendOrFinish: { try await call.send($0, endWithOK: $1) },
                codec: method.response
            )
            try await handler(request, writer, call)
        }
    }

    /// Serves a client-streaming method: any number of requests, one response.
    public mutating func clientStreaming<Request, Response>(
        _ method: Method<Request, Response>,
        _ handler: @escaping @Sendable (Messages<Request>, ServerCall) async throws -> Response
    ) {
        self.register(method.id) { call in
            let response = try await handler(Messages(base: call.requests, codec: method.request), call)
            try await call.send(try method.response.encode(response), endWithOK: true)
        }
    }

    /// Serves a bidirectional method.
    public mutating func bidirectional<Request, Response>(
        _ method: Method<Request, Response>,
        _ handler: @escaping @Sendable (Messages<Request>, MessageWriter<Response>, ServerCall) async throws -> Void
    ) {
        self.register(method.id) { call in
            try await handler(
                Messages(base: call.requests, codec: method.request),
                MessageWriter(send: { try await call.send($0) }, codec: method.response),
                call
            )
        }
    }

    /// The one request of a unary or server-streaming call (SPEC.md §5.4).
    public static func single<Request>(_ requests: Messages<Request>) async throws -> Request {
        var iterator = requests.makeAsyncIterator()
        guard let request = try await iterator.next() else {
            throw RPCError(code: .internal, message: "call.message_count: no request message")
        }
        guard try await iterator.next() == nil else {
            throw RPCError(code: .internal, message: "call.message_count: more than one request message")
        }
        return request
    }
}

extension RPCClient {
    /// A unary call.
    public func unary<Request, Response>(
        _ method: Method<Request, Response>,
        _ request: Request,
        options: CallOptions = .defaults
    ) async throws -> Response {
        let bytes = try await self.unary(
            method: method.id,
            request: try method.request.encode(request),
            options: options
        )
        return try Self.decode(bytes, method.response)
    }

    /// A server-streaming call; `body` reads the responses.
    public func serverStreaming<Request, Response, Result: Sendable>(
        _ method: Method<Request, Response>,
        _ request: Request,
        options: CallOptions = .defaults,
        _ body: @escaping @Sendable (Messages<Response>) async throws -> Result
    ) async throws -> Result {
        let bytes = try method.request.encode(request)
        return try await self.serverStreaming(method: method.id, request: bytes, options: options) { responses in
            try await body(Messages(base: responses, codec: method.response))
        }
    }

    /// A client-streaming call; `requests` sends the messages.
    public func clientStreaming<Request, Response>(
        _ method: Method<Request, Response>,
        options: CallOptions = .defaults,
        _ requests: @escaping @Sendable (MessageWriter<Request>) async throws -> Void
    ) async throws -> Response {
        let bytes = try await self.clientStreaming(method: method.id, options: options) { writer in
            try await requests(MessageWriter(send: { try await writer.send($0) }, codec: method.request))
        }
        return try Self.decode(bytes, method.response)
    }

    /// A bidirectional call; `requests` and `responses` run concurrently.
    public func bidirectional<Request, Response, Result: Sendable>(
        _ method: Method<Request, Response>,
        options: CallOptions = .defaults,
        requests: @escaping @Sendable (MessageWriter<Request>) async throws -> Void,
        responses: @escaping @Sendable (Messages<Response>) async throws -> Result
    ) async throws -> Result {
        try await self.bidirectional(
            method: method.id,
            options: options,
            requests: { writer in
                try await requests(MessageWriter(send: { try await writer.send($0) }, codec: method.request))
            },
            responses: { messages in try await responses(Messages(base: messages, codec: method.response)) }
        )
    }

    static func decode<Response>(_ bytes: ByteBuffer, _ codec: any MessageCodec<Response>) throws -> Response {
        do {
            return try codec.decode(bytes)
        } catch {
            throw RPCError(
                code: .internal,
                message: "message.undecodable: the response is not a valid encoding of the method's response type",
                cause: error
            )
        }
    }
}
