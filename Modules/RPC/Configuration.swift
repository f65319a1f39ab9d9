public import ChainDeskWire
internal import Synchronization

/// What an RPC endpoint can tune, with safe defaults: the wire limits and compression it declares, and the
/// runtime's own timers.
public struct RPCConfiguration: Sendable {
    /// Limits declared in SETTINGS, compression accepted and used.
    public var wire = WireConfiguration()
    /// How long a server waits for a client's preface and SETTINGS (SPEC.md §3.5).
    public var handshakeTimeout: Duration = .seconds(10)
    /// How long a closing connection waits for its last frames (a GOAWAY saying why) to be written.
    public var closeFlushTimeout: Duration = .seconds(2)
    /// How long a client waits for a TCP connection.
    public var connectTimeout: Duration = .seconds(10)
    /// A receiver returns window to the sender once this share of the initial window has been consumed.
    public var windowUpdateRatio = 0.5
    /// A client sends a PING after this long without hearing from the server (never more often than the server's
    /// PING_MIN_INTERVAL); nil turns keepalive off (SPEC.md §9.1).
    public var keepaliveInterval: Duration? = .seconds(30)
    /// How long a keepalive PING may go unanswered before the connection is considered dead.
    public var keepaliveTimeout: Duration = .seconds(20)
    /// PINGs arriving sooner than PING_MIN_INTERVAL after the previous one, tolerated before ENHANCE_YOUR_CALM.
    public var pingStrikes = 3
    /// The most connections a server serves at once; one more is told so (GOAWAY NO_ERROR naming no call,
    /// `connection.limit` in its reason) and closed, so its client may try again later or elsewhere.
    public var maxConnections = 4_096
    /// How long a peer may leave bytes unread before this endpoint gives up on it (SPEC.md §10.1): a connection
    /// whose socket has not taken a piece of what waits for it (at most 64 KiB) for this long is reset
    /// (`send.stalled` in the log); on a server, a call whose answers wait for window the client has not
    /// returned for this long ends with RESOURCE_EXHAUSTED, and its handler is cancelled. nil waits for ever
    /// (deadlines and keepalive still apply).
    public var sendStallTimeout: Duration? = .seconds(60)
    /// The most bytes queued for the socket before senders wait for it to drain (and a server stops reading new
    /// frames until it has): what bounds a connection's output when its peer reads slowly or not at all.
    public var outboundBufferLimit = 1 << 20
    /// The most bytes of unfinished messages one connection holds beyond its calls' windows: fragments whose window
    /// was returned before their message was whole (else a message larger than the window could never complete).
    /// nil: one message's worth, MAX_MESSAGE_SIZE, as SPEC.md §14 counts a receiver's worst case. Past it, a
    /// fragment's window is returned only once another message completes, so a peer that opens many messages and
    /// finishes none stalls its own calls, not the receiver's memory.
    public var partialMessageLimit: Int?
    /// What every connection made with this configuration shares of the same, on top of each one's own bound: a
    /// server's bound across all its connections (64 MiB by default).
    public var partialMessageBudget = PartialMessageBudget(bytes: 64 << 20)
    /// How a client waits before it makes a call again on a new connection.
    public var backoff = Backoff()
    /// How many times in all a client tries a call that may safely be made again (SPEC.md §12).
    public var maxAttempts = 3

    public init() {}

    /// The defaults, adjusted by `configure`.
    public static func defaults(_ configure: (inout RPCConfiguration) -> Void = { _ in }) -> RPCConfiguration {
        var configuration = RPCConfiguration()
        configure(&configuration)
        return configuration
    }
}

/// Per-call choices of a client.
public struct CallOptions: Sendable {
    /// How long the server has; the client also gives up locally when it passes.
    public var timeout: Duration?
    public var metadata: Metadata
    /// Makes the call safe to retry (SPEC.md §12).
    public var idempotencyKey: [UInt8]?

    public init(timeout: Duration? = nil, metadata: Metadata = Metadata(), idempotencyKey: [UInt8]? = nil) {
        self.timeout = timeout
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
    }

    public static let defaults = CallOptions()
}

/// Bytes of unfinished messages that every connection made with one configuration may hold together beyond their
/// windows (`RPCConfiguration.partialMessageBudget`).
public final class PartialMessageBudget: Sendable {
    public let capacity: Int
    private let used = Mutex(0)

    public init(bytes: Int) {
        self.capacity = bytes
    }

    /// Bytes held now, across connections.
    public var inUse: Int { self.used.withLock { $0 } }

    /// Takes up to `bytes`, as much as is left; returns how much was taken.
    func take(upTo bytes: Int) -> Int {
        self.used.withLock { used in
            let taken = max(0, min(bytes, self.capacity - used))
            used += taken
            return taken
        }
    }

    func give(back bytes: Int) {
        guard bytes > 0 else { return }
        self.used.withLock { $0 = max(0, $0 - bytes) }
    }
}
