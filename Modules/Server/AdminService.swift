internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import SwiftProtobuf

/// Staff, users, the audit trail and assignment (Protocol/chaindesk/v1/admin.proto).
struct AdminService: API.Admin.Service {
    let store: Store
    let gate: Gate

    func listStaff(_ request: Chaindesk_V1_ListStaffRequest, caller: Caller) async throws -> Chaindesk_V1_StaffList {
        let loads = try await store.ownerLoads()
        let usernames = try await store.usernames()
        let staff = try await store.fetchAll(Staff.self)
        return .with {
            $0.staff = staff.map { Self.member($0, load: loads[$0.id] ?? 0, username: usernames[$0.id] ?? "") }
        }
    }

    func updateUser(_ request: Chaindesk_V1_UpdateUserRequest, caller: Caller) async throws -> Chaindesk_V1_UserInfo {
        let actor = caller.actor
        guard let user = try await store.user(named: request.username),
            var staff = try await store.fetch(Staff.self, id: user.staffID.rawValue)
        else {
            throw RPCError(code: .notFound, message: "no user \(request.username)")
        }
        let version = staff.version
        if !request.role.isEmpty { staff.role = try Fields.value(request.role, "role") }
        if !request.name.isEmpty { staff.name = request.name }
        if request.replaceSectors { staff.sectors = request.sectors.map { ID($0) } }
        switch request.state {
        case "": break
        case "active": staff.active = true
        case "inactive": staff.active = false
        default:
            throw RPCError(code: .invalidArgument, message: "state \"\(request.state)\" is not active or inactive")
        }
        if staff.id == actor.staffID, staff.role != .admin || !staff.active {
            throw RPCError(
                code: .failedPrecondition,
                message: "an administrator cannot demote or deactivate themselves; another administrator must"
            )
        }
        let stored = try await store.update(staff, expecting: version, by: actor)
        return AuthService.info(request.username, stored)
    }

    func setPassword(_ request: Chaindesk_V1_SetPasswordRequest, caller: Caller) async throws -> Chaindesk_V1_UserInfo {
        let actor = caller.actor
        let username: String
        if request.username.isEmpty {
            guard let own = try await store.username(of: actor.staffID) else {
                throw RPCError(code: .notFound, message: "the caller has no sign-in")
            }
            username = own
        } else {
            username = request.username
        }
        guard let user = try await store.user(named: username),
            let staff = try await store.fetch(Staff.self, id: user.staffID.rawValue)
        else {
            throw RPCError(code: .notFound, message: "no user \(username)")
        }
        guard user.staffID == actor.staffID || actor.role == .admin else {
            throw RPCError(code: .permissionDenied, message: "only an administrator sets another user's password")
        }
        try Credentials.checkStrength(request.password)
        try await store.setPasswordHash(try await Credentials.hashed(request.password), of: staff.id, by: actor)
        return AuthService.info(username, staff)
    }

    func signIns(_ request: Chaindesk_V1_SignInsRequest, caller: Caller) async throws -> Chaindesk_V1_SignInsResponse {
        let records = try await store.signIns(
            username: request.username.isEmpty ? nil : request.username,
            limit: request.limit == 0 ? 100 : Int(request.limit)
        )
        return .with {
            $0.signIns = records.map { record in
                .with {
                    $0.atMs = Fields.ms(record.at)
                    $0.username = record.username
                    $0.staffID = record.staffID?.rawValue ?? ""
                    $0.device = record.device
                    $0.outcome = record.outcome.rawValue
                }
            }
        }
    }

    func auditTrail(_ request: Chaindesk_V1_AuditTrailRequest, caller: Caller) async throws
        -> Chaindesk_V1_AuditTrailResponse
    {
        let entries = try await store.auditTrail(entity: request.entity, id: request.id)
        return .with {
            $0.entries = entries.map { entry in
                .with {
                    $0.revision = entry.revision
                    $0.atMs = Fields.ms(entry.at)
                    $0.staffID = entry.staffID
                    $0.device = entry.device
                    $0.field = entry.field
                    $0.old = entry.old ?? ""
                    $0.new = entry.new ?? ""
                }
            }
        }
    }

    func suggestAssignment(_ request: Chaindesk_V1_SuggestAssignmentRequest, caller: Caller) async throws
        -> Chaindesk_V1_AssignmentSuggestion
    {
        let moves = Assignment.suggest(
            officers: try await store.fetchAll(Staff.self),
            items: try await store.assignmentItems()
        )
        var names: [ID<Enterprise>: String] = [:]
        for move in moves {
            names[move.enterpriseID] = try await store.fetch(Enterprise.self, id: move.enterpriseID.rawValue)?
                .legalName
        }
        return .with {
            $0.moves = moves.map { move in
                .with {
                    $0.enterpriseID = move.enterpriseID.rawValue
                    $0.enterpriseName = names[move.enterpriseID] ?? ""
                    $0.from = move.from.text
                    $0.to = move.to.rawValue
                    $0.reason = move.reason
                }
            }
        }
    }

    func applyAssignment(_ request: Chaindesk_V1_ApplyAssignmentRequest, caller: Caller) async throws
        -> Chaindesk_V1_AssignmentResult
    {
        let actor = caller.actor
        var moves: [Assignment.Move] = []
        for message in request.moves {
            let to: ID<Staff> = try Fields.required(message.to, "to")
            guard let staff = try await store.fetch(Staff.self, id: to.rawValue), staff.active,
                staff.role == .officer
            else {
                throw RPCError(code: .invalidArgument, message: "\(to) is not an active officer")
            }
            moves.append(
                Assignment.Move(
                    enterpriseID: try Fields.required(message.enterpriseID, "enterprise_id"),
                    from: Fields.id(message.from),
                    to: to,
                    reason: message.reason
                )
            )
        }
        let applied = try await store.applyAssignment(moves, by: actor, key: caller.key)
        return .with { $0.applied = Int32(applied.count) }
    }

    static func member(_ staff: Staff, load: Int, username: String) -> Chaindesk_V1_StaffMember {
        .with {
            $0.id = staff.id.rawValue
            $0.name = staff.name
            $0.role = staff.role.rawValue
            $0.sectors = staff.sectors.map(\.rawValue)
            $0.active = staff.active
            $0.load = Int32(load)
            $0.version = Int64(staff.version)
            $0.username = username
        }
    }
}
