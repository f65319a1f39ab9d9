internal import ChainDeskWire
internal import NIOCore

extension ConnectionMachine {
    // MARK: Starting and accepting calls

    /// What starting a call (client) comes to.
    enum Start {
        /// The call has its id; send this CALL.
        case started(UInt32, CallFrame)
        /// The server's MAX_CONCURRENT_CALLS are all open: wait for one to end and try again.
        case wait
        case refused(RPCError)
    }

    /// Client: opens a call carrying `attachment`, unless the connection cannot take one now.
    mutating func startCall(
        method: UInt32,
        options: CallOptions,
        endStream: Bool,
        attachment: Attachment
    ) -> Start {
        if let closed = self.closed { return .refused(closed) }
        guard self.calls.count < Int(self.peer.maxConcurrentCalls) else { return .wait }
        if self.goAway != nil {
            let reason = self.goAwayReason.isEmpty ? "" : " (\(self.goAwayReason))"
            return .refused(
                RPCError(
                    code: .unavailable,
                    message: "the server is going away\(reason); open a new connection",
                    notProcessed: true
                )
            )
        }
        guard self.nextCallID <= FrameDecoder.maxCallID else {
            return .refused(
                RPCError(code: .unavailable, message: "this connection has used all its call ids", notProcessed: true)
            )
        }
        let id = self.nextCallID
        self.nextCallID += 1
        self.open(id, attachment: attachment, remoteEnded: false)
        let frame = CallFrame(
            callID: id,
            method: method,
            deadline: options.timeout.map { Deadline(milliseconds: UInt64(max(0, $0.milliseconds))) },
            metadata: options.metadata.entries.isEmpty ? nil : options.metadata,
            idempotencyKey: options.idempotencyKey,
            endStream: endStream
        )
        return .started(id, frame)
    }

    /// Whether a client waiting for a slot under the server's MAX_CONCURRENT_CALLS should go on waiting.
    var callsFull: Bool { self.closed == nil && self.calls.count >= Int(self.peer.maxConcurrentCalls) }

    /// What a CALL from the client (server) comes to.
    enum Accept {
        /// Taken: the handler may start.
        case accepted
        /// Ignored: the connection has closed, or the call came after the GOAWAY's last id.
        case discarded
        /// Refused with this END; the connection goes on.
        case refused(EndFrame)
    }

    mutating func receivedCall(_ frame: CallFrame, attachment: Attachment) -> Accept {
        // A closed connection starts nothing: no one would ever end the call or its handler. (Found by
        // FuzzConnection: a client's GOAWAY closed an idle connection, and a CALL in the same read started a
        // handler that waited for its request for ever.)
        if self.closed != nil { return .discarded }
        if let last = self.goAway, frame.callID > last { return .discarded }
        let limit = self.rules.local.maxConcurrentCalls
        guard self.calls.count < Int(limit) else {
            let error = RPCError(
                WireError(code: .callTooMany, message: "more than \(limit) calls open", callID: frame.callID)
            )
            return .refused(EndFrame(callID: frame.callID, status: error.code, message: error.message))
        }
        self.lastAccepted = frame.callID
        self.open(frame.callID, attachment: attachment, remoteEnded: frame.endStream)
        return .accepted
    }

    private mutating func open(_ id: UInt32, attachment: Attachment, remoteEnded: Bool) {
        self.liveness.callOpened()
        self.calls[id] = Call(
            attachment: attachment,
            reassembler: MessageReassembler(maxMessageSize: Int(self.rules.local.maxMessageSize)),
            sendWindow: Int(self.peer.initialWindow),
            receiveWindow: Int(self.rules.local.initialWindow),
            remoteEnded: remoteEnded
        )
    }

    // MARK: Frames on calls

    /// The peer returned window; returns whether the call is open (its waiting senders may go on).
    mutating func receivedWindow(_ window: WindowFrame) throws(WireError) -> Bool {
        guard let call = self.calls[window.callID] else { return false }
        guard call.sendWindow + Int(window.increment) <= Int(Settings.maximumWindow) else {
            throw WireError(
                code: .flowWindowOverflow,
                message: "WINDOW of \(window.increment) raises call \(window.callID)'s window above 2147483647"
            )
        }
        self.calls[window.callID]!.sendWindow += Int(window.increment)
        self.calls[window.callID]!.windowWaitSince = nil
        return true
    }

