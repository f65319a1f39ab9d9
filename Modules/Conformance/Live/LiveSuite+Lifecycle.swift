internal import ChainDeskWire
internal import Foundation
internal import NIOCore

extension LiveSuite {
    /// Status codes, draining and idempotency keys: cases that need the test service's Drain (8) and Count (9).
    static let lifecycle: [LiveCase] = [
        LiveCase(
            name: "status.code_above_16_is_not_malformed",
            section: "§8.3",
            requirement:
                "A receiver MUST treat a code above 16 as UNKNOWN (… the frame is not malformed): a CANCEL carrying 99 cancels the call; the connection goes on"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.unary(callID: 1, method: 5, field(1, varint: 300))
            try await peer.send(.cancel(CancelFrame(callID: 1, status: StatusCode(rawValue: 99))))
            try await peer.unary(callID: 3, method: 1, field(1, bytes: Array("after 99".utf8)))
            // Call 1 is cancelled (nothing more may come for it); call 3 is answered; no GOAWAY.
            var outcome = CallOutcome()
            var current: [UInt8] = []
            let deadline = ContinuousClock.now + .milliseconds(800)
            while ContinuousClock.now < deadline {
                switch try await peer.next(within: .milliseconds(200)) {
                case .frame(let frame) where frame.callID == 1:
                    throw CaseFailure("the server sent \(frame.type.name) on a call cancelled with code 99")
                case .frame(.message(let message)) where message.callID == 3:
                    current += Array(message.payload.readableBytesView)
                    if !message.more { outcome.messages.append(current) }
                    if message.endStream { outcome.status = .ok }
                case .frame(.end(let end)) where end.callID == 3:
                    outcome.status = end.status
                case .frame(.goAway(let goAway)):
                    throw CaseFailure("a CANCEL with code 99 got GOAWAY \(goAway.code.name) (\(goAway.reason))")
                case .frame, .timeout:
                    continue
                case let other:
                    throw CaseFailure("after a CANCEL with code 99, got \(other)")
                }
            }
            try Peer.requireTestService(outcome)
            try require(
                outcome.status == .ok && outcome.messages == [field(1, bytes: Array("after 99".utf8))],
                "the call after the CANCEL was not answered: \(outcome.status?.name ?? "no status")"
            )
        },
        LiveCase(
            name: "status.no_internal_details",
            section: "§8.3",
            requirement:
                "A server MUST NOT leak internal details (stack traces, file paths, SQL) in the status message of UNKNOWN or INTERNAL"
        ) { target in
            let peer = try await Peer.openAcceptingZlib(
                target,
                skipping: "the server does not accept zlib, so it cannot be made to fail INTERNAL"
            )
            defer { Task { await peer.close() } }
            // A compressed request that is not zlib: message.corrupt, INTERNAL, produced by the server itself.
            try await peer.unary(callID: 1, method: 1, [0x78, 0x9C, 0xFF, 0x00, 0x13, 0x37], compressed: true)
            let outcome = try await peer.response(to: 1)
            try require(outcome.status == .internal, "a corrupt request ended \(outcome.status?.name ?? "?")")
            let message = outcome.statusMessage ?? ""
            let leaks = ["/", "\\", ".swift", "Error(", "error:", "0x", "SELECT", "sqlite", "Fatal", "#0 "]
            if let leak = leaks.first(where: { message.localizedCaseInsensitiveContains($0) }) {
                throw CaseFailure("the INTERNAL status message shows \"\(leak)\": \(message)")
            }
        },
        LiveCase(
            name: "drain.calls_finish_then_close",
            section: "§9.2",
            requirement:
                "After sending GOAWAY a server MUST NOT start calls with ids above last_call_id; it MUST discard CALL frames above it … It MUST finish the calls up to last_call_id normally, then close the connection"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.unary(callID: 1, method: 5, field(1, varint: 400))
            try await peer.unary(callID: 3, method: 8, field(1, bytes: Array("drain".utf8)))
            var goAway: GoAwayFrame?
            var ended: [UInt32: StatusCode] = [:]
            var sentLate = false
            while true {
                let event = try await peer.next(within: .seconds(3))
                switch event {
                case .frame(.goAway(let frame)):
                    if frame.code == .noError, goAway == nil, ended[3] == nil, frame.lastCallID < 3 {
                        // A server that drains before it has even accepted the Drain call cannot be tested here.
                        throw CaseFailure("GOAWAY named last call \(frame.lastCallID), before the Drain call")
                    }
                    try require(frame.code == .noError, "GOAWAY \(frame.code.name) (\(frame.reason)), not NO_ERROR")
                    if let earlier = goAway {
                        try require(
                            frame.lastCallID <= earlier.lastCallID,
                            "a later GOAWAY raised last_call_id from \(earlier.lastCallID) to \(frame.lastCallID)"
                        )
                    }
                    goAway = frame
                    if !sentLate {
                        // A call above last_call_id: it must be discarded, neither run nor answered.
                        sentLate = true
                        let late = frame.lastCallID + 2 - frame.lastCallID % 2
                        try await peer.unary(callID: late, method: 1, field(1, bytes: Array("late".utf8)))
                    }
                case .frame(.end(let end)):
                    if let goAway, end.callID > goAway.lastCallID {
                        throw CaseFailure("the server answered call \(end.callID), above last_call_id")
                    }
                    ended[end.callID] = end.status
                case .frame(.message(let message)):
                    if let goAway, message.callID > goAway.lastCallID {
                        throw CaseFailure("the server answered call \(message.callID), above last_call_id")
                    }
                    if message.endStream { ended[message.callID] = .ok }
                case .frame:
                    continue
                case .closed:
                    guard goAway != nil else { throw CaseFailure("the connection closed without GOAWAY") }
                    if ended[3] == .unimplemented { throw CaseSkipped("the server does not serve Drain (method 8)") }
                    try require(ended[3] == .ok, "the Drain call ended \(ended[3]?.name ?? "without a status")")
                    try require(
                        ended[1] == .ok,
                        "the call in flight before GOAWAY ended \(ended[1]?.name ?? "without a status"), not OK"
                    )
                    return
                case .timeout:
                    if ended[3] == .unimplemented { throw CaseSkipped("the server does not serve Drain (method 8)") }
                    throw CaseFailure(
                        goAway == nil
                            ? "no GOAWAY after Drain" : "the connection stayed open after its calls had finished"
                    )
                case .undecodable(let why):
                    throw CaseFailure("undecodable bytes while draining: \(why)")
                }
            }
        },
        LiveCase(
            name: "idempotency.retry_gets_the_first_outcome",
            section: "§12",
            requirement:
                "It MUST NOT run a method twice for the same key … a retry of a completed call MUST get the original outcome … A retry whose request differs … MUST be ended with FAILED_PRECONDITION"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            let counter = "conformance-\(UInt64.random(in: 0...UInt64.max))"
            let key = Array("key-\(UInt64.random(in: 0...UInt64.max))".utf8)
            func count(_ call: UInt32, _ amount: UInt64, key: [UInt8]?) async throws -> CallOutcome {
                var frame = CallFrame(callID: call, method: 9)
                frame.idempotencyKey = key
                let request = field(1, bytes: Array(counter.utf8)) + field(2, varint: amount)
                try await peer.send(
                    .call(frame),
                    .message(MessageFrame(callID: call, payload: ByteBuffer(bytes: request), endStream: true))
                )
                return try await peer.response(to: call)
            }
            let first = try await count(1, 5, key: key)
            if first.status == .unimplemented { throw CaseSkipped("the server does not serve Count (method 9)") }
            try require(first.status == .ok, "the first Count ended \(first.status?.name ?? "?")")
            let retry = try await count(3, 5, key: key)
            try require(retry.status == .ok, "the retry ended \(retry.status?.name ?? "?")")
            try require(retry.messages == first.messages, "the retry got another answer than the first call")
            let plain = try await count(5, 1, key: nil)
            try require(
                plain.status == .ok && plain.messages == [field(1, varint: 6)],
                "a Count of 1 after 5 and its retry did not total 6: the retry had an effect"
            )
            let different = try await count(7, 7, key: key)
            try require(
                different.status == .failedPrecondition,
                "the key reused with another request ended \(different.status?.name ?? "?"), not FAILED_PRECONDITION"
            )
        },
    ]
}
