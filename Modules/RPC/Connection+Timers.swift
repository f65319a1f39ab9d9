internal import ChainDeskWire
internal import Logging
internal import Synchronization

extension Connection {
    /// Keepalive (client) and the idle timeout (server), checked a few times a second.
    func timerLoop() async {
        while !Task.isCancelled, self.closedReason == nil {
            do {
                try await Task.sleep(for: .milliseconds(250))
            } catch {
                return
            }
            self.checkStalls()
            switch self.role {
            case .client: await self.keepalive()
            case .server: self.checkIdle()
            }
        }
    }

    /// Ends what a slow reader holds up for longer than `sendStallTimeout` (SPEC.md §10.1): the connection, when
    /// its socket has taken nothing; on a server, each call whose answers have waited that long for window.
    private func checkStalls() {
        guard let limit = self.configuration.sendStallTimeout else { return }
        let now = ContinuousClock.now
        let socketStalled = self.outbox.withLock { box in box.writingSince.map { now - $0 > limit } ?? false }
        if socketStalled {
            let reason = "send.stalled: the peer left \(self.queuedOutputBytes) bytes unread for \(limit)"
            self.logger.info("resetting a connection whose peer does not read", metadata: ["reason": "\(reason)"])
            // No GOAWAY: it would wait behind the bytes the peer is not reading. The transport resets the
            // connection instead (`CloseMode.reset`), which the peer sees at once.
            self.state.withLock { $0.stalled = true }
            self.close(RPCError(code: .unavailable, message: "closed: \(reason)"))
            return
        }
        guard self.role == .server else { return }
        let stalled = self.state.withLock { state in
            state.calls.compactMap { id, call in call.windowWaitSince.map { now - $0 > limit } == true ? id : nil }
        }
        for id in stalled {
            self.abortServerCall(
                id,
                status: .resourceExhausted,
                message: "the client took none of this call's messages for \(limit); the call was ended"
            )
        }
    }

    /// Sends a PING when the server has been silent for the keepalive interval; closes if it goes unanswered.
    private func keepalive() async {
        guard let configured = self.configuration.keepaliveInterval else { return }
        let now = ContinuousClock.now
        let due = self.state.withLock { state in
            let peerMinimum = Duration.milliseconds(Int64(state.peer.pingMinIntervalMilliseconds))
            return state.liveness.keepaliveDue(at: now, interval: configured, peerMinimum: peerMinimum)
        }
        guard due else { return }
        let timeout = self.configuration.keepaliveTimeout
        let answered = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await self.ping()) != nil }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !answered, self.closedReason == nil {
            self.close(
                RPCError(code: .unavailable, message: "the server did not answer a keepalive PING within \(timeout)")
            )
        }
    }

    /// Closes a server connection that has had no open call for longer than IDLE_TIMEOUT.
    private func checkIdle() {
        let limit = self.localSettings.idleTimeoutMilliseconds
        guard limit > 0 else { return }
        let now = ContinuousClock.now
        let idle = self.state.withLock { $0.liveness.idleExpired(at: now, limit: .milliseconds(Int64(limit))) }
        guard idle else { return }
        let last = self.state.withLock { $0.lastAccepted }
        self.enqueue(
            .goAway(GoAwayFrame(lastCallID: last, code: .idleTimeout, reason: "idle for more than \(limit) ms"))
        )
        self.close(RPCError(code: .unavailable, message: "closed after \(limit) ms without calls"))
    }
}