    /// What a MESSAGE frame comes to.
    enum OnMessage {
        /// For no open call: dropped.
        case discarded
        /// A fragment of an unfinished message; send these WINDOWs (its window returned early, if the bounds allow).
        case partial([WindowFrame])
        /// A whole message for the call's attachment, whose window (`credit` bytes) is returned once it is consumed;
        /// send the WINDOWs (held window other calls now get). `ended`: the sender's side ended with it.
        case whole(Message, credit: Int, Attachment, ended: Bool, [WindowFrame])
        /// A call error (`callAfterEndStream`, a message too large): end that call (`failCall`); the connection
        /// goes on.
        case callError(WireError)
    }

    /// A MESSAGE: window accounting, reassembly (SPEC.md §6–§7). Throws a connection error when the peer sent beyond
    /// the call's window.
    mutating func receivedMessage(_ frame: MessageFrame) throws(WireError) -> OnMessage {
        let size = frame.payload.readableBytes
        guard var call = self.calls[frame.callID] else { return .discarded }
        // A client's message after it ended its side (SPEC.md §5.5).
        if self.role == .server, call.remoteEnded {
            return .callError(
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
        let whole: Message?
        do throws(WireError) {
            whole = try call.reassembler.append(frame)
        } catch {
            self.calls[frame.callID] = call
            return .callError(error)
        }
        guard let whole else {
            // A fragment of an unfinished message: its window is returned at once, or a message larger than the
            // window could never complete — while the connection's unfinished messages, and the server's, stay
            // within their bounds (SPEC.md §14). Past them the window waits for another message to complete.
            let room = max(0, min(size, self.rules.partialMessageLimit - self.partialCredit))
            let early = room > 0 ? self.rules.partialMessageBudget.take(upTo: room) : 0
            self.partialCredit += early
            call.earlyCredit += early
            call.unreturned += early
            call.heldCredit += size - early
            self.heldCredit += size - early
            self.calls[frame.callID] = call
            return .partial(self.returnWindow(frame.callID, force: false).map { [$0] } ?? [])
        }
        // The message is whole: what its fragments held of the bounds is free again, and the window still held for
        // them is returned once the message is consumed.
        self.partialCredit -= call.earlyCredit
        self.rules.partialMessageBudget.give(back: call.earlyCredit)
        let held = call.heldCredit
        self.heldCredit -= held
        call.earlyCredit = 0
        call.heldCredit = 0
        self.calls[frame.callID] = call
        return .whole(
            whole,
            credit: size + held,
            call.attachment,
            ended: frame.endStream,
            self.heldCredit > 0 ? self.grantHeldCredit() : []
        )
    }

    /// What a HEADERS frame comes to.
    enum OnHeaders {
        case discarded
        /// The server's initial metadata, for the call's attachment.
        case headers(Attachment)
        /// HEADERS after a MESSAGE or a second HEADERS (SPEC.md §5.5): a call error.
        case callError(WireError)
    }

    mutating func receivedHeaders(_ headers: HeadersFrame) -> OnHeaders {
        guard let call = self.calls[headers.callID] else { return .discarded }
        guard !call.responseStarted else {
            return .callError(
                WireError(
                    code: .callHeadersOrder,
                    message: "HEADERS after a MESSAGE or a second HEADERS on call \(headers.callID)",
                    callID: headers.callID
                )
            )
        }
        self.calls[headers.callID]!.responseStarted = true
        return .headers(call.attachment)
    }

    /// What the client ending its side (END_STREAM or CLOSE, server) comes to.
    enum OnRemoteEnd {
        case discarded
        /// The requests end: finish the attachment's messages.
        case ended(Attachment)
        /// The side had already ended: a call error.
        case callError(WireError)
    }

    mutating func remoteEnded(_ id: UInt32) -> OnRemoteEnd {
        guard let call = self.calls[id] else { return .discarded }
        guard !call.remoteEnded else {
            return .callError(
                WireError(code: .callAfterEndStream, message: "the client's side had already ended", callID: id)
            )
        }
        self.calls[id]!.remoteEnded = true
        return .ended(call.attachment)
    }

    // MARK: Windows

    /// What a sender asking for window gets.
    enum Grant {
        case granted
        /// Not enough window: wait until the peer returns some.
        case wait
        /// The call has ended, with this reason.
        case gone(RPCError)
    }

    /// A sender takes `bytes` of the call's send window, if it has them.
    mutating func takeWindow(_ id: UInt32, bytes: Int) -> Grant {
        guard let call = self.calls[id] else {
            return .gone(self.closed ?? RPCError(code: .cancelled, message: "the call has ended"))
        }
        guard bytes == 0 || call.sendWindow >= bytes else { return .wait }
        self.calls[id]!.sendWindow -= bytes
        self.calls[id]!.windowWaitSince = nil
        return .granted
    }

    /// A sender that found too little window is about to wait for `bytes`: `.wait` when it must, its wait timed
    /// from `now` for the send-stall timer (`tick`); `.granted` when the window has come meanwhile, which the sender
    /// then takes (`takeWindow`).
    mutating func awaitWindow(_ id: UInt32, bytes: Int, at now: Instant) -> Grant {
        guard let call = self.calls[id] else {
            return .gone(self.closed ?? RPCError(code: .cancelled, message: "the call has ended"))
        }
        guard call.sendWindow < bytes else { return .granted }
        if call.windowWaitSince == nil { self.calls[id]!.windowWaitSince = now }
        return .wait
    }

    /// The application consumed `credit` bytes of a call's messages: the WINDOW to send, once enough have gathered.
    mutating func consumed(_ id: UInt32, credit: Int) -> WindowFrame? {
        guard self.calls[id] != nil else { return nil }
        self.calls[id]!.unreturned += credit
        return self.returnWindow(id, force: false)
    }

    private mutating func returnWindow(_ id: UInt32, force: Bool) -> WindowFrame? {
        guard let call = self.calls[id], call.unreturned > 0, force || call.unreturned >= self.rules.windowThreshold
        else { return nil }
        self.calls[id]!.receiveWindow += call.unreturned
        self.calls[id]!.unreturned = 0
        return WindowFrame(callID: id, increment: UInt32(call.unreturned))
    }

    /// Returns the window held for unfinished messages, oldest call first, as far as the bounds now allow.
    private mutating func grantHeldCredit() -> [WindowFrame] {
        var windows: [WindowFrame] = []
        for id in self.calls.keys.sorted() where self.calls[id]!.heldCredit > 0 {
            let room = max(0, min(self.calls[id]!.heldCredit, self.rules.partialMessageLimit - self.partialCredit))
            guard room > 0 else { break }
            let early = self.rules.partialMessageBudget.take(upTo: room)
            guard early > 0 else { break }
            self.partialCredit += early
            self.calls[id]!.earlyCredit += early
            self.calls[id]!.heldCredit -= early
            self.heldCredit -= early
            self.calls[id]!.unreturned += early
            if let window = self.returnWindow(id, force: true) { windows.append(window) }
        }
        return windows
    }

    // MARK: Ending calls

    /// A call that has ended: its attachment, and what else follows from its end.
    struct Ended {
        var attachment: Attachment
        /// WINDOWs for calls that get the window the ended one held.
        var windows: [WindowFrame]
        /// The connection was draining and this was its last call: close it with this reason.
        var drained: RPCError?
    }

    /// Forgets a call; nil if it had ended already. `now` is read only when it was the last open call.
    mutating func endCall(_ id: UInt32, at now: @autoclosure () -> Instant) -> Ended? {
        guard let call = self.calls.removeValue(forKey: id) else { return nil }
        if self.calls.isEmpty { self.liveness.lastCallEnded(at: now()) }
        // What its unfinished message held of the bounds is free for the other calls.
        self.partialCredit -= call.earlyCredit
        self.heldCredit -= call.heldCredit
        self.rules.partialMessageBudget.give(back: call.earlyCredit)
        return Ended(
            attachment: call.attachment,
            windows: call.earlyCredit > 0 && self.heldCredit > 0 ? self.grantHeldCredit() : [],
            drained: self.drained
        )
    }

    /// Whether the call is open.
    func isOpen(_ id: UInt32) -> Bool { self.calls[id] != nil }
}
