import ChainDeskAPI
import ChainDeskProto
import ChainDeskRPC
import ChainDeskServer
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

@Suite("Pulling the working set, and conflicts between edits")
struct SyncTests {
    /// A node with an administrator, two officers (li, wu) and a deputy head (chen); `body` gets a client and
    /// their call options.
    static func withOffice(_ body: @escaping @Sendable (RPCClient, [String: CallOptions]) async throws -> Void)
        async throws
    {
        try await AuthTests.withOffice(users: [("li", "officer"), ("wu", "officer"), ("chen", "deputyHead")], body)
    }

    /// Adds an enterprise owned by `owner`, with one contact and one interaction.
    static func enterprise(_ id: String, owner: String, _ client: RPCClient, _ options: CallOptions) async throws {
        _ = try await client.unary(
            API.Enterprises.createEnterprise,
            .with {
                $0.enterprise.id = id
                $0.enterprise.legalName = "企业\(id)有限公司"
                $0.enterprise.ownerID = owner
            },
            options: options
        )
        _ = try await client.unary(
            API.Contacts.createContact,
            .with {
                $0.contact.id = "c-\(id)"
                $0.contact.enterpriseID = id
                $0.contact.name = "联系人\(id)"
            },
            options: options
        )
        _ = try await client.unary(
            API.Interactions.logInteraction,
            .with {
                $0.interaction.id = "i-\(id)"
                $0.interaction.enterpriseID = id
                $0.interaction.kind = "wechat"
                $0.interaction.summary = "联系\(id)"
            },
            options: options
        )
    }

    /// What a client holds after applying batches: records by "entity:id", and the last cursor and resume.
    struct Replica {
        var records: [String: Chaindesk_V1_SyncRecord] = [:]
        var cursor: Int64 = 0
        var resume = Data()
        var batches = 0

        static func key(_ record: Chaindesk_V1_SyncRecord) -> String {
            switch record.record {
            case .enterprise(let value): "enterprise:\(value.id)"
            case .contact(let value): "contact:\(value.id)"
            case .interaction(let value): "interaction:\(value.id)"
            case .project(let value): "project:\(value.id)"
            case .serviceRequest(let value): "serviceRequest:\(value.id)"
            case .chain(let value): "chain:\(value.id)"
            case .link(let value): "chainLink:\(value.id)"
            case .placement(let value): "placement:\(value.id)"
            case .staff(let value): "staff:\(value.id)"
            case .event(let value): "event:\(value.id)"
            case .conflict(let value): "editConflict:\(value.id)"
            case .trip(let value): "trip:\(value.id)"
            case .visit(let value): "plannedVisit:\(value.id)"
            case .referral(let value): "referral:\(value.id)"
            case .leadBatch(let value): "leadBatch:\(value.id)"
            case .candidate(let value): "leadCandidate:\(value.id)"
            case nil: "?"
            }
        }

        /// The enterprise a record belongs to, if any.
        static func owner(_ record: Chaindesk_V1_SyncRecord) -> String? {
            switch record.record {
            case .contact(let value): value.enterpriseID
            case .interaction(let value): value.enterpriseID
            case .project(let value): value.enterpriseID
            case .serviceRequest(let value): value.enterpriseID
            case .placement(let value): value.enterpriseID
            default: nil
            }
        }

        mutating func apply(_ batch: Chaindesk_V1_SyncBatch) throws {
            for record in batch.records { self.records[Self.key(record)] = record }
            for interaction in try InteractionColumnsCodec.decode(batch.interactions) {
                self.records["interaction:\(interaction.id)"] = .with { $0.interaction = interaction }
            }
            for removal in batch.removals {
                self.records["\(removal.entity):\(removal.id)"] = nil
                if removal.entity == "enterprise" {
                    self.records = self.records.filter { Self.owner($0.value) != removal.id }
                }
            }
            self.cursor = batch.cursor
            self.resume = batch.resume
            self.batches += 1
        }

