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
        let handles = CallHandles(inbound: inbound, info: info)
        while true {
            let start = self.state.withLock { state in
                let start = state.machine.startCall(
                    method: method,
                    options: options,
                    endStream: endStream,
                    attachment: handles
                )
                // Enqueued under the lock, so that CALL frames go out in call-id order.
                if case .started(_, let frame) = start { self.enqueue(.call(frame)) }
                return start
            }
            switch start {
            case .started(let id, _):
                self.logger.trace("call started", metadata: ["call": "\(id)", "method": "\(method)"])
                return ClientCall(
                    id: id,
                    method: method,
                    responses: InboundMessages(queue: inbound, connection: self, callID: id),
                    info: info,
                    connection: self
                )
            case .refused(let error):
                throw error
            case .wait:
                try await self.waitForCallSlot()
            }
        }
    }

    /// Waits until a call under the server's MAX_CONCURRENT_CALLS ends (or the connection does).
    private func waitForCallSlot() async throws {
        let waiter = self.state.withLock { $0.takeWaiter() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Continuation) in
                let outcome = self.state.withLock { state -> (any Error)?? in
                    if Task.isCancelled { return .some(CancellationError()) }
                    guard state.machine.callsFull else { return .some(nil) }
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

    /// Sends CLOSE: the client has no more messages.
    func closeSending(_ callID: UInt32) throws {
        guard self.state.withLock({ $0.machine.isOpen(callID) }) else {
            throw RPCError(code: .cancelled, message: "the call has ended")
        }
        self.enqueue(.close(CloseFrame(callID: callID)))
    }

    /// Cancels a client call: CANCEL to the server, the status locally. Returns whether this ended the call (it
    /// may have ended already).
    @discardableResult
    func cancel(_ callID: UInt32, status: StatusCode, message: String) -> Bool {
        guard self.state.withLock({ $0.machine.isOpen(callID) }) else { return false }
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
                    if let closed = state.machine.closed { return closed }
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
        let limit = Int(self.state.withLock { $0.machine.peer.maxMessageSize })
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
            switch self.state.withLock({ $0.machine.takeWindow(callID, bytes: bytes) }) {
            case .granted: return
            case .gone(let error): throw error
            case .wait: break
            }
            let waiter = self.state.withLock { $0.takeWaiter() }
            let cancelled = RPCError(code: .cancelled, message: "the sending task was cancelled")
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: Continuation) in
                    let now = ContinuousClock.now
                    let outcome = self.state.withLock { state -> ConnectionMachine<CallHandles>.Grant in
                        if Task.isCancelled, state.machine.isOpen(callID) { return .gone(cancelled) }
                        let outcome = state.machine.awaitWindow(callID, bytes: bytes, at: now)
                        if case .wait = outcome {
                            state.sendWaiters[callID, default: Waiters()].add(waiter, continuation)
                        }
                        return outcome
                    }
                    switch outcome {
                    case .granted: continuation.resume()
                    case .gone(let error): continuation.resume(throwing: error)
                    case .wait: break
                    }
                }
            } onCancel: {
                self.state.withLock { $0.sendWaiters[callID]?.remove(waiter) }?.resume(throwing: cancelled)
            }
        }
    }

    // MARK: Server

    /// A CALL from the client: refused when draining or over the limit, else handed to the server's handler loop.
    func accept(_ frame: CallFrame) {
        let inbound = AsyncQueue<InboundMessage>()
        switch self.state.withLock({ $0.machine.receivedCall(frame, attachment: CallHandles(inbound: inbound)) }) {
        case .discarded:
            return
        case .refused(let end):
            self.enqueue(.end(end))
            return
        case .accepted:
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
        guard self.state.withLock({ $0.machine.isOpen(callID) }) else { return }
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
        let attached = self.state.withLock { $0.machine.withAttachment(of: callID) { $0.handler = handler } != nil }
        if !attached { handler.cancel() }
    }

    /// The call's deadline has passed (server): END with DEADLINE_EXCEEDED, and its handler is cancelled.
    func expire(_ callID: UInt32) {
        self.abortServerCall(callID, status: .deadlineExceeded, message: "the deadline passed before the call finished")
    }

    /// Ends a server call the runtime gives up on with `status`, and cancels its handler.
    func abortServerCall(_ callID: UInt32, status: StatusCode, message: String) {
        let handler = self.state.withLock { $0.machine.attachment(of: callID)?.handler }
        self.endServerCall(callID, status: status, message: message, trailers: nil)
        handler?.cancel()
    }

    /// Fires when the server call is cancelled; at once if it has already ended.
    func cancellation(of callID: UInt32) -> Signal<RPCError> {
        self.state.withLock { state in
            let signal = state.machine.withAttachment(of: callID) { call in
                if let signal = call.cancellation { return signal }
                let signal = Signal<RPCError>()
                call.cancellation = signal
                return signal
            }
            if let signal { return signal }
            let ended = Signal<RPCError>()
            ended.fire(state.machine.closed ?? RPCError(code: .cancelled, message: "the call has ended"))
            return ended
        }
    }

    /// Starts draining (server): GOAWAY naming the last call accepted; the connection closes once those finish.
    public func goAway(reason: String = "draining") {
        guard let frame = self.state.withLock({ $0.machine.startDraining(reason: reason) }) else { return }
        self.enqueue(.goAway(frame))
        self.closeIfDrained()
    }
}

extension Duration {
    /// Whole milliseconds, rounded up.
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
