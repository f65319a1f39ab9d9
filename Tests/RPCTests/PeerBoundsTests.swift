import ChainDeskRPC
import ChainDeskTestService
import ChainDeskWire
import Foundation
import NIOCore
import Testing

/// What a client can make the server hold, and how the server meets a client that breaks or ends its side
/// (SPEC.md §5.5, §9.2, §14), with hand-made frames.
@Suite("RPC: the server's bounds against a peer")
struct PeerBoundsTests {
    /// The frames from the server up to the answer to a PING: everything it sent for what came before.
    static func framesUntilPong(_ peer: inout RawPeer, data: UInt64) async throws -> [Frame] {
        peer.send([.ping(PingFrame(data: data))])
        var frames: [Frame] = []
        while let frame = try await peer.nextAny() {
            if case .ping(let ping) = frame, ping.ack, ping.data == data { return frames }
            frames.append(frame)
        }
        return frames
    }

    static func increments(_ frames: [Frame]) -> [UInt32: Int] {
        frames.reduce(into: [:]) { sums, frame in
            if case .window(let window) = frame { sums[window.callID, default: 0] += Int(window.increment) }
        }
    }

    static let fragment = ByteBuffer(repeating: 0x61, count: 16_384)

    /// Whether `frame` ends `call` OK: an END, or a last MESSAGE that ends the stream (OK implied).
    static func endsOK(_ frame: Frame, call: UInt32) -> Bool {
        switch frame {
        case .end(let end): end.callID == call && end.status == .ok
        case .message(let message): message.callID == call && message.endStream
        default: false
        }
    }

    @Test("unfinished messages hold at most their bound beyond their windows; a finished one frees it for the rest")
    func unfinishedMessages() async throws {
        var configuration = RPCConfiguration()
        configuration.partialMessageLimit = 128 << 10
        let budget = configuration.partialMessageBudget
        let server = RPCServer(router: TestMethods.router, configuration: configuration)
        try await RawPeer.run(server: server) { peer in
            // Eight calls, each filling its 64 KiB window with fragments of a message it does not finish.
            var frames: [Frame] = [.settings(SettingsFrame(entries: []))]
            for index in 0..<8 {
                let id = UInt32(2 * index + 1)
                frames.append(.call(CallFrame(callID: id, method: TestMethods.echo)))
                for _ in 0..<4 {
                    frames.append(.message(MessageFrame(callID: id, payload: Self.fragment, more: true)))
                }
            }
            peer.send(frames, preface: true)
            let first = Self.increments(try await Self.framesUntilPong(&peer, data: 1))
            // Before the bound, every call would have had its 64 KiB back: 512 KiB held for messages never done.
            #expect(first.values.reduce(0, +) <= 128 << 10, "\(first)")
            #expect(first[1] == 65_536 && first[3] == 65_536 && first[5] == nil, "\(first)")
            #expect(budget.inUse <= 128 << 10)

            // Call 1 finishes its message: its bytes are a message now, and call 5 gets its window.
            peer.send([.message(MessageFrame(callID: 1, payload: ByteBuffer(string: "end"), endStream: true))])
            let second = try await Self.framesUntilPong(&peer, data: 2)
            #expect(Self.increments(second)[5] == 65_536, "\(Self.increments(second))")
            // And its answer comes, the whole message echoed, once the peer gives the window it needs.
            peer.send([.window(WindowFrame(callID: 1, increment: 1 << 20))])
            var answered = second.contains { Self.endsOK($0, call: 1) }
            while !answered, let frame = try await peer.nextAny() { answered = Self.endsOK(frame, call: 1) }
            #expect(answered)
        }
        #expect(budget.inUse == 0, "a closed connection gives back what it held")
    }

    @Test("connections share the server's bound: one peer's unfinished messages leave the rest no room beyond it")
    func serverWideBound() async throws {
        var configuration = RPCConfiguration()
        let budget = PartialMessageBudget(bytes: 64 << 10)
        configuration.partialMessageBudget = budget
        let server = RPCServer(router: TestMethods.router, configuration: configuration)
        try await RawPeer.run(server: server) { first in
            first.send(
                [
                    .settings(SettingsFrame(entries: [])), .call(CallFrame(callID: 1, method: TestMethods.echo)),
                ] + (0..<4).map { _ in .message(MessageFrame(callID: 1, payload: Self.fragment, more: true)) },
                preface: true
            )
            let increments = Self.increments(try await Self.framesUntilPong(&first, data: 1))
            #expect(increments[1] == 65_536)
            try await RawPeer.run(server: server) { second in
                second.send(
                    [
                        .settings(SettingsFrame(entries: [])), .call(CallFrame(callID: 1, method: TestMethods.echo)),
                    ] + (0..<4).map { _ in .message(MessageFrame(callID: 1, payload: Self.fragment, more: true)) },
                    preface: true
                )
                let increments = Self.increments(try await Self.framesUntilPong(&second, data: 1))
                #expect(increments.isEmpty)
            }
        }
        #expect(budget.inUse == 0)
    }

