public import ChainDeskWire
public import Foundation
internal import NIOCore

/// The checks a server implementation of SPEC.md must pass, each citing the section and the requirement it checks:
/// the behaviour cases below, one case per malformed-input golden vector a client can send (the server must answer
/// with the error the vector names), and, last, that the server still serves a fresh connection.
public enum LiveSuite {
    /// Every case, in the order they run. `dictionaries` are the published preset dictionaries
    /// (`Protocol/dictionaries`), for the case that compresses with one the server accepts.
    public static func cases(vectors: [VectorFile], dictionaries: [[UInt8]] = []) -> [LiveCase] {
        Self.behaviour + Self.callKinds + [Self.dictionary(dictionaries)] + Self.lifecycle + Self.edges
            + Self.vectorCases(vectors) + [Self.stillServing]
    }

    static let behaviour: [LiveCase] = [
        LiveCase(
            name: "opening.server_preface_and_settings",
            section: "§3.1, §3.3",
            requirement: "Each endpoint MUST begin with six bytes … the first frame after the preface MUST be SETTINGS"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            let preface = try requireValue(peer.serverPreface, "no preface")
            try require(preface.versions.contains(1), "the server does not speak version 1: \(preface.versions)")
        },
        LiveCase(
            name: "opening.version_mismatch",
            section: "§3.2",
            requirement:
                "If the ranges do not overlap, the server MUST send its preface and SETTINGS …, then a GOAWAY frame with last_call_id 0, code VERSION_MISMATCH"
        ) { target in
            let peer = try await Peer.connect(target)
            defer { Task { await peer.close() } }
            var bytes = ByteBuffer()
            Preface(versions: 200...201).write(into: &bytes)
            try await peer.send(bytes)
            try await peer.readOpening()
            switch try await peer.next() {
            case .frame(.goAway(let goAway)):
                try require(goAway.code == .versionMismatch, "GOAWAY \(goAway.code.name), not VERSION_MISMATCH")
                try require(goAway.lastCallID == 0, "GOAWAY names call \(goAway.lastCallID), not 0")
            case let other: throw CaseFailure("expected GOAWAY VERSION_MISMATCH, got \(other)")
            }
        },
        LiveCase(
            name: "call.unary_echo",
            section: "§5.4, §6.1",
            requirement:
                "unary: one request message, one response message; then exactly one END, or END_STREAM on its last MESSAGE"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.unary(callID: 1, method: 1, field(1, bytes: Array("你好, CDWP".utf8)))
            let outcome = try await peer.response(to: 1)
            try Peer.requireTestService(outcome)
            try require(outcome.status == .ok, "the call ended \(outcome.status?.name ?? "without a status")")
            try require(outcome.messages.count == 1, "\(outcome.messages.count) response messages, not 1")
            try require(
                outcome.messages[0] == field(1, bytes: Array("你好, CDWP".utf8)),
                "the echo differs from the request"
            )
        },
        LiveCase(
            name: "call.empty_message",
            section: "§6.1",
            requirement: "A message may be empty (a body of 0 bytes)"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.unary(callID: 1, method: 1, [])
            let outcome = try await peer.response(to: 1)
            try Peer.requireTestService(outcome)
            try require(outcome.status == .ok && outcome.messages == [[]], "an empty echo did not come back empty")
        },
        LiveCase(
            name: "message.fragmented_both_ways",
            section: "§6.2",
            requirement:
                "A message longer than the peer's MAX_FRAME_SIZE MUST be sent as several MESSAGE frames … the receiver joins their bodies"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            let payload = field(2, bytes: (0..<48_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
            let limit = Int(peer.serverSettings?.maxFrameSize ?? 16_384)
            var frames: [Frame] = [.call(CallFrame(callID: 1, method: 1))]
            var offset = 0
            while offset < payload.count {
                let end = min(payload.count, offset + limit)
                frames.append(
                    .message(
                        MessageFrame(
                            callID: 1,
                            payload: ByteBuffer(bytes: payload[offset..<end]),
                            more: end < payload.count,
                            endStream: end == payload.count
                        )
                    )
                )
                offset = end
            }
            var bytes = ByteBuffer()
            for frame in frames { FrameEncoder().encode(frame, into: &bytes) }
            try await peer.send(bytes)
            let outcome = try await peer.response(to: 1)
            try Peer.requireTestService(outcome)
            try require(outcome.status == .ok, "the call ended \(outcome.status?.name ?? "without a status")")
            try require(outcome.messages == [payload], "the 48,000-byte echo came back different")
        },
        LiveCase(
            name: "call.unknown_method",
            section: "§5.6",
            requirement: "A CALL naming a method the server does not serve (including id 0) is ended with UNIMPLEMENTED"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.unary(callID: 1, method: 0, [])
            try await peer.unary(callID: 3, method: 4_000_000_000, [])
            for call in [UInt32(1), 3] {
                let outcome = try await peer.response(to: call)
                try require(outcome.status == .unimplemented, "call \(call) ended \(outcome.status?.name ?? "?")")
            }
        },
        LiveCase(
            name: "deadline.exceeded",
            section: "§8.5",
            requirement:
                "When the deadline passes on the server, the server MUST stop the handler and end the call with END DEADLINE_EXCEEDED"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            // The handler would sleep 20 s; a server that stops it answers at 200 ms. The bound between the two is
            // wide, so that a busy machine is not taken for a server that lets the handler run on.
            try await peer.unary(
                callID: 1,
                method: 5,
                field(1, varint: 20_000),
                deadline: Deadline(milliseconds: 200)
            )
            let started = ContinuousClock.now
            let outcome = try await peer.response(to: 1, within: .seconds(20))
            try Peer.requireTestService(outcome)
            try require(outcome.status == .deadlineExceeded, "the call ended \(outcome.status?.name ?? "?")")
            try require(ContinuousClock.now - started < .seconds(15), "the server let the handler run on")
        },
        LiveCase(
            name: "deadline.zero",
            section: "§8.5",
            requirement: "A deadline of 0 has passed on arrival: the server MUST NOT run the handler"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.unary(callID: 1, method: 1, field(1, bytes: [0x61]), deadline: Deadline(milliseconds: 0))
            let outcome = try await peer.response(to: 1)
            try require(outcome.status == .deadlineExceeded, "the call ended \(outcome.status?.name ?? "?")")
            try require(outcome.messages.isEmpty, "the handler ran: it answered")
        },
        LiveCase(
            name: "cancel.stops_the_call",
            section: "§8.4",
            requirement:
                "The server MUST stop the call's work as soon as it can and MUST NOT send further frames for it"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.unary(callID: 1, method: 5, field(1, varint: 300))
            try await peer.send(.cancel(CancelFrame(callID: 1)))
            try await peer.send(.ping(PingFrame(data: 0x4344_5750_0000_0001)))
            // Past the sleep: anything for call 1 is a violation; the ping's answer shows the connection is alive.
            let deadline = ContinuousClock.now + .milliseconds(800)
            var answered = false
            while ContinuousClock.now < deadline {
                switch try await peer.next(within: .milliseconds(200)) {
                case .frame(let frame) where frame.callID == 1:
                    throw CaseFailure("the server sent \(frame.type.name) on a cancelled call")
                case .frame(.ping(let ping)) where ping.ack: answered = true
                case .frame, .timeout: continue
                case let other: throw CaseFailure("after CANCEL, got \(other)")
                }
            }
            try require(answered, "the connection did not answer a PING after the CANCEL")
        },
        LiveCase(
            name: "ping.acknowledged",
            section: "§9.1",
            requirement:
                "On receiving a PING without ACK, an endpoint MUST send, as soon as possible, a PING with ACK and the same 8 bytes"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.send(.ping(PingFrame(data: 0x0123_4567_89AB_CDEF)))
            switch try await peer.await({ if case .ping = $0 { true } else { false } }) {
            case .frame(.ping(let ping)):
                try require(
                    ping.ack && ping.data == 0x0123_4567_89AB_CDEF,
                    "the answer is not an ACK of the same bytes"
                )
            case let other: throw CaseFailure("expected PING ACK, got \(other)")
            }
        },
        LiveCase(
            name: "compression.request_and_response",
            section: "§7.1, §7.2",
            requirement: "A message MAY be compressed … only with an algorithm the receiver accepted in its SETTINGS"
        ) { target in
            let peer = try await Peer.openAcceptingZlib(target)
            defer { Task { await peer.close() } }
            let request = field(1, bytes: Array(String(repeating: "园区企业诉求回应 ", count: 40).utf8))
            var compressed = ByteBuffer()
            _ = Zlib.Compressor().compress(ByteBuffer(bytes: request), into: &compressed)
            try await peer.unary(callID: 1, method: 1, Array(compressed.readableBytesView), compressed: true)
            let outcome = try await peer.response(to: 1)
            try Peer.requireTestService(outcome)
            try require(
                outcome.status == .ok && outcome.messages == [request],
                "the compressed echo came back different"
            )
        },
        LiveCase(
            name: "concurrency.limit",
            section: "§5.5",
            requirement:
                "a CALL beyond the limit is answered at once with END RESOURCE_EXHAUSTED without running the method"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            let limit = peer.serverSettings?.maxConcurrentCalls ?? 100
            guard limit <= 1_000 else { throw CaseSkipped("the server allows \(limit) concurrent calls") }
            var bytes = ByteBuffer()
            for index in 0...limit {
                let call = 2 * index + 1
                FrameEncoder().encode(.call(CallFrame(callID: call, method: 5)), into: &bytes)
                FrameEncoder().encode(
                    .message(
                        MessageFrame(callID: call, payload: ByteBuffer(bytes: field(1, varint: 1_500)), endStream: true)
                    ),
                    into: &bytes
                )
            }
            try await peer.send(bytes)
            let extra = 2 * limit + 1
            switch try await peer.await(
                within: .seconds(1),
                { frame in
                    if case .end = frame { true } else if case .message = frame { true } else { false }
                }
            ) {
            case .frame(.end(let end)) where end.callID == extra:
                try require(end.status == .resourceExhausted, "call \(extra) ended \(end.status.name)")
            case .frame(.end(let end)) where end.status == .unimplemented:
                throw CaseSkipped("the server does not serve the test service (chaindesk-server --test-service)")
            case let other:
                throw CaseFailure("expected call \(extra) to be refused at once with RESOURCE_EXHAUSTED, got \(other)")
            }
        },
    ]

    /// After everything else: a new connection opens and is served.
    static let stillServing = LiveCase(
        name: "server.still_serving",
        section: "§13.1",
        requirement: "a connection error ends that connection; the server keeps serving the others"
    ) { target in
        let peer = try await Peer.open(target)
        defer { Task { await peer.close() } }
        try await peer.send(.ping(PingFrame(data: 42)))
        switch try await peer.await({ if case .ping = $0 { true } else { false } }) {
        case .frame(.ping(let ping)) where ping.ack: break
        case let other: throw CaseFailure("a fresh connection did not answer a PING: \(other)")
        }
    }
}

extension Frame {
    var callID: UInt32? {
        switch self {
        case .call(let frame): frame.callID
        case .message(let frame): frame.callID
        case .headers(let frame): frame.callID
        case .end(let frame): frame.callID
        case .cancel(let frame): frame.callID
        case .window(let frame): frame.callID
        case .close(let frame): frame.callID
        case .settings, .ping, .goAway: nil
        }
    }
}

/// Unwraps or fails the case.
func requireValue<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw CaseFailure(message) }
    return value
}
