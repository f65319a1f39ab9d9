import ChainDeskBench
import ChainDeskRPC
import ChainDeskRPCNIO
import NIOCore
import Testing

/// What chaindesk-bench reports must be what happened on the wire: its figures are only as good as its counting.
@Suite("chaindesk-bench's counting")
struct BenchTests {
    @Test("a unary echo counts exactly its two messages as payload, and at most 16 bytes of framing")
    func unaryBytes() async throws {
        let listener = try await BenchServer.listen()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            // A window the machine's other work starved of every call says nothing; try again (the counts
            // themselves do not depend on how many calls were made).
            var figures = try await RPCBenchmark.echo(
                raw: false,
                port: listener.port,
                payload: 64,
                inFlight: 4,
                seconds: 0.3
            )
            for _ in 0..<5 where figures.calls == 0 {
                figures = try await RPCBenchmark.echo(
                    raw: false,
                    port: listener.port,
                    payload: 64,
                    inFlight: 4,
                    seconds: 0.3
                )
            }
            try #require(figures.calls > 0)
            // Counted over every call made, the connection's setup left out: exact however few calls there were.
            #expect(figures.messages == 2 * figures.calls)
            #expect(figures.bytesPerCall.payload == 128)
            #expect(figures.bytesPerCall.messages == 128)
            #expect(figures.bytesPerCall.framing > 8 && figures.bytesPerCall.framing <= 16)
            #expect(figures.latency.p50 <= figures.latency.p99 && figures.latency.p99 <= figures.latency.p999)
            await listener.close()
            group.cancelAll()
        }
    }

    @Test("the raw TCP echo answers every round trip it sends, byte for byte")
    func rawEcho() async throws {
        let channel = try await RawEcho.bind()
        let port = try #require(channel.localAddress?.port)
        var figures = try await RPCBenchmark.echo(raw: true, port: port, payload: 64, inFlight: 8, seconds: 0.3)
        for _ in 0..<5 where figures.calls == 0 {
            figures = try await RPCBenchmark.echo(raw: true, port: port, payload: 64, inFlight: 8, seconds: 0.3)
        }
        try #require(figures.calls > 0)
        // Bytes written and read, over the round trips answered: exactly one request and one answer each.
        #expect(figures.bytesPerCall.wire == 128)
        try await channel.close()
    }
}
