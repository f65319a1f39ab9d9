public import ChainDeskWire
public import NIOCore
internal import NIOPosix

/// A reference server for testing clients: it answers the test service's Echo (method 1) correctly, or breaks the
/// specification in one chosen way, so that a client implementation can be checked for the error it reports.
public final class ReferenceServer: Sendable {
    /// How the server misbehaves, each with the section it breaks and what a conforming client reports.
    public enum Misbehaviour: String, Sendable, CaseIterable {
        /// Behaves: echoes every request.
        case none
        /// Answers with HTTP instead of a preface (§3.1): the client refuses the connection (UNAVAILABLE).
        case badMagic = "bad-magic"
        /// Speaks only version 9 and says so with GOAWAY VERSION_MISMATCH (§3.2): UNAVAILABLE.
        case versionMismatch = "version-mismatch"
        /// Sends a PING before its SETTINGS (§3.3): UNAVAILABLE.
        case settingsMissing = "settings-missing"
        /// Declares a frame longer than the client's MAX_FRAME_SIZE (§4.2): UNAVAILABLE.
        case frameTooLarge = "frame-too-large"
        /// Answers with a compressed message that does not inflate (§7.1): the call fails INTERNAL.
        case corruptCompression = "corrupt-compression"
        /// Sends HEADERS after a MESSAGE (§5.5): the call fails INTERNAL.
        case headersAfterMessage = "headers-after-message"
        /// Never answers (§8.5): the client's own deadline ends the call with DEADLINE_EXCEEDED.
        case silent
        /// Sends GOAWAY with last call 0 as the call arrives (§9.2): the call fails UNAVAILABLE, not processed.
        case goAway = "goaway"
        /// Ends the call with status 99, a code from a later version (§8.3): not an error of the frame; the
        /// client reports UNKNOWN.
        case statusAbove16 = "status-above-16"
        /// Sends GOAWAY with code 99, unknown to this version, naming the call as accepted, and stays open (§9.2):
        /// the client must treat the code as INTERNAL_ERROR — close, and fail the call UNAVAILABLE at once —
        /// not as a drain that lets the call run on.
        case goAwayUnknownCode = "goaway-unknown-code"
        /// Answers on a call id the client never started (§5.1): `call.unknown_id`, a connection error; the
        /// client closes and the call fails UNAVAILABLE.
        case unknownCall = "unknown-call"

        public var section: String {
            switch self {
            case .none: "§5.4"
            case .badMagic: "§3.1"
            case .versionMismatch: "§3.2"
            case .settingsMissing: "§3.3"
            case .frameTooLarge: "§4.2"
            case .corruptCompression: "§7.1"
            case .headersAfterMessage: "§5.5"
            case .silent: "§8.5"
            case .goAway: "§9.2"
            case .statusAbove16: "§8.3"
            case .goAwayUnknownCode: "§9.2"
            case .unknownCall: "§5.1"
            }
        }
    }

    public let port: Int
    let channel: any Channel

    /// Serves on a free loopback port (or `port`).
    public static func start(_ misbehaviour: Misbehaviour, port: Int = 0) async throws -> ReferenceServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Misbehaving(misbehaviour))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        return ReferenceServer(port: channel.localAddress?.port ?? port, channel: channel)
    }

    init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    public func stop() async {
        try? await self.channel.close()
    }
}

