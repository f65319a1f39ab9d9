internal import ChainDeskAPI
internal import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskWire
internal import Foundation
internal import NIOCore
internal import SwiftProtobuf
internal import Synchronization

/// Calls over ChainDesk RPC against a server in a process of its own, across scenarios, compression, connection
/// counts and calls in flight; with the raw TCP echo of the same size measured in the same run as the floor.
public enum RPCBenchmark {
    public enum Scenario: String, CaseIterable, Codable, Sendable {
        /// Unary echo of `payload` bytes (64 by default).
        case unarySmall = "unary-small"
        /// Unary echo of `largePayload` bytes (256 KiB by default): fragments and flow control.
        case unaryLarge = "unary-large"
        /// One request, `streamLength` responses.
        case serverStream = "server-stream"
        /// `streamLength` requests, one response.
        case clientStream = "client-stream"
        /// `streamLength` round trips on one bidirectional call.
        case bidirectional = "bidi"
        /// The office's day on a synthetic node: search, read an enterprise, log a contact, advance a project,
        /// a report, in the proportions 8 : 6 : 3 : 1 : 2.
        case crmMixed = "crm-mixed"
    }

    public enum Compression: String, CaseIterable, Codable, Sendable {
        case off, zlib, dictionary
    }

    public struct Options: Sendable {
        public var scenarios: [Scenario] = [.unarySmall]
        public var compression: [Compression] = [.off]
        public var connections: [Int] = [1]
        public var inFlight: [Int] = [1, 64]
        public var seconds = 3.0
        public var payload = 64
        public var largePayload = 256 * 1024
        public var streamLength = 100
        public var officeEnterprises = 2000
        /// Also measure the raw TCP echo of `payload` bytes at each number in flight.
        public var rawBaseline = true

        public init() {}
    }

    public struct Row: Codable, Sendable {
        public var scenario: String
        public var compression: Compression?
        public var connections: Int
        public var inFlight: Int
        public var figures: LoadFigures
        /// For unary-small: calls per second against the raw echo's at the same number in flight, and p50 against
        /// the raw echo's.
        public var ofRawThroughput: Double?
        public var ofRawLatency: Double?
    }

    public struct Report: Codable, Sendable {
        public var rows: [Row]
        public var rawEcho: [Row]
    }

    public static func run(_ options: Options) async throws -> Report {
        var rows: [Row] = []
        var raw: [Row] = []
        if options.rawBaseline {
            let server = try ServerProcess(kind: .raw)
            defer { server.stop() }
            for inFlight in options.inFlight {
                var figures = try await RawEcho.measure(
                    port: server.port,
                    payload: options.payload,
                    inFlight: inFlight,
                    seconds: options.seconds
                )
                figures.noteMemory(of: server)
                raw.append(Row(scenario: "raw-echo", connections: 1, inFlight: inFlight, figures: figures))
            }
        }
        let bytes = options.scenarios.filter { $0 != .crmMixed }
        if !bytes.isEmpty {
            let server = try ServerProcess(kind: .chaindesk)
            defer { server.stop() }
            for scenario in bytes {
                rows += try await Self.matrix(scenario, options, server: server) { client in
                    try await Self.operation(scenario, options)(client)
                }
            }
        }
        if options.scenarios.contains(.crmMixed) {
            let server = try ServerProcess(kind: .office, enterprises: options.officeEnterprises)
            defer { server.stop() }
            let workload = try await CRMWorkload.prepare(port: server.port, token: server.token ?? "")
            rows += try await Self.matrix(.crmMixed, options, server: server) { client in
                try await workload.call(client)
            }
        }
        for index in rows.indices where rows[index].scenario == Scenario.unarySmall.rawValue {
            guard let floor = raw.first(where: { $0.inFlight == rows[index].inFlight }) else { continue }
            rows[index].ofRawThroughput = rows[index].figures.callsPerSecond / max(1, floor.figures.callsPerSecond)
            rows[index].ofRawLatency = rows[index].figures.latency.p50 / max(0.001, floor.figures.latency.p50)
        }
        return Report(rows: rows, rawEcho: raw)
    }

    static func matrix(
        _ scenario: Scenario,
        _ options: Options,
        server: ServerProcess,
        _ operation: @escaping Load.Operation
    ) async throws -> [Row] {
        var rows: [Row] = []
        for compression in options.compression {
            for connections in options.connections {
                for inFlight in options.inFlight {
                    let before = try await server.allocations()
                    var figures = try await Load.drive(
                        port: server.port,
                        configuration: Self.configuration(compression),
                        connections: connections,
                        inFlight: inFlight,
                        seconds: options.seconds,
                        operation
                    )
                    if let before, let after = try await server.allocations() {
                        // Less the two stats calls' own share, which is small against thousands of calls.
                        figures.serverAllocationsPerCall = Double(after - before) / Double(max(1, figures.calls))
                    }
                    figures.noteMemory(of: server)
                    rows.append(
                        Row(
                            scenario: scenario.rawValue,
                            compression: compression,
                            connections: connections,
                            inFlight: inFlight,
                            figures: figures
                        )
                    )
                }
            }
        }
        return rows
    }

    static func configuration(_ compression: Compression) -> RPCConfiguration {
        var configuration = RPCConfiguration()
        switch compression {
        case .off:
            configuration.wire.compression.accept = false
            configuration.wire.compression.send = false
        case .zlib:
            break
        case .dictionary:
            configuration.wire.compression.dictionaries = [API.crmDictionary]
        }
        return configuration
    }

