import ChainDeskWire
import NIOCore
import Testing

@testable import ChainDeskRPC

/// The connection's rules driven through its state machine alone: frames and local actions in, answers out, and a
/// clock the test moves. No sockets, no tasks, no sleeps.
@Suite("RPC: the connection state machine, driven directly")
struct ConnectionMachineTests {
    typealias Machine = ConnectionMachine<Int>

    let start = ContinuousClock.now
    func at(_ milliseconds: Int64) -> ContinuousClock.Instant { self.start + .milliseconds(milliseconds) }

    func machine(
        _ role: Role,
        local: (inout Settings) -> Void = { _ in },
        configure: (inout RPCConfiguration) -> Void = { _ in }
    ) -> Machine {
        var configuration = RPCConfiguration()
        configuration.partialMessageBudget = PartialMessageBudget(bytes: 1 << 20)
        configure(&configuration)
        var settings = configuration.wire.settings
        local(&settings)
        return Machine(rules: .init(role: role, configuration: configuration, local: settings), now: self.at(0))
    }

    func call(_ id: UInt32, endStream: Bool = false) -> CallFrame {
        CallFrame(callID: id, method: 1, deadline: nil, metadata: nil, idempotencyKey: nil, endStream: endStream)
    }

    func message(_ id: UInt32, bytes: Int, more: Bool = false, end: Bool = false) -> MessageFrame {
        MessageFrame(callID: id, payload: ByteBuffer(repeating: 0x61, count: bytes), more: more, endStream: end)
    }

    /// A client machine whose server has declared `settings`, with one call started.
    func clientWithCall(_ settings: (inout Settings) -> Void = { _ in }) throws -> (Machine, UInt32) {
        var client = self.machine(.client)
        var peer = Settings()
        settings(&peer)
        _ = try client.receivedSettings(peer.frame)
        guard
            case .started(let id, _) = client.startCall(method: 7, options: .defaults, endStream: false, attachment: 1)
        else { throw RPCError(code: .internal, message: "the call did not start") }
        return (client, id)
    }

    // MARK: §5.5 call order

    @Test("HEADERS after a MESSAGE, or a second HEADERS, is call.headers_order; the call ends, the connection goes on")
    func headersOrder() throws {
        var (client, id) = try self.clientWithCall()
        guard case .headers(let attachment) = client.receivedHeaders(HeadersFrame(callID: id, metadata: Metadata()))
        else { Issue.record("the first HEADERS was not taken"); return }
        #expect(attachment == 1)
        guard case .callError(let error) = client.receivedHeaders(HeadersFrame(callID: id, metadata: Metadata())) else {
            Issue.record("a second HEADERS was taken")
            return
        }
        #expect(error.code == .callHeadersOrder && error.callID == id)

        var (other, second) = try self.clientWithCall()
        _ = try other.receivedMessage(self.message(second, bytes: 10))
        guard case .callError(let late) = other.receivedHeaders(HeadersFrame(callID: second, metadata: Metadata()))
        else { Issue.record("HEADERS after a MESSAGE was taken"); return }
        #expect(late.code == .callHeadersOrder)
        #expect(other.closed == nil)
    }

    @Test("a MESSAGE or a second CLOSE after the client ended its side is call.after_end_stream")
    func afterEndStream() throws {
        var server = self.machine(.server)
        #expect(isAccepted(server.receivedCall(self.call(1, endStream: true), attachment: 1)))
        guard case .callError(let error) = try server.receivedMessage(self.message(1, bytes: 3)) else {
            Issue.record("a MESSAGE after END_STREAM was taken")
            return
        }
        #expect(error.code == .callAfterEndStream)

        #expect(isAccepted(server.receivedCall(self.call(3), attachment: 3)))
        guard case .ended(let attachment) = server.remoteEnded(3) else {
            Issue.record("CLOSE did not end the requests")
            return
        }
        #expect(attachment == 3)
        guard case .callError(let twice) = server.remoteEnded(3) else {
            Issue.record("a second CLOSE was taken")
            return
        }
        #expect(twice.code == .callAfterEndStream)
    }

    @Test("a CALL past MAX_CONCURRENT_CALLS is refused with END RESOURCE_EXHAUSTED; one ending frees a place")
    func tooManyCalls() {
        var server = self.machine(.server, local: { $0.maxConcurrentCalls = 2 })
        #expect(isAccepted(server.receivedCall(self.call(1), attachment: 1)))
        #expect(isAccepted(server.receivedCall(self.call(3), attachment: 3)))
        guard case .refused(let end) = server.receivedCall(self.call(5), attachment: 5) else {
            Issue.record("the third call was accepted")
            return
        }
        #expect(end.callID == 5 && end.status == .resourceExhausted && end.message?.contains("call.too_many") == true)
        #expect(server.endCall(1, at: self.at(1))?.attachment == 1)
        #expect(isAccepted(server.receivedCall(self.call(7), attachment: 7)))
    }