/// One connection of the reference server.
final class Misbehaving: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let misbehaviour: ReferenceServer.Misbehaviour
    var buffer = ByteBuffer()
    var prefaceRead = false
    var decoder = FrameDecoder(sender: .client, awaitingSettings: true)
    var bodies: [UInt32: ByteBuffer] = [:]

    init(_ misbehaviour: ReferenceServer.Misbehaviour) {
        self.misbehaviour = misbehaviour
    }

    func channelActive(context: ChannelHandlerContext) {
        var out = ByteBuffer()
        switch self.misbehaviour {
        case .badMagic:
            out.writeString("HTTP/1.1 400 Bad Request\r\n\r\n")
        case .versionMismatch:
            Preface(versions: 9...9).write(into: &out)
            FrameEncoder().encode(.settings(Settings.defaults.frame), into: &out)
            FrameEncoder().encode(
                .goAway(GoAwayFrame(lastCallID: 0, code: .versionMismatch, reason: "9–9")),
                into: &out
            )
        case .settingsMissing:
            Preface.current.write(into: &out)
            FrameEncoder().encode(.ping(PingFrame(data: 1)), into: &out)
        default:
            Preface.current.write(into: &out)
            var settings = Settings.defaults
            settings.compression = .zlib
            FrameEncoder().encode(.settings(settings.frame), into: &out)
        }
        context.writeAndFlush(Self.wrapOutboundOut(out), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = Self.unwrapInboundIn(data)
        self.buffer.writeBuffer(&bytes)
        do {
            if !self.prefaceRead {
                guard try Preface.read(from: &self.buffer) != nil else { return }
                self.prefaceRead = true
            }
            while let frame = try self.decoder.decode(buffer: &self.buffer) {
                self.handle(frame, context)
            }
        } catch {
            context.close(promise: nil)
        }
    }

    func handle(_ frame: Frame, _ context: ChannelHandlerContext) {
        var out = ByteBuffer()
        switch frame {
        case .call(let call):
            switch self.misbehaviour {
            case .goAway:
                FrameEncoder().encode(
                    .goAway(GoAwayFrame(lastCallID: 0, code: .noError, reason: "going away")),
                    into: &out
                )
            case .goAwayUnknownCode:
                self.bodies[call.callID] = ByteBuffer()
                FrameEncoder().encode(
                    .goAway(
                        GoAwayFrame(
                            lastCallID: call.callID,
                            code: ConnectionErrorCode(rawValue: 99),
                            reason: "a code from a later version"
                        )
                    ),
                    into: &out
                )
            case .frameTooLarge:
                // A MESSAGE header declaring 16 MiB, far over the default 16 KiB.
                out.writeBytes([0x20, UInt8(call.callID), 0x80, 0x80, 0x80, 0x08])
            default:
                self.bodies[call.callID] = ByteBuffer()
            }
        case .message(let message):
            guard var body = self.bodies[message.callID] else { return }
            var payload = message.payload
            body.writeBuffer(&payload)
            self.bodies[message.callID] = body
            guard message.endStream || !message.more else { return }
            self.answer(message.callID, body, into: &out)
        case .ping(let ping) where !ping.ack:
            FrameEncoder().encode(.ping(PingFrame(data: ping.data, ack: true)), into: &out)
        default:
            break
        }
        if out.readableBytes > 0 { context.writeAndFlush(Self.wrapOutboundOut(out), promise: nil) }
    }

    func answer(_ callID: UInt32, _ request: ByteBuffer, into out: inout ByteBuffer) {
        switch self.misbehaviour {
        case .corruptCompression:
            FrameEncoder().encode(
                .message(
                    MessageFrame(
                        callID: callID,
                        payload: ByteBuffer(bytes: [0x78, 0x9C, 1, 2, 3, 4]),
                        compressed: true,
                        endStream: true
                    )
                ),
                into: &out
            )
        case .headersAfterMessage:
            FrameEncoder().encode(.message(MessageFrame(callID: callID, payload: request)), into: &out)
            FrameEncoder().encode(.headers(HeadersFrame(callID: callID, metadata: ["late": "yes"])), into: &out)
            FrameEncoder().encode(.end(EndFrame(callID: callID, status: .ok)), into: &out)
        case .silent, .goAwayUnknownCode:
            break
        case .unknownCall:
            FrameEncoder().encode(
                .message(MessageFrame(callID: callID + 100, payload: request, endStream: true)),
                into: &out
            )
        case .statusAbove16:
            FrameEncoder().encode(
                .end(
                    EndFrame(callID: callID, status: StatusCode(rawValue: 99), message: "a code from a later version")
                ),
                into: &out
            )
        default:
            FrameEncoder().encode(.message(MessageFrame(callID: callID, payload: request, endStream: true)), into: &out)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
