public import ChainDeskWire

/// A call that ended without success, as its caller sees it: a status code, a message for people, the
/// trailing metadata, and, for errors raised locally, the underlying cause.
public struct RPCError: Error, Sendable, CustomStringConvertible {
    public var code: StatusCode
    public var message: String
    public var trailers: Metadata
    public var cause: (any Error)?

    public init(code: StatusCode, message: String, trailers: Metadata = Metadata(), cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.trailers = trailers
        self.cause = cause
    }

    public var description: String {
        "\(self.code.name): \(self.message)"
    }

    /// The error a call-scoped wire error ends its call with.
    init(_ error: WireError) {
        self.init(code: error.code.status, message: "\(error.code.identifier): \(error.message)", cause: error)
    }
}
