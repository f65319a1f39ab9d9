internal import ChainDeskWire
internal import NIOCore

extension LiveSuite {
    /// Edges of the protocol that no golden vector can carry: a message the codec passes but the method cannot
    /// decode, PINGs counted over time, and frames that cross a deadline's END on the wire.
    static let edges: [LiveCase] = [
        LiveCase(
            name: "message.undecodable",
            section: "§6.1",
            requirement:
                "A whole message … that is not a valid encoding of the method's message type is the call error message.undecodable (INTERNAL)"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            // Field 1, length-delimited, declares 5 bytes and carries 1: no protobuf decoder accepts it.
            try await peer.unary(callID: 1, method: 1, [0x0A, 0x05, 0x61])
            try await peer.unary(callID: 3, method: 1, field(1, bytes: Array("after".utf8)))
            let broken = try await peer.response(to: 1)
            try Peer.requireTestService(broken)
            try require(
                broken.status == .internal && broken.messages.isEmpty,
                "a request that is not protobuf ended \(broken.status?.name ?? "?") with \(broken.messages.count) messages"
            )
            try require(
                broken.statusMessage?.hasPrefix("message.undecodable") == true,
                "the status message does not name message.undecodable: \(broken.statusMessage ?? "none")"
            )
            let next = try await peer.response(to: 3)
            try require(next.status == .ok, "the next call on the connection ended \(next.status?.name ?? "?")")
        },
        LiveCase(
            name: "ping.flood",
            section: "§9.1",
            requirement:
                "A receiver MAY count PINGs that arrive sooner, tolerating a few …, and on the next one SHOULD send GOAWAY ENHANCE_YOUR_CALM and close"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            let interval = peer.serverSettings?.pingMinIntervalMilliseconds ?? 0
            guard interval >= 1_000 else {
                throw CaseSkipped("PING_MIN_INTERVAL is \(interval) ms: back-to-back PINGs may not count as early")
            }
            // All at once: the first is not early (no PING came before it), every later one is.
            let sent = 20
            var bytes = ByteBuffer()
            for index in 0..<sent { FrameEncoder().encode(.ping(PingFrame(data: UInt64(index))), into: &bytes) }
            try await peer.send(bytes)
            var answered: [UInt64] = []
            while true {
                switch try await peer.next(within: .seconds(3)) {
                case .frame(.ping(let ping)) where ping.ack:
                    answered.append(ping.data)
                    if answered.count == sent {
                        throw CaseSkipped("the server answered \(sent) back-to-back PINGs: it does not count (MAY)")
                    }
                case .frame(.goAway(let goAway)):
                    try require(
                        goAway.code == .enhanceYourCalm,
                        "a PING flood got GOAWAY \(goAway.code.name) (\(goAway.reason)), not ENHANCE_YOUR_CALM"
                    )
                    try require(
                        answered == (0..<UInt64(answered.count)).map { $0 },
                        "the PINGs before GOAWAY were answered out of order: \(answered)"
                    )
                    if let strikes = target.pingStrikes {
                        try require(
                            answered.count == strikes + 1,
                            "the server answered \(answered.count) PINGs before GOAWAY; tolerating \(strikes) early ones, it answers \(strikes + 1)"
                        )
                    }
                    // Nothing after the offending PING is processed (§13.1): no further answer may follow.
                    while true {
                        switch try await peer.next(within: .seconds(2)) {
                        case .frame(.ping(let late)) where late.ack:
                            throw CaseFailure("PING \(late.data) was answered after GOAWAY")
                        case .frame: continue
                        case .closed, .timeout: return
                        case .undecodable(let why): throw CaseFailure("undecodable bytes after GOAWAY: \(why)")
                        }
                    }
                case .frame: continue
                case let other:
                    throw CaseFailure("after \(answered.count) answered PINGs, got \(other)")
                }
            }
        },
        LiveCase(
            name: "deadline.late_frames_discarded",
            section: "§8.5",
            requirement:
                "Frames that arrive for a call after it ended this way — the client's MESSAGE, CLOSE or CANCEL after the server's END DEADLINE_EXCEEDED … — are discarded … they are no error"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            // The request never comes in time: the server ends the call at its deadline.
            var call = CallFrame(callID: 1, method: 1)
            call.deadline = Deadline(milliseconds: 200)
            try await peer.send(.call(call))
            let expired = try await peer.response(to: 1, within: .seconds(10))
            if expired.status == .unimplemented {
                throw CaseSkipped("the server does not serve the test service (chaindesk-server --test-service)")
            }
            try require(
                expired.status == .deadlineExceeded,
                "a call whose request never came ended \(expired.status?.name ?? "?"), not DEADLINE_EXCEEDED"
            )
            // What a client sent before it learned: the request, then its own CANCEL at its own deadline.
            let request = MessageFrame(callID: 1, payload: ByteBuffer(bytes: field(1, bytes: [0x61])))
            try await peer.send(
                .message(request),
                .close(CloseFrame(callID: 1)),
                .cancel(CancelFrame(callID: 1, status: .deadlineExceeded))
            )
            try await peer.unary(callID: 3, method: 1, field(1, bytes: Array("after the deadline".utf8)))
            while true {
                switch try await peer.next() {
                case .frame(let frame) where frame.callID == 1:
                    throw CaseFailure("the server sent \(frame.type.name) on call 1 after its END DEADLINE_EXCEEDED")
                case .frame(.goAway(let goAway)):
                    throw CaseFailure("frames after a deadline's END got GOAWAY \(goAway.code.name) (\(goAway.reason))")
                case .frame(.message(let message)) where message.callID == 3:
                    try require(message.endStream || !message.more, "call 3's answer is fragmented unexpectedly")
                    try require(
                        Array(message.payload.readableBytesView) == field(1, bytes: Array("after the deadline".utf8)),
                        "the call after the deadline was answered with other bytes"
                    )
                    return
                case .frame(.end(let end)) where end.callID == 3:
                    throw CaseFailure("the call after the deadline ended \(end.status.name) (\(end.message ?? ""))")
                case .frame: continue
                case let other: throw CaseFailure("after the late frames of call 1, got \(other)")
                }
            }
        },
    ]
}
