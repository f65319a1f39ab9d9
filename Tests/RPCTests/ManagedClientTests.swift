import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskWire
import NIOCore
import Testing

@Suite("RPC: a managed client reconnects")
struct ManagedClientTests {
    /// A free loopback port: bound, then released.
    static func freePort() async throws -> Int {
        let listener = try await TCPListener.bind(server: RPCServer(router: Router()))
        let port = listener.port
        await listener.close()
        try await listener.run()
        return port
    }

    @Test("with no server, calls fail UNAVAILABLE; once a server listens, calls go through")
    func reconnects() async throws {
        let port = try await Self.freePort()
        var configuration = RPCConfiguration()
        configuration.connectTimeout = .milliseconds(300)
        configuration.backoff.initial = .milliseconds(50)
        configuration.backoff.maximum = .milliseconds(200)
        let client = ManagedClient(host: "127.0.0.1", port: port, configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            await #expect {
                _ = try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "nobody"))
            } throws: { error in
                (error as? RPCError)?.code == .unavailable
            }
            let server = RPCServer(router: TestMethods.router)
            let listener = try await TCPListener.bind(server: server, port: port)
            group.addTask { try await listener.run() }
            var answer: ByteBuffer?
            for _ in 0..<20 where answer == nil {
                answer = try? await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "hello"))
            }
            #expect(answer == ByteBuffer(string: "hello"))

            // The server restarts: the client moves to the new one by itself.
            server.beginGracefulShutdown()
            await listener.close()
            let second = try await TCPListener.bind(server: RPCServer(router: TestMethods.router), port: port)
            group.addTask { try await second.run() }
            var again: ByteBuffer?
            for _ in 0..<20 where again == nil {
                again = try? await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "again"))
            }
            #expect(again == ByteBuffer(string: "again"))
            await second.close()
            group.cancelAll()
        }
    }

    @Test("backoff grows by its multiplier up to the maximum, with jitter")
    func backoff() {
        var backoff = Backoff()
        backoff.jitter = 0
        #expect(backoff.delay(attempt: 0) == .milliseconds(100))
        #expect(backoff.delay(attempt: 1) == .milliseconds(160))
        #expect(backoff.delay(attempt: 50) == .seconds(10))
        backoff.jitter = 0.2
        let delays = (0..<100).map { _ in backoff.delay(attempt: 0) }
        #expect(delays.allSatisfy { $0 >= .milliseconds(80) && $0 <= .milliseconds(120) })
    }
}
