public import ChainDeskDomain
public import ChainDeskRPC
internal import ChainDeskWire
public import SwiftProtobuf

/// Who a call of a method that needs a session comes from, as the node admitted it: over RPC, or from one of the
/// node's own surfaces (the web pages), which call the same services through the same gate.
public struct Caller: Sendable {
    public let actor: Actor
    /// The idempotency key the call carries, as text: a repeated write with it has one effect.
    public let key: String?
    /// The session token the call was admitted with.
    public let sessionToken: String?

    /// The caller of an RPC call: its key and the token from its `authorization` metadata.
    public init(_ actor: Actor, _ call: ServerCall) {
        self.init(
            actor,
            key: call.idempotencyKey.map { String(decoding: $0, as: UTF8.self) },
            sessionToken: Self.token(in: call)
        )
    }

    /// A caller admitted by the node's gate outside an RPC call.
    public init(_ actor: Actor, key: String?, sessionToken: String?) {
        self.actor = actor
        self.key = key
        self.sessionToken = sessionToken
    }

    /// The session token a call carries: `authorization: <token>`, or `Bearer <token>`.
    public static func token(in call: ServerCall) -> String? {
        guard let header = call.metadata["authorization"] else { return nil }
        let token = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : header
        return token.isEmpty ? nil : token
    }

    /// The caller of a method that needs a session, or INTERNAL if the interceptor let one through without an
    /// actor, which would be a mistake in the interceptor.
    static func admitted(_ actor: Actor?, _ call: ServerCall, _ declaration: Declaration) throws -> Caller {
        guard let actor else {
            throw RPCError(code: .internal, message: "\(declaration.name) was admitted without a signed-in caller")
        }
        return Caller(actor, call)
    }
}

/// What runs around every call of a generated service (`API.<Service>.Service.register(on:through:)`): the node's
/// gate, which authenticates the caller, checks the declared roles and logs each call. One implementation serves
/// every call kind.
public protocol Interceptor: Sendable {
    /// Admits a call of the method `declaration` declares and runs `next` with who is calling: the signed-in actor
    /// for a method that needs a session (`signedIn` or `roles`), nil for an `open` one. Throws the refusal, or
    /// whatever `next` throws, as the call's status.
    func intercept<Result: Sendable>(
        _ call: ServerCall,
        _ declaration: Declaration,
        _ next: (Actor?) async throws -> Result
    ) async throws -> Result
}

extension API {
    /// The declaration of `method`, which the generated code serves: every generated method has one.
    static func declared<Request, Response>(_ method: Method<Request, Response>) -> Declaration {
        guard let declaration = Self.declaration(method.id) else {
            preconditionFailure("\(method.name) has no declaration: regenerate with Tools/generate-protos.sh")
        }
        return declaration
    }
}

extension API {
    /// `request` as the type method `name` declares: a request of another type is refused INTERNAL rather than
    /// trapping.
    static func typed<Request>(_ request: Any, _ name: String) throws -> Request {
        guard let typed = request as? Request else {
            throw RPCError(
                code: .internal,
                message: "\(name) was called with \(type(of: request)), not the declared \(Request.self)"
            )
        }
        return typed
    }
}
