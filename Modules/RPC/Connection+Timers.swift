internal import ChainDeskWire
internal import Logging
internal import Synchronization

extension Connection {
    /// The connection's clock: the state machine's timers (send stall, keepalive, idle timeout), a few times a
    /// second.
    func timerLoop() async {
        while !Task.isCancelled, self.closedReason == nil {
            do {
                try await Task.sleep(for: .milliseconds(250))
            } catch {
                return
            }
            self.tick(at: .now)
        }
    }

    /// Carries out what the state machine's timers say at `now`.
    func tick(at now: ContinuousClock.Instant) {
        let socket = self.outbox.withLock { box in box.writingSince.map { (since: $0, queued: box.pending) } }
        let (timeout, stalledCalls) = self.state.withLock { $0.machine.tick(at: now, socket: socket) }
        let limit = self.configuration.sendStallTimeout ?? .zero
        for id in stalledCalls {
            self.abortServerCall(
                id,
                status: .resourceExhausted,
                message: "the client took none of this call's messages for \(limit); the call was ended"
            )
        }
        switch timeout {
        case nil:
            break
        case .resetStalled(let reason):
            self.logger.info("resetting a connection whose peer does not read", metadata: ["reason": "\(reason)"])
            // No GOAWAY: it would wait behind the bytes the peer is not reading. The transport resets the
            // connection instead (`CloseMode.reset`), which the peer sees at once.
            self.close(reason, stalled: true)
        case .sendKeepalive(let ping):
            self.enqueue(.ping(ping))
        case .keepaliveUnanswered(let reason):
            self.close(reason)
        case .idle(let goAway, let reason):
            self.enqueue(.goAway(goAway))
            self.close(reason)
        }
    }
}
