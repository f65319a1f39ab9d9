import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskTesting
import ChainDeskWire
import Foundation
import NIOCore
import Testing

@Suite("RPC over TLS")
struct TLSTests {

    @Test("a call round-trips over TLS with the certificate checked; a plain client is refused")
    func roundTrip() async throws {
        let folder = try devCertificate()
        defer { try? FileManager.default.removeItem(at: folder) }
        let serverTLS = try TLS.server(
            certificateChain: folder.appendingPathComponent("dev-cert.pem").path,
            privateKey: folder.appendingPathComponent("dev-key.pem").path
        )
        let listener = try await TCPListener.bind(server: RPCServer(router: TestMethods.router), tls: serverTLS)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            let clientTLS = TLS.client(
                trustRoots: folder.appendingPathComponent("dev-cert.pem").path,
                hostname: "localhost"
            )
            let answer = try await TCPTransport.withClient(host: "127.0.0.1", port: listener.port, tls: clientTLS) {
                client in
                try await client.unary(method: TestMethods.echo, request: ByteBuffer(string: "加密"))
            }
            #expect(answer == ByteBuffer(string: "加密"))

            var quick = RPCConfiguration()
            quick.connectTimeout = .seconds(2)
            await #expect(throws: (any Error).self) {
                _ = try await TCPTransport.withClient(host: "127.0.0.1", port: listener.port, configuration: quick) {
                    client in
                    try await client.unary(
                        method: TestMethods.echo,
                        request: ByteBuffer(string: "plain"),
                        options: CallOptions(timeout: .seconds(2))
                    )
                }
            }
            await #expect(throws: (any Error).self) {
                _ = try await TCPTransport.withClient(
                    host: "127.0.0.1",
                    port: listener.port,
                    tls: TLS.client(hostname: "localhost")
                ) { client in
                    try await client.unary(
                        method: TestMethods.echo,
                        request: ByteBuffer(string: "untrusted"),
                        options: CallOptions(timeout: .seconds(2))
                    )
                }
            }
            await listener.close()
            group.cancelAll()
        }
    }
}
