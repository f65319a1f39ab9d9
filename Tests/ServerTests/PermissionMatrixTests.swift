import ChainDeskAPI
import ChainDeskDomain
import ChainDeskProto
import ChainDeskRPC
import ChainDeskServer
import ChainDeskStore
import ChainDeskTesting
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

/// Every role against every method: the gate's answer must be the one the method's declaration promises
/// (Protocol/chaindesk/v1, `API.declarations`), for every method the node lists.
@Suite("Every role against every method")
struct PermissionMatrixTests {
    /// A call of one method with an empty request (an empty protobuf message is empty bytes).
    struct Probe: Sendable {
        let id: UInt32
        /// The roles the gate lets through; nil: every signed-in role; empty: no token needed at all.
        let roles: Set<String>?
        let call: @Sendable (RPCClient, CallOptions) async throws -> Void

        init(_ declaration: Declaration) {
            self.id = declaration.id
            switch declaration.access {
            case .open: self.roles = []
            case .signedIn: self.roles = nil
            case .roles(let roles): self.roles = Set(roles.map(\.rawValue))
            }
            let method = ChainDeskRPC.Method<[UInt8], [UInt8]>(
                id: declaration.id,
                name: declaration.name,
                kind: declaration.kind,
                request: BytesCodec(),
                response: BytesCodec()
            )
            self.call = { client, options in
                switch method.kind {
                case .serverStreaming:
                    try await client.serverStreaming(method, [], options: options) { responses in
                        for try await _ in responses {}
                    }
                case .clientStreaming:
                    _ = try await client.clientStreaming(method, options: options) { try await $0.send([]) }
                default:
                    _ = try await client.unary(method, [], options: options)
                }
            }
        }
    }

    static let open: Set<String> = []

    /// Every declared method. Logout is tried on its own (it ends the session).
    static let probes = API.declarations.filter { $0.id != API.Auth.logout.id }.map(Probe.init)

    @Test("the declarations keep the office's rules: leadership changes nothing, signings are the director's")
    func officeRules() throws {
        func roles(_ method: UInt32) -> Set<Staff.Role>? { API.declaration(method)?.access.roles }
        for declaration in API.declarations where declaration.offline == .queued {
            let admitted = declaration.access.roles ?? Set(Staff.Role.allCases)
            #expect(!admitted.contains(.leadership), "leadership may call \(declaration.name), which changes records")
        }
        #expect(roles(API.Projects.verifySigning.id) == [.director])
        #expect(roles(API.Leads.screenCandidate.id) == [.deputyHead, .director])
        for admin in [API.Auth.createUser.id, API.Admin.updateUser.id, API.Admin.signIns.id] {
            #expect(roles(admin) == [.admin])
        }
        #expect(roles(API.Admin.auditTrail.id)?.contains(.leadership) == true, "leadership reads the audit trail")
        let open = API.declarations.filter { $0.access == .open }.map(\.id)
        #expect(Set(open) == [API.System.health.id, API.System.serverInfo.id, API.Auth.login.id])
    }

    static func isEmptyLogin(_ probe: Probe, _ error: RPCError) -> Bool {
        probe.id == API.Auth.login.id && error.code == .unauthenticated
            && error.message.contains("wrong username or password")
    }

    static let roles = ["officer", "deputyHead", "director", "leadership", "aftercare", "admin"]

    @Test("the gate admits exactly the roles each method names, refuses the rest, and nothing is written")
    func matrix() async throws {
        let (node, folder) = try await AuthTests.node()
        defer { try? FileManager.default.removeItem(at: folder) }
        let admin = try #require(node.firstAdmin)
        try await InProcessTransport.withClient(server: node.server) { client in
            // Every method the node lists is declared and probed, so a new method cannot skip this test.
            let listed = try await client.unary(API.System.serverInfo, .init()).methods.map(\.id)
            let covered = Set(Self.probes.map(\.id)).union([API.Auth.logout.id])
            #expect(Set(listed) == covered, "methods without a row: \(Set(listed).subtracting(covered).sorted())")

            var options: [String: CallOptions] = [:]
            let adminLogin = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = admin.username
                    $0.password = admin.password
                }
            )
            options["admin"] = AuthTests.bearer(adminLogin.token)
            for role in Self.roles where role != "admin" {
                _ = try await client.unary(
                    API.Auth.createUser,
                    .with {
                        $0.username = "u-\(role.lowercased())"
                        $0.password = "password-of-\(role)"
                        $0.name = role
                        $0.role = role
                    },
                    options: options["admin"]!
                )
                let login = try await client.unary(
                    API.Auth.login,
                    .with {
                        $0.username = "u-\(role.lowercased())"
                        $0.password = "password-of-\(role)"
                    }
                )
                options[role] = AuthTests.bearer(login.token)
            }
            let before = try await node.store.latestRevision()

            for probe in Self.probes {
                // Without a token: only the open methods answer anything but UNAUTHENTICATED.
                do {
                    try await probe.call(client, CallOptions())
                    #expect(probe.roles == Self.open, "method \(probe.id) answered without a token")
                } catch let error as RPCError where Self.isEmptyLogin(probe, error) {
                    // Login with no credentials is refused as such, with or without a session.
                } catch let error as RPCError {
                    if probe.roles == Self.open {
                        #expect(error.code != .unauthenticated, "method \(probe.id) needs no token")
                    } else {
                        #expect(error.code == .unauthenticated, "method \(probe.id) without a token: \(error)")
                    }
                }
                for role in Self.roles {
                    let admitted = probe.roles.map { $0.isEmpty || $0.contains(role) } ?? true
                    do {
                        try await probe.call(client, options[role]!)
                        #expect(admitted, "method \(probe.id) let a \(role) through")
                    } catch let error as RPCError where Self.isEmptyLogin(probe, error) {
                    } catch let error as RPCError {
                        let refusedByGate =
                            error.code == .permissionDenied && error.message.contains("may not call this method")
                        #expect(
                            refusedByGate == !admitted && error.code != .unauthenticated,
                            "method \(probe.id), \(role): \(error.code) \(error.message)"
                        )
                    }
                }
            }
            #expect(try await node.store.latestRevision() == before, "no probe may write anything")

            // Logout ends the caller's own session, for every role.
            for role in Self.roles {
                _ = try await client.unary(API.Auth.logout, .init(), options: options[role]!)
                await #expect(throws: RPCError.self) {
                    _ = try await client.unary(API.Auth.whoAmI, .init(), options: options[role]!)
                }
            }
        }
    }
}
