public import ChainDeskWire
public import Logging
public import NIOCore
internal import Synchronization

/// One protocol connection over a byte stream, for either side (SPEC.md §3–§10).
///
/// `run(inbound:write:)` drives it: a reader decodes frames and routes them to calls; a writer sends what calls
/// enqueue, many frames per write. The protocol's state and rules are a value, `ConnectionMachine`, that this shell
/// feeds with frames, local actions and the clock, carrying out what it answers; handlers and callers never touch
/// the socket.
public final class Connection: Sendable {
    public let role: Role
    let configuration: RPCConfiguration
    let logger: Logger
    let state: Mutex<State>
    let framer: Mutex<MessageFramer>
    let outbox = Mutex(Outbox())
    /// Rung when the outbox has something for the writer (at most one ring pending); finished at close.
    let wakes = AsyncQueue<Void>()
    /// Server: takes each call the client starts, on the reader, in order.
    let onCall: (@Sendable (ServerCall) -> Void)?
    /// Fires once the peer's preface and SETTINGS have arrived, or with the error that ended the handshake.
    let handshake = Signal<RPCError?>()
    /// Fires when the connection ends, with the reason.
    let ended = Signal<RPCError>()
    /// The event loop the connection's socket is served on, if any.
    public let eventLoop: (any EventLoop)?
    /// Bytes this connection has moved, for benchmarks and operators.
    public let traffic = Traffic()

    struct Outbox {
        var buffer = ByteBuffer()
        var signaled = false
        var finished = false
        /// Bytes handed to the socket whose write has not returned yet, and since when.
        var writing = 0
        var writingSince: ContinuousClock.Instant?
        /// Senders (and a server's reader) waiting for the queued bytes to drop below the limit.
        var spaceWaiters = Waiters()
        var nextWaiter = 0

        /// Bytes queued and not yet taken by the socket.
        var pending: Int { self.buffer.readableBytes + self.writing }
    }

    /// What the shell keeps with each call, carried by the state machine and handed back when the call ends.
    struct CallHandles: Sendable {
        var inbound: AsyncQueue<InboundMessage>
        /// Client: the server's metadata as it arrives.
        var info: CallInfo?
        /// Server: the task running the call's handler, cancelled when the call is (by the client, its deadline or
        /// the connection's end) — but not when the handler ends the call itself.
        var handler: Task<Void, Never>?
        /// Server: fires when the call is cancelled; made only for a handler that asks (`ServerCall.cancelled()`).
        var cancellation: Signal<RPCError>?
    }

    /// The protocol state (`ConnectionMachine`) and the tasks waiting on it, under one lock.
    struct State {
        var machine: ConnectionMachine<CallHandles>
        var pings: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        /// Client calls waiting for a slot under the server's MAX_CONCURRENT_CALLS.
        var slotWaiters = Waiters()
        /// Senders waiting for window, by call: only a call with a waiting sender has an entry.
        var sendWaiters: [UInt32: Waiters] = [:]
        /// Ids for waiters, so that a cancelled task can remove its own.
        var nextWaiter = 0

        mutating func takeWaiter() -> Int {
            defer { self.nextWaiter += 1 }
            return self.nextWaiter
        }

        /// Every waiting sender, to wake.
        mutating func takeSendWaiters() -> [CheckedContinuation<Void, any Error>] {
            defer { self.sendWaiters = [:] }
            return self.sendWaiters.values.flatMap { $0.entries.map(\.continuation) }
        }
    }

    /// - Parameters:
    ///   - eventLoop: the event loop the connection's socket is served on, if any: call deadlines are then timers
    ///     on it rather than sleeping tasks.
    ///   - onCall: a server's receiver of the calls its client starts, called by the reader as each arrives; it
    ///     must not block (it starts a task for the call).
    public init(
        role: Role,
        configuration: RPCConfiguration = RPCConfiguration(),
        logger: Logger? = nil,
        eventLoop: (any EventLoop)? = nil,
        onCall: (@Sendable (ServerCall) -> Void)? = nil
    ) {
        precondition((role == .server) == (onCall != nil), "a server connection, and only one, takes calls")
        self.role = role
        self.onCall = onCall
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.localSettings = configuration.wire.settings
        self.logger = logger ?? Logger(label: "chaindesk.rpc.\(role.rawValue)")
        let rules = ConnectionMachine<CallHandles>.Rules(
            role: role,
            configuration: configuration,
            local: self.localSettings
        )
        self.state = Mutex(State(machine: ConnectionMachine(rules: rules, now: .now)))
        self.framer = Mutex(MessageFramer(policy: configuration.wire.compression, peer: .defaults))
        // The preface and SETTINGS go first, before anything a caller enqueues.
        let start = Self.opening(self.localSettings)
        self.traffic.add(start.readableBytes, to: .setup)
        self.enqueueBytes(start)
    }

