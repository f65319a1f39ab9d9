public import ChainDeskServer
internal import ChainDeskStore
internal import Foundation
internal import HTTPTypes
public import Hummingbird
internal import HummingbirdCore
internal import HummingbirdTLS
public import Logging
internal import Mustache
public import NIOSSL
public import Prometheus
public import ServiceLifecycle

/// The node's HTTP side: the 驾驶舱 pages for leadership and staff, the reports' exports, `/health` and `/metrics`,
/// served by Hummingbird on its own port beside the RPC listener (docs/web.md).
///
/// Every figure a page shows comes from the same service method an RPC client calls, admitted by the same gate
/// (OfficeServices): a page cannot show or change what the signed-in person could not through the protocol.
public enum WebSurface {
    /// How the HTTP side listens; every field has a flag and an environment variable on `chaindesk-server`.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port (reported to `onRunning`).
        public var port: Int
        /// Serve HTTPS with this configuration (the node's certificate) instead of plain HTTP.
        public var tls: TLSConfiguration?
        /// Mark the session cookie `Secure` (and name it with the `__Host-` prefix): always with TLS; on plain HTTP
        /// only behind a proxy that terminates TLS, since a browser drops a Secure cookie set over plain HTTP
        /// anywhere but on a loopback address.
        public var secureCookies: Bool
        /// The registry `/metrics` shows; nil answers 404 there.
        public var metrics: PrometheusCollectorRegistry?
        /// The largest form body accepted.
        public var maxFormBytes = 64 * 1024

        public init(
            host: String = "127.0.0.1",
            port: Int = 7480,
            tls: TLSConfiguration? = nil,
            secureCookies: Bool? = nil,
            metrics: PrometheusCollectorRegistry? = nil
        ) {
            self.host = host
            self.port = port
            self.tls = tls
            self.secureCookies = secureCookies ?? (tls != nil)
            self.metrics = metrics
        }
    }

    /// HTTPS with the certificate chain and private key in these PEM files (the node's own, as its RPC listener
    /// uses): TLS 1.2 or later, ALPN `http/1.1`.
    public static func tls(certificateChain: String, privateKey: String) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificateChain).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem))
        )
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        return configuration
    }

    /// The HTTP side of `node` as a service for the node's ServiceGroup; `onRunning` gets the port it listens on.
    public static func service(
        node: OfficeNode,
        configuration: Configuration,
        logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some Service {
        let site = try Site(node: node, configuration: configuration, logger: logger)
        let router = Hummingbird.Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeaders())
        site.routes(on: router)
        let server: HTTPServerBuilder =
            if let tls = configuration.tls { try .tls(.http1(), tlsConfiguration: tls) } else { .http1() }
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}

/// Headers on every answer: no framing, no sniffing, no referrer leaving the node, and a content security policy
/// that allows the node's own stylesheet and nothing else to load or run.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = BasicRequestContext
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "same-origin"
        response.headers[Self.frameOptions] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
