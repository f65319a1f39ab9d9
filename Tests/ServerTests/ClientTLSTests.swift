import ChainDeskClient
import ChainDeskTesting
import Foundation
import Testing

/// The documented way to reach a node over an untrusted network: chaindesk-server --tls-cert/--tls-key, and the
/// field client with --tls and --ca.
@Suite("The field client over TLS")
struct ClientTLSTests {

    /// Starts chaindesk-server serving TLS only, with the certificate and key in `certificate`.
    static func tlsNode(certificate: URL, data: URL, demo: Bool) async throws -> (Process, Int, banner: String) {
        try await NodeTests.start(
            RunningOffice.binaries.appendingPathComponent("chaindesk-server"),
            folder: data,
            demo: demo,
            extra: [
                "--tls-cert", certificate.appendingPathComponent("dev-cert.pem").path,
                "--tls-key", certificate.appendingPathComponent("dev-key.pem").path,
            ]
        )
    }

    /// Runs `chaindesk` with `arguments`; returns its status and what it printed.
    static func chaindesk(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let config = NodeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: config) }
        let process = Process()
        process.executableURL = RunningOffice.binaries.appendingPathComponent("chaindesk")
        process.arguments = arguments
        process.environment = childEnvironment([
            "CHAINDESK_CONFIG_DIR": config.path, "PATH": "/usr/bin:/bin", "CHAINDESK_LANG": "en",
        ])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = try await offThread {
            String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        process.waitForExit()
        return (process.terminationStatus, text)
    }

    @Test("chaindesk --tls --ca reaches a node serving TLS; plain, or trusting another certificate, it does not")
    func statusOverTLS() async throws {
        let certificate = try devCertificate()
        let stranger = try devCertificate()
        let data = NodeTests.temporaryDirectory()
        defer {
            for folder in [certificate, stranger, data] { try? FileManager.default.removeItem(at: folder) }
        }
        let (server, port, _) = try await Self.tlsNode(certificate: certificate, data: data, demo: false)
        defer { server.terminate() }
        let address = "localhost:\(port)"
        let trusted = try await Self.chaindesk([
            "status", "--server", address, "--tls", "--ca", certificate.appendingPathComponent("dev-cert.pem").path,
        ])
        #expect(trusted.status == 0 && trusted.output.contains("serving"), "\(trusted.output)")
        let plain = try await Self.chaindesk(["status", "--server", address])
        #expect(plain.status != 0, "a plain client got an answer from a TLS node: \(plain.output)")
        let wrong = try await Self.chaindesk([
            "status", "--server", address, "--tls", "--ca", stranger.appendingPathComponent("dev-cert.pem").path,
        ])
        #expect(wrong.status != 0, "a certificate the client does not trust was accepted: \(wrong.output)")
    }

    @Test("a session opened over TLS stays on TLS: later commands need no flag, and its token never goes in the clear")
    func sessionRemembersTLS() async throws {
        let certificate = try devCertificate()
        let data = NodeTests.temporaryDirectory()
        let config = NodeTests.temporaryDirectory()
        defer {
            for folder in [certificate, data, config] { try? FileManager.default.removeItem(at: folder) }
        }
        let (server, port, banner) = try await Self.tlsNode(certificate: certificate, data: data, demo: true)
        defer { server.terminate() }
        let password = try #require(
            banner.split(separator: "\n").first { $0.contains("password:") }?.split(separator: " ").last
        )
        let address = "localhost:\(port)"
        let ca = certificate.appendingPathComponent("dev-cert.pem").path
        let (login, _, loginError) = try await EndToEndTests.chaindesk(
            ["login", "--server", address, "--user", "admin", "--password-stdin", "--no-sync", "--tls", "--ca", ca],
            config: config,
            input: String(password)
        )
        try #require(login == 0, "\(loginError)")
        let saved = try #require(try SessionFile(environment: ["CHAINDESK_CONFIG_DIR": config.path]).load())
        #expect(saved.tls == true && saved.trustRoots == ca)

        // The node speaks only TLS: a sync (which needs the node and sends the token) proves the command used it,
        // with the certificates trusted at sign-in.
        let (sync, _, syncError) = try await EndToEndTests.chaindesk(["sync"], config: config)
        #expect(sync == 0, "\(syncError)")
        let (named, _, namedError) = try await EndToEndTests.chaindesk(["sync", "--server", address], config: config)
        #expect(named == 0, "naming the server without --tls must not drop TLS: \(namedError)")

        // Certificates that went missing are named as the session's, with what to do.
        try FileManager.default.removeItem(atPath: ca)
        let (missing, _, missingError) = try await EndToEndTests.chaindesk(["sync"], config: config)
        #expect(missing != 0 && missingError.contains("the certificates this session trusts"), "\(missingError)")
    }
}