    @Test("a client waits for a place under the server's MAX_CONCURRENT_CALLS and takes ids in order")
    func clientSlots() throws {
        var (client, first) = try self.clientWithCall { $0.maxConcurrentCalls = 1 }
        #expect(first == 1 && client.callsFull)
        guard case .wait = client.startCall(method: 7, options: .defaults, endStream: false, attachment: 2) else {
            Issue.record("a second call started beyond the server's limit")
            return
        }
        _ = client.endCall(first, at: self.at(5))
        #expect(!client.callsFull)
        guard
            case .started(let next, let frame) = client.startCall(
                method: 7,
                options: CallOptions(timeout: .milliseconds(1500)),
                endStream: true,
                attachment: 2
            )
        else { Issue.record("the freed place was not taken"); return }
        #expect(next == 2 && frame.callID == 2 && frame.method == 7 && frame.endStream)
        #expect(frame.deadline == Deadline(milliseconds: 1500))
    }

    // MARK: §7 flow control

    @Test("a sender waits for window, is timed from when it began, and goes on when WINDOW comes")
    func sendWindow() throws {
        var (client, id) = try self.clientWithCall()
        guard case .granted = client.takeWindow(id, bytes: 65_000) else {
            Issue.record("the window was refused"); return
        }
        guard case .wait = client.takeWindow(id, bytes: 1_000) else {
            Issue.record("it sent beyond its window"); return
        }
        guard case .wait = client.awaitWindow(id, bytes: 1_000, at: self.at(10)) else { return }
        #expect(client.calls[id]?.windowWaitSince == self.at(10))
        #expect(try client.receivedWindow(WindowFrame(callID: id, increment: 2_000)))
        #expect(client.calls[id]?.windowWaitSince == nil)
        guard case .granted = client.takeWindow(id, bytes: 1_000) else {
            Issue.record("WINDOW did not free it"); return
        }
        #expect(client.calls[id]?.sendWindow == 65_536 - 66_000 + 2_000)
    }

