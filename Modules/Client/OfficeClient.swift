public import ChainDeskAPI
public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskWire
public import Foundation
internal import SwiftProtobuf

/// The typed client of the central office node: what the `chaindesk` command line — or any app — embeds.
///
/// Each call opens a connection, makes its calls and closes it; a session token, once obtained, goes with every
/// call.
public struct OfficeClient: Sendable {
    public let host: String
    public let port: Int
    public var token: String?
    public var configuration: RPCConfiguration

    public init(host: String, port: Int, token: String? = nil, configuration: RPCConfiguration = RPCConfiguration()) {
        self.host = host
        self.port = port
        self.token = token
        self.configuration = configuration
    }

    /// Parses `host:port` (port 7420 when left out).
    public init(address: String, token: String? = nil) throws {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let host = parts.first, !host.isEmpty else {
            throw RPCError(code: .invalidArgument, message: "server address \"\(address)\" is not host:port")
        }
        var port = 7420
        if parts.count == 2 {
            guard let value = Int(parts[1]), (1...65_535).contains(value) else {
                throw RPCError(code: .invalidArgument, message: "server address \"\(address)\" has no valid port")
            }
            port = value
        }
        self.init(host: String(host), port: port, token: token)
    }

    /// Calls one of the office's methods (`API.Projects.advance`, …) on a fresh connection. A write given a `key`
    /// has one effect however often it is sent, so a call that failed in transit can be sent again.
    public func call<Request: Sendable, Response: Sendable>(
        _ method: Method<Request, Response>,
        _ request: Request,
        key: String? = nil
    ) async throws -> Response {
        var options = self.options
        if let key { options.idempotencyKey = Array(key.utf8) }
        let chosen = options
        return try await self.withClient { client in try await client.unary(method, request, options: chosen) }
    }

    var options: CallOptions {
        var options = CallOptions(timeout: .seconds(30))
        if let token = self.token { options.metadata.add("authorization", "Bearer \(token)") }
        return options
    }

    func withClient<Result: Sendable>(_ body: @escaping @Sendable (RPCClient) async throws -> Result) async throws
        -> Result
    {
        try await TCPTransport.withClient(host: self.host, port: self.port, configuration: self.configuration, body)
    }

    public func login(username: String, password: String, device: String) async throws -> Chaindesk_V1_LoginResponse {
        try await self.withClient { client in
            try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = username
                    $0.password = password
                    $0.device = device
                },
                options: CallOptions(timeout: .seconds(30))
            )
        }
    }

    public func logout() async throws {
        let options = self.options
        _ = try await self.withClient { client in try await client.unary(API.Auth.logout, .init(), options: options) }
    }

    public func whoAmI() async throws -> Chaindesk_V1_UserInfo {
        let options = self.options
        return try await self.withClient { client in try await client.unary(API.Auth.whoAmI, .init(), options: options)
        }
    }

    public func search(_ query: String, limit: Int = 20) async throws -> [Chaindesk_V1_SearchHit] {
        let options = self.options
        return try await self.withClient { client in
            try await client.unary(
                API.Enterprises.search,
                .with {
                    $0.query = query
                    $0.limit = UInt32(limit)
                },
                options: options
            ).hits
        }
    }

    public func enterprise(_ id: String) async throws -> Chaindesk_V1_Enterprise {
        let options = self.options
        return try await self.withClient { client in
            try await client.unary(API.Enterprises.get, .with { $0.id = id }, options: options)
        }
    }

    public func createUser(username: String, password: String, name: String, role: String) async throws
        -> Chaindesk_V1_UserInfo
    {
        let options = self.options
        return try await self.withClient { client in
            try await client.unary(
                API.Auth.createUser,
                .with {
                    $0.username = username
                    $0.password = password
                    $0.name = name
                    $0.role = role
                },
                options: options
            )
        }
    }

    /// The enterprise a person means: an id, a credit code, or a name fragment that matches exactly one enterprise.
    /// An ambiguous fragment fails with the candidates listed.
    public func resolveEnterprise(_ reference: String) async throws -> Chaindesk_V1_Enterprise {
        if let byID = try? await self.enterprise(reference) { return byID }
        if reference.count >= 4 {
            // A unique start of an id (tables show generated ids cut to 8 characters); ids sort after their prefix.
            let page = try await self.call(
                API.Enterprises.list,
                .with {
                    $0.after = reference
                    $0.limit = 2
                }
            )
            let prefixed = page.enterprises.filter { $0.id.hasPrefix(reference) }
            if prefixed.count == 1 { return prefixed[0] }
        }
        let hits = try await self.search(reference, limit: 10).filter { $0.kind == "enterprise" }
        if let exact = hits.first(where: { $0.title == reference }) { return try await self.enterprise(exact.id) }
        switch hits.count {
        case 0:
            throw RPCError(code: .notFound, message: "no enterprise matches \"\(reference)\"")
        case 1:
            return try await self.enterprise(hits[0].id)
        default:
            let candidates = hits.prefix(8).map { "\($0.title) [\($0.id)]" }.joined(separator: "; ")
            throw RPCError(
                code: .invalidArgument,
                message: "\"\(reference)\" matches several enterprises: \(candidates)"
            )
        }
    }

    /// Logs an interaction; the key makes a retry harmless.
    public func logInteraction(_ interaction: Chaindesk_V1_Interaction, key: String) async throws
        -> Chaindesk_V1_Interaction
    {
        var keyed = self.options
        keyed.idempotencyKey = Array(key.utf8)
        let options = keyed
        return try await self.withClient { client in
            try await client.unary(API.Interactions.log, .with { $0.interaction = interaction }, options: options)
        }
    }
}
