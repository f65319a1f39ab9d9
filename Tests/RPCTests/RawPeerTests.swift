import ChainDeskRPC
import ChainDeskWire
import NIOCore
import Testing

/// Talks to an `RPCServer` with hand-made frames, as a misbehaving or foreign client would.
struct RawPeer {
    let input: AsyncStream<ByteBuffer>.Continuation
    var output: AsyncStream<ByteBuffer>.AsyncIterator
    var decoder = FrameDecoder(sender: .server)
    var pending = ByteBuffer()
    var prefaceRead = false

    static func run(
        server: RPCServer,
        _ body: @escaping @Sendable (inout RawPeer) async throws -> Void
    ) async throws {
        let (toServer, input) = AsyncStream.makeStream(of: ByteBuffer.self)
        let (fromServer, output) = AsyncStream.makeStream(of: ByteBuffer.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await server.serve(inbound: toServer) { output.yield($0) }
                output.finish()
            }
            var peer = RawPeer(input: input, output: fromServer.makeAsyncIterator())
            try await body(&peer)
            input.finish()
            try await group.waitForAll()
        }
    }

    func send(_ frames: [Frame], preface: Bool = false) {
        var bytes = ByteBuffer()
        if preface { Preface.current.write(into: &bytes) }
        for frame in frames { FrameEncoder().encode(frame, into: &bytes) }
        self.input.yield(bytes)
    }

    func sendRaw(_ bytes: [UInt8]) { self.input.yield(ByteBuffer(bytes: bytes)) }

    /// The next frame from the server, skipping SETTINGS and WINDOW; nil once the server has closed.
    mutating func next() async throws -> Frame? {
        while true {
            if !self.prefaceRead, try Preface.read(from: &self.pending) != nil { self.prefaceRead = true }
            if self.prefaceRead, let frame = try self.decoder.decode(buffer: &self.pending) {
                switch frame {
                case .settings, .window: continue
                default: return frame
                }
            }
            guard var chunk = await self.output.next() else { return nil }
            self.pending.writeBuffer(&chunk)
        }
    }
}

@Suite("RPC: a raw peer against the server")
struct RawPeerTests {
    @Test("a compressed message the server did not accept fails that call with UNIMPLEMENTED; the next call works")
    func compressionNotNegotiated() async throws {
        var configuration = RPCConfiguration()
        configuration.wire.compression.accept = false
        let server = RPCServer(router: TestMethods.router, configuration: configuration)
        try await RawPeer.run(server: server) { peer in
            var compressed = ByteBuffer()
            Zlib.Compressor().compress(ByteBuffer(string: String(repeating: "压缩", count: 100)), into: &compressed)
            peer.send(
                [
                    .settings(SettingsFrame(entries: [])),
                    .call(CallFrame(callID: 1, method: TestMethods.echo)),
                    .message(MessageFrame(callID: 1, payload: compressed, compressed: true, endStream: true)),
                ],
                preface: true
            )
            guard case .end(let end) = try await peer.next() else { Issue.record("expected END"); return }
            #expect(end.callID == 1 && end.status == .unimplemented)
            #expect(end.message?.contains("message.compression_not_negotiated") == true)

            peer.send([
                .call(CallFrame(callID: 3, method: TestMethods.echo)),
                .message(MessageFrame(callID: 3, payload: ByteBuffer(string: "plain"), endStream: true)),
            ])
            guard case .message(let reply) = try await peer.next() else { Issue.record("expected MESSAGE"); return }
            #expect(reply.callID == 3 && reply.payload == ByteBuffer(string: "plain") && reply.endStream)
        }
    }

    @Test("a malformed frame gets GOAWAY naming the rule, then the connection closes")
    func malformedFrame() async throws {
        let server = RPCServer(router: TestMethods.router)
        try await RawPeer.run(server: server) { peer in
            peer.send([.settings(SettingsFrame(entries: []))], preface: true)
            peer.sendRaw([0x01, 0x81, 0x00, 0x01, 0x01])  // CALL whose call id is the non-minimal 81 00
            guard case .goAway(let goAway) = try await peer.next() else { Issue.record("expected GOAWAY"); return }
            #expect(goAway.code == .protocolError)
            #expect(goAway.reason.hasPrefix("varint.non_minimal"))
            #expect(try await peer.next() == nil)
        }
    }

    @Test("a peer speaking another protocol is refused on its first byte")
    func badPreface() async throws {
        let server = RPCServer(router: TestMethods.router)
        try await RawPeer.run(server: server) { peer in
            peer.sendRaw(Array("GET / HTTP/1.1\r\n".utf8))
            guard case .goAway(let goAway) = try await peer.next() else { Issue.record("expected GOAWAY"); return }
            #expect(goAway.code == .protocolError && goAway.reason.hasPrefix("preface.bad_magic"))
        }
    }

    @Test("more than MAX_CONCURRENT_CALLS calls: the extra call is refused, the others are served")
    func tooManyCalls() async throws {
        var configuration = RPCConfiguration()
        configuration.wire.limits.maxConcurrentCalls = 2
        let server = RPCServer(router: TestMethods.router, configuration: configuration)
        try await RawPeer.run(server: server) { peer in
            peer.send(
                [
                    .settings(SettingsFrame(entries: [])),
                    .call(CallFrame(callID: 1, method: TestMethods.sleep)),
                    .call(CallFrame(callID: 2, method: TestMethods.sleep)),
                    .call(CallFrame(callID: 3, method: TestMethods.echo)),
                ],
                preface: true
            )
            guard case .end(let end) = try await peer.next() else { Issue.record("expected END"); return }
            #expect(end.callID == 3 && end.status == .resourceExhausted)
            peer.send([.cancel(CancelFrame(callID: 1)), .cancel(CancelFrame(callID: 2))])
        }
    }
}
