import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskWire
import NIOCore
import NIOPosix
import Synchronization
import Testing

@Suite("RPC: slow readers")
struct SlowReaderTests {
    /// The id a test's own method is served at.
    static let method: UInt32 = 102

    /// A server of the test methods, and of `handler` at `method` when given, that gives up on slow readers after
    /// `stall`.
    static func server(
        stall: Duration,
        bufferLimit: Int = RPCConfiguration().outboundBufferLimit,
        _ handler: CallHandler? = nil
    ) -> RPCServer {
        var configuration = RPCConfiguration()
        configuration.sendStallTimeout = stall
        configuration.outboundBufferLimit = bufferLimit
        var router = TestMethods.router
        if let handler { router.register(Self.method, handler) }
        return RPCServer(router: router, configuration: configuration)
    }

    /// 16,000 bytes zlib cannot shrink, so that messages take the room they say whether compressed or not.
    static let noise: ByteBuffer = {
        var noise = ByteBuffer()
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            noise.writeInteger(seed)
        }
        return noise
    }()

    /// Whether `event` happens within `limit` (a bound far above what it should take, not a timing check).
    static func happens(within limit: Duration, _ event: @escaping @Sendable () async -> Void) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await event()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            defer { group.cancelAll() }
            return await group.next() ?? false
        }
    }

    @Test("a client that stops reading holds a bounded queue, is closed after the stall timeout, and others go on")
    func socketNotRead() async throws {
        let limit = 256 * 1024
        let server = Self.server(stall: .seconds(1), bufferLimit: limit)
        let listener = try await TCPListener.bind(server: server)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }

            // A peer that never reads its socket (autoRead off, a small receive buffer) asks for 32 MB of echoes.
            let slow = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.autoRead, value: false)
                .channelOption(.socketOption(.so_rcvbuf), value: 4096)
                .connect(host: "127.0.0.1", port: listener.port).get()
            var opening = ByteBuffer()
            Preface.current.write(into: &opening)
            FrameEncoder().encode(.settings(Settings.defaults.frame), into: &opening)
            slow.writeAndFlush(opening, promise: nil)
            let payload = ByteBuffer(repeating: 0x61, count: 16_000)
            for index in 0..<2_000 {
                var frames = ByteBuffer()
                let id = UInt32(2 * index + 1)
                FrameEncoder().encode(.call(CallFrame(callID: id, method: TestMethods.echo)), into: &frames)
                FrameEncoder().encode(
                    .message(MessageFrame(callID: id, payload: payload, endStream: true)),
                    into: &frames
                )
                slow.writeAndFlush(frames, promise: nil)
            }

            // The node's queue for it fills to the limit and stops there: the node stops reading its requests.
            var largest = 0
            while largest < limit {
                largest = max(largest, server.queuedOutputBytes)
                try await Task.sleep(for: .milliseconds(10))
            }

            // Meanwhile another client is served as usual.
            try await TCPTransport.withClient(host: "127.0.0.1", port: listener.port) { client in
                for index in 0..<20 {
                    let answer = try await client.unary(method: TestMethods.echo, request: .integer(UInt32(index)))
                    #expect(answer == .integer(UInt32(index)))
                }
            }

            // Then the node closes the stalled connection on its own, within a bound far above the timeout.
            let start = ContinuousClock.now
            while server.connectionCount > 0, ContinuousClock.now - start < .seconds(30) {
                largest = max(largest, server.queuedOutputBytes)
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(server.connectionCount == 0, "the node still holds the connection that does not read")
            // A read's worth of requests may be answered past the limit, never more.
            #expect(largest <= limit + 65_536)
            // The node reset the connection, so the peer learns at once, reading or not, and no kernel buffer
            // holds the answers it never read.
            let reset = await Self.happens(within: .seconds(30)) { try? await slow.closeFuture.get() }
            #expect(reset, "the peer was not told")
            try? await slow.close()
            await listener.close()
            try await group.waitForAll()
        }
    }

    @Test("a call whose client returns no window ends with RESOURCE_EXHAUSTED; its connection goes on")
    func windowNotReturned() async throws {
        // A stream that sends until the runtime stops it, and says when it has.
        let stopped = Signal<Void>()
        let message = Self.noise
        let server = Self.server(stall: .seconds(1)) { call in
            _ = try await TestMethods.first(call)
            do {
                while true { try await call.send(message) }
            } catch {
                stopped.fire(())
                throw error
            }
        }
        let listener = try await TCPListener.bind(server: server)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            try await TCPTransport.withClient(host: "127.0.0.1", port: listener.port) { client in
                let call = try await client.connection.startCall(method: Self.method)
                try await call.send(ByteBuffer(string: "go"), end: true)
                // Read nothing until the node has given up: the window stays shut, and the handler waits on it.
                let gaveUp = await Self.happens(within: .seconds(30)) { _ = await stopped.wait() }
                try #require(gaveUp, "the node still waits on a window the client never returns")
                var received = 0
                await #expect {
                    for try await _ in call.responses { received += 1 }
                } throws: { error in
                    (error as? RPCError)?.code == .resourceExhausted
                        && (error as? RPCError)?.message.contains("took none of this call's messages") == true
                }
                // The window (64 KiB) let four messages through before the handler had to wait.
                #expect(received == 4)
                let answer = try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "still here"))
                #expect(answer == ByteBuffer(string: "still here"))
            }
            await listener.close()
            try await group.waitForAll()
        }
    }

    @Test("a slow link that keeps reading is never taken for a stalled one")
    func slowButReading() async throws {
        // 32 streams of 64 KB over a link of 100 KB/s: the handlers fill the queue for the socket to its 1 MiB
        // limit at once and keep it full, so bytes wait to be written for the whole 20.5 s transfer, well past the
        // 12 s stall timeout; a 64 KiB piece takes 0.66 s, leaving a machine busy with the rest of the suite (and,
        // in CI, a year ahead under libfaketime) 11 s of slack — 2 s, then 4.5 s, were once not enough. Only a
        // write that makes no progress may count as a stall.
        let message = Self.noise
        let server = Self.server(stall: .seconds(12)) { call in
            _ = try await TestMethods.first(call)
            for _ in 0..<4 { try await call.send(message) }
        }
        let (toServer, serverInput) = AsyncStream.makeStream(of: ByteBuffer.self)
        let (toClient, clientInput) = AsyncStream.makeStream(of: ByteBuffer.self)
        let connection = Connection(role: .client)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let mode = await server.serve(inbound: toServer) { bytes in
                    try await Task.sleep(for: .microseconds(10 * bytes.readableBytes))
                    clientInput.yield(bytes)
                }
                #expect(mode == .orderly, "the node reset a connection whose peer was reading")
                clientInput.finish()
            }
            group.addTask {
                await connection.run(inbound: toClient) { serverInput.yield($0) }
                serverInput.finish()
            }
            let received = try await withThrowingTaskGroup(of: Int.self) { calls in
                for _ in 0..<32 {
                    calls.addTask {
                        let call = try await connection.startCall(method: Self.method)
                        try await call.send(ByteBuffer(string: "go"), end: true)
                        var bytes = 0
                        for try await response in call.responses { bytes += response.readableBytes }
                        return bytes
                    }
                }
                return try await calls.reduce(0, +)
            }
            #expect(received == 32 * 4 * 16_000)
            serverInput.finish()
            try await group.waitForAll()
        }
    }
}
