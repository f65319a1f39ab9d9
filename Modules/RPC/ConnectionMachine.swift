internal import ChainDeskWire

/// The protocol state of one connection and every rule SPEC.md sets on it, as a value. Frames from the peer, what
/// the application asks (start a call, send, consume, drain, close) and the clock's ticks go in, each with `now`;
/// what the connection must do comes out as a small answer per event — a frame to send, a call to end, waiters to
/// wake, an error that ends the connection. It reads no clock, touches no socket and starts no task, so every rule
/// (§5.5 call order, §7 flow control, §9 keepalive, ping flood, draining and idle timeout, §10.1 send stall, §13.3
/// state errors) is tested by driving it directly (`ConnectionMachineTests`).
///
/// `Connection` is the shell around it: it owns the socket, the outbox, the clock and the tasks waiting on calls,
/// and keeps the machine and those waiters under one lock. `Attachment` is what the shell keeps with each call
/// (its message queue, its handler); the machine carries it and hands it back when the call ends, never reading it.
/// Its stored state is changed only by its own methods (here and in `ConnectionMachine+Calls.swift`).
struct ConnectionMachine<Attachment: Sendable>: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// What an endpoint's configuration decides of its rules.
    struct Rules: Sendable {
        var role: Role
        /// The SETTINGS this endpoint declared.
        var local: Settings
        var pingStrikes: Int
        /// The most bytes of unfinished messages this connection holds beyond their windows.
        var partialMessageLimit: Int
        /// What every connection of one configuration shares of the same (`RPCConfiguration.partialMessageBudget`).
        var partialMessageBudget: PartialMessageBudget
        var sendStallTimeout: Duration?
        var keepaliveInterval: Duration?
        var keepaliveTimeout: Duration
        /// A receiver returns window once this many bytes of a call's have been consumed.
        var windowThreshold: Int

        init(role: Role, configuration: RPCConfiguration, local: Settings) {
            self.role = role
            self.local = local
            self.pingStrikes = configuration.pingStrikes
            self.partialMessageLimit = configuration.partialMessageLimit ?? Int(local.maxMessageSize)
            self.partialMessageBudget = configuration.partialMessageBudget
            self.sendStallTimeout = configuration.sendStallTimeout
            self.keepaliveInterval = configuration.keepaliveInterval
            self.keepaliveTimeout = configuration.keepaliveTimeout
            self.windowThreshold = Int(Double(local.initialWindow) * configuration.windowUpdateRatio)
        }
    }

    /// One open call's protocol state.
    struct Call: Sendable {
        var attachment: Attachment
        var reassembler: MessageReassembler
        var sendWindow: Int
        /// Since when a sender has waited for window the peer has not returned (nil while it has window).
        var windowWaitSince: Instant?
        var receiveWindow: Int
        /// Bytes consumed whose window has not been returned yet.
        var unreturned = 0
        /// Of the unfinished message: bytes whose window was returned early, and bytes whose window waits for the
        /// connection's bound on unfinished messages to allow it.
        var earlyCredit = 0
        var heldCredit = 0
        /// The client has ended its side (server), or the call carries no more requests.
        var remoteEnded: Bool
        /// HEADERS or a MESSAGE has arrived: a HEADERS now would be out of order (SPEC.md §5.5).
        var responseStarted = false
    }

    let rules: Rules
    var peer = Settings.defaults
    var calls: [UInt32: Call] = [:]
    /// Client: the id the next call takes.
    var nextCallID: UInt32 = 1
    /// Server: the last call accepted.
    var lastAccepted: UInt32 = 0
    /// Server: the last call id of the GOAWAY it sent. Client: that of the GOAWAY it received.
    var goAway: UInt32?
    /// Client: the reason the server's GOAWAY gave, for the calls it refuses.
    var goAwayReason = ""
    /// Why the connection ended, once it has.
    var closed: RPCError?
    /// Closed because the peer stopped reading: the transport resets rather than flushes.
    var stalled = false
    var liveness: Liveness
    /// Client: the keepalive PING in flight, and when it went.
    var keepalive: (data: UInt64, sentAt: Instant)?
    var keepalivesSent: UInt64 = 0
    /// Bytes of unfinished messages whose window was returned early, over every call (`partialMessageLimit`).
    var partialCredit = 0
    /// Bytes of unfinished messages whose window waits for those bounds to allow it, over every call.
    var heldCredit = 0

    init(rules: Rules, now: Instant) {
        self.rules = rules
        self.liveness = Liveness(now: now)
    }

    var role: Role { self.rules.role }

    /// The attachment of an open call, changed in place.
    mutating func withAttachment<Result>(of id: UInt32, _ body: (inout Attachment) -> Result) -> Result? {
        guard self.calls[id] != nil else { return nil }
        return body(&self.calls[id]!.attachment)
    }

    func attachment(of id: UInt32) -> Attachment? { self.calls[id]?.attachment }

    // MARK: Connection-wide frames

    /// Bytes arrived from the peer.
    mutating func heard(at now: Instant) {
        self.liveness.heard(at: now)
    }

    /// The peer's SETTINGS: validated, and every open call's send window moved by the change of the initial
    /// window. Returns the settings to frame messages by: the peer's, with a fragment never larger than a whole
    /// initial window.
    mutating func receivedSettings(_ frame: SettingsFrame) throws(WireError) -> Settings {
        let peer = try Settings(validating: frame)
        let delta = Int(peer.initialWindow) - Int(self.peer.initialWindow)
        self.peer = peer
        if delta != 0 {
            for id in self.calls.keys { self.calls[id]!.sendWindow += delta }
        }
        var framing = peer
        framing.maxFrameSize = min(peer.maxFrameSize, max(Settings.minimumFrameSizeLimit, peer.initialWindow))
        return framing
    }

    /// A PING without ACK: answered, unless the peer has sent more early ones than tolerated (§9.1).
    mutating func receivedPing(_ ping: PingFrame, at now: Instant) throws(WireError) -> PingFrame {
        let minimum = Duration.milliseconds(Int64(self.rules.local.pingMinIntervalMilliseconds))
        let onPing = self.liveness.receivedPing(at: now, minimumInterval: minimum, tolerated: self.rules.pingStrikes)
        if case .flood(let strikes) = onPing {
            throw WireError(
                code: .pingFlood,
                message:
                    "\(strikes) PINGs came sooner than PING_MIN_INTERVAL (\(self.rules.local.pingMinIntervalMilliseconds) ms)"
            )
        }
        return PingFrame(data: ping.data, ack: true)
    }

    /// A PING's answer: true when it answers the keepalive PING, which is then no longer awaited.
    mutating func receivedPingAck(_ ping: PingFrame) -> Bool {
        guard let keepalive = self.keepalive, keepalive.data == ping.data else { return false }
        self.keepalive = nil
        return true
    }

    /// What a GOAWAY from the peer asks.
    enum OnGoAway {
        /// Server: the client is going away; drain (`startDraining`).
        case drain
        /// Client: these calls were not processed and end with `error`; then, if `close` is set, the connection
        /// closes with it, else it closes once drained.
        case refuse([UInt32], error: RPCError, close: RPCError?)
        /// The peer is closing for an error.
        case close(RPCError)
    }

    mutating func receivedGoAway(_ goAway: GoAwayFrame) -> OnGoAway {
        // A code this version does not know is INTERNAL_ERROR (SPEC.md §9.2): an error, not a drain.
        let code = goAway.code.isKnown ? goAway.code.name : "INTERNAL_ERROR (code \(goAway.code.rawValue))"
        if self.role == .server {
            // A client going away starts no more calls; the server finishes those it accepted, answers with its
            // own GOAWAY naming the last of them, and closes once they are done. A client's GOAWAY for an error
            // means it is closing: nothing more will be read.
            guard goAway.code == .noError else {
                return .close(
                    RPCError(code: .unavailable, message: "connection closed by the client: \(code) \(goAway.reason)")
                )
            }
            return .drain
        }
        self.goAway = min(self.goAway ?? .max, goAway.lastCallID)
        self.goAwayReason = goAway.reason
        let refused = self.calls.keys.filter { $0 > goAway.lastCallID }.sorted()
        let error = RPCError(
            code: .unavailable,
            message:
                "the server is going away (\(code)\(goAway.reason.isEmpty ? "" : ": \(goAway.reason)")); "
                + "this call was not processed and may be retried",
            notProcessed: true
        )
        let close =
            goAway.code == .noError
            ? nil : RPCError(code: .unavailable, message: "connection closed by the peer: \(code) \(goAway.reason)")
        return .refuse(refused, error: error, close: close)
    }

    /// Server: starts draining — the GOAWAY to send, naming the last call accepted; nil if already draining or
    /// closed. The connection closes once those calls end (`drained`).
    mutating func startDraining(reason: String) -> GoAwayFrame? {
        guard self.goAway == nil, self.closed == nil else { return nil }
        self.goAway = self.lastAccepted
        return GoAwayFrame(lastCallID: self.lastAccepted, code: .noError, reason: reason)
    }

    /// The reason to close with, once a draining connection's last call has ended; nil otherwise.
    var drained: RPCError? {
        guard self.goAway != nil, self.calls.isEmpty, self.closed == nil else { return nil }
        // A call started from now on was never sent: say so, with the server's reason, so it may go elsewhere.
        let reason = self.goAwayReason.isEmpty ? "" : " (\(self.goAwayReason))"
        return RPCError(
            code: .unavailable,
            message: "the connection has drained\(reason); open a new connection",
            notProcessed: true
        )
    }

    /// The GOAWAY answering a connection error (SPEC.md §13.1).
    func goAway(for error: WireError) -> GoAwayFrame {
        GoAwayFrame(
            lastCallID: self.lastAccepted,
            code: error.code.connectionCode,
            reason: "\(error.code.identifier): \(error.message)"
        )
    }

    /// Ends the connection: returns the attachments of the calls still open, which end with `reason`; nil if it
    /// had ended already.
    mutating func close(_ reason: RPCError, stalled: Bool = false) -> [Attachment]? {
        guard self.closed == nil else { return nil }
        self.closed = reason
        self.stalled = stalled
        let open = self.calls.values.map(\.attachment)
        self.calls = [:]
        self.keepalive = nil
        // What its unfinished messages held of the server's bound is free for other connections.
        self.rules.partialMessageBudget.give(back: self.partialCredit)
        self.partialCredit = 0
        self.heldCredit = 0
        return open
    }

    // MARK: Timers

    /// What the clock says must happen now.
    enum Timeout {
        /// The socket has taken nothing for longer than the send-stall timeout: reset, without a GOAWAY.
        case resetStalled(RPCError)
        /// Client: the server has been silent for the keepalive interval; send this PING.
        case sendKeepalive(PingFrame)
        /// Client: the keepalive PING went unanswered; close.
        case keepaliveUnanswered(RPCError)
        /// Server: no call for longer than IDLE_TIMEOUT; send the GOAWAY and close.
        case idle(GoAwayFrame, RPCError)
    }

    /// Checks the timers at `now`. `socket` is since when the socket has held bytes it has not taken, and how many
    /// wait for it (nil when it holds none). Returns what ends or pings the connection, if anything, and the server calls whose answers
    /// have waited for window for longer than the send-stall timeout, which end with RESOURCE_EXHAUSTED.
    mutating func tick(
        at now: Instant,
        socket: (since: Instant, queued: Int)?
    ) -> (timeout: Timeout?, stalledCalls: [UInt32]) {
        guard self.closed == nil else { return (nil, []) }
        if let limit = self.rules.sendStallTimeout, let socket, now - socket.since > limit {
            let reason = "send.stalled: the peer left \(socket.queued) bytes unread for \(limit)"
            return (.resetStalled(RPCError(code: .unavailable, message: "closed: \(reason)")), [])
        }
        var stalledCalls: [UInt32] = []
        if self.role == .server, let limit = self.rules.sendStallTimeout {
            stalledCalls = self.calls.compactMap { id, call in
                call.windowWaitSince.map { now - $0 > limit } == true ? id : nil
            }.sorted()
        }
        switch self.role {
        case .client:
            if let keepalive = self.keepalive {
                guard now - keepalive.sentAt > self.rules.keepaliveTimeout else { return (nil, stalledCalls) }
                self.keepalive = nil
                let timeout = self.rules.keepaliveTimeout
                return (
                    .keepaliveUnanswered(
                        RPCError(
                            code: .unavailable,
                            message: "the server did not answer a keepalive PING within \(timeout)"
                        )
                    ), stalledCalls
                )
            }
            guard let interval = self.rules.keepaliveInterval else { return (nil, stalledCalls) }
            let peerMinimum = Duration.milliseconds(Int64(self.peer.pingMinIntervalMilliseconds))
            guard self.liveness.keepaliveDue(at: now, interval: interval, peerMinimum: peerMinimum) else {
                return (nil, stalledCalls)
            }
            // Keepalive PINGs carry a count with the top bit set; `Connection.ping()` draws its data at random.
            self.keepalivesSent += 1
            let ping = PingFrame(data: (1 << 63) | self.keepalivesSent)
            self.keepalive = (ping.data, now)
            return (.sendKeepalive(ping), stalledCalls)
        case .server:
            let limit = self.rules.local.idleTimeoutMilliseconds
            guard limit > 0, self.liveness.idleExpired(at: now, limit: .milliseconds(Int64(limit))) else {
                return (nil, stalledCalls)
            }
            return (
                .idle(
                    GoAwayFrame(
                        lastCallID: self.lastAccepted,
                        code: .idleTimeout,
                        reason: "idle for more than \(limit) ms"
                    ),
                    RPCError(code: .unavailable, message: "closed after \(limit) ms without calls")
                ), stalledCalls
            )
        }
    }
}
