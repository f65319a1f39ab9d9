import ChainDeskRPC
import Testing

@Suite("RPC: backoff between attempts")
struct BackoffTests {
    @Test("backoff grows by its multiplier up to the maximum, with jitter")
    func backoff() {
        var backoff = Backoff()
        backoff.jitter = 0
        #expect(backoff.delay(attempt: 0) == .milliseconds(100))
        #expect(backoff.delay(attempt: 1) == .milliseconds(160))
        #expect(backoff.delay(attempt: 50) == .seconds(10))
        backoff.jitter = 0.2
        let delays = (0..<100).map { _ in backoff.delay(attempt: 0) }
        #expect(delays.allSatisfy { $0 >= .milliseconds(80) && $0 <= .milliseconds(120) })
    }
}
