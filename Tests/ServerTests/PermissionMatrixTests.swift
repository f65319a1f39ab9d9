import ChainDeskAPI
import ChainDeskProto
import ChainDeskRPC
import ChainDeskServer
import ChainDeskStore
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

/// Every role against every method: the gate's answer must be the one the method's `.proto` header promises.
@Suite("Every role against every method")
struct PermissionMatrixTests {
    /// A call of one method with an empty request.
    struct Probe: Sendable {
        let id: UInt32
        /// The roles the gate lets through; nil: every signed-in role; empty: no token needed at all.
        let roles: Set<String>?
        let call: @Sendable (RPCClient, CallOptions) async throws -> Void

        init<Request: SwiftProtobuf.Message, Response>(
            _ method: ChainDeskRPC.Method<Request, Response>,
            _ roles: Set<String>?
        ) {
            self.id = method.id
            self.roles = roles
            self.call = { client, options in
                switch method.kind {
                case .serverStreaming:
                    try await client.serverStreaming(method, Request(), options: options) { responses in
                        for try await _ in responses {}
                    }
                case .clientStreaming:
                    _ = try await client.clientStreaming(method, options: options) { try await $0.send(Request()) }
                default:
                    _ = try await client.unary(method, Request(), options: options)
                }
            }
        }
    }

    static let writers: Set<String> = ["officer", "deputyHead", "director"]
    static let mapEditors: Set<String> = ["deputyHead", "director", "admin"]
    static let open: Set<String> = []

    /// The table of Protocol/chaindesk/v1/*.proto headers. Logout is tried on its own (it ends the session).
    static let probes: [Probe] = [
        Probe(API.System.health, open), Probe(API.System.serverInfo, open), Probe(API.Auth.login, open),
        Probe(API.Auth.whoAmI, nil), Probe(API.Auth.createUser, ["admin"]),
        Probe(API.Admin.listStaff, nil), Probe(API.Admin.updateUser, ["admin"]), Probe(API.Admin.setPassword, nil),
        Probe(API.Admin.auditTrail, ["deputyHead", "director", "leadership", "admin"]),
        Probe(API.Admin.suggestAssignment, ["deputyHead", "director"]),
        Probe(API.Admin.applyAssignment, ["deputyHead", "director"]),
        Probe(API.Admin.signIns, ["admin"]),
        Probe(API.Enterprises.create, writers.union(["admin"])), Probe(API.Enterprises.get, nil),
        Probe(API.Enterprises.update, writers.union(["admin"])), Probe(API.Enterprises.list, nil),
        Probe(API.Enterprises.search, nil),
        Probe(API.Interactions.log, writers.union(["aftercare"])), Probe(API.Interactions.list, nil),
        Probe(API.Leads.importBatch, writers), Probe(API.Leads.listBatches, nil), Probe(API.Leads.getBatch, nil),
        Probe(API.Leads.screen, ["deputyHead", "director"]), Probe(API.Leads.markBatch, writers),
        Probe(API.Leads.createReferral, writers), Probe(API.Leads.listReferrals, nil),
        Probe(API.Leads.streamBatch, writers),
        Probe(API.Contacts.create, writers.union(["aftercare"])), Probe(API.Contacts.list, nil),
        Probe(API.IndustryMap.getChainMap, nil), Probe(API.IndustryMap.putChain, mapEditors),
        Probe(API.IndustryMap.putLink, mapEditors), Probe(API.IndustryMap.place, mapEditors),
        Probe(API.IndustryMap.unplace, mapEditors),
        Probe(API.Projects.create, writers), Probe(API.Projects.get, nil), Probe(API.Projects.list, nil),
        Probe(API.Projects.advance, writers), Probe(API.Projects.verifySigning, ["director"]),
        Probe(API.Projects.setStatus, writers), Probe(API.Projects.addInvestment, writers),
        Probe(API.Events.createEvent, writers), Probe(API.Events.listEvents, nil),
        Probe(API.Events.createTrip, writers), Probe(API.Events.listTrips, nil),
        Probe(API.Events.planVisit, writers), Probe(API.Events.setVisitStatus, writers),
        Probe(API.ServiceRequests.open, writers.union(["aftercare"])), Probe(API.ServiceRequests.list, nil),
        Probe(API.ServiceRequests.get, nil), Probe(API.ServiceRequests.change, writers.union(["aftercare"])),
        Probe(API.Reports.cumulative, nil), Probe(API.Reports.funnel, nil), Probe(API.Reports.relationships, nil),
        Probe(API.Reports.chainCoverage, nil), Probe(API.Reports.referrals, nil), Probe(API.Reports.aftercare, nil),
        Probe(API.Reports.officerActivity, nil), Probe(API.Reports.eventYield, nil),
        Probe(API.Sync.pull, nil), Probe(API.Sync.listConflicts, nil), Probe(API.Sync.resolveConflict, nil),
    ]

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
            // Every method the node lists is in the table, so a new method cannot skip this test.
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
