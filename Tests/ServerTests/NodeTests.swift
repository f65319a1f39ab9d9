import ChainDeskAPI
import ChainDeskProto
import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskServer
import ChainDeskStore
import ChainDeskTestService
import ChainDeskWire
import Foundation
import Logging
import SwiftProtobuf
import Testing

#if canImport(Glibc)
import Glibc
import ChainDeskTesting
#endif

@Suite("The office node")
struct NodeTests {
    static func temporaryDirectory() -> URL {
        temporaryPath("chaindesk-node")
    }

    @Test("health and server info answer without a token; the demo office is loaded once")
    func inProcess() async throws {
        let folder = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = OfficeNode.Configuration(dataDirectory: folder)
        configuration.loadDemo = true
        configuration.extraMethods = [ExtraMethods(router: TestService.router, names: TestService.names, kind: "test")]
        let node = try await OfficeNode.open(configuration, logger: Logger(label: "test"))
        let (health, info) = try await InProcessTransport.withClient(server: node.server) { client in
            (
                try await client.unary(API.System.health, .init()),
                try await client.unary(API.System.serverInfo, .init())
            )
        }
        #expect(health.status == .serving && health.revision > 100)
        #expect(info.name == "chaindesk-server" && info.maxProtocolVersion == 1)
        #expect(info.methods.map(\.id).contains(16) && info.methods.map(\.id).contains(1))

        // Opening again does not load the demo a second time.
        let again = try await OfficeNode.open(configuration, logger: Logger(label: "test"))
        #expect(try await again.store.latestRevision() == health.revision)
    }

    @Test("the real chaindesk-server starts on a free port, answers, drains on SIGTERM and keeps its data")
    func process() async throws {
        let folder = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "chaindesk-server"
        )
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the package first: \(binary.path)"
        )

        var first: Int64 = 0
        for round in 0..<2 {
            let (process, port, _) = try await Self.start(binary, folder: folder, demo: round == 0)
            let revision = try await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
                try await client.unary(API.System.health, .init()).revision
            }
            if round == 0 { first = revision } else { #expect(revision == first, "the data survived the restart") }
            kill(process.processIdentifier, SIGTERM)
            try await offThread { process.waitForExit() }
            #expect(process.terminationStatus == 0)
        }
        #expect(first > 100)
    }

    @Test("bad arguments get one clear line and a non-zero exit")
    func badArguments() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "chaindesk-server"
        )
        try #require(FileManager.default.isExecutableFile(atPath: binary.path))
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--port", "70000"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitForExit()
        #expect(process.terminationStatus != 0)
        #expect(output.contains("port 70000 is outside 0…65535"))
    }

    /// Starts the server on port 0 and reads the port from its first line of output.
    /// Starts `binary` on a free port; returns it, the port and what it printed up to `listening on` (the
    /// first admin's password, on a new store).
    static func start(_ binary: URL, folder: URL, demo: Bool, extra: [String] = []) async throws -> (
        Process, Int, banner: String
    ) {
        let process = Process()
        process.executableURL = binary
        process.arguments =
            ["--port", "0", "--web-port", "0", "--data-dir", folder.path] + (demo ? ["--demo"] : []) + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = try await offThread {
            var output = Data()
            while !String(decoding: output, as: UTF8.self).contains("listening on") {
                let chunk = pipe.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                output.append(chunk)
            }
            return output
        }
        let line = String(decoding: output, as: UTF8.self)
        guard let range = line.range(of: "listening on 127.0.0.1:"),
            let port = Int(line[range.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            throw NodeTestError("chaindesk-server did not say where it listens: \(line)")
        }
        return (process, port, line)
    }
}

@Suite("Signing in and roles")
struct AuthTests {
    static func node() async throws -> (OfficeNode, URL) {
        let folder = NodeTests.temporaryDirectory()
        let node = try await OfficeNode.open(
            OfficeNode.Configuration(dataDirectory: folder),
            logger: Logger(label: "test")
        )
        return (node, folder)
    }

    /// A node with the administrator and `users` (username, role), each signed in with the password
    /// `password-USERNAME-2026`; `body` gets an in-process client and everyone's call options, "admin" included.
    static func withOffice(
        users: [(String, String)],
        _ body: @escaping @Sendable (RPCClient, [String: CallOptions]) async throws -> Void
    ) async throws {
        try await Self.withOffice(users: users) { client, options, _ in try await body(client, options) }
    }

