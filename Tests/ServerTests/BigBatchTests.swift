import ChainDeskAPI
import ChainDeskClient
import ChainDeskProto
import ChainDeskRPC
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

/// A chamber's whole member list, and a queued call that cannot be sent: what a big call must not do to a field
/// client (the real binaries, a real node).
@Suite("Big lead lists and stuck queued calls", .serialized)
struct BigBatchTests {
    static func csv(_ rows: Int, in folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("members-\(rows).csv")
        let lines = ["会员单位"] + (1...rows).map { "东莞会员企业第\($0)号有限公司" }
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        return file
    }

    @Test("a list of more than one page is imported as one batch, by stream, and shown whole a page at a time")
    func bigList() async throws {
        let office = try await OfflineTests.office()
        defer { office.removeFiles() }
        defer { office.stop() }
        let folder = NodeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = 2 * leadPageSize + 500
        let file = try Self.csv(rows, in: folder)
        let (status, imported, why) = try await office.run(
            "wu",
            ["leads", "import", file.path, "--name", "全体会员", "--criterion", "规模:1"]
        )
        #expect(status == 0 && imported.hasPrefix("imported \(rows) candidates"), "\(imported) \(why)")
        let list = try await office.ok("chen", ["leads", "list"])
        #expect(list.contains("全体会员") && list.contains("\(rows)"), "\(list)")

        let shown = try await office.json("chen", ["leads", "show", "全体会员"])
        let candidates = try #require(shown["candidates"] as? [[String: Any]])
        #expect(candidates.count == rows)
        #expect(Set(candidates.compactMap { $0["name"] as? String }).count == rows, "every candidate once")
        #expect(shown["total_candidates"] as? Int == rows)
        // A single page is what one call answers.
        let table = try await office.ok("chen", ["leads", "show", "全体会员"])
        #expect(table.contains("东莞会员企业第\(rows)号有限公司") && table.contains("东莞会员企业第1号有限公司"))
        #expect(try await office.stopped() == 0)
    }

