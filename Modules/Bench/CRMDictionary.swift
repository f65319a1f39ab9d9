internal import ChainDeskAPI
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskServer
internal import ChainDeskStore
internal import ChainDeskTesting
internal import ChainDeskWire
public import Foundation
internal import Logging
internal import NIOCore
internal import SwiftProtobuf

/// The CRM compression dictionary: trained on the messages the office node really sends and receives, and
/// measured against plain zlib and no compression, a message type at a time.
public enum CRMDictionaryBench {
    /// One message type's average sizes over the measured half of its samples.
    public struct Row: Sendable, Codable {
        public var type: String
        public var samples: Int
        public var plain: Double
        public var zlib: Double
        public var dictionary: Double
        /// Dictionary-compressed size against the plain message.
        public var ratio: Double { self.dictionary / max(1, self.plain) }
    }

    /// Messages by type, from a demo office and a synthetic one served in-process; every other sample of each
    /// type is for training, the rest for measuring.
    public static func samples(folder: URL) async throws -> [String: [[UInt8]]] {
        var all: [String: [[UInt8]]] = [:]
        for demo in [true, false] {
            let directory = folder.appendingPathComponent(demo ? "demo" : "synthetic")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = OfficeNode.Configuration(dataDirectory: directory)
            configuration.loadDemo = demo
            if !demo {
                let store = try Store(path: configuration.storePath)
                try await SyntheticData.generate(
                    into: store,
                    size: .init(enterprises: 3_000, interactions: 15_000, officers: 6)
                )
            }
            var logger = Logger(label: "dictionary")
            logger.logLevel = .critical
            let node = try await OfficeNode.open(configuration, logger: logger)
            guard let admin = node.firstAdmin else { throw BenchError("the store already had users") }
            let found = try await InProcessTransport.withClient(server: node.server) { client in
                try await Self.collect(client, admin: admin)
            }
            all.merge(found) { $0 + $1 }
        }
        return all
    }

    static func collect(_ client: RPCClient, admin: (username: String, password: String)) async throws
        -> [String: [[UInt8]]]
    {
        let login = try await client.unary(
            API.Auth.login,
            .with {
                $0.username = admin.username
                $0.password = admin.password
            }
        )
        let options = CallOptions(metadata: ["authorization": login.token])
        var samples: [String: [[UInt8]]] = [:]
        func keep(_ type: String, _ message: some SwiftProtobuf.Message) throws {
            samples[type, default: []].append(try message.serializedBytes())
        }
        var after = ""
        var enterprises: [Chaindesk_V1_Enterprise] = []
        repeat {
            let page = try await client.unary(
                API.Enterprises.listEnterprises,
                .with {
                    $0.after = after
                    $0.limit = 20
                },
                options: options
            )
            try keep("EnterpriseList (20)", page)
            enterprises += page.enterprises
            after = page.next
        } while !after.isEmpty && enterprises.count < 2_000
        for enterprise in enterprises.prefix(1_500) {
            try keep("Enterprise", enterprise)
            try keep(
                "CreateEnterpriseRequest",
                Chaindesk_V1_CreateEnterpriseRequest.with { $0.enterprise = enterprise }
            )
            let history = try await client.unary(
                API.Interactions.listInteractions,
                .with {
                    $0.enterpriseID = enterprise.id
                    $0.limit = 10
                },
                options: options
            )
            if !history.interactions.isEmpty { try keep("InteractionList (≤10)", history) }
            for interaction in history.interactions {
                try keep("Interaction", interaction)
                try keep(
                    "LogInteractionRequest",
                    Chaindesk_V1_LogInteractionRequest.with { $0.interaction = interaction }
                )
            }
            let contacts = try await client.unary(
                API.Contacts.listContacts,
                .with { $0.enterpriseID = enterprise.id },
                options: options
            )
            if !contacts.contacts.isEmpty { try keep("ContactList", contacts) }
            let name = enterprise.shortName.isEmpty ? String(enterprise.legalName.prefix(4)) : enterprise.shortName
            try keep(
                "SearchResponse",
                try await client.unary(API.Enterprises.search, .with { $0.query = name }, options: options)
            )
        }
        let projects = try await client.unary(API.Projects.listProjects, .init(), options: options)
        for project in projects.projects { try keep("Project", project) }
        let requests = try await client.unary(API.ServiceRequests.listServiceRequests, .init(), options: options)
        for request in requests.requests { try keep("ServiceRequest", request) }
        try keep("ChainMap", try await client.unary(API.IndustryMap.getChainMap, .init(), options: options))
        try keep("FunnelReport", try await client.unary(API.Reports.funnel, .init(), options: options))
        return samples
    }

