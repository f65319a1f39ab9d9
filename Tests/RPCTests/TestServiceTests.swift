import ChainDeskProto
import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskTestService
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

@Suite("The test service, typed, over TCP")
struct TestServiceTests {
    func withClient<Result: Sendable>(_ body: @escaping @Sendable (RPCClient) async throws -> Result) async throws
        -> Result
    {
        let server = RPCServer(router: TestService.router)
        let listener = try await TCPListener.bind(server: server)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await listener.run()
                return nil
            }
            let result = try await TCPTransport.withClient(host: "127.0.0.1", port: listener.port, body)
            await listener.close()
            try await group.waitForAll()
            return result
        }
    }

    @Test("all seven methods answer as the schema says")
    func methods() async throws {
        try await self.withClient { client in
            let echo = try await client.unary(TestService.echo, .with { $0.text = "青白江" })
            #expect(echo.text == "青白江")

            let count = try await client.serverStreaming(
                TestService.stream,
                .with {
                    $0.count = 10; $0.size = 100
                }
            ) { responses in
                var count = 0
                for try await response in responses {
                    #expect(response.payload.count == 100 && response.text == String(count))
                    count += 1
                }
                return count
            }
            #expect(count == 10)

            let sum = try await client.clientStreaming(TestService.sum) { requests in
                for value in 1...10 { try await requests.send(.with { $0.value = Int64(value) }) }
            }
            #expect(sum.total == 55 && sum.count == 10)

            let echoes = try await client.bidirectional(
                TestService.pingPong,
                requests: { requests in
                    for word in ["朋友圈", "客户圈"] { try await requests.send(.with { $0.text = word }) }
                },
                responses: { responses in
                    var texts: [String] = []
                    for try await response in responses { texts.append(response.text) }
                    return texts
                }
            )
            #expect(echoes == ["朋友圈", "客户圈"])

            let slept = try await client.unary(TestService.sleep, .with { $0.milliseconds = 5 })
            #expect(slept.text == "slept 5 ms")

            await #expect {
                _ = try await client.unary(
                    TestService.fail,
                    .with {
                        $0.code = 9; $0.message = "签约尚未核实"
                    }
                )
            } throws: { error in
                let error = error as? RPCError
                return error?.code == .failedPrecondition && error?.message == "签约尚未核实"
                    && error?.trailers["failed-on-request"] == "true"
            }
            // Failing with code 0 cannot end a unary call OK without its response (SPEC.md §5.4).
            await #expect {
                _ = try await client.unary(TestService.fail, .with { $0.code = 0 })
            } throws: { error in
                (error as? RPCError)?.code == .internal
                    && (error as? RPCError)?.message.contains("status OK") == true
            }

            let consumed = try await client.clientStreaming(
                TestService.slowConsumer,
                options: CallOptions(metadata: ["delay-ms": "1"])
            ) { requests in
                for _ in 0..<5 { try await requests.send(.with { $0.payload = Data(count: 1000) }) }
            }
            #expect(consumed.count == 5 && consumed.total == 5000)
        }
    }
}
