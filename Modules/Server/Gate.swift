public import ChainDeskAPI
public import ChainDeskDomain
public import ChainDeskRPC
public import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
public import Logging

/// Who may call what: every method except Health, ServerInfo and Login needs a valid session token
/// (`authorization: <token>`, a `Bearer ` prefix accepted), and a method may further require roles.
public struct Gate: Sendable {
    let store: Store
    /// How long a session lasts.
    let sessionLifetime: Duration
    /// When repeated failures lock a username out of signing in.
    var signInPolicy = SignInPolicy()
    /// Where each gated call is logged: refusals at notice, every call at info (method, staff, device, status, ms).
    var logger = Logger(label: "chaindesk.server.calls")

    /// The actor behind a session token, or UNAUTHENTICATED saying why not.
    func authenticate(token: String?) async throws -> Actor {
        guard let token else {
            throw RPCError(code: .unauthenticated, message: "sign in first: this method needs a session token")
        }
        let hash = Credentials.tokenHash(token)
        guard let session = try await self.store.session(tokenHash: hash) else {
            throw RPCError(code: .unauthenticated, message: "the session token is not valid; sign in again")
        }
        guard !session.revoked else {
            throw RPCError(code: .unauthenticated, message: "the session was signed out; sign in again")
        }
        guard session.expiresAt > self.store.now else {
            throw RPCError(code: .unauthenticated, message: "the session has expired; sign in again")
        }
        guard let staff = try await self.store.fetch(Staff.self, id: session.staffID.rawValue), staff.active else {
            throw RPCError(code: .unauthenticated, message: "the account is no longer active")
        }
        return Actor(staffID: staff.id, role: staff.role, device: session.device)
    }

    /// Authenticates and checks the role (any signed-in role when `roles` is nil).
    func admit(token: String?, roles: Set<Staff.Role>?) async throws -> Actor {
        let actor = try await self.authenticate(token: token)
        if let roles, !roles.contains(actor.role) {
            throw RPCError(
                code: .permissionDenied,
                message:
                    "\(actor.role == .officer || actor.role == .aftercare || actor.role == .admin ? "an" : "a") \(actor.role.rawValue) may not call this method (allowed: \(roles.map(\.rawValue).sorted().joined(separator: ", ")))"
            )
        }
        return actor
    }
}

extension Gate {
    /// Whether `actor` may change an enterprise's records: deputy heads, directors and admins any; officers those
    /// assigned to them or that they created.
    func mayEdit(enterprise id: String, _ actor: Actor) async throws -> Bool {
        if [.deputyHead, .director, .admin].contains(actor.role) { return true }
        guard actor.role == .officer else { return false }
        let current = try await self.store.fetch(Enterprise.self, id: id)
        if current?.ownerID == actor.staffID { return true }
        return try await self.store.creator(entity: Enterprise.entity, id: id) == actor.staffID
    }
}

extension Gate: Interceptor {
    /// Admits a call as its method's declaration says and runs `next` as its actor (`perform`).
    public func intercept<Result: Sendable>(
        _ call: ServerCall,
        _ declaration: Declaration,
        _ next: (Actor?) async throws -> Result
    ) async throws -> Result {
        try await self.perform(declaration, token: Caller.token(in: call), next)
    }

    /// Admits a call of the method `declaration` declares (a session for every method not declared open, then
    /// the roles) and runs `next` as its actor, logging and counting it: refusals at notice, every call at info
    /// (method, staff, device, status, ms), open methods at debug. Store and domain errors come out as their
    /// status (Error.asRPCError). RPC calls and the web pages' calls of the same method pass here alike.
    func perform<Result: Sendable>(
        _ declaration: Declaration,
        token: String?,
        _ next: (Actor?) async throws -> Result
    ) async throws -> Result {
        let started = ContinuousClock.now
        var metadata: Logger.Metadata = ["method": "\(declaration.name)"]
        let level: Logger.Level = declaration.access == .open ? .debug : .info
        do {
            var actor: Actor? = nil
            if declaration.access != .open {
                let admitted = try await self.admit(token: token, roles: declaration.access.roles)
                metadata["staff"] = "\(admitted.staffID)"
                metadata["device"] = "\(admitted.device)"
                actor = admitted
            }
            let result = try await next(actor)
            let elapsed = ContinuousClock.now - started
            metadata["status"] = "OK"
            metadata["ms"] = "\(elapsed.milliseconds)"
            self.logger.log(level: level, "call", metadata: metadata)
            NodeMetrics.call(declaration.name, status: "OK", took: elapsed)
            return result
        } catch {
            let elapsed = ContinuousClock.now - started
            let status = error.asRPCError
            metadata["status"] = "\(status.code.name)"
            metadata["ms"] = "\(elapsed.milliseconds)"
            let refused = status.code == .unauthenticated || status.code == .permissionDenied
            self.logger.log(level: refused ? .notice : level, "call", metadata: metadata)
            NodeMetrics.call(declaration.name, status: status.code.name, took: elapsed)
            throw status
        }
    }
}

extension Duration {
    /// Whole milliseconds, for logs.
    var milliseconds: Int64 { self.components.seconds * 1000 + self.components.attoseconds / 1_000_000_000_000_000 }
}

extension Error {
    /// The status a store or domain error reaches the client as.
    var asRPCError: RPCError {
        switch self {
        case let error as RPCError: return error
        case let error as MoneyError: return RPCError(code: .invalidArgument, message: error.description)
        case let error as DomainError: return RPCError(code: error.status, message: error.description)
        case let error as StoreError:
            switch error.kind {
            case .rule(let rule): return rule.asRPCError
            case .conflict: return RPCError(code: .aborted, message: error.description)
            case .notFound: return RPCError(code: .notFound, message: error.description)
            case .keyReused: return RPCError(code: .failedPrecondition, message: error.description)
            case .duplicate: return RPCError(code: .alreadyExists, message: error.description)
            case .full: return RPCError(code: .resourceExhausted, message: error.description)
            case .database: return RPCError(code: .internal, message: "the store refused the change")
            case .unavailable: return RPCError(code: .unavailable, message: "the office's database is unavailable")
            case .configuration: return RPCError(code: .internal, message: "the store is misconfigured")
            }
        default:
            return RPCError(code: .internal, message: "the request failed")
        }
    }
}
