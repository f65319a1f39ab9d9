import ChainDeskAPI
import ChainDeskProto
import ChainDeskRPC
import ChainDeskServer
import ChainDeskStore
import ChainDeskTesting
import ChainDeskWire
import Foundation
import Logging
import SwiftProtobuf
import Synchronization
import Testing

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
    var date: Date { self.now.withLock { $0 } }
    func advance(seconds: TimeInterval) { self.now.withLock { $0 += seconds } }
}

/// Keeps every log line, metadata included, so a test can look for secrets in them.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { self.lines.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "captured") { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
            self.log.lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
        }
    }
}

@Suite("Sign-in throttling and the sign-in log")
struct SignInTests {
    @Test(
        "failures lock a username, even with the right password then; waiting it out lets the owner in; all is logged"
    )
    func throttling() async throws {
        let folder = NodeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        var configuration = OfficeNode.Configuration(dataDirectory: folder)
        configuration.store.clock = { clock.date }
        configuration.signInPolicy.freeFailures = 3
        configuration.signInPolicy.firstLock = .seconds(60)
        let captured = CapturedLog()
        let node = try await OfficeNode.open(configuration, logger: captured.logger())
        let admin = try #require(node.firstAdmin)
        try await InProcessTransport.withClient(server: node.server) { client in
            func login(_ username: String, _ password: String) async throws -> Chaindesk_V1_LoginResponse {
                try await client.unary(
                    API.Auth.login,
                    .with {
                        $0.username = username
                        $0.password = password
                        $0.device = "field-07"
                    }
                )
            }
            func refusal(_ username: String, _ password: String) async -> RPCError? {
                do {
                    _ = try await login(username, password)
                    return nil
                } catch {
                    return error as? RPCError
                }
            }
            let adminToken = AuthTests.bearer(try await login(admin.username, admin.password).token)
            _ = try await client.unary(
                API.Auth.createUser,
                .with {
                    $0.username = "li"
                    $0.password = "rongou-2026-park"
                    $0.name = "李行知"
                    $0.role = "officer"
                },
                options: adminToken
            )
            for _ in 0..<3 { #expect(await refusal("li", "guess")?.code == .unauthenticated) }
            // Locked: the right password is refused too, and says for how long.
            let locked = await refusal("li", "rongou-2026-park")
            #expect(locked?.code == .resourceExhausted)
            #expect(locked?.message.contains("try again in 60 s") == true)
            // An unknown username is locked the same way: the lock says nothing of who exists.
            for _ in 0..<3 { #expect(await refusal("ghost", "guess")?.code == .unauthenticated) }
            #expect(await refusal("ghost", "guess")?.code == .resourceExhausted)

            clock.advance(seconds: 61)
            let officer = try await login("li", "rongou-2026-park")
            #expect(!officer.token.isEmpty)
            // A success clears the count.
            #expect(await refusal("li", "guess")?.code == .unauthenticated)

            let log = try await client.unary(API.Admin.signIns, .with { $0.username = "li" }, options: adminToken)
            #expect(
                log.signIns.map(\.outcome) == [
                    "wrong-password", "ok", "throttled", "wrong-password", "wrong-password", "wrong-password",
                ]
            )
            #expect(log.signIns.allSatisfy { $0.device == "field-07" })
            // A throttled attempt is refused before the username is even looked up.
            #expect(log.signIns.allSatisfy { $0.staffID == ($0.outcome == "throttled" ? "" : "li") })
            let everyone = try await client.unary(API.Admin.signIns, .init(), options: adminToken)
            #expect(
                everyone.signIns.contains {
                    $0.username == "ghost" && $0.outcome == "unknown-user" && $0.staffID.isEmpty
                }
            )
            #expect(!everyone.signIns.contains { "\($0)".contains("guess") || "\($0)".contains("rongou") })
            // Only administrators read it.
            await #expect {
                _ = try await client.unary(API.Admin.signIns, .init(), options: AuthTests.bearer(officer.token))
            } throws: { ($0 as? RPCError)?.code == .permissionDenied }
            // The node logged every attempt, and no password or token.
            let lines = captured.all
            #expect(lines.count { $0.contains("sign-in") } >= 11)
            for secret in ["guess", "rongou-2026-park", admin.password, officer.token] {
                #expect(!lines.contains { $0.contains(secret) }, "a log line shows a secret")
            }
        }
    }

    @Test("deactivating a user, or setting their password, ends their sessions at once")
    func sessionsEnd() async throws {
        try await AuthTests.withOffice(users: [("li", "officer"), ("wu", "officer")]) { client, options in
            #expect((try await client.unary(API.Auth.whoAmI, .init(), options: options["li"]!)).username == "li")
            _ = try await client.unary(
                API.Admin.updateUser,
                .with {
                    $0.username = "li"
                    $0.state = "inactive"
                },
                options: options["admin"]!
            )
            await #expect {
                _ = try await client.unary(API.Auth.whoAmI, .init(), options: options["li"]!)
            } throws: { ($0 as? RPCError)?.code == .unauthenticated }
            _ = try await client.unary(
                API.Admin.setPassword,
                .with {
                    $0.username = "wu"
                    $0.password = "a-new-password-2026"
                },
                options: options["admin"]!
            )
            await #expect {
                _ = try await client.unary(API.Auth.whoAmI, .init(), options: options["wu"]!)
            } throws: { ($0 as? RPCError)?.code == .unauthenticated }
        }
    }

    @Test("a session stops working once its lifetime has passed")
    func sessionExpires() async throws {
        let folder = NodeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        var configuration = OfficeNode.Configuration(dataDirectory: folder)
        configuration.store.clock = { clock.date }
        configuration.sessionLifetime = .seconds(3600)
        let node = try await OfficeNode.open(configuration, logger: Logger(label: "test"))
        let admin = try #require(node.firstAdmin)
        try await InProcessTransport.withClient(server: node.server) { client in
            let login = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = admin.username
                    $0.password = admin.password
                }
            )
            let options = AuthTests.bearer(login.token)
            clock.advance(seconds: 3599)
            #expect(try await client.unary(API.Auth.whoAmI, .init(), options: options).username == "admin")
            clock.advance(seconds: 2)
            await #expect {
                _ = try await client.unary(API.Auth.whoAmI, .init(), options: options)
            } throws: { error in
                (error as? RPCError)?.code == .unauthenticated
                    && (error as? RPCError)?.message.contains("expired") == true
            }
        }
    }
}
