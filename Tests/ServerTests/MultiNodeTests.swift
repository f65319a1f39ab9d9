import ChainDeskAPI
import ChainDeskProto
import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskTesting
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Several `chaindesk-server` processes serving one office from one PostgreSQL database.
@Suite("Several nodes, one office", .enabled(if: testPostgres != nil, "CHAINDESK_TEST_POSTGRES is not set"))
struct MultiNodeTests {
    actor Acknowledged {
        var ids: [String] = []
        func add(_ id: String) { self.ids.append(id) }
        var count: Int { self.ids.count }
    }

    @Test(
        "three nodes, eight writers spread across them, one node killed mid-run: the clients fail over, every acknowledged write is there once, and every node reads the same change feed"
    )
    func threeNodes() async throws {
        let database = try await TemporaryPostgres(migrated: true)
        // The first start creates the administrator; the others find the office made.
        let first = try await RunningOffice.launch(sharing: database)
        var nodes = [first]
        for _ in 1..<3 { nodes.append(try await RunningOffice.launch(sharing: database)) }
        defer {
            for node in nodes {
                node.stop()
                node.removeFiles()
            }
        }
        let password = try #require(first.adminPassword)
        #expect(nodes.dropFirst().allSatisfy { $0.adminPassword == nil }, "one administrator for the office")
        let endpoints = nodes.map { SharedConnection.Endpoint(host: "127.0.0.1", port: $0.port) }

        // An officer signed in on the third node, with an enterprise they follow, made on the second: a session
        // and a record any node knows.
        let token = try await TCPTransport.withClient(host: "127.0.0.1", port: nodes[2].port) { client in
            try await RunningOffice.officerToken(on: client, adminPassword: password, password: "nodes-wu-2026")
        }
        let options = CallOptions(timeout: .seconds(20), metadata: ["authorization": "Bearer \(token)"])
        let enterprise = try await TCPTransport.withClient(host: "127.0.0.1", port: nodes[1].port) { client in
            try await client.unary(
                API.Enterprises.createEnterprise,
                .with {
                    $0.enterprise.legalName = "东莞市豪顺精密科技有限公司"
                    $0.enterprise.kind = "park"
                    $0.enterprise.ownerID = "wu"
                },
                options: options
            ).id
        }

        // Eight writers, each starting on a different node (the list turned), each write with its idempotency key;
        // the middle node is killed once a hundred writes are acknowledged.
        let acknowledged = Acknowledged()
        let victim = nodes[1]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                let turned = Array(endpoints[(writer % 3)...] + endpoints[..<(writer % 3)])
                group.addTask {
                    let connection = SharedConnection(endpoints: turned)
                    var configuration = RPCConfiguration()
                    configuration.maxAttempts = 8
                    for n in 0..<40 {
                        let id = "w\(writer)-\(n)"
                        var withKey = options
                        withKey.idempotencyKey = Array(id.utf8)
                        let keyed = withKey
                        let stored = try await connection.withClient(
                            configuration: configuration,
                            tls: nil,
                            idempotent: true
                        ) { client in
                            try await client.unary(
                                API.Interactions.logInteraction,
                                .with {
                                    $0.interaction.id = id
                                    $0.interaction.kind = "phone"
                                    $0.interaction.enterpriseID = enterprise
                                    $0.interaction.summary = "call \(n) of writer \(writer)"
                                },
                                options: keyed
                            )
                        }
                        await acknowledged.add(stored.id)
                    }
                    connection.close()
                }
            }
            group.addTask {
                while await acknowledged.count < 100 { try await Task.sleep(for: .milliseconds(5)) }
                kill(victim.process.processIdentifier, SIGKILL)
            }
            try await group.waitForAll()
        }
        _ = try await victim.stopped()
        #expect(victim.process.terminationReason == .uncaughtSignal, "the node was killed, not drained")
        let acked = await acknowledged.ids
        #expect(acked.count == 320, "every writer finished, failing over when its node went")

        // The killed node starts again on the same database; then each node is asked for the same things.
        nodes[1] = try await victim.restarted(port: 0)
        var feeds: [[Data]] = []
        for node in nodes {
            let (stored, feed) = try await TCPTransport.withClient(host: "127.0.0.1", port: node.port) { client in
                let listed = try await client.unary(
                    API.Interactions.listInteractions,
                    .with {
                        $0.enterpriseID = enterprise
                        $0.limit = 1000
                    },
                    options: options
                ).interactions
                // The officer's changes after the first revision, as a device that synced then would pull them.
                let batches = try await client.serverStreaming(
                    API.Sync.pull,
                    .with {
                        $0.cursor = 1
                        $0.batchSize = 100
                    },
                    options: options
                ) { responses in
                    var received: [Data] = []
                    for try await batch in responses { received.append(try batch.serializedData()) }
                    return received
                }
                return (listed, batches)
            }
            let storedIDs = stored.map(\.id)
            #expect(
                Set(acked).isSubset(of: Set(storedIDs)),
                "node \(node.port) lost: \(Set(acked).subtracting(storedIDs))"
            )
            #expect(storedIDs.count == Set(storedIDs).count, "no write is stored twice")
            feeds.append(feed)
        }
        #expect(feeds[0].count > 1)
        #expect(feeds[1] == feeds[0], "the restarted node reads the feed as the first does")
        #expect(feeds[2] == feeds[0], "the third node reads the feed as the first does")
    }
}
