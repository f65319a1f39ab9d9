public import ChainDeskWire
public import NIOCore
internal import Synchronization

/// A message as the reader hands it to a call: its bytes, and the window to return once it is consumed.
struct InboundMessage: Sendable {
    var bytes: ByteBuffer
    var credit: Int
}

/// The messages arriving on one call, in order. Reading one returns its bytes to the sender's window, so a slow
/// reader slows its own sender and nothing else.
public struct InboundMessages: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer
    public typealias Failure = any Error

    let queue: AsyncQueue<InboundMessage>
    let connection: Connection
    let callID: UInt32

    public struct AsyncIterator: AsyncIteratorProtocol {
        let queue: AsyncQueue<InboundMessage>
        let connection: Connection
        let callID: UInt32

        public mutating func next() async throws -> ByteBuffer? {
            guard let message = try await self.queue.next() else {
                // A cancelled task's call ends its messages too; say so rather than end quietly.
                if Task.isCancelled { throw RPCError(code: .cancelled, message: "the reading task was cancelled") }
                return nil
            }
            self.connection.consumed(self.callID, credit: message.credit)
            return message.bytes
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(queue: self.queue, connection: self.connection, callID: self.callID)
    }
}

/// What a client learns about a call besides its messages: the server's initial and trailing metadata.
public final class CallInfo: Sendable {
    private let state = Mutex<(headers: Metadata?, trailers: Metadata?)>((nil, nil))

    init() {}

    /// The server's initial metadata (HEADERS), once received.
    public var headers: Metadata? { self.state.withLock { $0.headers } }
    /// The trailing metadata of END, once the call has ended.
    public var trailers: Metadata? { self.state.withLock { $0.trailers } }

    func setHeaders(_ metadata: Metadata) { self.state.withLock { $0.headers = metadata } }
    func setTrailers(_ metadata: Metadata?) { self.state.withLock { $0.trailers = metadata } }
}

/// A call as the client drives it.
public struct ClientCall: Sendable {
    public let id: UInt32
    public let method: UInt32
    /// The server's messages; the sequence ends normally on status OK and throws `RPCError` otherwise.
    public let responses: InboundMessages
    public let info: CallInfo
    let connection: Connection

    /// Sends one request message; `end` also ends the client's side (END_STREAM).
    ///
    /// On a call that has already ended with an error — the server refused it, say, before the request could
    /// go — it throws that error, as `responses` would.
    public func send(_ message: ByteBuffer, end: Bool = false) async throws {
        do {
            try await self.connection.send(message, on: self.id, endStream: end)
        } catch {
            throw self.responses.queue.failure ?? error
        }
    }

    /// Ends the client's side after its last message (CLOSE).
    public func close() throws {
        do {
            try self.connection.closeSending(self.id)
        } catch {
            throw self.responses.queue.failure ?? error
        }
    }

    /// Abandons the call: the server is told, and `responses` throws CANCELLED (or `status`).
    public func cancel(_ status: StatusCode = .cancelled, message: String = "cancelled by the client") {
        self.connection.cancel(self.id, status: status, message: message)
    }
}

/// A call as the server handles it.
public struct ServerCall: Sendable {
    public let id: UInt32
    public let method: UInt32
    public let metadata: Metadata
    /// The time the client gave the server, from when the CALL frame arrived.
    public let deadline: ContinuousClock.Instant?
    public let idempotencyKey: [UInt8]?
    /// The client's messages; the sequence ends when the client ends its side.
    public let requests: InboundMessages
    let connection: Connection

    /// Sends initial metadata; at most once, before any message.
    public func sendHeaders(_ metadata: Metadata) {
        self.connection.enqueue(.headers(HeadersFrame(callID: self.id, metadata: metadata)))
    }

    /// Sends one response message; `endWithOK` also ends the call with status OK (END_STREAM).
    public func send(_ message: ByteBuffer, endWithOK: Bool = false) async throws {
        try await self.connection.send(message, on: self.id, endStream: endWithOK)
        if endWithOK { self.connection.finishServerCall(self.id) }
    }

    /// Ends the call with a status.
    public func end(_ status: StatusCode, message: String? = nil, trailers: Metadata? = nil) {
        self.connection.endServerCall(self.id, status: status, message: message, trailers: trailers)
    }

    /// Drains the connection this call came on (SPEC.md §9.2): GOAWAY NO_ERROR naming the last call accepted,
    /// which may be this one; those calls finish, later ones are discarded, and the connection then closes.
    public func drainConnection(reason: String = "draining") {
        self.connection.goAway(reason: reason)
    }

    /// Returns when the client cancels or the connection fails, with the reason; nil if the waiting task is
    /// cancelled first.
    public func cancelled() async -> RPCError? {
        await self.connection.cancellation(of: self.id).wait()
    }
}
