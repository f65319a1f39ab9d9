import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskWire
import NIOCore
import Testing

@Suite("RPC: one kept connection for many calls, reconnected when lost")
struct SharedConnectionTests {
    /// A free loopback port: bound, then released.
    static func freePort() async throws -> Int {
        let listener = try await TCPListener.bind(server: RPCServer(router: Router()))
        let port = listener.port
        await listener.close()
        try await listener.run()
        return port
    }

    static func echo(_ shared: SharedConnection, _ text: String) async throws -> ByteBuffer {
        try await shared.withClient(configuration: RPCConfiguration(), tls: nil) { client in
            try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: text))
        }
    }

    @Test("calls one after another and at once share one connection; a restarted server gets a new one")
    func reused() async throws {
        let port = try await Self.freePort()
        let shared = SharedConnection(host: "127.0.0.1", port: port)
        await #expect {
            _ = try await Self.echo(shared, "nobody listens")
        } throws: { error in
            (error as? RPCError)?.code == .unavailable
        }
        #expect(shared.connectionsOpened == 0)
        // A connection that cannot be opened processed nothing: the call was tried maxAttempts times.
        #expect(shared.connectionsTried == RPCConfiguration().maxAttempts)

        let server = RPCServer(router: TestMethods.router)
        let listener = try await TCPListener.bind(server: server, port: port)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            for index in 0..<5 {
                #expect(try await Self.echo(shared, "call \(index)") == ByteBuffer(string: "call \(index)"))
            }
            try await withThrowingTaskGroup(of: ByteBuffer.self) { calls in
                for index in 0..<8 { calls.addTask { try await Self.echo(shared, "at once \(index)") } }
                var answered = 0
                for try await _ in calls { answered += 1 }
                #expect(answered == 8)
            }
            #expect(shared.connectionsOpened == 1)
            #expect(shared.connectionsTried == RPCConfiguration().maxAttempts + 1)

            // The server drains and goes; another takes its port: the next call opens a second connection.
            server.beginGracefulShutdown()
            await listener.close()
            let second = try await TCPListener.bind(server: RPCServer(router: TestMethods.router), port: port)
            group.addTask { try await second.run() }
            var again: ByteBuffer?
            for _ in 0..<20 where again == nil { again = try? await Self.echo(shared, "again") }
            #expect(again == ByteBuffer(string: "again"))
            #expect(shared.connectionsOpened == 2)
            shared.close()
            #expect(try await Self.echo(shared, "after close") == ByteBuffer(string: "after close"))
            #expect(shared.connectionsOpened == 3)
            shared.close()
            await second.close()
            group.cancelAll()
        }
    }
}
