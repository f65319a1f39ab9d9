import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskTesting
import ChainDeskWire
import NIOCore
import Synchronization
import Testing

@Suite("RPC: concurrency, deadlines, cancellation, draining")
struct BehaviourTests {
    @Test("1,000 concurrent calls share one connection", arguments: Transport.allCases)
    func thousandCalls(transport: Transport) async throws {
        let total = try await transport.withClient { client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let response = try await client.unary(
                            method: TestMethods.echo,
                            request: .integer(UInt32(index))
                        )
                        var copy = response
                        #expect(copy.readInteger(as: UInt32.self) == UInt32(index))
                        return 1
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(total == 1000)
    }

    @Test("the client gives up at its deadline with DEADLINE_EXCEEDED", arguments: Transport.allCases)
    func clientDeadline(transport: Transport) async throws {
        let start = ContinuousClock.now
        try await transport.withClient { client in
            await #expect {
                _ = try await client.unary(
                    method: TestMethods.sleep,
                    request: .integer(UInt64(120_000)),
                    options: CallOptions(timeout: .milliseconds(100))
                )
            } throws: { error in
                (error as? RPCError)?.code == .deadlineExceeded
            }
            // The connection is still good.
            let echo = try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "after"))
            #expect(echo == ByteBuffer(string: "after"))
        }
        // The handler was asked to sleep two minutes; the call ended long before (no tight timing, which would flake).
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test("the server stops a handler at the deadline and answers DEADLINE_EXCEEDED", arguments: Transport.allCases)
    func serverDeadline(transport: Transport) async throws {
        try await transport.withClient { client in
            // Start the call with a deadline but read without the client's own timer, so the server's answer is seen.
            let call = try await client.connection.startCall(
                method: TestMethods.sleep,
                options: CallOptions(timeout: .milliseconds(100))
            )
            try await call.send(.integer(UInt64(10_000)), end: true)
            await #expect {
                for try await _ in call.responses {}
            } throws: { error in
                (error as? RPCError)?.code == .deadlineExceeded
            }
        }
    }

    @Test("a handler blocked on a full window is still stopped at its deadline", arguments: Transport.allCases)
    func deadlineWhileBlocked(transport: Transport) async throws {
        let started = Signal<Void>()
        let stopped = Signal<Void>()
        var router = TestMethods.router
        router.register(101) { call in
            started.fire(())
            defer { stopped.fire(()) }
            let message = ByteBuffer(repeating: 0x61, count: 16_000)
            for _ in 0..<10_000 { try await call.send(message) }
        }
        try await transport.withClient(router: router) { client in
            let call = try await client.connection.startCall(
                method: 101,
                options: CallOptions(timeout: .milliseconds(200))
            )
            try await call.send(ByteBuffer(string: "go"), end: true)
            // Read nothing: the server fills the window and waits, until the deadline ends its handler (within a
            // bound far above the deadline, not a timing check). On a loaded machine the deadline may pass before
            // the handler's task has begun; the call then ends without running it, which is right too.
            let ended = await SlowReaderTests.happens(within: .seconds(10)) { _ = await stopped.wait() }
            #expect(ended || started.value == nil, "the handler went on past its deadline")
            var received = 0
            await #expect {
                for try await _ in call.responses { received += 1 }
            } throws: { error in
                (error as? RPCError)?.code == .deadlineExceeded
            }
            #expect(received < 10_000)
        }
    }

    @Test("cancelling the calling task cancels the call on the server", arguments: Transport.allCases)
    func clientCancellation(transport: Transport) async throws {
        let started = Signal<Void>()
        let observed = Signal<Void>()
        var router = TestMethods.router
        router.register(100) { call in
            started.fire(())
            _ = await call.cancelled()
            observed.fire(())
        }
        let server = RPCServer(router: router)
        try await InProcessTransport.withClient(server: server) { client in
            let task = Task {
                try await client.unary(method: 100, request: ByteBuffer(string: "wait"))
            }
            _ = await started.wait()
            task.cancel()
            await #expect {
                _ = try await task.value
            } throws: { error in
                (error as? RPCError)?.code == .cancelled
            }
            _ = await observed.wait()
        }
    }

    @Test("draining: calls in flight finish, new calls are refused with UNAVAILABLE")
    func draining() async throws {
        let started = Signal<Void>()
        let release = Signal<Void>()
        var router = TestMethods.router
        router.register(101) { call in
            _ = try await TestMethods.first(call)
            started.fire(())
            _ = await release.wait()
            try await call.send(ByteBuffer(string: "finished"), endWithOK: true)
        }
        let server = RPCServer(router: router)
        let listener = try await TCPListener.bind(server: server)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            try await TCPTransport.withClient(host: "127.0.0.1", port: listener.port) { client in
                let slow = Task { try await client.unary(method: 101, request: ByteBuffer(string: "go")) }
                _ = await started.wait()
                server.beginGracefulShutdown()
                // Once the GOAWAY reaches the client, a new call is refused without reaching the server, while
                // the call in flight goes on.
                while client.connection.acceptsCalls { try await Task.sleep(for: .milliseconds(2)) }
                await #expect {
                    _ = try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "late"))
                } throws: { error in
                    (error as? RPCError)?.code == .unavailable && (error as? RPCError)?.notProcessed == true
                }
                #expect(client.connection.closedReason == nil)
                release.fire(())
                let finished = try await slow.value
                #expect(finished == ByteBuffer(string: "finished"))
            }
            await listener.close()
            try await group.waitForAll()
        }
    }

    @Test("a ping is answered")
    func ping() async throws {
        let rtt = try await Transport.tcp.withClient { client in try await client.connection.ping() }
        #expect(rtt > .zero && rtt < .seconds(60))
    }
}

@Suite("RPC: the connection limit")
struct ConnectionLimitTests {
    @Test("one connection past the limit is told why and nothing runs; a freed place lets the next one in")
    func limit() async throws {
        var configuration = RPCConfiguration()
        configuration.maxConnections = 2
        let server = RPCServer(router: TestMethods.router, configuration: configuration)
        let listener = try await TCPListener.bind(server: server)
        let port = listener.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            let release = Signal<Void>()
            let holding = [Signal<Void>(), Signal<Void>()]
            for index in 0..<2 {
                group.addTask {
                    try await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
                        _ = try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "in"))
                        holding[index].fire(())
                        _ = await release.wait()
                    }
                }
            }
            for signal in holding { _ = await signal.wait() }
            await #expect {
                try await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
                    _ = try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "third"))
                }
            } throws: { error in
                guard let error = error as? RPCError else { return false }
                return error.code == .unavailable && error.notProcessed && error.message.contains("connection.limit")
            }
            release.fire(())
            // Once the two have gone, a new connection is served.
            var served = false
            for _ in 0..<100 where !served {
                served =
                    (try? await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
                        try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "next"))
                    }) == ByteBuffer(string: "next")
                if !served { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(served)
            await listener.close()
            group.cancelAll()
        }
    }
}
