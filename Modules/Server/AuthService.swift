public import ChainDeskAPI
public import ChainDeskDomain
public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
internal import Logging

/// Signing in and managing users (Protocol/chaindesk/v1/auth.proto).
struct AuthService: API.Auth.Service {
    let store: Store
    let gate: Gate

    init(store: Store, gate: Gate) {
        self.store = store
        self.gate = gate
        _ = Self.decoyHash  // computed now, at start-up, not by the first failed login on an event loop
    }

    func login(_ request: Chaindesk_V1_LoginRequest, call: ServerCall) async throws -> Chaindesk_V1_LoginResponse {
        try await self.signIn(request)
    }

    /// Checks a username and password and opens a session: what Login does, for RPC and web sign-ins alike.
    func signIn(_ request: Chaindesk_V1_LoginRequest) async throws -> Chaindesk_V1_LoginResponse {
        let device = request.device.isEmpty ? "unknown" : String(request.device.prefix(64))
        func record(_ outcome: SignInOutcome, _ staffID: ID<Staff>? = nil) async throws {
            try await store.recordSignIn(
                username: request.username,
                staffID: staffID,
                device: device,
                outcome: outcome
            )
            NodeMetrics.signIn(outcome.rawValue)
            let level: Logger.Level = outcome == .ok ? .info : .notice
            gate.logger.log(
                level: level,
                "sign-in",
                metadata: [
                    "username": "\(request.username.prefix(64))", "device": "\(device)",
                    "outcome": "\(outcome.rawValue)",
                ]
            )
        }
        // Repeated failures lock the username for a while, whether or not it exists, and the password is then
        // not even checked: guessing costs the guesser time, and the node no hashing.
        if let remaining = try await store.signInLock(username: request.username, policy: gate.signInPolicy) {
            try await record(.throttled)
            let seconds = max(1, remaining.components.seconds + (remaining.components.attoseconds > 0 ? 1 : 0))
            throw RPCError(
                code: .resourceExhausted,
                message: "too many failed sign-ins for this username; try again in \(seconds) s"
            )
        }
        let refusal = RPCError(code: .unauthenticated, message: "wrong username or password")
        guard let user = try await store.user(named: request.username) else {
            _ = await Credentials.verified(request.password, against: Self.decoyHash)  // same time either way
            try await record(.unknownUser)
            throw refusal
        }
        guard !user.disabled else {
            _ = await Credentials.verified(request.password, against: Self.decoyHash)
            try await record(.disabled, user.staffID)
            throw refusal
        }
        guard await Credentials.verified(request.password, against: user.passwordHash) else {
            try await record(.wrongPassword, user.staffID)
            throw refusal
        }
        guard let staff = try await store.fetch(Staff.self, id: user.staffID.rawValue), staff.active else {
            try await record(.inactive, user.staffID)
            throw RPCError(code: .unauthenticated, message: "the account is no longer active")
        }
        try await record(.ok, staff.id)
        let token = Credentials.newToken()
        let lifetime = gate.sessionLifetime.components.seconds
        let expires = store.now.addingTimeInterval(TimeInterval(lifetime))
        try await store.createSession(
            tokenHash: Credentials.tokenHash(token),
            staffID: staff.id,
            device: device,
            expiresAt: expires
        )
        var response = Chaindesk_V1_LoginResponse()
        response.token = token
        response.expiresAtMs = Int64(expires.timeIntervalSince1970 * 1000)
        response.user = Self.info(user.username, staff)
        return response
    }

    func logout(_ request: Chaindesk_V1_LogoutRequest, caller: Caller) async throws -> Chaindesk_V1_LogoutResponse {
        if let token = caller.sessionToken {
            try await store.revokeSession(tokenHash: Credentials.tokenHash(token))
        }
        return Chaindesk_V1_LogoutResponse()
    }

    func whoAmI(_ request: Chaindesk_V1_WhoAmIRequest, caller: Caller) async throws -> Chaindesk_V1_UserInfo {
        let actor = caller.actor
        guard let staff = try await store.fetch(Staff.self, id: actor.staffID.rawValue) else {
            throw RPCError(code: .notFound, message: "no such staff member")
        }
        return Self.info(try await store.username(of: staff.id) ?? "", staff)
    }

    func createUser(_ request: Chaindesk_V1_CreateUserRequest, caller: Caller) async throws -> Chaindesk_V1_UserInfo {
        let actor = caller.actor
        try Credentials.checkStrength(request.password)
        guard Self.isUsername(request.username) else {
            throw RPCError(
                code: .invalidArgument,
                message: "a username is 2–32 letters, digits, '.', '_' or '-', starting with a letter"
            )
        }
        let hash = try await Credentials.hashed(request.password)
        if !request.staffID.isEmpty {
            let staff = try await store.attachUser(
                staffID: ID(request.staffID),
                username: request.username,
                passwordHash: hash,
                by: actor
            )
            return Self.info(request.username, staff)
        }
        let role: Staff.Role = try Fields.value(request.role, "role")
        guard !request.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RPCError(code: .invalidArgument, message: "name is missing")
        }
        let taken = try await store.fetch(Staff.self, id: request.username) != nil
        let staff = Staff(
            id: taken ? .random() : ID(request.username),
            name: request.name,
            role: role,
            sectors: request.sectors.map { ID($0) }
        )
        let stored = try await store.createUser(
            staff: staff,
            username: request.username,
            passwordHash: hash,
            by: actor
        )
        return Self.info(request.username, stored)
    }

    /// 2–32 ASCII letters, digits, `.`, `_` or `-`, starting with a letter.
    static func isUsername(_ text: String) -> Bool {
        guard (2...32).contains(text.count), let first = text.unicodeScalars.first, first.properties.isAlphabetic,
            first.isASCII
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
    }

    static func info(_ username: String, _ staff: Staff) -> Chaindesk_V1_UserInfo {
        var info = Chaindesk_V1_UserInfo()
        info.username = username
        info.staffID = staff.id.rawValue
        info.name = staff.name
        info.role = staff.role.rawValue
        info.sectors = staff.sectors.map(\.rawValue)
        return info
    }

    /// A hash that no password matches, verified when the username is unknown so both refusals take as long.
    static let decoyHash: String = (try? Credentials.hash(password: UUID().uuidString)) ?? ""
}
