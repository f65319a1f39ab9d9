internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskProto
internal import Foundation
public import SwiftProtobuf

/// Whether the node serves, its version and its methods.
public struct NodeStatus: Presentable {
    public let health: Chaindesk_V1_HealthResponse
    public let server: Chaindesk_V1_ServerInfoResponse
    /// Where it was reached, `host:port`.
    public let address: String
    /// Whether to list every method.
    public let methods: Bool

    public func present(into out: inout Printout) throws {
        try out.json(["health": self.health, "server": self.server])
        let state = self.health.status == .serving ? "serving" : "draining"
        let version = "\(self.server.name) \(self.server.version)"
        out.line("\(version) at \(self.address): \(state), revision \(self.health.revision)")
        if self.methods {
            out.table(["id", "method", "kind"], self.server.methods.map { ["\($0.id)", $0.name, $0.kind] })
        }
    }
}

/// A list the node answered, shown as a table: staff, assignment moves, sign-ins, audit entries.
public struct Listing<Message: SwiftProtobuf.Message & Sendable>: Presentable {
    public let response: Message
    let columns: [String]
    let empty: String
    let rows: @Sendable (Message, Labels) -> [[String]]

    public func present(into out: inout Printout) throws {
        try out.json(self.response)
        out.table(self.columns, self.rows(self.response, out.labels), empty: self.empty)
    }
}

/// A sign-in to create: a new staff member, or a sign-in for an existing one.
public struct NewUser: Sendable {
    public var username: String
    public var password: String
    public var name: String?
    public var role: String?
    public var sectors: [String] = []
    /// An existing staff member's id.
    public var staff: String?

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// A change to a user: what is nil stays.
public struct UserChange: Sendable {
    public var username: String
    public var role: String?
    public var name: String?
    /// Replaces the sectors when not empty.
    public var sectors: [String] = []
    /// true activates, false deactivates (their sessions end at once).
    public var active: Bool?

    public init(username: String) {
        self.username = username
    }
}

extension OfficeClient {
    /// Whether the node serves, its version and (with `methods`) its methods. Needs no sign-in.
    public func status(methods: Bool) async throws -> NodeStatus {
        let health = try await self.call(API.System.health, .init())
        let info = try await self.call(API.System.serverInfo, .init())
        return NodeStatus(health: health, server: info, address: "\(self.host):\(self.port)", methods: methods)
    }
}

extension OfficeCalls {
    /// The office's people, their roles, sectors and load.
    public func staff() async throws -> Listing<Chaindesk_V1_StaffList> {
        Listing(
            response: try await self.call(API.Admin.listStaff, .init(), key: nil),
            columns: ["name", "role", "sectors", "load", "username", "active", "id"],
            empty: "nothing to show"
        ) { list, labels in
            list.staff.map {
                [
                    $0.name, labels[$0.role], $0.sectors.joined(separator: ","), "\($0.load)", $0.username,
                    $0.active ? labels["yes"] : labels["no"], $0.id,
                ]
            }
        }
    }

    /// The suggested moves of enterprises between officers, by sector fit and load; nothing changes.
    public func suggestAssignment() async throws -> Listing<Chaindesk_V1_AssignmentSuggestion> {
        Listing(
            response: try await self.call(API.Admin.suggestAssignment, .init(), key: nil),
            columns: ["enterprise", "from", "to", "reason"],
            empty: "the assignment is balanced; nothing to move"
        ) { suggestion, _ in suggestion.moves.map { [$0.enterpriseName, $0.from, $0.to, $0.reason] } }
    }

    /// Applies the current suggestion, all moves or none; nil when there is nothing to move.
    public func applyAssignment() async throws -> Written<Chaindesk_V1_AssignmentResult>? {
        let suggestion = try await self.call(API.Admin.suggestAssignment, .init(), key: nil)
        guard !suggestion.moves.isEmpty else { return nil }
        let request = Chaindesk_V1_ApplyAssignmentRequest.with { $0.moves = suggestion.moves }
        let result = try await self.call(API.Admin.applyAssignment, request, key: newKey())
        return Written(result) { result, _ in "moved \(result.applied) enterprises" }
    }

