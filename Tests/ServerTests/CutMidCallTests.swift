import ChainDeskBench
import ChainDeskProto
import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskTestService
import ChainDeskWire
import Foundation
import NIOCore
import SwiftProtobuf
import Testing

/// Calls whose connection is cut after the server has the request but before the client has the answer.
@Suite("A connection cut mid-call")
struct CutMidCallTests {
    /// Adds `amount` to `counter` through `client`; returns the total the server answered.
    static func count(_ client: Client, _ counter: String, _ amount: Int64, key: String?) async throws -> Int64 {
        var options = CallOptions(timeout: .seconds(10))
        options.idempotencyKey = key.map { Array($0.utf8) }
        let request = TestService.CountRequest.with {
            $0.counter = counter
            $0.amount = amount
        }
        let response = try await client.connection.unary(
            method: TestService.count.id,
            request: ByteBuffer(bytes: try request.serializedBytes() as [UInt8]),
            options: options,
            configuration: client.configuration
        )
        return try TestService.CountResponse(serializedBytes: Array(response.readableBytesView)).total
    }

    /// A kept connection and the configuration its calls use.
    struct Client: Sendable {
        let connection: SharedConnection
        let configuration: RPCConfiguration
    }

    /// Runs `body` with a kept connection of its own, through `link`.
    static func withClient<Result: Sendable>(
        _ link: WeakLink,
        _ body: @Sendable (Client) async throws -> Result
    ) async throws -> Result {
        var configuration = RPCConfiguration()
        configuration.backoff.initial = .milliseconds(20)
        let connection = SharedConnection(host: "127.0.0.1", port: link.port)
        defer { connection.close() }
        return try await body(Client(connection: connection, configuration: configuration))
    }

    /// Returns once every connection through `link` has closed on both sides, so its bytes are all counted.
    static func closed(_ link: WeakLink) async throws {
        while link.traffic.closed < link.traffic.connections { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test("a keyed call is retried on a new connection and takes effect once; an unkeyed one fails UNAVAILABLE")
    func cutAnswer() async throws {
        let listener = try await TCPListener.bind(server: RPCServer(router: TestService.router))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            let link = try await WeakLink.start(to: "127.0.0.1", port: listener.port, conditions: .init())
            defer { Task { await link.stop() } }
            // What a fresh connection with one call of these sizes carries, both ways, with a key and without.
            func carried() -> Int { link.traffic.up + link.traffic.down }
            _ = try await Self.withClient(link) { try await Self.count($0, "measure-01", 5, key: "key-000001") }
            try await Self.closed(link)
            let keyed = carried()
            _ = try await Self.withClient(link) { try await Self.count($0, "measure-02", 5, key: nil) }
            try await Self.closed(link)
            let plain = carried() - keyed

            // Connection 2 is cut one byte before its answer is whole: the server has the request and ran it.
            link.change(WeakLink.Conditions(cutAfterBytes: keyed - 1, cutConnections: 3))
            let total = try await Self.withClient(link) { try await Self.count($0, "counted-01", 5, key: "key-000002") }
            #expect(total == 5, "the retry got the first answer")
            #expect(link.traffic.cuts == 1)
            let after = try await Self.withClient(link) { try await Self.count($0, "counted-01", 1, key: nil) }
            #expect(after == 6, "the cut call took effect once, not twice")

            // Without a key the call is not retried: the client cannot know whether it ran (connection 5 is cut).
            link.change(WeakLink.Conditions(cutAfterBytes: plain - 1, cutConnections: 6))
            await #expect {
                _ = try await Self.withClient(link) { try await Self.count($0, "counted-01", 1, key: nil) }
            } throws: { ($0 as? RPCError)?.code == .unavailable }
            #expect(link.traffic.cuts == 2)
            let finally = try await Self.withClient(link) { try await Self.count($0, "counted-01", 0, key: nil) }
            #expect(finally == 7, "the unkeyed call ran once, on the server, before the cut")
            await listener.close()
            group.cancelAll()
        }
    }
}
