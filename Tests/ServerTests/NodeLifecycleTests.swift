import ChainDeskAPI
import ChainDeskDomain
import ChainDeskProto
import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskStore
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

#if canImport(Glibc)
import Glibc
import ChainDeskTesting
#endif

@Suite("Shutdown under load")
struct ShutdownTests {
    /// Acknowledged ids, shared by the writers.
    actor Acknowledged {
        var ids: Set<String> = []
        func add(_ id: String) { self.ids.insert(id) }
        var count: Int { self.ids.count }
    }

    @Test(
        "SIGTERM or kill -9 during concurrent writes: every acknowledged write is there after the restart, once",
        arguments: TestEngine.all,
        [SIGTERM, SIGKILL]
    )
    func stopDuringWrites(engine: TestEngine, signal: Int32) async throws {
        let office = try await RunningOffice.launch(engine: engine)
        defer { office.removeFiles() }
        let password = try #require(office.adminPassword)
        let port = office.port
        let (token, enterpriseID) = try await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
            let token = try await RunningOffice.officerToken(
                on: client,
                adminPassword: password,
                password: "shutdown-wu-2026"
            )
            let options = CallOptions(metadata: ["authorization": "Bearer \(token)"])
            let enterprise = try await client.unary(
                API.Enterprises.createEnterprise,
                .with {
                    $0.enterprise.legalName = "东莞市豪顺精密科技有限公司"
                    $0.enterprise.kind = "park"
                },
                options: options
            )
            return (token, enterprise.id)
        }

        let acknowledged = Acknowledged()
        let options = CallOptions(timeout: .seconds(10), metadata: ["authorization": "Bearer \(token)"])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    // Each writer keeps one connection and writes until the node stops taking calls.
                    try? await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
                        for n in 0..<60 {
                            let id = "w\(writer)-\(n)"
                            var keyed = options
                            keyed.idempotencyKey = Array(id.utf8)
                            let stored = try await client.unary(
                                API.Interactions.logInteraction,
                                .with {
                                    $0.interaction.id = id
                                    $0.interaction.kind = "phone"
                                    $0.interaction.enterpriseID = enterpriseID
                                    $0.interaction.summary = "call \(n) of writer \(writer)"
                                },
                                options: keyed
                            )
                            await acknowledged.add(stored.id)
                        }
                    }
                }
            }
            group.addTask {
                while await acknowledged.count < 100 { try await Task.sleep(for: .milliseconds(5)) }
                kill(office.process.processIdentifier, signal)
            }
            try await group.waitForAll()
        }
        let status = try await office.stopped()
        if signal == SIGTERM {
            #expect(status == 0, "a drained node exits cleanly")
            // After the calls drained the store closed: a SQLite store's log written back into the file and emptied.
            let log = office.data.appendingPathComponent("office.sqlite-wal").path
            let size = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
            #expect(size == 0, "the store's log was written back after draining (\(size) bytes left)")
        } else {
            #expect(office.process.terminationReason == .uncaughtSignal, "the node was killed, not drained")
        }
        let acked = await acknowledged.ids
        #expect(acked.count >= 100, "\(acked.count) acknowledged")

        let restarted = try await office.restarted(port: 0)
        defer { restarted.stop() }
        let stored = try await TCPTransport.withClient(host: "127.0.0.1", port: restarted.port) { client in
            let login = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = "wu"
                    $0.password = "shutdown-wu-2026"
                }
            )
            return try await client.unary(
                API.Interactions.listInteractions,
                .with {
                    $0.enterpriseID = enterpriseID
                    $0.limit = 500
                },
                options: CallOptions(metadata: ["authorization": "Bearer \(login.token)"])
            ).interactions
        }
        let storedIDs = Set(stored.map(\.id))
        #expect(acked.isSubset(of: storedIDs), "lost: \(acked.subtracting(storedIDs).sorted())")
        #expect(stored.count == storedIDs.count, "no write is stored twice")
        // Stopped off the test's threads; the deferred stop then finds it stopped.
        _ = try await restarted.stopped()
    }
}

@Suite("Operating the node")
struct OperationTests {
    @Test("--backup-to copies a serving store to a new file that opens with the same data; it never overwrites")
    func backup() async throws {
        let office = try await RunningOffice.launch(demo: true)
        defer {
            office.stop()
            office.removeFiles()
        }
        let copy = office.data.appendingPathComponent("backup.sqlite").path
        @Sendable func backUp() throws -> (Int32, String) {
            let process = Process()
            process.executableURL = RunningOffice.binaries.appendingPathComponent("chaindesk-server")
            process.arguments = ["--data-dir", office.data.path, "--backup-to", copy]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitForExit()
            return (process.terminationStatus, text)
        }
        let (status, _) = try await offThread { try backUp() }
        #expect(status == 0)
        let live = try await TCPTransport.withClient(host: "127.0.0.1", port: office.port) { client in
            try await client.unary(API.System.health, .init()).revision
        }
        let restored = try ChainDeskStore.Store(path: copy)
        #expect(try await restored.latestRevision() == live)
        #expect(try await restored.userCount() == 8, "the administrator and the seven demo staff")
        let (again, why) = try await offThread { try backUp() }
        #expect(again != 0 && why.contains("already exists"))
    }
}
