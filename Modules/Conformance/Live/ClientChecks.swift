internal import ChainDeskRPC
internal import ChainDeskRPCNIO
internal import ChainDeskWire
internal import Foundation

/// Checks of the project's own client library against the reference server, one per misbehaviour: the client
/// must report the error the specification calls for, and not hang or crash.
public enum ClientChecks {
    /// Every check, in order.
    public static var cases: [LiveCase] {
        ReferenceServer.Misbehaviour.allCases.map { misbehaviour in
            LiveCase(
                name: "client.\(misbehaviour.rawValue)",
                section: misbehaviour.section,
                requirement: Self.requirement(misbehaviour)
            ) { _ in
                let server = try await ReferenceServer.start(misbehaviour)
                defer { Task { await server.stop() } }
                try await Self.check(misbehaviour, port: server.port)
            }
        }
    }

    static func requirement(_ misbehaviour: ReferenceServer.Misbehaviour) -> String {
        switch misbehaviour {
        case .none: "a well-behaved server's echo comes back whole"
        case .badMagic: "a peer speaking another protocol is refused at once: the call fails UNAVAILABLE"
        case .versionMismatch: "no common version: the client closes and the call fails UNAVAILABLE"
        case .settingsMissing: "the first frame must be SETTINGS: the connection fails, the call UNAVAILABLE"
        case .frameTooLarge: "a declared length over MAX_FRAME_SIZE is refused before the body: UNAVAILABLE"
        case .corruptCompression: "a compressed message that does not inflate fails the call INTERNAL"
        case .headersAfterMessage: "HEADERS after a MESSAGE is a call error INTERNAL detected by the client"
        case .silent: "the client keeps its own deadline and reports DEADLINE_EXCEEDED without the server"
        case .goAway: "a call above GOAWAY's last_call_id fails UNAVAILABLE and is marked not processed"
        case .statusAbove16: "A receiver MUST treat a code above 16 as UNKNOWN (the frame is not malformed)"
        case .goAwayUnknownCode:
            "A receiver MUST treat an unknown code as INTERNAL_ERROR: the client closes, the call fails UNAVAILABLE at once"
        case .unknownCall:
            "a frame for a call never started is the connection error call.unknown_id: the call fails UNAVAILABLE"
        }
    }

    static func check(_ misbehaviour: ReferenceServer.Misbehaviour, port: Int) async throws {
        let request: [UInt8] = Array("園區企業 echo".utf8)
        let outcome: Result<[UInt8], RPCError>
        // Only the silent server needs the deadline to pass; the others answer at once, and a loaded machine must
        // not turn their answer into DEADLINE_EXCEEDED.
        let timeout: Duration = misbehaviour == .silent ? .milliseconds(1500) : .seconds(10)
        do {
            let response = try await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
                try await client.unary(.raw(id: 1), request, options: CallOptions(timeout: timeout))
            }
            outcome = .success(response)
        } catch let error as RPCError {
            outcome = .failure(error)
        }
        switch (misbehaviour, outcome) {
        case (.none, .success(let response)):
            try require(response == request, "the echo came back different")
        case (.badMagic, .failure(let error)), (.versionMismatch, .failure(let error)),
            (.settingsMissing, .failure(let error)), (.frameTooLarge, .failure(let error)),
            (.unknownCall, .failure(let error)):
            try require(error.code == .unavailable, "the call failed \(error.code.name), not UNAVAILABLE: \(error)")
        case (.corruptCompression, .failure(let error)), (.headersAfterMessage, .failure(let error)):
            try require(error.code == .internal, "the call failed \(error.code.name), not INTERNAL: \(error)")
        case (.silent, .failure(let error)):
            try require(error.code == .deadlineExceeded, "the call failed \(error.code.name), not DEADLINE_EXCEEDED")
        case (.goAwayUnknownCode, .failure(let error)):
            try require(
                error.code == .unavailable,
                "the call failed \(error.code.name), not UNAVAILABLE: the unknown code was not taken as an error"
            )
        case (.statusAbove16, .failure(let error)):
            try require(error.code == .unknown, "the call failed \(error.code.name), not UNKNOWN")
        case (.goAway, .failure(let error)):
            try require(error.code == .unavailable, "the call failed \(error.code.name), not UNAVAILABLE")
            try require(error.notProcessed, "the error does not say the call was not processed")
        case (_, .success):
            throw CaseFailure("the call succeeded against a server that broke the specification")
        case (_, .failure(let error)):
            throw CaseFailure("the call failed \(error.code.name): \(error)")
        }
    }
}
