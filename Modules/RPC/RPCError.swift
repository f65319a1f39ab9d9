public import ChainDeskWire

/// A call that ended without success, as its caller sees it: a status code, a message for people, the
/// trailing metadata, and, for errors raised locally, the underlying cause.
public struct RPCError: Error, Sendable, CustomStringConvertible {
    public var code: StatusCode
    public var message: String
    public var trailers: Metadata
    public var cause: (any Error)?
    /// The server certainly did not process the call (refused by GOAWAY or before it was sent), so it may be
    /// retried on another connection even without an idempotency key.
    public var notProcessed: Bool

    public init(
        code: StatusCode,
        message: String,
        trailers: Metadata = Metadata(),
        cause: (any Error)? = nil,
        notProcessed: Bool = false
    ) {
        self.code = code
        self.message = message
        self.trailers = trailers
        self.cause = cause
        self.notProcessed = notProcessed
    }

    public var description: String {
        "\(self.code.name): \(self.message)"
    }

    /// The error a call-scoped wire error ends its call with.
    init(_ error: WireError) {
        self.init(code: error.code.status, message: "\(error.code.identifier): \(error.message)", cause: error)
    }
}
