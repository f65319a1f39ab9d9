internal import ChainDeskWire
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
            switch self.role {
            case .client: await self.keepalive()
            case .server: self.checkIdle()
            }
        }
    }

    /// Sends a PING when the server has been silent for the keepalive interval; closes if it goes unanswered.
    private func keepalive() async {
        guard let configured = self.configuration.keepaliveInterval else { return }
        let (silence, peerMinimum) = self.state.withLock {
            (ContinuousClock.now - $0.lastHeard, Duration.milliseconds(Int64($0.peer.pingMinIntervalMilliseconds)))
        }
        guard silence >= max(configured, peerMinimum) else { return }
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
        let idle = self.state.withLock { state -> Bool in
            guard let since = state.idleSince else { return false }
            return ContinuousClock.now - since > .milliseconds(Int64(limit))
        }
        guard idle else { return }
        let last = self.state.withLock { $0.lastAccepted }
        self.enqueue(
            .goAway(GoAwayFrame(lastCallID: last, code: .idleTimeout, reason: "idle for more than \(limit) ms"))
        )
        self.close(RPCError(code: .unavailable, message: "closed after \(limit) ms without calls"))
    }
}