    /// Message bytes like the office's: protobuf CRM records laid end to end, cut to `size` (they compress as
    /// real traffic does, unlike a run of one byte).
    static func payload(_ size: Int) -> ByteBuffer {
        var sample = Chaindesk_V1_Enterprise()
        sample.id = "0f6b1c7e-5d2a-4c59-9a51-3e8d2b7c4a10"
        sample.legalName = "东莞豪顺精密科技有限公司"
        sample.shortName = "豪顺"
        sample.creditCode = "91441900MA4UJ7XK2Q"
        sample.kind = "park"
        sample.industry = "精密制造"
        sample.location = "广东省东莞市"
        sample.scale = "规上"
        sample.developmentStatus = "扩产"
        sample.ownerID = "wu-fangyi"
        sample.relationship = "customer"
        sample.version = 3
        let record = (try? sample.serializedBytes() as [UInt8]) ?? Array("chaindesk".utf8)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(size)
        while buffer.readableBytes < size {
            buffer.writeBytes(record.prefix(size - buffer.readableBytes))
        }
        return buffer
    }

    static func operation(_ scenario: Scenario, _ options: Options) -> Load.Operation {
        let small = Self.payload(options.payload)
        let count = options.streamLength
        switch scenario {
        case .unarySmall, .crmMixed:
            return { client in
                _ = try await client.unary(method: BenchServer.Methods.echo, request: small)
                return 2
            }
        case .unaryLarge:
            let large = Self.payload(options.largePayload)
            return { client in
                _ = try await client.unary(method: BenchServer.Methods.echo, request: large)
                return 2
            }
        case .serverStream:
            var request = ByteBuffer()
            request.writeInteger(UInt32(count))
            request.writeImmutableBuffer(small)
            let streamRequest = request
            return { client in
                try await client.serverStreaming(method: BenchServer.Methods.stream, request: streamRequest) {
                    responses in
                    var received = 0
                    for try await _ in responses { received += 1 }
                    guard received == count else { throw BenchError("\(received) of \(count) stream messages") }
                    return 1 + received
                }
            }
        case .clientStream:
            return { client in
                _ = try await client.clientStreaming(method: BenchServer.Methods.collect) { writer in
                    for _ in 0..<count { try await writer.send(small) }
                }
                return count + 1
            }
        case .bidirectional:
            return { client in
                try await client.call(method: BenchServer.Methods.pingPong) { call in
                    var responses = call.responses.makeAsyncIterator()
                    for _ in 0..<count {
                        try await call.send(small)
                        guard try await responses.next() != nil else { throw BenchError("the ping-pong ended early") }
                    }
                    try call.close()
                    guard try await responses.next() == nil else { throw BenchError("an extra ping-pong answer") }
                    return 2 * count
                }
            }
        }
    }
}

extension RPCBenchmark {
    /// Unary echoes of `payload` bytes to a `serve` in another process (for Tools/bench-compare.sh).
    public static func echo(raw: Bool, port: Int, payload: Int, inFlight: Int, seconds: Double) async throws
        -> LoadFigures
    {
        if raw {
            return try await RawEcho.measure(port: port, payload: payload, inFlight: inFlight, seconds: seconds)
        }
        var options = Options()
        options.payload = payload
        return try await Load.drive(
            port: port,
            configuration: Self.configuration(.off),
            connections: 1,
            inFlight: inFlight,
            seconds: seconds,
            Self.operation(.unarySmall, options)
        )
    }

    /// One line of JSON with the figures Tools/bench-compare.sh compares (the gRPC baseline prints the same).
    public static func echoLine(_ figures: LoadFigures, inFlight: Int) -> String {
        let latency = figures.latency
        return "{\"calls_per_second\": \(Int(figures.callsPerSecond)), \"p50_us\": \(Int(latency.p50)), "
            + "\"p90_us\": \(Int(latency.p90)), \"p99_us\": \(Int(latency.p99)), \"p999_us\": \(Int(latency.p999)), "
            + "\"framing_bytes\": \(Int(figures.bytesPerCall.framing.rounded())), \"in_flight\": \(inFlight)}"
    }

    /// The report as a table for people, then the ratios against the raw echo.
    public static func table(_ report: Report) -> String {
        func number(_ value: Double?, _ format: String = "%.0f") -> String {
            value.map { String(format: format, $0) } ?? "—"
        }
        let header = [
            "scenario", "compr.", "conn", "flight", "calls/s", "msgs/s", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs",
            "wire B", "payload B", "framing B", "allocs c/s", "server RSS",
        ]
        var lines: [[String]] = [header]
        for row in report.rawEcho + report.rows {
            let figures = row.figures
            lines.append([
                row.scenario, row.compression?.rawValue ?? "—", String(row.connections), String(row.inFlight),
                number(figures.callsPerSecond), number(Double(figures.messages) / figures.seconds),
                number(figures.latency.p50), number(figures.latency.p90), number(figures.latency.p99),
                number(figures.latency.p999), number(figures.bytesPerCall.wire, "%.1f"),
                number(figures.bytesPerCall.payload, "%.1f"), number(figures.bytesPerCall.framing, "%.1f"),
                "\(number(figures.clientAllocationsPerCall, "%.1f"))/\(number(figures.serverAllocationsPerCall, "%.1f"))",
                figures.serverRSSKiB.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "—",
            ])
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        var text = lines.map { line in
            line.indices.map { column in
                let cell = line[column]
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
        for row in report.rows {
            guard let throughput = row.ofRawThroughput, let latency = row.ofRawLatency else { continue }
            text += String(
                format: "\n%@ %@, %d in flight: %.0f%% of the raw echo's calls/s, p50 %.2f× the raw echo's",
                row.scenario,
                row.compression?.rawValue ?? "",
                row.inFlight,
                throughput * 100,
                latency
            )
        }
        if report.rows.contains(where: { $0.figures.clientAllocationsPerCall == nil }) {
            text += "\nallocations: run under Tools/malloc-count/run.sh to count them"
        }
        return text
    }
}
