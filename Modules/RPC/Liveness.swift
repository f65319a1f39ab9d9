internal import ChainDeskWire

/// A connection's timekeeping as a value: when the peer was last heard, since when no call has been open, and
/// how its PINGs have come. It reads no clock: every event and every question takes `now`, so its rules (SPEC.md
/// §9.1 ping flood and keepalive, §9.3 idle timeout) are tested with made-up instants, and the connection, which
/// owns the only clock, carries out what it answers.
struct Liveness: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// When anything last arrived from the peer.
    private(set) var lastHeard: Instant
    /// Since when no call has been open; nil while calls are open.
    private(set) var idleSince: Instant?
    /// When the peer's last PING without ACK arrived, and how many came sooner than PING_MIN_INTERVAL after the
    /// one before.
    private(set) var lastPing: Instant?
    private(set) var strikes = 0

    /// A new connection, with no call open, at `now`.
    init(now: Instant) {
        self.lastHeard = now
        self.idleSince = now
    }

    /// What to do with a PING without ACK.
    enum OnPing: Equatable, Sendable {
        /// Answer it with the same bytes and ACK.
        case answer
        /// More early PINGs than tolerated: the connection error `ping.flood` (GOAWAY ENHANCE_YOUR_CALM).
        case flood(strikes: Int)
    }

    mutating func heard(at now: Instant) {
        self.lastHeard = now
    }

    /// A PING without ACK arrived. It is early when it comes less than `minimumInterval` after the previous one;
    /// the first of a connection never is. `tolerated` early ones are answered, the next is a flood.
    mutating func receivedPing(at now: Instant, minimumInterval: Duration, tolerated: Int) -> OnPing {
        if let last = self.lastPing, now - last < minimumInterval { self.strikes += 1 }
        self.lastPing = now
        return self.strikes <= tolerated ? .answer : .flood(strikes: self.strikes)
    }

    mutating func callOpened() {
        self.idleSince = nil
    }

    /// The last open call ended.
    mutating func lastCallEnded(at now: Instant) {
        self.idleSince = now
    }

    /// Whether a client should send a keepalive PING: the peer has been silent for the keepalive interval, and
    /// for at least the peer's PING_MIN_INTERVAL, so the PING is never early.
    func keepaliveDue(at now: Instant, interval: Duration, peerMinimum: Duration) -> Bool {
        now - self.lastHeard >= max(interval, peerMinimum)
    }

    /// Whether a server should close the connection for having had no open call for longer than `limit`.
    func idleExpired(at now: Instant, limit: Duration) -> Bool {
        guard let since = self.idleSince else { return false }
        return now - since > limit
    }
}
