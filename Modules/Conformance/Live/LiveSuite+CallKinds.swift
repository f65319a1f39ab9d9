internal import ChainDeskWire
internal import NIOCore

extension LiveSuite {
    /// The streaming call kinds, through the test service's Stream (2), Sum (3) and PingPong (4).
    static let callKinds: [LiveCase] = [
        LiveCase(
            name: "call.server_streaming",
            section: "§5.4",
            requirement: "server streaming: one request message, any number of response messages, then the status"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.unary(callID: 1, method: 2, field(1, varint: 5) + field(2, varint: 3))
            let outcome = try await peer.response(to: 1)
            try Peer.requireTestService(outcome)
            try require(outcome.status == .ok, "the stream ended \(outcome.status?.name ?? "without a status")")
            let expected = (0..<5).map {
                field(1, bytes: Array(String($0).utf8)) + field(2, bytes: [0x61, 0x61, 0x61])
            }
            try require(outcome.messages == expected, "\(outcome.messages.count) messages, not the 5 asked for")
        },
        LiveCase(
            name: "call.client_streaming",
            section: "§5.4",
            requirement:
                "client streaming: any number of request messages, the client's side ended (END_STREAM or CLOSE), then one response"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            // Three values; the client's side ends with CLOSE after the last MESSAGE.
            try await peer.send(
                .call(CallFrame(callID: 1, method: 3)),
                .message(MessageFrame(callID: 1, payload: ByteBuffer(bytes: field(1, varint: 1)))),
                .message(MessageFrame(callID: 1, payload: ByteBuffer(bytes: field(1, varint: 20)))),
                .message(MessageFrame(callID: 1, payload: ByteBuffer(bytes: field(1, varint: 300)))),
                .close(CloseFrame(callID: 1))
            )
            let outcome = try await peer.response(to: 1)
            try Peer.requireTestService(outcome)
            try require(outcome.status == .ok, "the call ended \(outcome.status?.name ?? "without a status")")
            try require(
                outcome.messages == [field(1, varint: 321) + field(2, varint: 3)],
                "the sum of 1, 20 and 300 came back wrong"
            )
        },
        LiveCase(
            name: "call.bidirectional",
            section: "§5.4",
            requirement:
                "bidirectional: both sides send messages independently; the server may answer before the client's side ends"
        ) { target in
            let peer = try await Peer.open(target)
            defer { Task { await peer.close() } }
            try await peer.send(.call(CallFrame(callID: 1, method: 4)))
            for word in ["链主", "补链", "强链"] {
                // Each answer must come while the call is still open on the client's side.
                try await peer.send(
                    .message(MessageFrame(callID: 1, payload: ByteBuffer(bytes: field(1, bytes: Array(word.utf8)))))
                )
                switch try await peer.await({ frame in frame.callID == 1 }) {
                case .frame(.message(let message)):
                    try require(
                        Array(message.payload.readableBytesView) == field(1, bytes: Array(word.utf8)),
                        "the answer to \(word) differs"
                    )
                case .frame(.end(let end)) where end.status == .unimplemented:
                    throw CaseSkipped("the server does not serve the test service (chaindesk-server --test-service)")
                case let other:
                    throw CaseFailure("expected the answer to \(word) before the client's side ended, got \(other)")
                }
            }
            try await peer.send(.close(CloseFrame(callID: 1)))
            let outcome = try await peer.response(to: 1)
            try require(outcome.status == .ok, "the call ended \(outcome.status?.name ?? "without a status")")
        },
    ]

    /// A request compressed with a preset dictionary the server accepts, and an answer inflated with it.
    static func dictionary(_ dictionaries: [[UInt8]]) -> LiveCase {
        LiveCase(
            name: "compression.dictionary",
            section: "§7.3",
            requirement:
                "A sender MAY use a dictionary only if the receiver listed its id … the stream's header then carries the dictionary's DICTID"
        ) { target in
            let peer = try await Peer.openAcceptingZlib(target, dictionaries: dictionaries)
            defer { Task { await peer.close() } }
            let listed = peer.serverSettings?.dictionaries ?? []
            guard let dictionary = dictionaries.first(where: { listed.contains(Zlib.dictionaryID(of: $0)) }) else {
                throw CaseSkipped("the server accepts none of the published dictionaries")
            }
            let request = field(
                1,
                bytes: Array("东莞豪顺 精密制造 链主 走访 签约 园区企业 企业诉求 回访 满意 \(listed.count)".utf8)
            )
            var compressed = ByteBuffer()
            _ = Zlib.Compressor(dictionary: dictionary).compress(ByteBuffer(bytes: request), into: &compressed)
            try await peer.unary(callID: 1, method: 1, Array(compressed.readableBytesView), compressed: true)
            let outcome = try await peer.response(to: 1)
            try Peer.requireTestService(outcome)
            try require(
                outcome.status == .ok && outcome.messages == [request],
                "the echo of a dictionary-compressed request came back different: \(outcome.status?.name ?? "?")"
            )
        }
    }
}
