internal import ChainDeskWire
internal import Foundation
internal import NIOCore
internal import Testing

@Suite("Frame codec")
struct FrameCodecTests {
    @Test(
        "random frame sequences from either side round-trip, split at random points",
        arguments: [Role.client, .server]
    )
    func randomRoundTrips(sender: Role) throws {
        var generator = SplitMix64(seed: sender == .client ? 1 : 2)
        for _ in 0..<200 {
            let frames = RandomFrames.sequence(from: sender, using: &generator)
            var encoded = ByteBuffer()
            for frame in frames { FrameEncoder().encode(frame, into: &encoded) }
            let bytes = Array(encoded.readableBytesView)

            var decoder = FrameDecoder(sender: sender)
            var buffer = ByteBuffer()
            var decoded: [Frame] = []
            var offset = 0
            while offset < bytes.count {
                let step = Int(generator.next() % 40) + 1
                buffer.writeBytes(bytes[offset..<min(bytes.count, offset + step)])
                offset += step
                while let frame = try decoder.decodeLast(buffer: &buffer, seenEOF: offset >= bytes.count) {
                    decoded.append(frame)
                }
            }
            #expect(decoded == frames)
        }
    }

    @Test("a frame that has not fully arrived returns nil and consumes nothing")
    func partialFrame() throws {
        var encoded = ByteBuffer()
        FrameEncoder().encode(.ping(PingFrame(data: 42)), into: &encoded)
        for length in 0..<encoded.readableBytes {
            var decoder = FrameDecoder(sender: .client, awaitingSettings: false)
            var partial = encoded.getSlice(at: 0, length: length)!
            #expect(try decoder.decode(buffer: &partial) == nil)
            #expect(partial.readerIndex == 0)
        }
    }

    @Test("an over-limit declared length is refused from the header alone, before any body arrives")
    func oversizeRefusedBeforeBody() {
        var decoder = FrameDecoder(sender: .client, awaitingSettings: false)
        var buffer = ByteBuffer()
        FrameEncoder.writeHeader(type: .goAway, flags: 0, callID: 0, bodyLength: 1 << 30, into: &buffer)
        do {
            _ = try decoder.decode(buffer: &buffer)
            Issue.record("a 1 GiB declared length must be refused")
        } catch {
            #expect(error.code == .frameTooLarge)
        }
    }

    @Test("a call error consumes its frame, and the next frame decodes")
    func callErrorLeavesDecoderUsable() throws {
        var decoder = FrameDecoder(sender: .client, awaitingSettings: false)
        var buffer = ByteBuffer()
        let bad = CallFrame(callID: 1, method: 7, metadata: ["Upper-Case": "x"])
        FrameEncoder().encode(.call(bad), into: &buffer)
        FrameEncoder().encode(.message(MessageFrame(callID: 1, payload: ByteBuffer(string: "ok"))), into: &buffer)
        do {
            _ = try decoder.decode(buffer: &buffer)
            Issue.record("a bad metadata key must fail the call")
        } catch {
            #expect(error.code == .metadataBadKey)
            #expect(error.code.scope == .call)
            #expect(error.callID == 1)
            #expect(error.code.status == .internal)
        }
        let next = try decoder.decode(buffer: &buffer)
        #expect(next == .message(MessageFrame(callID: 1, payload: ByteBuffer(string: "ok"))))
    }

    @Test("settings list only what differs from the defaults, and read back to the same values")
    func settingsRoundTrip() throws {
        #expect(Settings.defaults.frame.entries.isEmpty)
        var settings = Settings()
        settings.maxConcurrentCalls = 256
        settings.compression = .zlib
        settings.dictionaries = [0x06D6_6885, 1]
        settings.initialWindow = Settings.maximumWindow
        #expect(try Settings(validating: settings.frame) == settings)
    }

    @Test("the seventeen status codes have gRPC's numbers and names")
    func statusCodes() {
        #expect(StatusCode.allKnown.count == 17)
        #expect(StatusCode.unauthenticated.rawValue == 16)
        #expect(StatusCode.resourceExhausted.name == "RESOURCE_EXHAUSTED")
        #expect(StatusCode(rawValue: 99).normalized == .unknown)
        for code in StatusCode.allKnown { #expect(StatusCode(name: code.name) == code) }
    }

    @Test("error codes have unique identifiers, and each is specified in SPEC.md's error table")
    func errorCodesAreSpecified() throws {
        let identifiers = WireError.Code.allCases.map(\.identifier)
        #expect(Set(identifiers).count == identifiers.count)
        let spec = try String(
            contentsOfFile: VectorCase.directory.deletingLastPathComponent().path + "/SPEC.md",
            encoding: .utf8
        )
        for code in WireError.Code.allCases {
            let row = "| `\(code.identifier)` |"
            #expect(spec.contains(row), "SPEC.md has no table row for \(code.identifier)")
            let answer = code.scope == .connection ? code.connectionCode.name : code.status.name
            let line = spec.split(separator: "\n").first { $0.contains(row) }.map(String.init) ?? ""
            #expect(
                line.contains(answer) && line.contains(code.scope.rawValue) && line.contains("§\(code.section)"),
                "SPEC.md's row for \(code.identifier) disagrees with the code: \(line)"
            )
        }
    }
}

