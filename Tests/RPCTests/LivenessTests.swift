import Testing

@testable import ChainDeskRPC

/// SPEC.md §9.1 and §9.3 as the connection decides them, driven with made-up instants: no sleeps, no sockets.
@Suite("RPC: ping flood, keepalive and idle timeout, with a clock the test moves")
struct LivenessTests {
    let start = ContinuousClock.now

    func at(_ milliseconds: Int64) -> ContinuousClock.Instant { self.start + .milliseconds(milliseconds) }

    @Test("of five back-to-back PINGs, tolerating three early ones, the first four are answered and the fifth floods")
    func flood() {
        var liveness = Liveness(now: self.at(0))
        let answers = (0..<5).map {
            liveness.receivedPing(at: self.at(Int64($0)), minimumInterval: .seconds(10), tolerated: 3)
        }
        #expect(answers == [.answer, .answer, .answer, .answer, .flood(strikes: 4)])
    }

    @Test("PINGs at least PING_MIN_INTERVAL apart never strike; one that comes sooner strikes once")
    func spacedPings() {
        var liveness = Liveness(now: self.at(0))
        for second in 0..<20 {
            #expect(
                liveness.receivedPing(at: self.at(Int64(second) * 10_000), minimumInterval: .seconds(10), tolerated: 0)
                    == .answer
            )
        }
        #expect(
            liveness.receivedPing(at: self.at(199_999), minimumInterval: .seconds(10), tolerated: 0)
                == .flood(strikes: 1)
        )
    }

    @Test("keepalive is due once the server has been silent for the interval and its PING_MIN_INTERVAL")
    func keepalive() {
        var liveness = Liveness(now: self.at(0))
        #expect(!liveness.keepaliveDue(at: self.at(29_999), interval: .seconds(30), peerMinimum: .seconds(10)))
        #expect(liveness.keepaliveDue(at: self.at(30_000), interval: .seconds(30), peerMinimum: .seconds(10)))
        // A server that asks for PINGs at most every 60 s is not pinged sooner.
        #expect(!liveness.keepaliveDue(at: self.at(59_999), interval: .seconds(30), peerMinimum: .seconds(60)))
        liveness.heard(at: self.at(50_000))
        #expect(!liveness.keepaliveDue(at: self.at(79_999), interval: .seconds(30), peerMinimum: .seconds(10)))
        #expect(liveness.keepaliveDue(at: self.at(80_000), interval: .seconds(30), peerMinimum: .seconds(10)))
    }

    @Test("the idle timeout counts from the last call's end and never runs while a call is open")
    func idle() {
        var liveness = Liveness(now: self.at(0))
        #expect(!liveness.idleExpired(at: self.at(1_000), limit: .seconds(1)))
        #expect(liveness.idleExpired(at: self.at(1_001), limit: .seconds(1)))
        liveness.callOpened()
        #expect(!liveness.idleExpired(at: self.at(1_000_000), limit: .seconds(1)))
        liveness.lastCallEnded(at: self.at(1_000_000))
        #expect(!liveness.idleExpired(at: self.at(1_001_000), limit: .seconds(1)))
        #expect(liveness.idleExpired(at: self.at(1_001_001), limit: .seconds(1)))
    }
}
