public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskRPCProtobuf
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// The protocol's test service (Protocol/chaindesk/test/v1/test.proto): its methods, and a server for them.
public enum TestService {
    public typealias EchoRequest = Chaindesk_Test_V1_EchoRequest
    public typealias EchoResponse = Chaindesk_Test_V1_EchoResponse
    public typealias StreamRequest = Chaindesk_Test_V1_StreamRequest
    public typealias SumRequest = Chaindesk_Test_V1_SumRequest
    public typealias SumResponse = Chaindesk_Test_V1_SumResponse
    public typealias SleepRequest = Chaindesk_Test_V1_SleepRequest
    public typealias FailRequest = Chaindesk_Test_V1_FailRequest
    public typealias CountRequest = Chaindesk_Test_V1_CountRequest
    public typealias CountResponse = Chaindesk_Test_V1_CountResponse

    public static let echo = Method<EchoRequest, EchoResponse>(
        id: 1,
        name: "chaindesk.test.v1.TestService/Echo",
        kind: .unary
    )
    public static let stream = Method<StreamRequest, EchoResponse>(
        id: 2,
        name: "chaindesk.test.v1.TestService/Stream",
        kind: .serverStreaming
    )
    public static let sum = Method<SumRequest, SumResponse>(
        id: 3,
        name: "chaindesk.test.v1.TestService/Sum",
        kind: .clientStreaming
    )
    public static let pingPong = Method<EchoRequest, EchoResponse>(
        id: 4,
        name: "chaindesk.test.v1.TestService/PingPong",
        kind: .bidirectional
    )
    public static let sleep = Method<SleepRequest, EchoResponse>(
        id: 5,
        name: "chaindesk.test.v1.TestService/Sleep",
        kind: .unary
    )
    public static let fail = Method<FailRequest, EchoResponse>(
        id: 6,
        name: "chaindesk.test.v1.TestService/Fail",
        kind: .unary
    )
    public static let slowConsumer = Method<EchoRequest, SumResponse>(
        id: 7,
        name: "chaindesk.test.v1.TestService/SlowConsumer",
        kind: .clientStreaming
    )
    public static let drain = Method<EchoRequest, EchoResponse>(
        id: 8,
        name: "chaindesk.test.v1.TestService/Drain",
        kind: .unary
    )
    public static let count = Method<CountRequest, CountResponse>(
        id: 9,
        name: "chaindesk.test.v1.TestService/Count",
        kind: .unary
    )

    /// Method names by id, for people and tools.
    public static let names: [UInt32: String] = [
        echo.id: echo.name, stream.id: stream.name, sum.id: sum.name, pingPong.id: pingPong.name, sleep.id: sleep.name,
        fail.id: fail.name, slowConsumer.id: slowConsumer.name, drain.id: drain.name, count.id: count.name,
    ]

    /// The largest StreamRequest a server answers: 100,000 messages of at most 4 MiB.
    public static let maxStreamCount: UInt32 = 100_000

    /// Registers the test service's handlers on `router`; `counters` keeps Count's totals and idempotent outcomes
    /// (one per server).
    public static func register(on router: inout Router, counters: Counters = Counters()) {
        router.unary(Self.echo) { request, _ in
            EchoResponse.with {
                $0.text = request.text
                $0.payload = request.payload
            }
        }
        router.serverStreaming(Self.stream) { request, responses, _ in
            guard request.count <= Self.maxStreamCount, request.size <= 4 << 20 else {
                throw RPCError(code: .invalidArgument, message: "count ≤ \(Self.maxStreamCount) and size ≤ 4 MiB")
            }
            let payload = Data(repeating: 0x61, count: Int(request.size))
            for index in 0..<request.count {
                try await responses.send(
                    EchoResponse.with {
                        $0.text = String(index)
                        $0.payload = payload
                    }
                )
            }
        }
        router.clientStreaming(Self.sum) { requests, _ in
            var response = SumResponse()
            for try await request in requests {
                response.total &+= request.value
                response.count += 1
            }
            return response
        }
        router.bidirectional(Self.pingPong) { requests, responses, _ in
            for try await request in requests {
                try await responses.send(
                    EchoResponse.with {
                        $0.text = request.text
                        $0.payload = request.payload
                    }
                )
            }
        }
        router.unary(Self.sleep) { request, _ in
            try await Task.sleep(for: .milliseconds(Int(request.milliseconds)))
            return EchoResponse.with { $0.text = "slept \(request.milliseconds) ms" }
        }
        router.unary(Self.fail) { request, _ in
            throw RPCError(
                code: StatusCode(rawValue: request.code),
                message: request.message,
                trailers: ["failed-on-request": "true"]
            )
        }
        router.clientStreaming(Self.slowConsumer) { requests, call in
            let delay = Int(call.metadata["delay-ms"] ?? "") ?? 10
            var response = SumResponse()
            for try await request in requests {
                response.count += 1
                response.total &+= Int64(request.payload.count)
                try await Task.sleep(for: .milliseconds(delay))
            }
            return response
        }
        router.unary(Self.drain) { request, call in
            call.drainConnection(reason: "drained at the client's request")
            return EchoResponse.with {
                $0.text = request.text
                $0.payload = request.payload
            }
        }
        router.unary(Self.count) { request, call in
            try await counters.add(request, key: call.idempotencyKey)
        }
    }

    /// A router with just the test service.
    ///
    /// Each use has counters of its own.
    public static var router: Router {
        var router = Router()
        Self.register(on: &router)
        return router
    }
}