        /// Pulls until caught up, or only `limit` batches (a cut connection).
        mutating func pull(_ client: RPCClient, _ options: CallOptions, batchSize: UInt32 = 500, limit: Int? = nil)
            async throws
        {
            let request = Chaindesk_V1_PullRequest.with {
                $0.cursor = self.cursor
                $0.resume = self.resume
                $0.batchSize = batchSize
            }
            let batches = try await client.serverStreaming(API.Sync.pull, request, options: options) { responses in
                var received: [Chaindesk_V1_SyncBatch] = []
                for try await batch in responses {
                    received.append(batch)
                    if let limit, received.count == limit { break }
                }
                return received
            }
            for batch in batches { try self.apply(batch) }
        }

        var enterprises: Set<String> {
            Set(self.records.keys.filter { $0.hasPrefix("enterprise:") }.map { String($0.dropFirst(11)) })
        }
    }

    @Test("a first pull sends the officer's enterprises with theirs and the reference data, and nobody else's")
    func snapshot() async throws {
        try await Self.withOffice { client, options in
            for id in ["a1", "a2", "a3"] { try await Self.enterprise(id, owner: "li", client, options["li"]!) }
            for id in ["b1", "b2"] { try await Self.enterprise(id, owner: "wu", client, options["wu"]!) }
            var li = Replica()
            try await li.pull(client, options["li"]!)
            #expect(li.enterprises == ["a1", "a2", "a3"])
            #expect(li.records["contact:c-a2"] != nil && li.records["interaction:i-a3"] != nil)
            #expect(li.records["contact:c-b1"] == nil && li.records["interaction:i-b2"] == nil)
            #expect(li.records["staff:wu"] != nil, "the staff list is reference data")
            #expect(li.cursor > 0 && li.resume.isEmpty)

            // Cut after every batch and resumed: the same records, none missing, none twice.
            var cut = Replica()
            var rounds = 0
            repeat {
                try await cut.pull(client, options["li"]!, batchSize: 2, limit: 1)
                rounds += 1
            } while !cut.resume.isEmpty || cut.cursor == 0
            #expect(rounds > 3)
            #expect(cut.records == li.records)
            #expect(cut.cursor == li.cursor)
        }
    }

    @Test(
        "later pulls send what changed in the set; a reassigned enterprise leaves one cache and arrives whole in the other"
    )
    func deltas() async throws {
        try await Self.withOffice { client, options in
            for id in ["a1", "a2"] { try await Self.enterprise(id, owner: "li", client, options["li"]!) }
            try await Self.enterprise("b1", owner: "wu", client, options["wu"]!)
            var li = Replica()
            var wu = Replica()
            try await li.pull(client, options["li"]!)
            try await wu.pull(client, options["wu"]!)

            // Nothing to do: one batch, the same cursor, nothing in it.
            let before = li.cursor
            let batches = li.batches
            try await li.pull(client, options["li"]!)
            #expect(li.cursor == before && li.batches == batches + 1)

            // The deputy head edits li's enterprise and moves a2 to wu.
            var a1 = try await client.unary(
                API.Enterprises.getEnterprise,
                .with { $0.id = "a1" },
                options: options["chen"]!
            )
            a1.industry = "精密模具"
            _ = try await client.unary(
                API.Enterprises.updateEnterprise,
                .with { $0.enterprise = a1 },
                options: options["chen"]!
            )
            _ = try await client.unary(
                API.Admin.applyAssignment,
                .with {
                    $0.moves = [
                        .with {
                            $0.enterpriseID = "a2"
                            $0.from = "li"
                            $0.to = "wu"
                        }
                    ]
                },
                options: options["chen"]!
            )
            try await li.pull(client, options["li"]!)
            try await wu.pull(client, options["wu"]!)
            #expect(li.enterprises == ["a1"])
            #expect(li.records["contact:c-a2"] == nil && li.records["interaction:i-a2"] == nil)
            if case .enterprise(let stored) = li.records["enterprise:a1"]?.record {
                #expect(stored.industry == "精密模具")
            } else {
                Issue.record("a1 is not in li's cache")
            }
            #expect(wu.enterprises == ["a2", "b1"])
            #expect(wu.records["contact:c-a2"] != nil && wu.records["interaction:i-a2"] != nil)
        }
    }