    @Test("a MESSAGE after the client ended its side ends the call INTERNAL call.after_end_stream (§5.5)")
    func messageAfterEnd() async throws {
        let server = RPCServer(router: TestMethods.router)
        try await RawPeer.run(server: server) { peer in
            peer.send(
                [
                    .settings(SettingsFrame(entries: [])), .call(CallFrame(callID: 1, method: TestMethods.sum)),
                    .message(
                        MessageFrame(callID: 1, payload: ByteBuffer(bytes: [0, 0, 0, 0, 0, 0, 0, 2]), endStream: true)
                    ),
                    .message(MessageFrame(callID: 1, payload: ByteBuffer(bytes: [0, 0, 0, 0, 0, 0, 0, 3]))),
                ],
                preface: true
            )
            let frames = try await Self.framesUntilPong(&peer, data: 1)
            let end = frames.compactMap { if case .end(let end) = $0 { end } else { nil } }.first
            #expect(end?.status == .internal && end?.message?.contains("call.after_end_stream") == true, "\(frames)")
        }
    }

    @Test("a client's GOAWAY: the server finishes the call it accepted, answers GOAWAY naming it, then closes (§9.2)")
    func clientGoAway() async throws {
        let server = RPCServer(router: TestMethods.router)
        try await RawPeer.run(server: server) { peer in
            var sleep = ByteBuffer()
            sleep.writeInteger(UInt64(200))
            peer.send(
                [
                    .settings(SettingsFrame(entries: [])), .call(CallFrame(callID: 1, method: TestMethods.sleep)),
                    .message(MessageFrame(callID: 1, payload: sleep, endStream: true)),
                    // Vector goaway-empty-reason: last_call_id 0, NO_ERROR, no reason.
                    .goAway(GoAwayFrame(lastCallID: 0, code: .noError)),
                ],
                preface: true
            )
            var frames: [Frame] = []
            while let frame = try await peer.nextAny() { frames.append(frame) }
            let goAway = frames.compactMap { if case .goAway(let g) = $0 { g } else { nil } }.first
            #expect(goAway?.lastCallID == 1 && goAway?.code == .noError, "\(frames)")
            #expect(frames.contains(where: { Self.endsOK($0, call: 1) }), "the accepted call was answered: \(frames)")
        }
    }
}

extension RawPeer {
    /// The next frame from the server, WINDOW and PING included; nil once the server has closed.
    mutating func nextAny() async throws -> Frame? {
        while true {
            if !self.prefaceRead, try Preface.read(from: &self.pending) != nil { self.prefaceRead = true }
            if self.prefaceRead, let frame = try self.decoder.decode(buffer: &self.pending) {
                if case .settings = frame { continue }
                return frame
            }
            guard var chunk = await self.output.next() else { return nil }
            self.pending.writeBuffer(&chunk)
        }
    }
}

@Suite("RPC: SPEC.md's worked examples against the test service")
struct WorkedExampleTests {
    /// The hex bytes of one direction of an appendix example: each line's leading two-digit hex words.
    static func bytes(_ lines: some Sequence<Substring>) -> [UInt8] {
        lines.flatMap { line in
            line.split(separator: " ").prefix(while: { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }).map {
                UInt8($0, radix: 16)!
            }
        }
    }

    @Test("A.3: the test service's Stream answers exactly the bytes the appendix shows")
    func serverStream() async throws {
        let spec = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Protocol/SPEC.md"),
            encoding: .utf8
        )
        let section = try #require(spec.range(of: "### A.3").map { spec[$0.upperBound...] })
        let block = section.split(separator: "```")[1].split(separator: "\n")
        let split = try #require(block.firstIndex { $0.hasPrefix("server → client") })
        let request = Self.bytes(block[..<split].dropFirst())
        let expected = Self.bytes(block[(split + 1)...])
        #expect(request.count == 11 && expected.count == 31)

        let server = RPCServer(router: TestService.router)
        try await RawPeer.run(server: server) { peer in
            peer.send([.settings(SettingsFrame(entries: []))], preface: true)
            peer.sendRaw(request)
            var answer = ByteBuffer()
            while let frame = try await peer.nextAny() {
                if case .window = frame { continue }
                FrameEncoder().encode(frame, into: &answer)
                if case .message(let message) = frame, message.endStream { break }
                if case .end = frame { break }
            }
            #expect(Array(answer.readableBytesView) == expected)
        }
    }
}
