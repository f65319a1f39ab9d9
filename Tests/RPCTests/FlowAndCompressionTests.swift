import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskWire
import Foundation
import NIOCore
import Synchronization
import Testing

@Suite("RPC: flow control, limits and compression")
struct FlowAndCompressionTests {
    static let dictionary: [UInt8] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/dictionaries/test-v1.dict")
        return (try? [UInt8](Data(contentsOf: url))) ?? []
    }()

    /// Bytes zlib cannot shrink: a 64 KiB pseudo-random block (longer than zlib's window), repeated.
    static func incompressible(_ size: Int) -> ByteBuffer {
        var state: UInt64 = 0x5EED
        var block = [UInt8]()
        block.reserveCapacity(65_536)
        for _ in 0..<65_536 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            block.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        var buffer = ByteBuffer()
        while buffer.readableBytes < size { buffer.writeBytes(block.prefix(size - buffer.readableBytes)) }
        return buffer
    }

    static func compressible(_ size: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        while buffer.readableBytes < size { buffer.writeString("enterprise 东莞市豪顺精密科技有限公司 stage 投产 ") }
        return buffer.getSlice(at: 0, length: size)!
    }

    @Test("a 3 MiB message crosses a 64 KiB window both ways", arguments: Transport.allCases)
    func largeMessages(transport: Transport) async throws {
        let big = Self.incompressible(3 << 20)
        let response = try await transport.withClient { [big] client in
            try await client.unary(method: TestMethods.echo, request: big)
        }
        #expect(response == big)
    }

    @Test(
        "compression both ways, with and without the dictionary, cuts the bytes on the wire",
        arguments: [(false, false), (true, false), (true, true)]
    )
    func compression(enabled: Bool, dictionary: Bool) async throws {
        var configuration = RPCConfiguration()
        configuration.wire.compression.accept = enabled
        configuration.wire.compression.send = enabled
        configuration.wire.compression.dictionaries = dictionary ? [Self.dictionary] : []
        let counter = ByteCounter()
        let message = Self.compressible(20_000)
        let response = try await counter.withClient(configuration: configuration) { client in
            try await client.unary(method: TestMethods.echo, request: message)
        }
        #expect(response == message)
        let (up, down) = counter.totals
        if enabled {
            #expect(up < 8_000 && down < 8_000, "up \(up), down \(down)")
        } else {
            #expect(up > 20_000 && down > 20_000)
        }
    }

    @Test("a message over the server's limit fails that call with RESOURCE_EXHAUSTED; the connection goes on")
    func messageTooLarge() async throws {
        var server = RPCConfiguration()
        server.wire.limits.maxMessageSize = 100_000
        try await Transport.tcp.withClient(server: server) { client in
            var big = ByteBuffer()
            big.writeRepeatingByte(7, count: 200_000)
            await #expect {
                _ = try await client.unary(method: TestMethods.echo, request: big)
            } throws: { error in
                (error as? RPCError)?.code == .resourceExhausted
            }
            let small = try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "still here"))
            #expect(small == ByteBuffer(string: "still here"))
        }
    }

    @Test("a slow reader holds its sender to the window: the server stops writing until it reads")
    func slowReader() async throws {
        let sent = Mutex(0)
        var router = TestMethods.router
        router.register(200) { call in
            let message = FlowAndCompressionTests.incompressible(16_000)
            for _ in 0..<1_000 {
                try await call.send(message)
                sent.withLock { $0 += 1 }
            }
        }
        let server = RPCServer(router: router)
        let listener = try await TCPListener.bind(server: server)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            try await TCPTransport.withClient(host: "127.0.0.1", port: listener.port) { client in
                try await client.call(method: 200) { call in
                    try await call.send(ByteBuffer(string: "go"), end: true)
                    // Read nothing until the server's sender waits for window: 64 KiB of it holds four 16,000-byte
                    // messages, and nothing else may have been buffered.
                    while server.callsWaitingForWindow == 0 { try await Task.sleep(for: .milliseconds(2)) }
                    let early = sent.withLock { $0 }
                    #expect(early == 4, "sent \(early) messages without being read")
                    var received = 0
                    for try await _ in call.responses { received += 1 }
                    #expect(received == 1_000)
                }
            }
            await listener.close()
            try await group.waitForAll()
        }
    }
}

/// An in-process pipe that counts the bytes each way.
final class ByteCounter: Sendable {
    private let counts = Mutex((up: 0, down: 0))
    var totals: (up: Int, down: Int) { self.counts.withLock { $0 } }

    func withClient<Result: Sendable>(
        configuration: RPCConfiguration,
        _ body: @escaping @Sendable (RPCClient) async throws -> Result
    ) async throws -> Result {
        let server = RPCServer(router: TestMethods.router, configuration: configuration)
        let (toServer, serverInput) = AsyncStream.makeStream(of: ByteBuffer.self)
        let (toClient, clientInput) = AsyncStream.makeStream(of: ByteBuffer.self)
        let connection = Connection(role: .client, configuration: configuration)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await server.serve(inbound: toServer) { bytes in
                    self.counts.withLock { $0.down += bytes.readableBytes }
                    clientInput.yield(bytes)
                }
                clientInput.finish()
                return nil
            }
            group.addTask {
                await connection.run(inbound: toClient) { bytes in
                    self.counts.withLock { $0.up += bytes.readableBytes }
                    serverInput.yield(bytes)
                }
                return nil
            }
            let result = try await body(RPCClient(connection: connection))
            serverInput.finish()
            group.cancelAll()
            try await group.waitForAll()
            return result
        }
    }
}
