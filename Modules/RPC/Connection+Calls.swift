public import ChainDeskWire
internal import Logging
public import NIOCore
internal import Synchronization

extension Connection {
    // MARK: Client

    /// Starts a call (client side): waits for the handshake, then sends CALL.
    ///
    /// - Parameter endStream: the call carries no request message.
    public func startCall(method: UInt32, options: CallOptions = .defaults, endStream: Bool = false) async throws
        -> ClientCall
    {
        precondition(self.role == .client, "only a client starts calls")
        if let error = await self.handshake.wait() ?? nil { throw error }
        let info = CallInfo()
        let inbound = AsyncQueue<InboundMessage>()
        let local = self.localSettings
        let deadline = options.timeout.map { Deadline(milliseconds: UInt64(max(0, $0.milliseconds))) }
        while true {
            // Wait for a slot under the server's limit on concurrent calls.
            let full = try self.state.withLock { state throws(RPCError) -> Bool in
                if let closed = state.closed { throw closed }
                return state.calls.count >= Int(state.peer.maxConcurrentCalls)
            }
            guard full else { break }
            let waiter = self.state.withLock { state in
                defer { state.nextWaiter += 1 }
                return state.nextWaiter
            }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let outcome = self.state.withLock { state -> (any Error)?? in
                        if Task.isCancelled { return .some(CancellationError()) }
                        guard state.closed == nil, state.calls.count >= Int(state.peer.maxConcurrentCalls) else {
                            return .some(nil)
                        }
                        state.slotWaiters.add(waiter, continuation)
                        return .none
                    }
                    switch outcome {
                    case .some(nil): continuation.resume()
                    case .some(let error?): continuation.resume(throwing: error)
                    case .none: break
                    }
                }
            } onCancel: {
                self.state.withLock { $0.slotWaiters.remove(waiter) }?.resume(throwing: CancellationError())
            }
        }
        let id = try self.state.withLock { state throws(RPCError) -> UInt32 in
            if let closed = state.closed { throw closed }
            if state.goAway != nil {
                let reason = state.goAwayReason.isEmpty ? "" : " (\(state.goAwayReason))"
                throw RPCError(
                    code: .unavailable,
                    message: "the server is going away\(reason); open a new connection",
                    notProcessed: true
                )
            }
            guard state.nextCallID <= FrameDecoder.maxCallID else {
                throw RPCError(
                    code: .unavailable,
                    message: "this connection has used all its call ids",
                    notProcessed: true
                )
            }
            let id = state.nextCallID
            state.nextCallID += 1
            state.liveness.callOpened()
            state.calls[id] = CallState(
                inbound: inbound,
                reassembler: MessageReassembler(maxMessageSize: Int(local.maxMessageSize)),
                sendWindow: Int(state.peer.initialWindow),
                receiveWindow: Int(local.initialWindow),
                remoteEnded: false,
                info: info
            )
            // Enqueued under the lock, so that CALL frames go out in call-id order.
            self.enqueue(
                .call(
                    CallFrame(
                        callID: id,
                        method: method,
                        deadline: deadline,
                        metadata: options.metadata.entries.isEmpty ? nil : options.metadata,
                        idempotencyKey: options.idempotencyKey,
                        endStream: endStream
                    )
                )
            )
            return id
        }
        self.logger.trace("call started", metadata: ["call": "\(id)", "method": "\(method)"])
        return ClientCall(
            id: id,
            method: method,
            responses: InboundMessages(queue: inbound, connection: self, callID: id),
            info: info,
            connection: self
        )
    }

    /// Sends CLOSE: the client has no more messages.
    func closeSending(_ callID: UInt32) throws {
        guard self.state.withLock({ $0.calls[callID] != nil }) else {
            throw RPCError(code: .cancelled, message: "the call has ended")
        }
        self.enqueue(.close(CloseFrame(callID: callID)))
    }

    /// Cancels a client call: CANCEL to the server, the status locally. Returns whether this ended the call (it
    /// may have ended already).
    @discardableResult
    func cancel(_ callID: UInt32, status: StatusCode, message: String) -> Bool {
        guard self.state.withLock({ $0.calls[callID] != nil }) else { return false }
        self.enqueue(.cancel(CancelFrame(callID: callID, status: status)))
        return self.removeCall(callID, finishing: RPCError(code: status, message: message))
    }

    /// Sends a PING and waits for its answer; returns the round-trip time. Cancelling the waiting task stops waiting.
    public func ping() async throws -> Duration {
        let data = UInt64.random(in: 0...UInt64.max)
        let start = ContinuousClock.now
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let refusal = self.state.withLock { state -> (any Error)? in
                    if let closed = state.closed { return closed }
                    if Task.isCancelled { return CancellationError() }
                    state.pings[data] = continuation
                    return nil
                }
                if let refusal {
                    continuation.resume(throwing: refusal)
                } else {
                    self.enqueue(.ping(PingFrame(data: data)))
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.pings.removeValue(forKey: data) }
            waiter?.resume(throwing: CancellationError())
        }
        return ContinuousClock.now - start
    }

    // MARK: Both sides

    /// Sends one message on a call, waiting for window as needed; fragments and compresses per the peer's SETTINGS.
    func send(_ message: ByteBuffer, on callID: UInt32, endStream: Bool) async throws {
        let limit = Int(self.state.withLock { $0.peer.maxMessageSize })
        guard message.readableBytes <= limit else {
            let error = RPCError(
                code: .resourceExhausted,
                message: "a message of \(message.readableBytes) bytes exceeds the peer's maximum message size, \(limit)"
            )
            if self.role == .client {
                self.cancel(callID, status: .resourceExhausted, message: error.message)
            } else {
                self.endServerCall(callID, status: .resourceExhausted, message: error.message, trailers: nil)
            }
            throw error
        }
        let frames = self.framer.withLock { $0.frames(for: message, callID: callID, endStream: endStream) }
        self.traffic.add(message.readableBytes, to: .messagesSent)
        for frame in frames {
            self.traffic.add(frame.payload.readableBytes, to: .payloadSent)
            try await self.acquireWindow(callID, frame.payload.readableBytes)
            // A peer that grants window but does not read its socket must not grow the queue without end.
            while !self.enqueue(.message(frame), unlessAbove: self.configuration.outboundBufferLimit) {
                try await self.waitForOutboxSpace()
            }
        }
    }

    private func acquireWindow(_ callID: UInt32, _ bytes: Int) async throws {
        while true {
            enum Outcome {
                case granted
                case wait
                case gone(RPCError)
            }
            let outcome = self.state.withLock { state -> Outcome in
                guard let call = state.calls[callID] else {
                    return .gone(state.closed ?? RPCError(code: .cancelled, message: "the call has ended"))
                }
                guard bytes == 0 || call.sendWindow >= bytes else { return .wait }
                state.calls[callID]!.sendWindow -= bytes
                state.calls[callID]!.windowWaitSince = nil
                return .granted
            }
            switch outcome {
            case .granted: return
            case .gone(let error): throw error
            case .wait: break
            }
            let waiter = self.state.withLock { state in
                defer { state.nextWaiter += 1 }
                return state.nextWaiter
            }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let outcome = self.state.withLock { state -> Outcome in
                        guard let call = state.calls[callID] else {
                            return .gone(state.closed ?? RPCError(code: .cancelled, message: "the call has ended"))
                        }
                        if Task.isCancelled {
                            return .gone(RPCError(code: .cancelled, message: "the sending task was cancelled"))
                        }
                        if call.sendWindow >= bytes { return .granted }
                        state.calls[callID]!.sendWaiters.add(waiter, continuation)
                        if call.windowWaitSince == nil { state.calls[callID]!.windowWaitSince = .now }
                        return .wait
                    }
                    switch outcome {
                    case .granted: continuation.resume()
                    case .gone(let error): continuation.resume(throwing: error)
                    case .wait: break
                    }
                }
            } onCancel: {
                self.state.withLock { $0.calls[callID]?.sendWaiters.remove(waiter) }?
                    .resume(throwing: RPCError(code: .cancelled, message: "the sending task was cancelled"))
            }
        }
    }

    // MARK: Server

    /// A CALL from the client: refused when draining or over the limit, else handed to the server's handler loop.
    func accept(_ frame: CallFrame) {
        let local = self.localSettings
        let inbound = AsyncQueue<InboundMessage>()
        enum Decision {
            case accept
            case discard
            case refuse(RPCError)
        }
        let decision = self.state.withLock { state -> Decision in
            // A closed connection starts nothing: no one would ever end the call or its handler. (Found by
            // FuzzConnection: a client's GOAWAY closed an idle connection, and a CALL in the same read started a
            // handler that waited for its request for ever.)
            if state.closed != nil { return .discard }
            if let last = state.goAway, frame.callID > last { return .discard }
            guard state.calls.count < Int(local.maxConcurrentCalls) else {
                return .refuse(
                    RPCError(
                        WireError(
                            code: .callTooMany,
                            message: "more than \(local.maxConcurrentCalls) calls open",
                            callID: frame.callID
                        )
                    )
                )
            }
            state.lastAccepted = frame.callID
            state.liveness.callOpened()
            state.calls[frame.callID] = CallState(
                inbound: inbound,
                reassembler: MessageReassembler(maxMessageSize: Int(local.maxMessageSize)),
                sendWindow: Int(state.peer.initialWindow),
                receiveWindow: Int(local.initialWindow),
                remoteEnded: frame.endStream
            )
            return .accept
        }
        switch decision {
        case .discard:
            return
        case .refuse(let error):
            self.enqueue(.end(EndFrame(callID: frame.callID, status: error.code, message: error.message)))
            return
        case .accept:
            if frame.endStream { inbound.finish() }
            let deadline = frame.deadline.map { ContinuousClock.now + .milliseconds(Int64(clamping: $0.milliseconds)) }
            self.onCall?(
                ServerCall(
                    id: frame.callID,
                    method: frame.method,
                    metadata: frame.metadata ?? Metadata(),
                    deadline: deadline,
                    idempotencyKey: frame.idempotencyKey,
                    requests: InboundMessages(queue: inbound, connection: self, callID: frame.callID),
                    connection: self
                )
            )
        }
    }

    /// Ends a server call with END and forgets it.
    func endServerCall(_ callID: UInt32, status: StatusCode, message: String?, trailers: Metadata?) {
        guard self.state.withLock({ $0.calls[callID] != nil }) else { return }
        self.enqueue(.end(EndFrame(callID: callID, status: status, message: message, trailers: trailers)))
        self.finishServerCall(callID)
    }

    /// Forgets a server call whose end has been sent by its handler (which goes on, uncancelled, to return).
    func finishServerCall(_ callID: UInt32) {
        self.removeCall(
            callID,
            finishing: RPCError(code: .cancelled, message: "the call has ended"),
            cancelHandler: false
        )
    }

    /// Records the task running a server call's handler, so that cancelling the call cancels it; a call already
    /// gone (cancelled before its handler started) cancels the task at once.
    func attach(_ handler: Task<Void, Never>, to callID: UInt32) {
        let attached = self.state.withLock { state -> Bool in
            guard state.calls[callID] != nil else { return false }
            state.calls[callID]!.handler = handler
            return true
        }
        if !attached { handler.cancel() }
    }

    /// The call's deadline has passed (server): END with DEADLINE_EXCEEDED, and its handler is cancelled.
    func expire(_ callID: UInt32) {
        self.abortServerCall(callID, status: .deadlineExceeded, message: "the deadline passed before the call finished")
    }

    /// Ends a server call the runtime gives up on with `status`, and cancels its handler.
    func abortServerCall(_ callID: UInt32, status: StatusCode, message: String) {
        let handler = self.state.withLock { $0.calls[callID]?.handler }
        self.endServerCall(callID, status: status, message: message, trailers: nil)
        handler?.cancel()
    }

    /// Fires when the server call is cancelled; at once if it has already ended.
    func cancellation(of callID: UInt32) -> Signal<RPCError> {
        self.state.withLock { state in
            guard state.calls[callID] != nil else {
                let signal = Signal<RPCError>()
                signal.fire(state.closed ?? RPCError(code: .cancelled, message: "the call has ended"))
                return signal
            }
            if let signal = state.calls[callID]!.cancellation { return signal }
            let signal = Signal<RPCError>()
            state.calls[callID]!.cancellation = signal
            return signal
        }
    }

    /// Starts draining (server): GOAWAY naming the last call accepted; the connection closes once those finish.
    public func goAway(reason: String = "draining") {
        let last = self.state.withLock { state -> UInt32? in
            guard state.goAway == nil, state.closed == nil else { return nil }
            state.goAway = state.lastAccepted
            return state.lastAccepted
        }
        guard let last else { return }
        self.enqueue(.goAway(GoAwayFrame(lastCallID: last, code: .noError, reason: reason)))
        self.closeIfDrained()
    }
}

extension Duration {
    /// Whole milliseconds, rounded up.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