    /// A preset dictionary of at most `size` bytes from `samples`: the byte strings that recur across the most
    /// samples, weighed by what a reference to each saves (strings of 6, 12 and 24 bytes), the most valuable last
    /// (zlib reaches the end of a dictionary with the shortest distances).
    public static func train(_ samples: [[UInt8]], size: Int = 32_768, lengths: [Int] = [6, 12, 24]) -> [UInt8] {
        var scored: [(score: Int, bytes: [UInt8])] = []
        for length in lengths {
            // In how many samples each string of `length` bytes occurs.
            var counts: [ArraySlice<UInt8>: Int] = [:]
            for sample in samples where sample.count >= length {
                var seen: Set<ArraySlice<UInt8>> = []
                for start in 0...(sample.count - length) {
                    let gram = sample[start..<(start + length)]
                    if seen.insert(gram).inserted { counts[gram, default: 0] += 1 }
                }
            }
            // A reference costs about three bytes: what is left is saved each time the string recurs.
            scored += counts.filter { $0.value >= 3 }.map { (score: $0.value * (length - 3), bytes: Array($0.key)) }
        }
        scored.sort { lhs, rhs in
            lhs.score != rhs.score ? lhs.score > rhs.score : lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
        }
        var chosen: [[UInt8]] = []
        var text = [UInt8]()
        for candidate in scored {
            guard text.count + candidate.bytes.count <= size else { continue }
            if Self.contains(text, candidate.bytes) { continue }
            chosen.append(candidate.bytes)
            text += candidate.bytes
            if text.count >= size - lengths.min()! { break }
        }
        // Most valuable last.
        return Array(chosen.reversed().joined())
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var index = haystack.startIndex
        while let found = haystack[index...].firstIndex(of: first) {
            if found + needle.count <= haystack.count, haystack[found..<(found + needle.count)].elementsEqual(needle) {
                return true
            }
            index = found + 1
            if index >= haystack.count { break }
        }
        return false
    }

    /// Average sizes per type, over the samples not used for training, and a last row for all of them together
    /// (weighted by bytes).
    public static func measure(_ samples: [String: [[UInt8]]], dictionary: [UInt8]) -> [Row] {
        let rows = Self.rows(samples, dictionary: dictionary)
        let count = rows.reduce(0) { $0 + $1.samples }
        func total(_ value: (Row) -> Double) -> Double {
            rows.reduce(0) { $0 + value($1) * Double($1.samples) } / Double(max(1, count))
        }
        return rows + [
            Row(
                type: "all messages",
                samples: count,
                plain: total(\.plain),
                zlib: total(\.zlib),
                dictionary: total(\.dictionary)
            )
        ]
    }

    static func rows(_ samples: [String: [[UInt8]]], dictionary: [UInt8]) -> [Row] {
        samples.keys.sorted().map { type in
            let measured = samples[type]!.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            let set = measured.isEmpty ? samples[type]! : measured
            func deflated(_ bytes: [UInt8], _ dictionary: [UInt8]?) -> Int {
                var out = ByteBuffer()
                _ = Zlib.Compressor(level: 6, dictionary: dictionary).compress(ByteBuffer(bytes: bytes), into: &out)
                return out.readableBytes
            }
            let count = Double(set.count)
            return Row(
                type: type,
                samples: set.count,
                plain: Double(set.reduce(0) { $0 + $1.count }) / count,
                zlib: Double(set.reduce(0) { $0 + deflated($1, nil) }) / count,
                dictionary: Double(set.reduce(0) { $0 + deflated($1, dictionary) }) / count
            )
        }
    }

    /// The training half of every type's samples.
    public static func trainingSet(_ samples: [String: [[UInt8]]]) -> [[UInt8]] {
        samples.values.flatMap { $0.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) }
    }
}