    @Test("the node answers pages, takes a page per message, and refuses a one-call import of more than a page")
    func pages() async throws {
        let office = try await OfflineTests.office()
        defer { office.removeFiles() }
        defer { office.stop() }
        let token = try #require(try office.token("chen"))
        let client = try OfficeClient(address: office.address, token: token)
        let names = (1...(leadPageSize + 1)).map { "候选企业\($0)" }
        let candidates = names.map { name in Chaindesk_V1_LeadCandidate.with { $0.name = name } }
        let batch = Chaindesk_V1_LeadBatch.with {
            $0.name = "两页名单"
            $0.source = "list"
            $0.criteria = [
                .with {
                    $0.name = "规模"; $0.weight = 1
                }
            ]
        }
        await #expect {
            _ = try await client.call(
                API.Leads.importLeadBatch,
                .with {
                    $0.batch = batch
                    $0.candidates = candidates
                }
            )
        } throws: { error in
            (error as? RPCError)?.code == .invalidArgument && "\(error)".contains("StreamLeadBatch")
        }
        let key = UUID().uuidString
        let summary = try await client.streamLeadBatch(batch, candidates: candidates, key: key)
        #expect(summary.candidates == Int32(names.count))
        // Sent again with its key, the stream is the same one import.
        let again = try await client.streamLeadBatch(batch, candidates: candidates, key: key)
        #expect(again.batch.id == summary.batch.id)
        let first = try await client.call(API.Leads.getLeadBatch, .with { $0.id = summary.batch.id })
        #expect(first.candidates.count == leadPageSize && first.totalCandidates == Int32(names.count))
        let last = try await client.call(
            API.Leads.getLeadBatch,
            .with {
                $0.id = summary.batch.id
                $0.offset = Int32(leadPageSize)
                $0.limit = 10
            }
        )
        #expect(last.candidates.count == 1)
        #expect(Set((first.candidates + last.candidates).map(\.name)) == Set(names))
        #expect(try await client.leadBatch(summary.batch.id).candidates.count == names.count)
        #expect(try await office.ok("chen", ["leads", "list"]).components(separatedBy: "两页名单").count == 2)
        #expect(try await office.stopped() == 0)
    }

    @Test("a queued call that cannot be sent blocks no command; the outbox shows it and drops it")
    func stuckCall() async throws {
        let office = try await OfflineTests.office()
        defer { office.removeFiles() }
        defer { office.stop() }
        try await office.ok("wu", ["sync"])
        // A call an older client queued: more than one message may carry.
        let cache = try office.deviceCache("wu")
        try cache.enqueue(
            method: API.Interactions.logInteraction.id,
            request: Data(repeating: 0x20, count: 5 << 20),
            key: UUID().uuidString,
            summary: "log visit with 常熟新材"
        )
        let (status, out, err) = try await office.run("wu", ["whoami"])
        #expect(status == 0 && out.contains("伍芳谊"), "\(out) \(err)")
        #expect(err.contains("cannot be sent") && err.contains("chaindesk outbox drop 1"), "\(err)")
        #expect(try await office.ok("wu", ["search", "常熟"]).contains("常熟新材料科技有限公司"))
        let listed = try await office.ok("wu", ["outbox"])
        #expect(listed.contains("stuck") && listed.contains("log visit with 常熟新材") && listed.contains("5 MiB"))
        #expect(try await office.ok("wu", ["outbox", "drop", "1"]).contains("dropped 1"))
        try await office.refused("wu", ["outbox", "drop", "1"], status: 3)
        #expect(try await office.ok("wu", ["outbox"]).contains("nothing waits"))
        let (_, _, quiet) = try await office.run("wu", ["whoami"])
        #expect(!quiet.contains("cannot be sent"), "\(quiet)")
        #expect(!cache.needsRefetch, "the next sync fetched the working set again")
        #expect(try await office.stopped() == 0)
    }

    @Test("offline, a change too large for one message is refused before it is queued, and nothing is saved")
    func tooLargeToQueue() async throws {
        let office = try await OfflineTests.office()
        defer { office.removeFiles() }
        try await office.ok("wu", ["sync"])
        #expect(try await office.stopped() == 0)
        let cache = try office.deviceCache("wu")
        let client = FieldClient(office: try OfficeClient(address: office.address), cache: cache) { _ in }
        let request = Chaindesk_V1_ImportLeadBatchRequest.with {
            $0.batch.name = "超大名单"
            $0.batch.criteria = [
                .with {
                    $0.name = "产业链契合"
                    $0.weight = 3
                }
            ]
            $0.candidates = (1...1_500).map { index in
                .with {
                    $0.name = "候选\(index)"
                    $0.reason = String(repeating: "备", count: 1_000)
                }
            }
        }
        await #expect {
            _ = try await client.call(API.Leads.importLeadBatch, request, key: UUID().uuidString)
        } throws: { error in
            (error as? ClientError)?.code == .refused && "\(error)".contains("nothing was saved")
        }
        #expect(try cache.pending().isEmpty)
        #expect(try cache.records("leadBatch").isEmpty)
        // Larger than a page, the CLI's import needs the office, and says so.
        let folder = NodeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.csv(leadPageSize + 1, in: folder)
        try await office.refused(
            "wu",
            ["leads", "import", file.path, "--name", "全体会员", "--criterion", "规模:1"],
            status: 69
        )
        #expect(try cache.pending().isEmpty)
    }
}

extension RunningOffice {
    /// The field client's copy of `user` (as `chaindesk` keeps it for this office).
    func deviceCache(_ user: String) throws -> FieldCache {
        let folder = try #require(self.configs[user]).appendingPathComponent("data")
        return try FieldCache(folder: folder, server: self.address, username: user)
    }

    /// The session token `user` signed in with.
    func token(_ user: String) throws -> String? {
        let folder = try #require(self.configs[user])
        return try SessionFile(environment: ["CHAINDESK_CONFIG_DIR": folder.path]).load()?.token
    }
}
