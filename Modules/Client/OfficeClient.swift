public import ChainDeskAPI
public import ChainDeskProto
public import ChainDeskRPC
public import ChainDeskRPCNIO
internal import ChainDeskWire
public import Foundation
internal import SwiftProtobuf

/// The typed client of the central office node: what the `chaindesk` command line — or any app — embeds.
///
/// Its calls share one connection to the node (``SharedConnection``), opened by the first and kept while the client
/// (or any copy of it) lives, so that a command making several calls pays one TCP and TLS handshake; a session
/// token, once obtained, goes with every call. The connection is opened with the configuration and TLS the client
/// has at its first call.
public struct OfficeClient: Sendable {
    public let host: String
    public let port: Int
    public var token: String?
    public var configuration: RPCConfiguration
    /// TLS to the node, when it serves TLS: the node's certificate is checked against the trust roots.
    public var tls: TLS?
    /// The connection every copy of this client calls on.
    public let connection: SharedConnection

    /// What the client announces by default: the wire defaults, and the CRM compression dictionary
    /// (Protocol/dictionaries/crm-v1.dict) accepted and used with a node that accepts it too.
    public static var defaultConfiguration: RPCConfiguration {
        var configuration = RPCConfiguration()
        configuration.wire.compression.dictionaries = [API.crmDictionary]
        return configuration
    }

    public init(
        host: String,
        port: Int,
        token: String? = nil,
        configuration: RPCConfiguration = OfficeClient.defaultConfiguration
    ) {
        self.init(
            endpoints: [SharedConnection.Endpoint(host: host, port: port)],
            token: token,
            configuration: configuration
        )
    }

    /// A client of an office served by several nodes: calls go to one, and to the next when it goes away.
    public init(
        endpoints: [SharedConnection.Endpoint],
        token: String? = nil,
        configuration: RPCConfiguration = OfficeClient.defaultConfiguration
    ) {
        self.host = endpoints[0].host
        self.port = endpoints[0].port
        self.token = token
        self.configuration = configuration
        self.connection = SharedConnection(endpoints: endpoints)
    }

    /// Speaks TLS to the node, checking its certificate against `trustRoots` (a PEM file; the system's when nil)
    /// and, when the node is named by a host name, that the certificate names it. A node reached by IP address is
    /// checked for the chain only.
    public mutating func requireTLS(trustRoots: String?) {
        // With several nodes, each connection checks the name of the node it reaches (`SharedConnection`).
        let named = self.connection.endpoints.first { endpoint in
            !endpoint.host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
        }
        self.tls = TLS.client(trustRoots: trustRoots, hostname: named?.host)
    }

    /// Parses `host:port` (port 7420 when left out), or several, comma-separated, for an office served by several
    /// nodes: `10.0.0.5:7420,10.0.0.6:7420`.
    public init(address: String, token: String? = nil) throws {
        let endpoints = try address.split(separator: ",", omittingEmptySubsequences: false).map { part in
            try Self.endpoint(part.trimmingCharacters(in: .whitespaces), in: address)
        }
        self.init(endpoints: endpoints, token: token)
    }

    static func endpoint(_ text: String, in address: String) throws -> SharedConnection.Endpoint {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let host = parts.first, !host.isEmpty else {
            throw ClientError(
                .badArgument,
                "server address \"\(address)\" is not host:port (or several, comma-separated)"
            )
        }
        var port = 7420
        if parts.count == 2 {
            guard let value = Int(parts[1]), (1...65_535).contains(value) else {
                throw ClientError(.badArgument, "server address \"\(address)\" has no valid port in \"\(text)\"")
            }
            port = value
        }
        return SharedConnection.Endpoint(host: String(host), port: port)
    }

    /// Calls one of the office's methods (`API.Projects.advanceProject`, …) on the client's connection. A write given a `key`
    /// has one effect however often it is sent, so a call that failed in transit can be sent again.
    public func call<Request: Sendable, Response: Sendable>(
        _ method: Method<Request, Response>,
        _ request: Request,
        key: String? = nil
    ) async throws -> Response {
        var options = self.options
        if let key { options.idempotencyKey = Array(key.utf8) }
        let chosen = options
        // A write with a key is applied once however often it arrives: a call lost with its connection is made
        // again on a new one.
        return try await self.withClient(idempotent: key != nil) { client in
            try await client.unary(method, request, options: chosen)
        }
    }

    var options: CallOptions {
        var options = CallOptions(timeout: .seconds(30))
        // The bare token: every call carries it, so its 7-byte "Bearer " prefix is left out (auth.proto).
        if let token = self.token { options.metadata.add("authorization", token) }
        return options
    }

    func withClient<Result: Sendable>(
        idempotent: Bool = false,
        _ body: @escaping @Sendable (RPCClient) async throws -> Result
    ) async throws -> Result {
        try await self.connection.withClient(
            configuration: self.configuration,
            tls: self.tls,
            idempotent: idempotent,
            body
        )
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
}

extension OfficeClient: OfficeCalls {}
