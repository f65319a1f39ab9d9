import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// Messages as their bytes: the baseline measures the call path, not a message library.
struct Bytes: MessageSerializer, MessageDeserializer {
    func serialize<Output: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Output { Output(message) }
    func deserialize<Input: GRPCContiguousBytes>(_ bytes: Input) throws -> [UInt8] {
        bytes.withUnsafeBytes { Array($0) }
    }
}

let echo = MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Echo")

struct EchoService: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(forMethod: echo, deserializer: Bytes(), serializer: Bytes()) { request, _ in
            var message: [UInt8] = []
            for try await part in request.messages { message = part }
            return StreamingServerResponse(single: ServerResponse(message: message))
        }
    }
}

@main
struct GRPCEchoBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grpc-echo-bench",
        abstract: "A 64-byte unary echo over grpc-swift-2, the baseline chaindesk-bench compares with.",
        subcommands: [Serve.self, Run.self]
    )
}

struct Serve: AsyncParsableCommand {
    @Option var port = 7440

    func run() async throws {
        let server = GRPCServer(
            transport: .http2NIOPosix(
                address: .ipv4(host: "127.0.0.1", port: self.port),
                transportSecurity: .plaintext
            ),
            services: [EchoService()]
        )
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            if let address = try await server.listeningAddress {
                FileHandle.standardOutput.write(Data("grpc echo listening on \(address)\n".utf8))
            }
        }
    }
}

struct Run: AsyncParsableCommand {
    @Option var port = 7440
    @Option(name: .customLong("in-flight")) var inFlight = 1
    @Option var seconds = 5.0
    @Option var payload = 64

    func run() async throws {
        let message = [UInt8](repeating: 0x2A, count: self.payload)
        try await withGRPCClient(
            transport: .http2NIOPosix(target: .ipv4(host: "127.0.0.1", port: self.port), transportSecurity: .plaintext)
        ) { client in
            // Warm up, then measure.
            for _ in 0..<200 {
                _ = try await client.unary(
                    request: ClientRequest(message: message),
                    descriptor: echo,
                    serializer: Bytes(),
                    deserializer: Bytes(),
                    options: .defaults
                ) { try $0.message }
            }
            let end = ContinuousClock.now + .milliseconds(Int64(self.seconds * 1000))
            let latencies = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<self.inFlight {
                    group.addTask {
                        var samples: [Int] = []
                        while ContinuousClock.now < end {
                            let start = ContinuousClock.now
                            _ = try await client.unary(
                                request: ClientRequest(message: message),
                                descriptor: echo,
                                serializer: Bytes(),
                                deserializer: Bytes(),
                                options: .defaults
                            ) { try $0.message }
                            let elapsed = ContinuousClock.now - start
                            samples.append(
                                Int(elapsed.components.attoseconds / 1_000_000_000_000) + Int(
                                    elapsed.components.seconds
                                ) * 1_000_000
                            )
                        }
                        return samples
                    }
                }
                var all: [Int] = []
                for try await part in group { all += part }
                return all.sorted()
            }
            let rate = Double(latencies.count) / self.seconds
            func at(_ fraction: Double) -> Int {
                latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
            }
            // `calls` counts the warm-up too: with a counting proxy in front, bytes / calls is the cost per call.
            print(
                "{\"calls_per_second\": \(Int(rate)), \"p50_us\": \(at(0.5)), \"p90_us\": \(at(0.9)), "
                    + "\"p99_us\": \(at(0.99)), \"p999_us\": \(at(0.999)), \"calls\": \(latencies.count + 200), "
                    + "\"in_flight\": \(self.inFlight)}"
            )
            client.beginGracefulShutdown()
        }
    }
}
