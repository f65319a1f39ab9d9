import ChainDeskAPI
import ChainDeskProto
import ChainDeskRPC
import ChainDeskServer
import ChainDeskStore
import ChainDeskWire
import Foundation
import GRDB
import SwiftProtobuf
import Testing

@Suite("A full disk")
struct DiskFullTests {
    /// SQLite meets a full disk as SQLITE_FULL, whether the file system ran out (ENOSPC) or the database reached
    /// its page limit; the page limit makes the same path repeatable in a test.
    static func limitGrowth(_ store: Store, toPagesBeyondNow pages: Int?) async throws {
        try await store.write { db in
            if let pages {
                let now: Int = try db.value("PRAGMA page_count") ?? 0
                _ = try db.rows("PRAGMA max_page_count = \(now + pages)")
            } else {
                _ = try db.rows("PRAGMA max_page_count = 4294967294")
            }
        }
    }

    @Test("writes fail with a clear RESOURCE_EXHAUSTED, nothing is half-written, and service resumes with space")
    func diskFull() async throws {
        try await AuthTests.withOffice(users: [("wu", "officer")]) { client, options, node in
            let enterprise = try await client.unary(
                API.Enterprises.createEnterprise,
                .with {
                    $0.enterprise.legalName = "东莞市豪顺精密科技有限公司"
                    $0.enterprise.kind = "park"
                },
                options: options["wu"]!
            )
            func log(_ id: String) async throws -> Chaindesk_V1_Interaction {
                try await client.unary(
                    API.Interactions.logInteraction,
                    .with {
                        $0.interaction.id = id
                        $0.interaction.kind = "visit"
                        $0.interaction.enterpriseID = enterprise.id
                        $0.interaction.summary = String(repeating: "走访东莞豪顺，了解扩产用地需求。", count: 200)
                    },
                    options: options["wu"]!
                )
            }
            try await Self.limitGrowth(node.store, toPagesBeyondNow: 40)
            var acknowledged: [String] = []
            var refusal: RPCError?
            for n in 0..<200 {
                do {
                    acknowledged.append(try await log("full-\(n)").id)
                } catch let error as RPCError {
                    refusal = error
                    break
                }
            }
            let error = try #require(refusal, "the page limit was never reached")
            #expect(error.code == .resourceExhausted)
            #expect(error.message.contains("disk is full"))
            #expect(!acknowledged.isEmpty)

            // Nothing is lost or half-written: every acknowledged write is whole, the refused one is absent.
            let check: [String] = try await node.store.read { db in try db.values("PRAGMA integrity_check") }
            #expect(check == ["ok"])
            let refusedID = "full-\(acknowledged.count)"
            let listed = try await client.unary(
                API.Interactions.listInteractions,
                .with {
                    $0.enterpriseID = enterprise.id
                    $0.limit = 500
                },
                options: options["wu"]!
            ).interactions.map(\.id)
            #expect(Set(listed) == Set(acknowledged))
            #expect(!listed.contains(refusedID))
            // Reads go on while the disk is full.
            #expect(try await client.unary(API.Auth.whoAmI, .init(), options: options["wu"]!).username == "wu")

            // Space returns: the same write now succeeds.
            try await Self.limitGrowth(node.store, toPagesBeyondNow: nil)
            #expect(try await log(refusedID).id == refusedID)
        }
    }
}
