import ChainDeskRPC
import ChainDeskWire
import NIOCore
import Testing

@Suite("RPC: keepalive, idle timeout, ping limits")
struct TimerTests {
    @Test("a server closes a connection left without calls past IDLE_TIMEOUT, saying so")
    func idleTimeout() async throws {
        var server = RPCConfiguration()
        server.wire.limits.idleTimeoutMilliseconds = 300
        try await Transport.tcp.withClient(server: server) { client in
            let reason = await client.connection.waitUntilClosed()
            #expect(reason?.code == .unavailable)
            #expect(reason?.message.contains("IDLE_TIMEOUT") == true)
        }
    }

    @Test("a client whose keepalive PING goes unanswered closes the connection")
    func keepaliveTimeout() async throws {
        var configuration = RPCConfiguration()
        configuration.keepaliveInterval = .milliseconds(200)
        configuration.keepaliveTimeout = .milliseconds(200)
        let connection = Connection(role: .client, configuration: configuration)
        let (toClient, serverOutput) = AsyncStream.makeStream(of: ByteBuffer.self)
        // A "server" that completes the handshake and then never says another word.
        var hello = ByteBuffer()
        Preface.current.write(into: &hello)
        var quiet = Settings()
        quiet.pingMinIntervalMilliseconds = 100
        FrameEncoder().encode(.settings(quiet.frame), into: &hello)
        serverOutput.yield(hello)
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await connection.run(inbound: toClient) { _ in } }
            let reason = await connection.waitUntilClosed()
            #expect(reason?.message.contains("keepalive") == true)
            serverOutput.finish()
            await group.waitForAll()
        }
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test("PINGs faster than PING_MIN_INTERVAL get GOAWAY ENHANCE_YOUR_CALM")
    func pingFlood() async throws {
        let server = RPCServer(router: TestMethods.router)
        try await RawPeer.run(server: server) { peer in
            peer.send(
                [.settings(SettingsFrame(entries: []))] + (0..<6).map { .ping(PingFrame(data: UInt64($0))) },
                preface: true
            )
            while let frame = try await peer.next() {
                if case .goAway(let goAway) = frame {
                    #expect(goAway.code == .enhanceYourCalm && goAway.reason.hasPrefix("ping.flood"))
                    return
                }
            }
            Issue.record("no GOAWAY")
        }
    }
}
