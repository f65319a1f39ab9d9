public import ChainDeskRPC
internal import NIOCore
public import NIOSSL

/// TLS for a connection (SPEC.md §3.4): the protocol's bytes inside TLS 1.2 or later, ALPN `cdwp/1`.
public struct TLS: Sendable {
    let configuration: TLSConfiguration
    /// The name the client checks the server's certificate against (and sends as SNI).
    let serverHostname: String?

    /// The ALPN protocol id of this protocol's version 1.
    public static let alpn = "cdwp/1"

    /// A server presenting the certificate chain and private key in the PEM files at these paths.
    public static func server(certificateChain: String, privateKey: String) throws -> TLS {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificateChain).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem))
        )
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = [Self.alpn]
        return TLS(configuration: configuration, serverHostname: nil)
    }

    /// A client that trusts the certificates in the PEM file at `trustRoots` (or the system's when nil) and checks
    /// that the server's certificate names `hostname` (when nil — a server reached by IP address — only that the
    /// certificate chains to a trusted root).
    public static func client(trustRoots: String? = nil, hostname: String?) -> TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = [Self.alpn]
        if let trustRoots { configuration.trustRoots = .file(trustRoots) }
        return TLS(configuration: configuration, serverHostname: hostname)
    }

    /// The same client settings for a connection to `host`: its certificate is checked against that name when this
    /// client checks names at all and `host` is a name rather than an IP address. One TLS serves every node of an
    /// office this way.
    func reaching(_ host: String) -> TLS {
        guard self.serverHostname != nil else { return self }
        let isAddress = host.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
        return TLS(configuration: self.configuration, serverHostname: isAddress ? nil : host)
    }

    /// For development against a self-signed certificate (Tools/dev-cert.sh): encrypts, but checks no certificate.
    /// Never use it across a network you do not control.
    public static func developmentClient() -> TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        configuration.applicationProtocols = [Self.alpn]
        return TLS(configuration: configuration, serverHostname: nil)
    }

    func serverHandler() throws -> NIOSSLServerHandler {
        NIOSSLServerHandler(context: try NIOSSLContext(configuration: self.configuration))
    }

    func clientHandler() throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(
            context: try NIOSSLContext(configuration: self.configuration),
            serverHostname: self.serverHostname
        )
    }
}