    @Test(
        "two offline edits of one enterprise: different fields both apply; the same field keeps the first and records the other for both"
    )
    func conflicts() async throws {
        try await Self.withOffice { client, options in
            try await Self.enterprise("a1", owner: "li", client, options["li"]!)
            let base = try await client.unary(
                API.Enterprises.getEnterprise,
                .with { $0.id = "a1" },
                options: options["li"]!
            )

            // li (first to reach the office) sets industry and location; the deputy head, from the same base,
            // sets industry differently and the scale.
            var mine = base
            mine.industry = "精密模具"
            mine.location = "东莞"
            _ = try await client.unary(
                API.Enterprises.updateEnterprise,
                .with {
                    $0.enterprise = mine
                    $0.base = base
                },
                options: options["li"]!
            )
            var theirs = base
            theirs.industry = "五金冲压"
            theirs.scale = "medium"
            let merged = try await client.unary(
                API.Enterprises.updateEnterprise,
                .with {
                    $0.enterprise = theirs
                    $0.base = base
                },
                options: options["chen"]!
            )
            #expect(merged.industry == "精密模具" && merged.location == "东莞" && merged.scale == "medium")

            for user in ["li", "chen"] {
                let list = try await client.unary(API.Sync.listConflicts, .init(), options: options[user]!)
                #expect(list.conflicts.count == 1)
                let conflict = try #require(list.conflicts.first)
                #expect(conflict.field == "industry" && conflict.keptValue == "\"精密模具\"")
                #expect(conflict.otherValue == "\"五金冲压\"" && conflict.keptBy == "li" && conflict.otherBy == "chen")
                #expect(conflict.recordName == "企业a1有限公司")
            }
            let unrelated = try await client.unary(API.Sync.listConflicts, .init(), options: options["wu"]!)
            #expect(unrelated.conflicts.isEmpty)

            // The conflict reaches li's cache too; wu may not resolve it; li takes the other value.
            var li = Replica()
            try await li.pull(client, options["li"]!)
            #expect(li.records.keys.contains { $0.hasPrefix("editConflict:") })
            let id = try #require(
                try await client.unary(API.Sync.listConflicts, .init(), options: options["li"]!).conflicts.first?.id
            )
            await #expect(throws: RPCError.self) {
                _ = try await client.unary(
                    API.Sync.resolveConflict,
                    .with {
                        $0.id = id
                        $0.choice = "other"
                    },
                    options: options["wu"]!
                )
            }
            let resolved = try await client.unary(
                API.Sync.resolveConflict,
                .with {
                    $0.id = id
                    $0.choice = "other"
                },
                options: options["li"]!
            )
            #expect(resolved.status == "resolved" && resolved.resolution == "other" && resolved.resolvedBy == "li")
            let now = try await client.unary(
                API.Enterprises.getEnterprise,
                .with { $0.id = "a1" },
                options: options["li"]!
            )
            #expect(now.industry == "五金冲压")
            try await li.pull(client, options["li"]!)
            #expect(!li.records.keys.contains { $0.hasPrefix("editConflict:") }, "a resolved conflict leaves the cache")
            let trail = try await client.unary(
                API.Admin.auditTrail,
                .with {
                    $0.entity = "enterprise"
                    $0.id = "a1"
                },
                options: options["chen"]!
            )
            #expect(trail.entries.filter { $0.field == "industry" }.map(\.staffID) == ["li", "li", "li"])
        }
    }
}