/// Random valid frames, as a client or a server would send them on one connection.
enum RandomFrames {
    static func sequence(from sender: Role, using generator: inout SplitMix64) -> [Frame] {
        var frames: [Frame] = [.settings(randomSettings(&generator))]
        var callID: UInt32 = 0
        for _ in 0..<Int(generator.next() % 12) {
            switch (sender, generator.next() % 7) {
            case (.client, 0), (.client, 1):
                callID += UInt32(generator.next() % 3) + 1
                frames.append(
                    .call(
                        CallFrame(
                            callID: callID,
                            method: random32(&generator),
                            deadline: chance(&generator) ? Deadline(wireValue: random32(&generator)) : nil,
                            metadata: chance(&generator) ? randomMetadata(&generator) : nil,
                            idempotencyKey: chance(&generator) ? bytes(&generator, 1...64) : nil,
                            endStream: chance(&generator)
                        )
                    )
                )
            case (.client, 2):
                guard callID > 0 else { continue }
                let target = UInt32(generator.next() % UInt64(callID)) + 1
                frames.append(
                    RandomFrames.chance(&generator)
                        ? .cancel(CancelFrame(callID: target, status: .cancelled)) : .close(CloseFrame(callID: target))
                )
            case (.server, 0):
                frames.append(
                    .headers(
                        HeadersFrame(callID: random32(&generator) % 1000 + 1, metadata: randomMetadata(&generator))
                    )
                )
            case (.server, 1):
                frames.append(
                    .end(
                        EndFrame(
                            callID: random32(&generator) % 1000 + 1,
                            status: StatusCode(rawValue: UInt32(generator.next() % 17)),
                            message: chance(&generator) ? "状态 \(generator.next())" : nil,
                            trailers: chance(&generator) ? randomMetadata(&generator) : nil
                        )
                    )
                )
            case (_, 3):
                let id = sender == .client ? callID : random32(&generator) % 1000 + 1
                guard id > 0 else { continue }
                frames.append(
                    .message(
                        MessageFrame(
                            callID: id,
                            payload: ByteBuffer(bytes: bytes(&generator, 0...300)),
                            compressed: chance(&generator),
                            more: false,
                            endStream: chance(&generator)
                        )
                    )
                )
            case (_, 4):
                let id = sender == .client ? callID : random32(&generator) % 1000 + 1
                guard id > 0 else { continue }
                frames.append(
                    .window(WindowFrame(callID: id, increment: random32(&generator) % Settings.maximumWindow + 1))
                )
            case (_, 5):
                frames.append(.ping(PingFrame(data: generator.next(), ack: chance(&generator))))
            default:
                frames.append(
                    .goAway(
                        GoAwayFrame(
                            lastCallID: callID,
                            code: .noError,
                            reason: chance(&generator) ? "维护 maintenance" : ""
                        )
                    )
                )
            }
        }
        return frames
    }

    static func chance(_ generator: inout SplitMix64) -> Bool { generator.next() % 2 == 0 }

    static func random32(_ generator: inout SplitMix64) -> UInt32 {
        UInt32(truncatingIfNeeded: generator.next() >> (generator.next() % 33))
    }

    static func bytes(_ generator: inout SplitMix64, _ range: ClosedRange<Int>) -> [UInt8] {
        let count = range.lowerBound + Int(generator.next() % UInt64(range.count))
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    static func randomMetadata(_ generator: inout SplitMix64) -> Metadata {
        var metadata = Metadata()
        for index in 0..<Int(generator.next() % 4) {
            if chance(&generator) {
                metadata.add("key-\(index)", "值 \(generator.next())")
            } else {
                metadata.add("blob-\(index)-bin", bytes: bytes(&generator, 0...20))
            }
        }
        return metadata
    }

    static func randomSettings(_ generator: inout SplitMix64) -> SettingsFrame {
        var settings = Settings()
        settings.maxFrameSize = Settings.minimumFrameSizeLimit + random32(&generator) % 100_000
        settings.maxConcurrentCalls = random32(&generator)
        if chance(&generator) { settings.compression = .zlib }
        if chance(&generator) { settings.dictionaries = [random32(&generator)] }
        return settings.frame
    }
}
