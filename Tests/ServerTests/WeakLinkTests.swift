import ChainDeskAPI
import ChainDeskBench
import ChainDeskClient
import ChainDeskProto
import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

/// Syncing the field client through a weak link to the real node: slow, far, and cut at any byte.
@Suite("Sync over a weak link", .serialized)
struct WeakLinkTests {
    /// The node with an officer who follows `enterprises` enterprises, each with a contact and `interactions`
    /// interactions; returns the office, the officer's token, and their enterprise ids.
    static func office(enterprises: Int, interactions: Int) async throws -> (RunningOffice, String, [String]) {
        let office = try await RunningOffice.launch()
        let password = try #require(office.adminPassword)
        let token = try await TCPTransport.withClient(host: "127.0.0.1", port: office.port) { client in
            let token = try await RunningOffice.officerToken(
                on: client,
                adminPassword: password,
                password: "weaklink-wu-2026"
            )
            let options = CallOptions(metadata: ["authorization": "Bearer \(token)"])
            for e in 0..<enterprises {
                _ = try await client.unary(
                    API.Enterprises.createEnterprise,
                    .with {
                        $0.enterprise.id = "e\(e)"
                        $0.enterprise.legalName = "常熟第\(e)号新材料有限公司"
                        $0.enterprise.ownerID = "wu"
                        $0.enterprise.industry = "新材料"
                    },
                    options: options
                )
                _ = try await client.unary(
                    API.Contacts.createContact,
                    .with {
                        $0.contact.enterpriseID = "e\(e)"
                        $0.contact.name = "联系人\(e)"
                        $0.contact.phone = "1390000\(String(format: "%04d", e))"
                    },
                    options: options
                )
                for i in 0..<interactions {
                    _ = try await client.unary(
                        API.Interactions.logInteraction,
                        .with {
                            $0.interaction.enterpriseID = "e\(e)"
                            $0.interaction.kind = i % 2 == 0 ? "wechat" : "phone"
                            $0.interaction.summary = "第\(i)次跟进：介绍蓉欧产业政策"
                        },
                        options: options
                    )
                }
            }
            return token
        }
        return (office, token, (0..<enterprises).map { "e\($0)" })
    }

    /// A device's copy in the office's folder, so that it goes when the office's files do.
    static func cache(in office: RunningOffice) throws -> FieldCache {
        try FieldCache(path: office.data.appendingPathComponent("device-\(UUID().uuidString).sqlite").path)
    }

    /// Queues `count` offline interactions on `cache`, tagged with `tag`.
    static func queue(_ count: Int, tag: String, enterprise: String, in cache: FieldCache) throws {
        for n in 0..<count {
            let request = Chaindesk_V1_LogInteractionRequest.with {
                $0.interaction.id = "\(tag)-\(n)"
                $0.interaction.enterpriseID = enterprise
                $0.interaction.kind = "visit"
                $0.interaction.summary = "\(tag) visit \(n)"
            }
            try cache.enqueue(
                method: API.Interactions.logInteraction.id,
                request: try request.serializedData(),
                key: "\(tag)-key-\(n)",
                summary: "visit \(n)"
            )
        }
    }

    /// Everything the cache holds, as entity:id → bytes.
    static func contents(_ cache: FieldCache) throws -> [String: Data] {
        var all: [String: Data] = [:]
        for entity in ["enterprise", "contact", "interaction", "project", "serviceRequest", "staff"] {
            for record in try cache.records(entity) {
                all["\(entity):\(Self.id(record))"] = try record.serializedData()
            }
        }
        return all
    }

    static func id(_ record: Chaindesk_V1_SyncRecord) -> String {
        switch record.record {
        case .enterprise(let v): v.id
        case .contact(let v): v.id
        case .interaction(let v): v.id
        case .project(let v): v.id
        case .serviceRequest(let v): v.id
        case .staff(let v): v.id
        default: "?"
        }
    }

    @Test("a first sync at 256 kbit/s with a 300 ms round trip completes, with the whole working set")
    func slowAndFar() async throws {
        let (office, token, ids) = try await Self.office(enterprises: 40, interactions: 10)
        defer {
            office.stop()
            office.removeFiles()
        }
        let link = try await WeakLink.start(
            to: "127.0.0.1",
            port: office.port,
            conditions: .init(bitsPerSecond: 256_000, roundTrip: .milliseconds(300), jitter: .milliseconds(20))
        )
        defer { Task { await link.stop() } }
        let cache = try Self.cache(in: office)
        let client = OfficeClient(host: "127.0.0.1", port: link.port, token: token)
        let report = try await client.sync(into: cache)
        #expect(try cache.records("enterprise").map(Self.id).sorted() == ids.sorted())
        #expect(try cache.records("interaction").count == 400)
        #expect(report.progress.received == report.progress.total && cache.isReady)
    }

    @Test("a sync cut at bytes all through sending and pulling resumes without a gap or a duplicate")
    func cutAnywhere() async throws {
        let (office, token, ids) = try await Self.office(enterprises: 12, interactions: 3)
        defer {
            office.stop()
            office.removeFiles()
        }
        // How many bytes an uncut sync with three queued visits takes.
        let measure = try await WeakLink.start(to: "127.0.0.1", port: office.port, conditions: .init())
        let probe = try Self.cache(in: office)
        try Self.queue(3, tag: "probe", enterprise: ids[0], in: probe)
        _ = try await OfficeClient(host: "127.0.0.1", port: measure.port, token: token).sync(into: probe, batchSize: 5)
        let total = measure.traffic.up + measure.traffic.down
        await measure.stop()
        #expect(total > 1000)

        var cuts = 0
        for cut in stride(from: 30, to: total, by: max(30, total / 24)) {
            let link = try await WeakLink.start(
                to: "127.0.0.1",
                port: office.port,
                conditions: .init(cutAfterBytes: cut, cutConnections: 1)
            )
            let cache = try Self.cache(in: office)
            let tag = "cut\(cut)"
            try Self.queue(3, tag: tag, enterprise: ids[1], in: cache)
            let client = OfficeClient(host: "127.0.0.1", port: link.port, token: token)
            do {
                _ = try await client.sync(into: cache, batchSize: 5)
            } catch {
                cuts += 1
            }
            _ = try await client.sync(into: cache, batchSize: 5)
            await link.stop()
            #expect(try cache.pending().isEmpty && cache.rejected().isEmpty, "cut at \(cut): everything sent")

            // The same as a sync that was never cut, and each queued visit at the office once.
            let clean = try Self.cache(in: office)
            _ = try await OfficeClient(host: "127.0.0.1", port: office.port, token: token).sync(
                into: clean,
                batchSize: 5
            )
            #expect(try Self.contents(cache) == Self.contents(clean), "cut at \(cut): the same records")
            let visits = try clean.records("interaction", enterprise: ids[1]).compactMap {
                if case .interaction(let interaction) = $0.record, interaction.id.hasPrefix("\(tag)-") {
                    interaction.summary
                } else {
                    nil
                }
            }
            #expect(visits.sorted() == (0..<3).map { "\(tag) visit \($0)" }, "cut at \(cut): each visit once")
        }
        #expect(cuts >= 20, "the cuts fell inside syncs")
    }
}
