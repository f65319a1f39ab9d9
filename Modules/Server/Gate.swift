internal import ChainDeskAPI
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

    /// The actor behind a call's token, or UNAUTHENTICATED saying why not.
    func authenticate(_ call: ServerCall) async throws -> Actor {
        guard let token = Self.token(in: call) else {
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

    /// The session token a call carries: `authorization: <token>`, or `Bearer <token>`.
    static func token(in call: ServerCall) -> String? {
        guard let header = call.metadata["authorization"] else { return nil }
        let token = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : header
        return token.isEmpty ? nil : token
    }

    /// Authenticates and checks the role (any signed-in role when `roles` is nil).
    func admit(_ call: ServerCall, roles: Set<Staff.Role>?) async throws -> Actor {
        let actor = try await self.authenticate(call)
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

extension Gate {
    /// Admits a call and runs `body` as its actor, logging it: refusals at notice, every call at info (method, staff,
    /// device, status, ms). Store and domain errors reach the client with their status (Error.asRPCError).
    func serve<Result>(
        _ name: String,
        _ call: ServerCall,
        roles: Set<Staff.Role>?,
        _ body: (Actor) async throws -> Result
    ) async throws -> Result {
        let started = ContinuousClock.now
        var metadata: Logger.Metadata = ["method": "\(name)"]
        do {
            let actor = try await self.admit(call, roles: roles)
            metadata["staff"] = "\(actor.staffID)"
            metadata["device"] = "\(actor.device)"
            let result = try await body(actor)
            metadata["status"] = "OK"
            metadata["ms"] = "\((ContinuousClock.now - started).milliseconds)"
            self.logger.info("call", metadata: metadata)
            return result
        } catch {
            let status = error.asRPCError
            metadata["status"] = "\(status.code.name)"
            metadata["ms"] = "\((ContinuousClock.now - started).milliseconds)"
            let refused = status.code == .unauthenticated || status.code == .permissionDenied
            self.logger.log(level: refused ? .notice : .info, "call", metadata: metadata)
            throw status
        }
    }
}

extension ServerCall {
    /// The idempotency key the call carries, as text: a repeated write with it has one effect.
    var key: String? { self.idempotencyKey.map { String(decoding: $0, as: UTF8.self) } }
}

extension Router {
    /// Who may call `method`, as its rpc declares (`API.declarations`). A method served behind the gate must be
    /// declared and must need a session; anything else is a mistake found when the node starts.
    static func access<Request, Response>(_ method: Method<Request, Response>) -> Set<Staff.Role>? {
        guard let declaration = API.declaration(method.id) else {
            preconditionFailure(
                "\(method.name) is served behind the gate but has no declaration in Protocol/chaindesk/v1"
            )
        }
        precondition(declaration.access != .open, "\(method.name) is declared PUBLIC: serve it without the gate")
        return declaration.access.roles
    }

    /// Serves a unary method behind the gate: the handler receives the authenticated actor.
    mutating func unary<Request, Response>(
        _ method: Method<Request, Response>,
        gate: Gate,
        _ handler: @escaping @Sendable (Request, Actor) async throws -> Response
    ) {
        self.unary(method, gate: gate) { request, actor, _ in try await handler(request, actor) }
    }

    /// As above, also passing the call's idempotency key, so a repeated write has one effect.
    mutating func unary<Request, Response>(
        _ method: Method<Request, Response>,
        gate: Gate,
        _ handler: @escaping @Sendable (Request, Actor, String?) async throws -> Response
    ) {
        let roles = Self.access(method)
        self.unary(method) { request, call in
            try await gate.serve(method.name, call, roles: roles) { try await handler(request, $0, call.key) }
        }
    }

    /// Serves a server-streaming method behind the gate.
    mutating func serverStreaming<Request, Response>(
        _ method: Method<Request, Response>,
        gate: Gate,
        _ handler: @escaping @Sendable (Request, MessageWriter<Response>, Actor) async throws -> Void
    ) {
        let roles = Self.access(method)
        self.serverStreaming(method) { request, writer, call in
            try await gate.serve(method.name, call, roles: roles) { try await handler(request, writer, $0) }
        }
    }

    /// Serves a client-streaming method behind the gate, with the call's idempotency key. The requests are read
    /// only after the call is admitted.
    mutating func clientStreaming<Request, Response>(
        _ method: Method<Request, Response>,
        gate: Gate,
        _ handler: @escaping @Sendable (Messages<Request>, Actor, String?) async throws -> Response
    ) {
        let roles = Self.access(method)
        self.clientStreaming(method) { requests, call in
            try await gate.serve(method.name, call, roles: roles) { try await handler(requests, $0, call.key) }
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
            }
        default:
            return RPCError(code: .internal, message: "the request failed")
        }
    }
}
