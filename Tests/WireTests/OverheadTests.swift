internal import ChainDeskWire
internal import Foundation
internal import NIOCore
internal import Testing

@Suite("Framing overhead")
struct OverheadTests {
    /// The bytes of one unary round trip: CALL, the request MESSAGE, the response, and optionally an explicit END.
    static func unaryRoundTrip(method: UInt32, deadline: Deadline?, payload: ByteBuffer, explicitEnd: Bool)
        -> ByteBuffer
    {
        var wire = ByteBuffer()
        let encoder = FrameEncoder()
        encoder.encode(.call(CallFrame(callID: 1, method: method, deadline: deadline)), into: &wire)
        encoder.encode(.message(MessageFrame(callID: 1, payload: payload, endStream: true)), into: &wire)
        encoder.encode(.message(MessageFrame(callID: 1, payload: payload, endStream: !explicitEnd)), into: &wire)
        if explicitEnd { encoder.encode(.end(EndFrame(callID: 1, status: .ok)), into: &wire) }
        return wire
    }

    @Test(
        "a unary round trip spends at most 16 bytes on framing",
        arguments: [
            (UInt32(1), UInt64?.none, false, 10), (1, 5_000, false, 11), (300, 30_000, false, 12),
            (300, 30_000, true, 16), (300, 120_000, true, 16), (300, 1_500, true, 17),
        ]
    )
    func unaryFraming(method: UInt32, deadline: UInt64?, explicitEnd: Bool, expected: Int) {
        let payload = ByteBuffer(bytes: [0x0A, 0x02, 0x68, 0x69])
        let wire = Self.unaryRoundTrip(
            method: method,
            deadline: deadline.map(Deadline.init(milliseconds:)),
            payload: payload,
            explicitEnd: explicitEnd
        )
        let framing = wire.readableBytes - 2 * payload.readableBytes
        #expect(framing == expected)
        // The protocol's promise holds on the fast path (END_STREAM) for every deadline a client sets in whole
        // seconds, and with an explicit END too.
        if !explicitEnd || deadline.map({ $0 % 1000 == 0 }) ?? true { #expect(framing <= 16) }
    }

    @Test("SPEC.md's worked unary example is exactly what the encoder writes")
    func appendixExample() throws {
        let spec = try String(
            contentsOf: VectorCase.directory.deletingLastPathComponent().appendingPathComponent("SPEC.md"),
            encoding: .utf8
        )
        let section = try #require(spec.range(of: "### A.2").map { spec[$0.upperBound...] })
        let hexLines = section.split(separator: "\n").prefix(while: { !$0.hasPrefix("Framing") }).filter {
            $0.first?.isHexDigit == true
        }
        let bytes = hexLines.flatMap { line in
            line.split(separator: " ").prefix(while: { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }).map {
                UInt8($0, radix: 16)!
            }
        }
        let payload = ByteBuffer(bytes: [0x0A, 0x02, 0x68, 0x69])
        let wire = Self.unaryRoundTrip(
            method: 1,
            deadline: Deadline(milliseconds: 5_000),
            payload: payload,
            explicitEnd: false
        )
        #expect(bytes == Array(wire.readableBytesView))
        #expect(bytes.count - 2 * payload.readableBytes == 11)
        // The counts the text gives are the ones `unaryFraming` measures: 11, 10 without a deadline, 16.
        let text = String(section.prefix(1500))
        #expect(text.contains("**11 bytes**") && text.contains("**10** without a deadline"))
        #expect(text.contains("**16 bytes**") && text.contains("one-byte deadline"))
    }
}