    /// Gives one enterprise to an officer (both references).
    public func move(_ enterprise: String, to officer: String) async throws
        -> Written<Chaindesk_V1_AssignmentResult>
    {
        let enterprise = try await self.resolveEnterprise(enterprise)
        let officer = try await self.resolveStaff(officer)
        let move = Chaindesk_V1_Move.with {
            $0.enterpriseID = enterprise.id
            $0.from = enterprise.ownerID
            $0.to = officer.id
            $0.reason = "moved by hand"
        }
        let request = Chaindesk_V1_ApplyAssignmentRequest.with { $0.moves = [move] }
        let result = try await self.call(API.Admin.applyAssignment, request, key: newKey())
        let line = "\(enterprise.legalName) is now followed by \(officer.name)"
        return Written(result) { _, _ in line }
    }

    /// Every attempt to sign in, newest first, at most `limit`; only one username's when given.
    public func signIns(username: String?, limit: Int) async throws -> Listing<Chaindesk_V1_SignInsResponse> {
        let request = Chaindesk_V1_SignInsRequest.with {
            $0.username = username ?? ""
            $0.limit = UInt32(clamping: limit)
        }
        return Listing(
            response: try await self.call(API.Admin.signIns, request, key: nil),
            columns: ["when", "username", "staff", "device", "outcome"],
            empty: "nothing to show"
        ) { response, _ in
            response.signIns.map { [Formats.time($0.atMs), $0.username, $0.staffID, $0.device, $0.outcome] }
        }
    }

    /// Creates a user (administrators).
    public func createUser(_ user: NewUser) async throws -> Written<Chaindesk_V1_UserInfo> {
        let request = Chaindesk_V1_CreateUserRequest.with {
            $0.username = user.username
            $0.password = user.password
            $0.name = user.name ?? ""
            $0.role = user.role ?? ""
            $0.sectors = user.sectors
            $0.staffID = user.staff ?? ""
        }
        let created = try await self.call(API.Auth.createUser, request, key: nil)
        return Written(created) { user, labels in "created \(user.username) (\(user.name), \(labels[user.role]))" }
    }

    /// Changes a user's role, name, sectors or state (administrators).
    public func updateUser(_ change: UserChange) async throws -> Written<Chaindesk_V1_UserInfo> {
        let request = Chaindesk_V1_UpdateUserRequest.with {
            $0.username = change.username
            $0.role = change.role ?? ""
            $0.name = change.name ?? ""
            $0.sectors = change.sectors
            $0.replaceSectors = !change.sectors.isEmpty
            $0.state = change.active.map { $0 ? "active" : "inactive" } ?? ""
        }
        let updated = try await self.call(API.Admin.updateUser, request, key: nil)
        return Written(updated) { user, labels in "updated \(user.username) (\(user.name), \(labels[user.role]))" }
    }

    /// Sets a password: the caller's own (no username), or another user's (administrators). Their sessions end.
    public func setPassword(of username: String?, to password: String) async throws -> Written<Chaindesk_V1_UserInfo> {
        let request = Chaindesk_V1_SetPasswordRequest.with {
            $0.username = username ?? ""
            $0.password = password
        }
        let user = try await self.call(API.Admin.setPassword, request, key: nil)
        return Written(user) { user, _ in "password set for \(user.username); sign in again" }
    }

    /// Every change to a record: who, when, from which device, old → new. Enterprises and projects may be named
    /// by reference, other records by id.
    public func auditTrail(_ entity: String, _ record: String) async throws
        -> Listing<Chaindesk_V1_AuditTrailResponse>
    {
        var id = record
        if entity == "enterprise" { id = try await self.resolveEnterprise(record).id }
        if entity == "project" { id = try await self.resolveProject(record).id }
        let request = Chaindesk_V1_AuditTrailRequest.with {
            $0.entity = entity
            $0.id = id
        }
        return Listing(
            response: try await self.call(API.Admin.auditTrail, request, key: nil),
            columns: ["when", "who", "device", "field", "old", "new"],
            empty: "nothing to show"
        ) { trail, _ in
            trail.entries.map { [Formats.time($0.atMs), $0.staffID, $0.device, $0.field, $0.old, $0.new] }
        }
    }
}