    /// As above, also giving `body` the node itself.
    static func withOffice(
        users: [(String, String)],
        _ body: @escaping @Sendable (RPCClient, [String: CallOptions], OfficeNode) async throws -> Void
    ) async throws {
        let (node, folder) = try await Self.node()
        defer { try? FileManager.default.removeItem(at: folder) }
        let admin = try #require(node.firstAdmin)
        try await InProcessTransport.withClient(server: node.server) { client in
            let adminLogin = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = admin.username
                    $0.password = admin.password
                }
            )
            var options = ["admin": Self.bearer(adminLogin.token)]
            for (user, role) in users {
                _ = try await client.unary(
                    API.Auth.createUser,
                    .with {
                        $0.username = user
                        $0.password = "password-\(user)-2026"
                        $0.name = user
                        $0.role = role
                    },
                    options: options["admin"]!
                )
                let login = try await client.unary(
                    API.Auth.login,
                    .with {
                        $0.username = user
                        $0.password = "password-\(user)-2026"
                    }
                )
                options[user] = Self.bearer(login.token)
            }
            try await body(client, options, node)
        }
    }

    static func bearer(_ token: String) -> CallOptions {
        CallOptions(metadata: ["authorization": "Bearer \(token)"])
    }

    @Test("the first start creates an administrator who can sign in, create users and sign out")
    func adminFlow() async throws {
        let (node, folder) = try await Self.node()
        defer { try? FileManager.default.removeItem(at: folder) }
        let admin = try #require(node.firstAdmin)
        try await InProcessTransport.withClient(server: node.server) { client in
            await #expect {
                _ = try await client.unary(API.Auth.whoAmI, .init())
            } throws: { ($0 as? RPCError)?.code == .unauthenticated }
            await #expect {
                _ = try await client.unary(
                    API.Auth.login,
                    .with {
                        $0.username = "admin"; $0.password = "wrong password"
                    }
                )
            } throws: {
                ($0 as? RPCError)?.code == .unauthenticated
                    && ($0 as? RPCError)?.message == "wrong username or password"
            }

            let login = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = admin.username
                    $0.password = admin.password
                    $0.device = "office-pc"
                }
            )
            #expect(login.user.role == "admin" && !login.token.isEmpty)
            let me = try await client.unary(API.Auth.whoAmI, .init(), options: Self.bearer(login.token))
            #expect(me.username == "admin")

            let created = try await client.unary(
                API.Auth.createUser,
                .with {
                    $0.username = "li"
                    $0.password = "rongou-2026-park"
                    $0.name = "李行知"
                    $0.role = "officer"
                    $0.sectors = ["smart"]
                },
                options: Self.bearer(login.token)
            )
            #expect(created.role == "officer")

            let officer = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = "li"; $0.password = "rongou-2026-park"; $0.device = "field-02"
                }
            )
            await #expect {
                _ = try await client.unary(
                    API.Auth.createUser,
                    .with {
                        $0.username = "x"; $0.password = "0123456789"; $0.name = "x"; $0.role = "admin"
                    },
                    options: Self.bearer(officer.token)
                )
            } throws: { ($0 as? RPCError)?.code == .permissionDenied }

            _ = try await client.unary(API.Auth.logout, .init(), options: Self.bearer(officer.token))
            await #expect {
                _ = try await client.unary(API.Auth.whoAmI, .init(), options: Self.bearer(officer.token))
            } throws: { ($0 as? RPCError)?.code == .unauthenticated }
        }
        // The password is shown only on the first start.
        let again = try await OfficeNode.open(
            OfficeNode.Configuration(dataDirectory: folder),
            logger: Logger(label: "test")
        )
        #expect(again.firstAdmin == nil)
    }

    @Test("no secret reaches the change feed or the audit trail")
    func noSecrets() async throws {
        let (node, folder) = try await Self.node()
        defer { try? FileManager.default.removeItem(at: folder) }
        let admin = try #require(node.firstAdmin)
        let feed = try await node.store.changes(since: 0, limit: 1000)
        let audit = try await node.store.auditTrail(entity: "user", id: "admin")
        let text = feed.changes.compactMap(\.data).joined() + audit.compactMap(\.new).joined()
        #expect(!text.contains("scrypt") && !text.contains(admin.password))
        #expect(audit.map(\.field) == ["username"])
    }
}

struct NodeTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
