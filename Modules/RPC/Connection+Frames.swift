public import ChainDeskWire
internal import Logging
public import NIOCore
internal import Synchronization

extension Connection {
    typealias Continuation = CheckedContinuation<Void, any Error>

    /// Routes one decoded frame through the state machine and carries out its answer.
    func handle(_ frame: Frame, _ inflater: MessageInflater) throws(WireError) {
        switch frame {
        case .settings(let frame):
            let (framing, waiters) = try self.state.withLock { state throws(WireError) in
                (try state.machine.receivedSettings(frame), state.takeSendWaiters())
            }
            self.framer.withLock { $0.update(peer: framing) }
            for waiter in waiters { waiter.resume() }
            self.handshake.fire(nil)

        case .ping(let ping) where ping.ack:
            let waiter = self.state.withLock { state in
                state.machine.receivedPingAck(ping) ? nil : state.pings.removeValue(forKey: ping.data)
            }
            waiter?.resume()

        case .ping(let ping):
            let now = ContinuousClock.now
            let answer = try self.state.withLock { state throws(WireError) in
                try state.machine.receivedPing(ping, at: now)
            }
            self.enqueue(.ping(answer))

        case .goAway(let goAway):
            self.logger.debug("GOAWAY received", metadata: ["last": "\(goAway.lastCallID)", "code": "\(goAway.code)"])
            switch self.state.withLock({ $0.machine.receivedGoAway(goAway) }) {
            case .drain:
                self.goAway(reason: "the client is going away")
            case .close(let reason):
                self.close(reason)
            case .refuse(let refused, let error, let close):
                for id in refused { self.failCall(id, error, tellPeer: false) }
                if let close { self.close(close) } else { self.closeIfDrained() }
            }

        case .window(let window):
            let waiters = try self.state.withLock { state throws(WireError) -> [Continuation] in
                guard try state.machine.receivedWindow(window) else { return [] }
                return state.sendWaiters.removeValue(forKey: window.callID)?.entries.map(\.continuation) ?? []
            }
            for waiter in waiters { waiter.resume() }

        case .call(let call):
            self.accept(call)

        case .message(let message):
            try self.receive(message, inflater)

        case .close(let close):
            self.endRemoteSide(close.callID)

        case .cancel(let cancel):
            let reason = RPCError(code: cancel.status.normalized, message: "cancelled by the client")
            self.removeCall(cancel.callID, finishing: reason)

        case .headers(let headers):
            switch self.state.withLock({ $0.machine.receivedHeaders(headers) }) {
            case .discarded: break
            case .headers(let call): call.info?.setHeaders(headers.metadata)
            case .callError(let error): self.failCall(headers.callID, RPCError(error))
            }

        case .end(let end):
            let info = self.state.withLock { $0.machine.attachment(of: end.callID)?.info }
            info?.setTrailers(end.trailers)
            if end.status == .ok {
                self.removeCall(end.callID, finishing: nil)
            } else {
                let error = RPCError(
                    code: end.status.normalized,
                    message: end.message ?? "",
                    trailers: end.trailers ?? Metadata()
                )
                self.removeCall(end.callID, finishing: error)
            }
        }
    }

    /// A message frame: the machine keeps the windows and reassembles; the shell inflates and delivers.
    private func receive(_ frame: MessageFrame, _ inflater: MessageInflater) throws(WireError) {
        self.traffic.add(frame.payload.readableBytes, to: .payloadReceived)
        switch try self.state.withLock({ state throws(WireError) in try state.machine.receivedMessage(frame) }) {
        case .discarded:
            return
        case .partial(let windows):
            for window in windows { self.enqueue(.window(window)) }
        case .callError(let error):
            self.failCall(frame.callID, RPCError(error))
        case .whole(let whole, let credit, let call, let ended, let windows):
            for window in windows { self.enqueue(.window(window)) }
            do throws(WireError) {
                let message = try inflater.inflate(whole, callID: frame.callID)
                self.traffic.add(message.bytes.readableBytes, to: .messagesReceived)
                call.inbound.yield(InboundMessage(bytes: message.bytes, credit: credit))
            } catch {
                self.failCall(frame.callID, RPCError(error))
                return
            }
            guard ended else { return }
            if self.role == .server {
                self.endRemoteSide(frame.callID)
            } else {
                self.removeCall(frame.callID, finishing: nil)
            }
        }
    }

    /// The application consumed a message: return its bytes to the sender's window once enough have gathered.
    func consumed(_ callID: UInt32, credit: Int) {
        if let window = self.state.withLock({ $0.machine.consumed(callID, credit: credit) }) {
            self.enqueue(.window(window))
        }
    }

    /// The client ended its side (server) — END_STREAM or CLOSE.
    func endRemoteSide(_ callID: UInt32) {
        switch self.state.withLock({ $0.machine.remoteEnded(callID) }) {
        case .discarded: break
        case .ended(let call): call.inbound.finish()
        case .callError(let error): self.failCall(callID, RPCError(error))
        }
    }

    /// Removes a call, ending its messages normally (nil) or with an error, and waking its waiters.
    @discardableResult
    func removeCall(_ callID: UInt32, finishing error: RPCError?, cancelHandler: Bool = true) -> Bool {
        let removed = self.state.withLock {
            state -> (ConnectionMachine<CallHandles>.Ended, [Continuation], Continuation?)? in
            guard let ended = state.machine.endCall(callID, at: .now) else { return nil }
            // Ended under the lock: whoever finds the call gone can read from its messages how it ended
            // (`ClientCall.send`).
            ended.attachment.inbound.finish(throwing: error)
            let senders = state.sendWaiters.removeValue(forKey: callID)?.entries.map(\.continuation) ?? []
            return (ended, senders, state.slotWaiters.removeFirst())
        }
        guard let (ended, senders, slotWaiter) = removed else { return false }
        slotWaiter?.resume()
        for window in ended.windows { self.enqueue(.window(window)) }
        if let error, cancelHandler {
            ended.attachment.cancellation?.fire(error)
            ended.attachment.handler?.cancel()
        }
        let reason = error ?? RPCError(code: .cancelled, message: "the call has ended")
        for waiter in senders { waiter.resume(throwing: reason) }
        if let drained = ended.drained { self.close(drained) }
        return true
    }

    /// Ends one call because of an error: the server answers END, the client cancels; the connection goes on.
    func failCall(_ callID: UInt32, _ error: RPCError, tellPeer: Bool = true) {
        if tellPeer {
            if self.role == .server {
                self.enqueue(.end(EndFrame(callID: callID, status: error.code, message: error.message)))
            } else if self.state.withLock({ $0.machine.isOpen(callID) }) {
                self.enqueue(.cancel(CancelFrame(callID: callID, status: .cancelled)))
            }
        }
        self.removeCall(callID, finishing: error)
    }

    /// Closes a draining connection once its last call has ended.
    func closeIfDrained() {
        if let drained = self.state.withLock({ $0.machine.drained }) { self.close(drained) }
    }
}