    @Test("WINDOW above 2^31 - 1 is flow.window_overflow; a MESSAGE beyond the window is flow.window_exceeded")
    func windowErrors() throws {
        var (client, id) = try self.clientWithCall()
        #expect(throws: WireError.self) {
            try client.receivedWindow(WindowFrame(callID: id, increment: Settings.maximumWindow))
        }
        do {
            _ = try client.receivedWindow(WindowFrame(callID: id, increment: Settings.maximumWindow))
        } catch {
            #expect(error.code == .flowWindowOverflow)
        }
        var (other, second) = try self.clientWithCall()
        _ = try other.receivedMessage(self.message(second, bytes: 60_000))  // whole, and not consumed
        do {
            _ = try other.receivedMessage(self.message(second, bytes: 10_000))
            Issue.record("bytes beyond the window were taken")
        } catch {
            #expect(error.code == .flowWindowExceeded)
        }
    }

    @Test("consumed bytes are returned in one WINDOW once half the initial window has gathered")
    func windowReturn() throws {
        var (client, id) = try self.clientWithCall()
        guard case .whole(_, let credit, _, _, _) = try client.receivedMessage(self.message(id, bytes: 20_000)) else {
            Issue.record("the message was not whole")
            return
        }
        #expect(credit == 20_000)
        #expect(client.consumed(id, credit: credit) == nil)
        #expect(client.consumed(id, credit: 20_000) == WindowFrame(callID: id, increment: 40_000))
        #expect(client.calls[id]?.receiveWindow == 65_536 - 20_000 + 40_000)
    }

    @Test("a larger initial window in SETTINGS raises every open call's send window by the difference")
    func settingsMoveWindows() throws {
        var (client, id) = try self.clientWithCall()
        _ = client.takeWindow(id, bytes: 30_000)
        var larger = Settings()
        larger.initialWindow = 1 << 20
        larger.maxFrameSize = 1 << 22
        let framing = try client.receivedSettings(larger.frame)
        #expect(client.calls[id]?.sendWindow == (1 << 20) - 30_000)
        #expect(framing.maxFrameSize == 1 << 20, "a fragment is never larger than a whole initial window")
    }

    // MARK: §9 draining

    @Test("a draining server names its last call, discards later ones, and closes once the named ones end")
    func serverDrain() {
        var server = self.machine(.server)
        _ = server.receivedCall(self.call(1), attachment: 1)
        _ = server.receivedCall(self.call(3), attachment: 3)
        let goAway = server.startDraining(reason: "restarting")
        #expect(goAway == GoAwayFrame(lastCallID: 3, code: .noError, reason: "restarting"))
        #expect(server.startDraining(reason: "again") == nil)
        guard case .discarded = server.receivedCall(self.call(5), attachment: 5) else {
            Issue.record("a call after the GOAWAY was accepted")
            return
        }
        #expect(server.endCall(1, at: self.at(1))?.drained == nil)
        let last = server.endCall(3, at: self.at(2))
        #expect(last?.drained?.notProcessed == true)
    }

    @Test("a client told GOAWAY refuses the calls past its last id as not processed and starts no more")
    func clientGoAway() throws {
        var (client, first) = try self.clientWithCall()
        guard
            case .started(let second, _) = client.startCall(
                method: 7,
                options: .defaults,
                endStream: false,
                attachment: 2
            )
        else { return }
        guard
            case .refuse(let refused, let error, let close) = client.receivedGoAway(
                GoAwayFrame(lastCallID: first, code: .noError, reason: "restarting")
            )
        else { Issue.record("the GOAWAY was not taken as a drain"); return }
        #expect(refused == [second] && error.notProcessed && close == nil)
        guard case .refused(let late) = client.startCall(method: 7, options: .defaults, endStream: false, attachment: 3)
        else { Issue.record("a call started after GOAWAY"); return }
        #expect(late.notProcessed && late.message.contains("restarting"))
        _ = client.endCall(second, at: self.at(1))
        #expect(client.endCall(first, at: self.at(2))?.drained != nil)
    }

    @Test("a GOAWAY for an error closes; a client's GOAWAY NO_ERROR asks the server to drain")
    func goAwayKinds() throws {
        var (client, _) = try self.clientWithCall()
        guard case .refuse(_, _, let close?) = client.receivedGoAway(GoAwayFrame(lastCallID: 0, code: .protocolError))
        else { Issue.record("an error GOAWAY did not close"); return }
        #expect(close.message.contains("PROTOCOL_ERROR"))
        var server = self.machine(.server)
        guard case .drain = server.receivedGoAway(GoAwayFrame(lastCallID: 0, code: .noError)) else {
            Issue.record("the client's GOAWAY did not drain")
            return
        }
        guard case .close = server.receivedGoAway(GoAwayFrame(lastCallID: 0, code: .internalError)) else {
            Issue.record("the client's error GOAWAY did not close")
            return
        }
    }

    @Test("closing hands back every open call once, and the connection error's GOAWAY names the last call")
    func close() {
        var server = self.machine(.server)
        _ = server.receivedCall(self.call(1), attachment: 1)
        _ = server.receivedCall(self.call(3), attachment: 3)
        let goAway = server.goAway(for: WireError(code: .frameUnknownType, message: "type 99"))
        #expect(
            goAway.lastCallID == 3 && goAway.code == .protocolError && goAway.reason.hasPrefix("frame.unknown_type")
        )
        let open = server.close(RPCError(code: .unavailable, message: "gone"))
        #expect(open?.sorted() == [1, 3])
        #expect(server.close(RPCError(code: .unavailable, message: "again")) == nil)
        guard case .discarded = server.receivedCall(self.call(5), attachment: 5) else {
            Issue.record("a closed connection accepted a call")
            return
        }
    }

    // MARK: §9.1 keepalive and ping flood, §9.3 idle timeout, §10.1 send stall

    @Test("PINGs sooner than PING_MIN_INTERVAL: three are answered, the fourth early one is ping.flood")
    func pingFlood() throws {
        var server = self.machine(.server, local: { $0.pingMinIntervalMilliseconds = 1_000 })
        for n in 0..<4 {
            let answer = try server.receivedPing(PingFrame(data: UInt64(n)), at: self.at(Int64(n)))
            #expect(answer == PingFrame(data: UInt64(n), ack: true))
        }
        do {
            _ = try server.receivedPing(PingFrame(data: 9), at: self.at(5))
            Issue.record("the flood was answered")
        } catch {
            #expect(error.code == .pingFlood)
        }
    }

    @Test("a silent server is pinged after the keepalive interval; an unanswered PING closes after the timeout")
    func keepalive() throws {
        var client = self.machine(
            .client,
            configure: { configuration in
                configuration.keepaliveInterval = .seconds(30)
                configuration.keepaliveTimeout = .seconds(20)
            }
        )
        var peer = Settings()
        peer.pingMinIntervalMilliseconds = 10_000
        _ = try client.receivedSettings(peer.frame)
        #expect(quiet(client.tick(at: self.at(29_999), socket: nil)))
        guard case .sendKeepalive(let ping) = client.tick(at: self.at(30_000), socket: nil).timeout else {
            Issue.record("no keepalive after 30 s of silence")
            return
        }
        #expect(quiet(client.tick(at: self.at(40_000), socket: nil)), "one keepalive at a time")
        // Answered: the next is due 30 s after the answer.
        client.heard(at: self.at(40_100))
        let answered = client.receivedPingAck(PingFrame(data: ping.data, ack: true))
        #expect(answered)
        #expect(quiet(client.tick(at: self.at(70_099), socket: nil)))
        guard case .sendKeepalive(let next) = client.tick(at: self.at(70_100), socket: nil).timeout else { return }
        #expect(next.data != ping.data)
        #expect(quiet(client.tick(at: self.at(90_100), socket: nil)))
        guard case .keepaliveUnanswered(let error) = client.tick(at: self.at(90_101), socket: nil).timeout else {
            Issue.record("an unanswered keepalive did not close")
            return
        }
        #expect(error.code == .unavailable)
    }

    @Test("a server with no open call for longer than IDLE_TIMEOUT says GOAWAY IDLE_TIMEOUT; an open call holds it")
    func idleTimeout() {
        var server = self.machine(.server, local: { $0.idleTimeoutMilliseconds = 1_000 })
        _ = server.receivedCall(self.call(1), attachment: 1)
        #expect(quiet(server.tick(at: self.at(5_000), socket: nil)))
        _ = server.endCall(1, at: self.at(5_000))
        #expect(quiet(server.tick(at: self.at(6_000), socket: nil)))
        guard case .idle(let goAway, _) = server.tick(at: self.at(6_001), socket: nil).timeout else {
            Issue.record("an idle connection stayed open")
            return
        }
        #expect(goAway == GoAwayFrame(lastCallID: 1, code: .idleTimeout, reason: "idle for more than 1000 ms"))
    }

    @Test("a socket that takes nothing for the stall timeout is reset; a call left without window is ended")
    func sendStall() {
        var server = self.machine(.server, configure: { $0.sendStallTimeout = .seconds(60) })
        _ = server.receivedCall(self.call(1), attachment: 1)
        _ = server.receivedCall(self.call(3), attachment: 3)
        _ = server.takeWindow(1, bytes: 65_536)
        _ = server.awaitWindow(1, bytes: 100, at: self.at(1_000))
        #expect(server.tick(at: self.at(61_000), socket: nil).stalledCalls.isEmpty)
        #expect(server.tick(at: self.at(61_001), socket: nil).stalledCalls == [1])
        #expect(server.tick(at: self.at(61_001), socket: (self.at(1_000), 4_096)).stalledCalls.isEmpty)
        guard case .resetStalled(let error) = server.tick(at: self.at(61_001), socket: (self.at(1_000), 4_096)).timeout
        else { Issue.record("a stalled socket was not reset"); return }
        #expect(error.message.contains("send.stalled") && error.message.contains("4096 bytes"))
        #expect(quiet(server.tick(at: self.at(61_001), socket: (self.at(2_000), 4_096))))
    }

    // MARK: §14 bounds on unfinished messages

    @Test("fragments beyond the bound on unfinished messages hold their window until another message completes")
    func heldCredit() throws {
        var client = self.machine(.client, configure: { $0.partialMessageLimit = 50_000 })
        _ = try client.receivedSettings(Settings().frame)
        guard
            case .started(let a, _) = client.startCall(method: 1, options: .defaults, endStream: false, attachment: 1),
            case .started(let b, _) = client.startCall(method: 1, options: .defaults, endStream: false, attachment: 2)
        else { return }
        guard case .partial(let first) = try client.receivedMessage(self.message(a, bytes: 40_000, more: true)) else {
            return
        }
        #expect(first == [WindowFrame(callID: a, increment: 40_000)])
        guard case .partial(let second) = try client.receivedMessage(self.message(b, bytes: 40_000, more: true)) else {
            return
        }
        // Only what the bound leaves counts as returnable (10,000 bytes, below the threshold for a WINDOW yet); the
        // rest is held.
        #expect(second.isEmpty && client.heldCredit == 30_000)
        guard case .whole(_, _, _, _, let regranted) = try client.receivedMessage(self.message(a, bytes: 1)) else {
            return
        }
        #expect(regranted == [WindowFrame(callID: b, increment: 40_000)])
        #expect(client.heldCredit == 0)
    }
}

/// The timers asked for nothing at that instant.
private func quiet(_ tick: (timeout: ConnectionMachine<Int>.Timeout?, stalledCalls: [UInt32])) -> Bool {
    tick.timeout == nil
}

private func isAccepted(_ accept: ConnectionMachine<Int>.Accept) -> Bool {
    if case .accepted = accept { return true }
    return false
}
