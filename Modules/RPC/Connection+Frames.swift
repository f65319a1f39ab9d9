public import ChainDeskWire
internal import Logging
public import NIOCore
internal import Synchronization

extension Connection {
    /// Routes one decoded frame.
    func handle(_ frame: Frame, _ inflater: MessageInflater) throws(WireError) {
        switch frame {
        case .settings(let frame):
            let peer = try Settings(validating: frame)
            var adjusted = peer
            // A fragment never needs more window than a whole initial window.
            adjusted.maxFrameSize = min(peer.maxFrameSize, max(Settings.minimumFrameSizeLimit, peer.initialWindow))
            self.framer.withLock { $0.update(peer: adjusted) }
            let waiters = self.state.withLock { state -> [CheckedContinuation<Void, any Error>] in
                let delta = Int(peer.initialWindow) - Int(state.peer.initialWindow)
                state.peer = peer
                var waiters: [CheckedContinuation<Void, any Error>] = []
                for id in state.calls.keys {
                    state.calls[id]!.sendWindow += delta
                    waiters += state.calls[id]!.sendWaiters.takeAll()
                }
                return waiters
            }
            for waiter in waiters { waiter.resume() }
            self.handshake.fire(nil)

        case .ping(let ping):
            if ping.ack {
                let waiter = self.state.withLock { $0.pings.removeValue(forKey: ping.data) }
                waiter?.resume()
            } else {
                let minimum = Duration.milliseconds(Int64(self.localSettings.pingMinIntervalMilliseconds))
                let tolerated = self.configuration.pingStrikes
                let now = ContinuousClock.now
                let onPing = self.state.withLock {
                    $0.liveness.receivedPing(at: now, minimumInterval: minimum, tolerated: tolerated)
                }
                if case .flood(let strikes) = onPing {
                    throw WireError(
                        code: .pingFlood,
                        message:
                            "\(strikes) PINGs came sooner than PING_MIN_INTERVAL (\(self.localSettings.pingMinIntervalMilliseconds) ms)"
                    )
                }
                self.enqueue(.ping(PingFrame(data: ping.data, ack: true)))
            }

        case .goAway(let goAway):
            self.logger.debug("GOAWAY received", metadata: ["last": "\(goAway.lastCallID)", "code": "\(goAway.code)"])
            // A code this version does not know is INTERNAL_ERROR (SPEC.md §9.2): an error, not a drain.
            let code = goAway.code.isKnown ? goAway.code.name : "INTERNAL_ERROR (code \(goAway.code.rawValue))"
            if self.role == .server {
                // A client going away starts no more calls; the server finishes those it accepted, answers with
                // its own GOAWAY naming the last of them, and closes once they are done (SPEC.md §9.2). A client's
                // GOAWAY for an error means it is closing: nothing more will be read.
                guard goAway.code == .noError else {
                    self.close(
                        RPCError(
                            code: .unavailable,
                            message: "connection closed by the client: \(code) \(goAway.reason)"
                        )
                    )
                    return
                }
                self.goAway(reason: "the client is going away")
                return
            }
            let refused = self.state.withLock { state -> [UInt32] in
                state.goAway = min(state.goAway ?? .max, goAway.lastCallID)
                state.goAwayReason = goAway.reason
                return state.calls.keys.filter { $0 > goAway.lastCallID }
            }
            let error = RPCError(
                code: .unavailable,
                message:
                    "the server is going away (\(code)\(goAway.reason.isEmpty ? "" : ": \(goAway.reason)")); "
                    + "this call was not processed and may be retried",
                notProcessed: true
            )
            for id in refused { self.failCall(id, error, tellPeer: false) }
            if goAway.code != .noError {
                self.close(
                    RPCError(
                        code: .unavailable,
                        message: "connection closed by the peer: \(code) \(goAway.reason)"
                    )
                )
            } else {
                self.closeIfDrained()
            }

        case .window(let window):
            let waiters = try self.state.withLock { state throws(WireError) -> [CheckedContinuation<Void, any Error>] in
                guard let call = state.calls[window.callID] else { return [] }
                guard call.sendWindow + Int(window.increment) <= Int(Settings.maximumWindow) else {
                    throw WireError(
                        code: .flowWindowOverflow,
                        message: "WINDOW of \(window.increment) raises call \(window.callID)'s window above 2147483647"
                    )
                }
                state.calls[window.callID]!.sendWindow += Int(window.increment)
                state.calls[window.callID]!.windowWaitSince = nil
                return state.calls[window.callID]!.sendWaiters.takeAll()
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
            let (info, late) = self.state.withLock { state -> (CallInfo?, Bool) in
                guard state.calls[headers.callID] != nil else { return (nil, false) }
                defer { state.calls[headers.callID]?.responseStarted = true }
                return (state.calls[headers.callID]?.info, state.calls[headers.callID]!.responseStarted)
            }
            if late {
                let error = WireError(
                    code: .callHeadersOrder,
                    message: "HEADERS after a MESSAGE or a second HEADERS on call \(headers.callID)",
                    callID: headers.callID
                )
                self.failCall(headers.callID, RPCError(error))
                return
            }
            info?.setHeaders(headers.metadata)

        case .end(let end):
            let info = self.state.withLock { $0.calls[end.callID]?.info }
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

    /// A message frame: window accounting, reassembly, inflation, delivery.
    private func receive(_ frame: MessageFrame, _ inflater: MessageInflater) throws(WireError) {
        let size = frame.payload.readableBytes
        self.traffic.add(size, to: .payloadReceived)
        enum Outcome {
            case discard
            case partial
            case whole(Message, held: Int)
            case failed(WireError)
        }
        let limit = self.partialMessageLimit
        let outcome = try self.state.withLock { state throws(WireError) -> Outcome in
            guard var call = state.calls[frame.callID] else { return .discard }
            // A client's message after it ended its side (SPEC.md §5.5).
            if self.role == .server, call.remoteEnded {
                return .failed(
                    WireError(
                        code: .callAfterEndStream,
                        message: "a MESSAGE after the client ended its side",
                        callID: frame.callID
                    )
                )
            }
            call.responseStarted = true
            call.receiveWindow -= size
            guard call.receiveWindow >= 0 else {
                throw WireError(
                    code: .flowWindowExceeded,
                    message: "call \(frame.callID) sent \(-call.receiveWindow) bytes beyond its window"
                )
            }
            defer { state.calls[frame.callID] = call }
            do throws(WireError) {
                guard let whole = try call.reassembler.append(frame) else {
                    // A fragment of an unfinished message: its window is returned at once, or a message larger
                    // than the window could never complete — while the connection's unfinished messages, and the
                    // server's, stay within their bounds (SPEC.md §14). Past them the window waits for another
                    // message to complete (`grantHeldCredit`).
                    let room = max(0, min(size, limit - state.partialCredit))
                    let early = room > 0 ? self.configuration.partialMessageBudget.take(upTo: room) : 0
                    state.partialCredit += early
                    call.earlyCredit += early
                    call.unreturned += early
                    call.heldCredit += size - early
                    return .partial
                }
                // The message is whole: what its fragments held of the bounds is free again, and the window still
                // held for them is returned once the message is consumed.
                state.partialCredit -= call.earlyCredit
                self.configuration.partialMessageBudget.give(back: call.earlyCredit)
                let held = call.heldCredit
                call.earlyCredit = 0
                call.heldCredit = 0
                return .whole(whole, held: held)
            } catch {
                return .failed(error)
            }
        }
        switch outcome {
        case .discard:
            return
        case .partial:
            self.returnWindow(frame.callID, force: false)
        case .failed(let error):
            self.failCall(frame.callID, RPCError(error))
            return
        case .whole(let whole, let held):
            self.grantHeldCredit()
            do throws(WireError) {
                let message = try inflater.inflate(whole, callID: frame.callID)
                self.traffic.add(message.bytes.readableBytes, to: .messagesReceived)
                let inbound = self.state.withLock { $0.calls[frame.callID]?.inbound }
                inbound?.yield(InboundMessage(bytes: message.bytes, credit: size + held))
            } catch {
                self.failCall(frame.callID, RPCError(error))
                return
            }
        }
        if frame.endStream {
            if self.role == .server {
                self.endRemoteSide(frame.callID)
            } else {
                self.removeCall(frame.callID, finishing: nil)
            }
        }
    }

    /// The most bytes of unfinished messages this connection holds beyond their windows.
    var partialMessageLimit: Int {
        self.configuration.partialMessageLimit ?? Int(self.localSettings.maxMessageSize)
    }

    /// Returns the window held for unfinished messages, oldest call first, as far as the bounds now allow.
    func grantHeldCredit() {
        let limit = self.partialMessageLimit
        let granted = self.state.withLock { state -> [UInt32] in
            var granted: [UInt32] = []
            for id in state.calls.keys.sorted() where state.calls[id]!.heldCredit > 0 {
                let room = max(0, min(state.calls[id]!.heldCredit, limit - state.partialCredit))
                guard room > 0 else { break }
                let early = self.configuration.partialMessageBudget.take(upTo: room)
                guard early > 0 else { break }
                state.partialCredit += early
                state.calls[id]!.earlyCredit += early
                state.calls[id]!.heldCredit -= early
                state.calls[id]!.unreturned += early
                granted.append(id)
            }
            return granted
        }
        for id in granted { self.returnWindow(id, force: true) }
    }

    /// The application consumed a message: return its bytes to the sender's window once enough have gathered.
    func consumed(_ callID: UInt32, credit: Int) {
        self.state.withLock { state in
            state.calls[callID]?.unreturned += credit
        }
        self.returnWindow(callID, force: false)
    }

    private func returnWindow(_ callID: UInt32, force: Bool) {
        let threshold = Int(Double(self.localSettings.initialWindow) * self.configuration.windowUpdateRatio)
        let increment = self.state.withLock { state -> Int in
            guard let call = state.calls[callID], call.unreturned > 0, force || call.unreturned >= threshold else {
                return 0
            }
            state.calls[callID]!.receiveWindow += call.unreturned
            state.calls[callID]!.unreturned = 0
            return call.unreturned
        }
        if increment > 0 {
            self.enqueue(.window(WindowFrame(callID: callID, increment: UInt32(increment))))
        }
    }

    /// The client ended its side (server) — END_STREAM or CLOSE.
    func endRemoteSide(_ callID: UInt32) {
        let (inbound, already) = self.state.withLock {
            state -> (AsyncQueue<InboundMessage>?, Bool) in
            guard let call = state.calls[callID] else { return (nil, false) }
            defer { state.calls[callID]!.remoteEnded = true }
            return (call.inbound, call.remoteEnded)
        }
        if already {
            self.failCall(
                callID,
                RPCError(
                    WireError(code: .callAfterEndStream, message: "the client's side had already ended", callID: callID)
                )
            )
        } else {
            inbound?.finish()
        }
    }

    /// Removes a call, ending its messages normally (nil) or with an error, and waking its waiters.
    @discardableResult
    func removeCall(_ callID: UInt32, finishing error: RPCError?, cancelHandler: Bool = true) -> Bool {
        let removed = self.state.withLock { state -> (CallState, CheckedContinuation<Void, any Error>?)? in
            guard let call = state.calls.removeValue(forKey: callID) else { return nil }
            if state.calls.isEmpty { state.liveness.lastCallEnded(at: .now) }
            // What its unfinished message held of the bounds is free for the other calls.
            state.partialCredit -= call.earlyCredit
            self.configuration.partialMessageBudget.give(back: call.earlyCredit)
            // Ended under the lock: whoever finds the call gone can read from its messages how it ended
            // (`ClientCall.send`).
            call.inbound.finish(throwing: error)
            let waiter = state.slotWaiters.removeFirst()
            return (call, waiter)
        }
        guard let (call, slotWaiter) = removed else { return false }
        slotWaiter?.resume()
        if call.earlyCredit > 0 { self.grantHeldCredit() }
        if let error, cancelHandler {
            call.cancellation?.fire(error)
            call.handler?.cancel()
        }
        let reason = error ?? RPCError(code: .cancelled, message: "the call has ended")
        for waiter in call.sendWaiters.entries { waiter.continuation.resume(throwing: reason) }
        self.closeIfDrained()
        return true
    }

    /// Ends one call because of an error: the server answers END, the client cancels; the connection goes on.
    func failCall(_ callID: UInt32, _ error: RPCError, tellPeer: Bool = true) {
        if tellPeer {
            if self.role == .server {
                self.enqueue(.end(EndFrame(callID: callID, status: error.code, message: error.message)))
            } else if self.state.withLock({ $0.calls[callID] != nil }) {
                self.enqueue(.cancel(CancelFrame(callID: callID, status: .cancelled)))
            }
        }
        self.removeCall(callID, finishing: error)
    }

    /// Closes a draining connection once its last call has ended.
    func closeIfDrained() {
        let (drained, reason) = self.state.withLock {
            ($0.goAway != nil && $0.calls.isEmpty && $0.closed == nil, $0.goAwayReason)
        }
        guard drained else { return }
        // A call started from now on was never sent: say so, with the server's reason, so it may go elsewhere.
        self.close(
            RPCError(
                code: .unavailable,
                message: "the connection has drained\(reason.isEmpty ? "" : " (\(reason))"); open a new connection",
                notProcessed: true
            )
        )
    }
}
