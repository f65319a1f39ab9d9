import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskTesting
import ChainDeskWire
import NIOCore
import Testing

/// Runs `body` against the test service over each transport.
enum Transport: String, CaseIterable, CustomTestStringConvertible {
    case inProcess, tcp
    var testDescription: String { self.rawValue }

    func withClient<Result: Sendable>(
        router: Router = TestMethods.router,
        configuration: RPCConfiguration = RPCConfiguration(),
        server serverConfiguration: RPCConfiguration = RPCConfiguration(),
        _ body: @escaping @Sendable (RPCClient) async throws -> Result
    ) async throws -> Result {
        let server = RPCServer(router: router, configuration: serverConfiguration)
        switch self {
        case .inProcess:
            return try await InProcessTransport.withClient(server: server, configuration: configuration, body)
        case .tcp:
            let listener = try await TCPListener.bind(server: server)
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    try await listener.run()
                    return nil
                }
                let result = try await TCPTransport.withClient(
                    host: "127.0.0.1",
                    port: listener.port,
                    configuration: configuration,
                    body
                )
                await listener.close()
                try await group.waitForAll()
                return result
            }
        }
    }
}

@Suite("RPC: the four call kinds")
struct CallKindTests {
    @Test("unary echo", arguments: Transport.allCases)
    func unary(transport: Transport) async throws {
        let response = try await transport.withClient { client in
            try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "你好，青白江"))
        }
        #expect(response == ByteBuffer(string: "你好，青白江"))
    }

    @Test("server streaming delivers every message in order", arguments: Transport.allCases)
    func serverStreaming(transport: Transport) async throws {
        var request = ByteBuffer()
        request.writeInteger(UInt64(200))
        request.writeInteger(UInt32(1000))
        let indexes = try await transport.withClient { [request] client in
            try await client.serverStreaming(method: TestMethods.stream, request: request) { responses in
                var indexes: [UInt64] = []
                for try await var message in responses {
                    #expect(message.readableBytes == 1000)
                    indexes.append(message.readInteger()!)
                }
                return indexes
            }
        }
        #expect(indexes == Array(0..<200))
    }

    @Test("client streaming sums what was sent", arguments: Transport.allCases)
    func clientStreaming(transport: Transport) async throws {
        var response = try await transport.withClient { client in
            try await client.clientStreaming(method: TestMethods.sum) { writer in
                for value in 1...100 { try await writer.send(.integer(UInt64(value))) }
            }
        }
        #expect(response.readInteger(as: UInt64.self) == 5050)
    }

    @Test("bidirectional ping-pong answers each message before the next is sent", arguments: Transport.allCases)
    func pingPong(transport: Transport) async throws {
        let count = try await transport.withClient { client in
            try await client.call(method: TestMethods.pingPong) { call in
                var responses = call.responses.makeAsyncIterator()
                for index in 0..<50 {
                    try await call.send(.integer(UInt32(index)))
                    var answer = try #require(try await responses.next())
                    #expect(answer.readInteger(as: UInt32.self) == UInt32(index))
                }
                try call.close()
                let end = try await responses.next()
                #expect(end == nil)
                return 50
            }
        }
        #expect(count == 50)
    }

    @Test("a failing handler's status, message and trailers reach the client", arguments: Transport.allCases)
    func failure(transport: Transport) async throws {
        var request = ByteBuffer()
        request.writeInteger(StatusCode.notFound.rawValue)
        request.writeString("企业不存在")
        do {
            _ = try await transport.withClient { [request] client in
                try await client.unary(method: TestMethods.fail, request: request)
            }
            Issue.record("the call must fail")
        } catch let error as RPCError {
            #expect(error.code == .notFound)
            #expect(error.message == "企业不存在")
            #expect(error.trailers["reason"] == "requested")
        }
    }

    @Test("a handler failing with an error that is not a status gives UNKNOWN, revealing nothing")
    func unknownError() async throws {
        struct Secret: Error { let path = "/etc/chaindesk/secret.sqlite" }
        var router = TestMethods.router
        router.register(300) { _ in throw Secret() }
        try await InProcessTransport.withClient(server: RPCServer(router: router)) { client in
            do {
                _ = try await client.unary(method: 300, request: ByteBuffer(string: "x"))
                Issue.record("must fail")
            } catch let error as RPCError {
                #expect(error.code == .unknown)
                #expect(!error.message.contains("secret") && !error.message.contains("Secret"))
            }
        }
    }

    @Test("an unknown method is UNIMPLEMENTED and the connection serves the next call", arguments: Transport.allCases)
    func unknownMethod(transport: Transport) async throws {
        try await transport.withClient { client in
            await #expect {
                _ = try await client.unary(method: 999, request: ByteBuffer(string: "x"))
            } throws: { error in
                (error as? RPCError)?.code == .unimplemented
            }
            let next = try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "ok"))
            #expect(next == ByteBuffer(string: "ok"))
        }
    }

    @Test("metadata goes both ways: call metadata, initial and trailing metadata", arguments: Transport.allCases)
    func metadata(transport: Transport) async throws {
        let (headers, trailers) = try await transport.withClient { client in
            try await client.call(
                method: TestMethods.headersAndTrailers,
                options: CallOptions(metadata: ["x-initial": "甲", "x-trailing": "乙"])
            ) { call in
                try await call.send(ByteBuffer(string: "go"), end: true)
                for try await _ in call.responses {}
                return (call.info.headers, call.info.trailers)
            }
        }
        #expect(headers?["echo-initial"] == "甲")
        #expect(trailers?["echo-trailing"] == "乙")
    }
}
