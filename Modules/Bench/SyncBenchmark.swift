internal import ChainDeskAPI
public import ChainDeskClient
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskRPCNIO
internal import ChainDeskServer
internal import ChainDeskStore
internal import ChainDeskWire
public import Foundation
internal import Logging
internal import NIOCore
internal import SwiftProtobuf

/// The offline field client's first sync and an empty one, over a simulated link, measured against the same data
/// as JSON with gzip: a synthetic office where one officer follows every enterprise.
public enum SyncBenchmark {
    public struct Result: Sendable, Codable {
        public var enterprises: Int
        public var interactions: Int
        /// Records the first sync brought.
        public var records: Int
        /// Bytes on the wire for the first sync, each way (connection handshake included).
        public var firstUp: Int
        public var firstDown: Int
        public var firstSeconds: Double
        /// The same records as one JSON array (protobuf's JSON mapping), and that gzip-compressed.
        public var json: Int
        public var jsonGzip: Int
        /// Bytes of a sync with nothing to do on an open connection, both ways together.
        public var emptySync: Int
        public var emptySeconds: Double

        /// The first sync's bytes against JSON with gzip.
        public var ratio: Double { Double(self.firstUp + self.firstDown) / Double(max(1, self.jsonGzip)) }
    }

    /// Builds the office in `folder`, serves it on loopback behind a weak link with `conditions`, and measures.
    public static func run(
        enterprises: Int,
        interactions: Int,
        conditions: WeakLink.Conditions,
        batchSize: UInt32 = 2000,
        folder: URL
    ) async throws -> Result {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storePath = folder.appendingPathComponent("office.sqlite").path
        do {
            let store = try Store(path: storePath)
            try await SyntheticData.generate(
                into: store,
                size: .init(enterprises: enterprises, interactions: interactions, officers: 1)
            )
        }
        let node = try await OfficeNode.open(
            OfficeNode.Configuration(dataDirectory: folder),
            logger: {
                var logger = Logger(label: "bench")
                logger.logLevel = .warning
                return logger
            }()
        )
        let admin = try node.firstAdmin.map { $0 } ?? { throw BenchError("the store already had users") }()
        let listener = try await TCPListener.bind(server: node.server)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            defer { group.cancelAll() }
            let token = try await Self.signIn(port: listener.port, admin: admin)
            let link = try await WeakLink.start(to: "127.0.0.1", port: listener.port, conditions: conditions)
            let client = OfficeClient(host: "127.0.0.1", port: link.port, token: token)
            let cache = try FieldCache(path: folder.appendingPathComponent("field.sqlite").path)

            let started = ContinuousClock.now
            let report = try await client.sync(into: cache, batchSize: batchSize)
            let firstSeconds = Self.seconds(ContinuousClock.now - started)
            let first = link.traffic

            // An empty sync on a connection already open (and used once, so its handshake is behind it).
            let (empty, emptySeconds) = try await TCPTransport.withClient(host: "127.0.0.1", port: link.port) {
                connection in
                _ = try await connection.unary(API.System.health, .init())
                let before = link.traffic
                let emptyStarted = ContinuousClock.now
                _ = try await client.sync(into: cache, over: connection, batchSize: batchSize)
                let after = link.traffic
                return (
                    (after.up + after.down) - (before.up + before.down),
                    Self.seconds(ContinuousClock.now - emptyStarted)
                )
            }
            await link.stop()
            await listener.close()

            let (json, gzip) = try Self.jsonSizes(cache)
            if ProcessInfo.processInfo.environment["CHAINDESK_BENCH_BREAKDOWN"] != nil {
                for row in try Self.breakdown(cache) { print(row) }
            }
            return Result(
                enterprises: enterprises,
                interactions: interactions,
                records: report.progress.received,
                firstUp: first.up,
                firstDown: first.down,
                firstSeconds: firstSeconds,
                json: json,
                jsonGzip: gzip,
                emptySync: empty,
                emptySeconds: emptySeconds
            )
        }
    }

    static func signIn(port: Int, admin: (username: String, password: String)) async throws -> String {
        try await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
            let login = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = admin.username
                    $0.password = admin.password
                }
            )
            _ = try await client.unary(
                API.Auth.createUser,
                .with {
                    $0.username = "field"
                    $0.password = "benchmark-field-2026"
                    $0.staffID = "officer-0"
                },
                options: CallOptions(metadata: ["authorization": "Bearer \(login.token)"])
            )
            return try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = "field"
                    $0.password = "benchmark-field-2026"
                }
            ).token
        }
    }

    /// The cached records as one JSON array, and its size deflated (gzip's compression, without its 18 bytes of
    /// header and trailer).
    static func jsonSizes(_ cache: FieldCache) throws -> (Int, Int) {
        var text = "["
        var first = true
        for entity in [
            "chain", "chainLink", "staff", "event", "enterprise", "contact", "project", "serviceRequest",
            "placement", "interaction", "editConflict",
        ] {
            for record in try cache.records(entity) {
                if !first { text += "," }
                first = false
                text += try record.jsonString()
            }
        }
        text += "]"
        var output = ByteBuffer()
        let compressor = Zlib.Compressor(level: 6)
        _ = compressor.compress(ByteBuffer(string: text), into: &output)
        return (text.utf8.count, output.readableBytes + 18)
    }

    /// Per entity: records, protobuf bytes and deflated, JSON bytes and deflated — where the bytes of a sync go.
    public static func breakdown(_ cache: FieldCache) throws -> [(String, Int, Int, Int, Int, Int)] {
        try ["enterprise", "contact", "project", "interaction", "staff", "chain"].map { entity in
            let records = try cache.records(entity)
            var proto = ByteBuffer()
            var json = ""
            for record in records {
                proto.writeBytes(try record.serializedBytes() as [UInt8])
                json += try record.jsonString() + ","
            }
            var deflatedProto = ByteBuffer()
            _ = Zlib.Compressor(level: 6).compress(proto, into: &deflatedProto)
            var deflatedJSON = ByteBuffer()
            _ = Zlib.Compressor(level: 6).compress(ByteBuffer(string: json), into: &deflatedJSON)
            return (
                entity, records.count, proto.readableBytes, deflatedProto.readableBytes, json.utf8.count,
                deflatedJSON.readableBytes
            )
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