    /// What an endpoint declaring `settings` sends first: its preface and its one SETTINGS frame.
    static func opening(_ settings: Settings) -> ByteBuffer {
        var bytes = ByteBuffer()
        Preface.current.write(into: &bytes)
        FrameEncoder().encode(.settings(settings.frame), into: &bytes)
        return bytes
    }

    /// Runs tasks on the connection's event loop, if it has one: code that never blocks (a benchmark's caller, a
    /// proxy) can run its calls there and save a thread hop each way per call. Blocking work must not.
    public var executor: (any TaskExecutor)? {
        self.eventLoop.map { EventLoopExecutor($0) }
    }

    /// The SETTINGS this endpoint declared. Kept, not derived on each use: deriving them checksums every
    /// preset dictionary (32 KiB of Adler-32 each), which once cost a node with the CRM dictionary three
    /// quarters of its time per call.
    let localSettings: Settings

    // MARK: Running

    /// How the transport should close its byte stream once the connection has ended.
    public enum CloseMode: Sendable {
        /// Normally, after what has been written (TCP: FIN).
        case orderly
        /// At once, dropping what the peer has not read (TCP: RST): the peer stopped reading, and an orderly
        /// close would leave its unread bytes in the kernel until TCP gives up on it.
        case reset
    }

    /// Runs the connection until it ends: sends the preface and SETTINGS, then reads and writes. Returns once the
    /// connection has closed — the peer went, a connection error, or this side closed it (a drained server, an
    /// idle timeout, a client done with it) — and its last frames are written, or at once for a peer that
    /// stopped reading; the caller then closes the socket as the result says.
    @discardableResult
    public func run<Inbound: AsyncSequence & Sendable>(
        inbound: Inbound,
        write: @escaping @Sendable (ByteBuffer) async throws -> Void
    ) async -> CloseMode where Inbound.Element == ByteBuffer {
        let timers = Task { await self.timerLoop() }
        defer { timers.cancel() }
        let flushed = Signal<Void>()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await self.writeLoop(write)
                flushed.fire(())
            }
            group.addTask {
                await self.readLoop(inbound)
                self.close(RPCError(code: .unavailable, message: "connection closed"))
            }
            _ = await self.ended.wait()
            // The writer flushes what is queued — the GOAWAY saying why, after a connection error — and returns;
            // a peer that does not read gets a short while, then the connection goes anyway (at once when that is
            // why it closed). The reader, which may still be waiting for bytes, is cancelled.
            if !self.stalled {
                group.addTask {
                    try? await Task.sleep(for: self.configuration.closeFlushTimeout)
                    flushed.fire(())
                }
                _ = await flushed.wait()
            }
            group.cancelAll()
        }
        return self.stalled ? .reset : .orderly
    }

    /// The connection was closed because its peer stopped reading (`sendStallTimeout`).
    var stalled: Bool { self.state.withLock { $0.machine.stalled } }

    private func writeLoop(_ write: @Sendable (ByteBuffer) async throws -> Void) async {
        while (try? await self.wakes.next()) != nil {
            let (chunk, finished) = self.outbox.withLock { box -> (ByteBuffer?, Bool) in
                box.signaled = false
                guard box.buffer.readableBytes > 0 else { return (nil, box.finished) }
                defer {
                    box.writing = box.buffer.readableBytes
                    box.writingSince = .now
                    box.buffer = ByteBuffer()
                }
                return (box.buffer, box.finished)
            }
            if var chunk {
                self.traffic.add(chunk.readableBytes, to: .wireSent)
                // In pieces, each timed: a write returns once the socket can take more, so a peer that does not
                // read holds one here, and the stall timer (`sendStallTimeout`) sees for how long. A slow link
                // that reads still finishes a piece in seconds.
                while let piece = chunk.readSlice(length: min(chunk.readableBytes, Self.writePiece)) {
                    do {
                        try await write(piece)
                    } catch {
                        self.close(RPCError(code: .unavailable, message: "connection lost while writing", cause: error))
                        return
                    }
                    let limit = self.configuration.outboundBufferLimit
                    let waiters = self.outbox.withLock { box -> [CheckedContinuation<Void, any Error>] in
                        box.writing -= piece.readableBytes
                        box.writingSince = chunk.readableBytes > 0 ? .now : nil
                        return box.spaceWaiters.isEmpty || box.pending >= limit ? [] : box.spaceWaiters.takeAll()
                    }
                    for waiter in waiters { waiter.resume() }
                    if chunk.readableBytes == 0 { break }
                }
            }
            if finished { return }
        }
    }

    /// The most bytes handed to the socket in one write: the unit in which the send-stall timer sees progress.
    static let writePiece = 65_536

    /// Once a read has brought at least this many frames, the reader stops halfway through them, once, and lets
    /// the tasks it has woken run (`Task.yield`). On an event loop, where the reader, the calls and the writer take
    /// turns in order, this is what lets the writer send the first half's answers while the reader goes on with
    /// the second: the peer starts on them at once, and both ends of a busy connection work at the same time
    /// instead of in turn. A unary echo with 64 in flight went from 116k to about 225k calls/s with it; yielding
    /// more often than once per read costs more writes than it gains.
    static let framesBeforeTurn = 4

    private func readLoop<Inbound: AsyncSequence & Sendable>(_ inbound: Inbound) async
    where Inbound.Element == ByteBuffer {
        var buffer = ByteBuffer()
        var decoder = FrameDecoder(sender: self.role == .client ? .server : .client, limits: self.localSettings)
        var prefaceRead = false
        var setupLeft = 0
        var handled = 0
        let inflater = MessageInflater(configuration: self.configuration.wire)
        do {
            for try await chunk in inbound {
                // A server whose client is not reading its answers stops reading new work (and the client's
                // socket fills in turn) until the queue for the socket drains. A client always reads, so the
                // two ends never wait on each other.
                if self.role == .server, self.queuedOutputBytes >= self.configuration.outboundBufferLimit {
                    try await self.waitForOutboxSpace()
                }
                // What a client has started by now is all a server can have answered in this chunk.
                let started = self.state.withLock { state in
                    state.machine.heard(at: .now)
                    return state.machine.nextCallID - 1
                }
                if self.role == .client { decoder.started(upTo: started) }
                self.traffic.add(chunk.readableBytes, to: .wireReceived)
                var chunk = chunk
                buffer.writeBuffer(&chunk)
                handled = 0
                var turned = false
                let midpoint = buffer.readerIndex + buffer.readableBytes / 2
                if !prefaceRead {
                    let before = buffer.readerIndex
                    guard let preface = try Preface.read(from: &buffer) else { continue }
                    _ = try Preface.current.negotiate(with: preface)
                    prefaceRead = true
                    setupLeft = 1
                    self.traffic.add(buffer.readerIndex - before, to: .setup)
                }
                while true {
                    let frame: Frame?
                    let before = buffer.readerIndex
                    do throws(WireError) {
                        frame = try decoder.decode(buffer: &buffer)
                    } catch {
                        guard error.code.scope == .call else { throw error }
                        self.failCall(error.callID ?? 0, RPCError(error))
                        continue
                    }
                    guard let frame else { break }
                    if setupLeft > 0 {
                        setupLeft -= 1
                        self.traffic.add(buffer.readerIndex - before, to: .setup)
                    }
                    try self.handle(frame, inflater)
                    handled += 1
                    if handled >= Self.framesBeforeTurn, !turned, buffer.readerIndex >= midpoint {
                        turned = true
                        await Task.yield()
                    }
                }
                if buffer.readerIndex > 65_536 { buffer.discardReadBytes() }
            }
            if buffer.readableBytes > 0, prefaceRead {
                _ = try decoder.decodeLast(buffer: &buffer, seenEOF: true)
            }
        } catch let error as WireError {
            self.fail(error)
        } catch {
            self.close(RPCError(code: .unavailable, message: "connection lost", cause: error))
        }
    }

    /// Answers a connection error: GOAWAY with its code, then close (SPEC.md §13.1).
    func fail(_ error: WireError) {
        self.logger.debug("connection error", metadata: ["error": "\(error)"])
        self.enqueue(.goAway(self.state.withLock { $0.machine.goAway(for: error) }))
        self.close(RPCError(code: .unavailable, message: "protocol error: \(error)", cause: error))
    }

    // MARK: Writing

    /// Encodes `frame` into the outbox and wakes the writer.
    ///
    /// - Parameter limit: enqueue only while fewer bytes than this wait for the socket; returns whether the frame
    ///   was enqueued (or dropped because the connection has closed). Without it, the frame is always taken.
    @discardableResult
    func enqueue(_ frame: Frame, unlessAbove limit: Int = .max) -> Bool {
        // Encoded straight into the outbox: no buffer of its own per frame on the hot path.
        let (taken, wake) = self.outbox.withLock { box -> (Bool, Bool) in
            guard !box.finished else { return (true, false) }
            guard box.pending < limit else { return (false, false) }
            FrameEncoder().encode(frame, into: &box.buffer)
            defer { box.signaled = true }
            return (true, !box.signaled)
        }
        if wake { self.wakes.yield(()) }
        return taken
    }

    /// Waits while `outboundBufferLimit` bytes or more wait for the socket; throws the connection's end if it
    /// closes meanwhile, or the task's cancellation.
    func waitForOutboxSpace() async throws {
        let limit = self.configuration.outboundBufferLimit
        while true {
            let waiter = self.outbox.withLock { box -> Int? in
                guard !box.finished, box.pending >= limit else { return nil }
                defer { box.nextWaiter += 1 }
                return box.nextWaiter
            }
            guard let waiter else { break }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let wait = self.outbox.withLock { box -> Bool in
                        guard !box.finished, box.pending >= limit, !Task.isCancelled else { return false }
                        box.spaceWaiters.add(waiter, continuation)
                        return true
                    }
                    if !wait { continuation.resume() }
                }
            } onCancel: {
                self.outbox.withLock { $0.spaceWaiters.remove(waiter) }?.resume(throwing: CancellationError())
            }
            try Task.checkCancellation()
        }
        if let closed = self.closedReason { throw closed }
    }

    func enqueueBytes(_ bytes: ByteBuffer) {
        var bytes = bytes
        let wake = self.outbox.withLock { box -> Bool in
            guard !box.finished else { return false }
            box.buffer.writeBuffer(&bytes)
            defer { box.signaled = true }
            return !box.signaled
        }
        if wake { self.wakes.yield(()) }
    }

    // MARK: Closing

    /// Ends the connection: every open call fails with `reason`, the writer flushes and stops.
    public func close(_ reason: RPCError) {
        self.close(reason, stalled: false)
    }

    /// - Parameter stalled: the peer stopped reading; the transport resets rather than flushes.
    func close(_ reason: RPCError, stalled: Bool) {
        typealias Continuation = CheckedContinuation<Void, any Error>
        let taken = self.state.withLock { state -> ([CallHandles], [Continuation])? in
            guard let open = state.machine.close(reason, stalled: stalled) else { return nil }
            defer { state.pings = [:] }
            return (open, state.takeSendWaiters() + Array(state.pings.values) + state.slotWaiters.takeAll())
        }
        guard let (calls, waiters) = taken else { return }
        for call in calls {
            call.inbound.finish(throwing: reason)
            call.cancellation?.fire(reason)
            call.handler?.cancel()
        }
        for waiter in waiters { waiter.resume(throwing: reason) }
        self.handshake.fire(reason)
        self.ended.fire(reason)
        let (wake, spaceWaiters) = self.outbox.withLock { box -> (Bool, [Continuation]) in
            box.finished = true
            defer { box.signaled = true }
            return (!box.signaled, box.spaceWaiters.takeAll())
        }
        for waiter in spaceWaiters { waiter.resume(throwing: reason) }
        if wake { self.wakes.yield(()) }
        self.wakes.finish()
    }

    /// Bytes queued for the socket and not yet taken by it.
    public var queuedOutputBytes: Int { self.outbox.withLock { $0.pending } }

    /// Whether new calls may start here: no GOAWAY has arrived (or been sent) and the connection is open.
    public var acceptsCalls: Bool { self.state.withLock { $0.machine.goAway == nil && $0.machine.closed == nil } }

    /// Calls with a sender waiting for window the peer has not returned.
    public var callsWaitingForWindow: Int {
        self.state.withLock { state in state.sendWaiters.values.count { !$0.isEmpty } }
    }

    /// Why the connection ended, once it has.
    public var closedReason: RPCError? { self.state.withLock { $0.machine.closed } }

    /// Waits until the peer's preface and SETTINGS have arrived; returns the error that ended the handshake instead,
    /// if one did.
    public func handshakeCompleted() async -> RPCError? { await self.handshake.wait() ?? nil }

    /// Waits until the connection ends.
    public func waitUntilClosed() async -> RPCError? { await self.ended.wait() }
}
