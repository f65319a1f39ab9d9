public import NIOCore

/// Decodes the frames one endpoint receives, incrementally and within limits (SPEC.md §4).
///
/// The decoder is a value type holding the little connection state that framing rules need: whether
/// SETTINGS has arrived, and the highest call id opened — from the CALL frames, when decoding a client's frames;
/// from what the client says it has started (``started(upTo:)``), when decoding a server's. It reads
/// the header first and rejects an over-limit declared length before any of the body is buffered;
/// on short input it returns `nil` and consumes nothing, so input may be split at any byte.
///
/// A connection-scoped error leaves the decoder unusable (the connection is closing). A call-scoped
/// error consumes its frame first, so decoding continues with the next frame.
public struct FrameDecoder: Sendable {
    /// Which endpoint sent the frames being decoded.
    public let sender: Role
    /// The largest frame body accepted (this endpoint's MAX_FRAME_SIZE).
    public var maxFrameSize: UInt32
    /// The largest metadata block accepted (this endpoint's MAX_METADATA_SIZE).
    public var maxMetadataSize: UInt32
    /// Whether the next frame must be the peer's SETTINGS.
    public private(set) var awaitingSettings: Bool
    /// The highest call id the client has opened: tracked when decoding a client's frames, told by
    /// ``started(upTo:)`` when decoding a server's.
    public private(set) var highestCallID: UInt32 = 0
    /// Whether a server's frames are checked against ``highestCallID``: once the client has said what it started.
    private var knowsStartedCalls = false

    /// The longest idempotency key, in bytes.
    public static let maxIdempotencyKeyLength = 64
    /// The highest call id.
    public static let maxCallID: UInt32 = (1 << 31) - 1

    /// A decoder for frames sent by `sender`, checked against this endpoint's own `limits`.
    ///
    /// - Parameter awaitingSettings: `true` at the start of a connection (just after the preface), when the
    ///   first frame must be SETTINGS.
    public init(sender: Role, limits: Settings = .defaults, awaitingSettings: Bool = true) {
        self.sender = sender
        self.maxFrameSize = limits.maxFrameSize
        self.maxMetadataSize = limits.maxMetadataSize
        self.awaitingSettings = awaitingSettings
    }

    /// When decoding a server's frames: the client has started every call up to `callID`, so a frame naming a
    /// higher one is the connection error `call.unknown_id` (SPEC.md §5.1). Until it is told, a decoder of a
    /// server's frames does not check call ids against the calls started.
    public mutating func started(upTo callID: UInt32) {
        guard self.sender == .server else { return }
        self.knowsStartedCalls = true
        self.highestCallID = max(self.highestCallID, callID)
    }

    /// Decodes the next frame, or returns `nil` (consuming nothing) if it has not fully arrived.
    public mutating func decode(buffer: inout ByteBuffer) throws(WireError) -> Frame? {
        let start = buffer.readerIndex
        guard let first = buffer.getInteger(at: start, as: UInt8.self) else { return nil }
        let (type, flags) = try self.checkTypeAndFlags(first)

        guard let (callID, callIDLength) = try Varint.peek(buffer, at: start + 1) else { return nil }
        try self.checkCallID(callID, type: type)
        guard let (length, lengthLength) = try Varint.peek(buffer, at: start + 1 + callIDLength) else { return nil }
        guard length <= self.maxFrameSize else {
            throw WireError(
                code: .frameTooLarge,
                message:
                    "\(type.name) frame declares a \(length)-byte body; the maximum frame size is \(self.maxFrameSize)"
            )
        }
        let headerLength = 1 + callIDLength + lengthLength
        guard buffer.readableBytes >= headerLength + Int(length) else { return nil }

        var body = buffer.getSlice(at: start + headerLength, length: Int(length))!
        buffer.moveReaderIndex(forwardBy: headerLength + Int(length))
        if type == .settings { self.awaitingSettings = false }
        if type == .call { self.highestCallID = callID }
        return try self.decodeBody(&body, type: type, flags: flags, callID: callID)
    }

    /// Decodes the next frame once the peer has closed its side; bytes of an unfinished frame are an error.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws(WireError) -> Frame? {
        if let frame = try self.decode(buffer: &buffer) { return frame }
        if seenEOF, buffer.readableBytes > 0 {
            throw WireError(
                code: .frameTruncated,
                message: "connection closed \(buffer.readableBytes) byte(s) into a frame"
            )
        }
        return nil
    }

    private func checkTypeAndFlags(_ first: UInt8) throws(WireError) -> (FrameType, UInt8) {
        let flags = first >> 4
        guard let type = FrameType(rawValue: first & 0x0F) else {
            throw WireError(code: .frameUnknownType, message: "frame type 0x\(Varint.hex(first & 0x0F)) is not defined")
        }
        guard flags & ~type.definedFlags == 0 else {
            throw WireError(
                code: .frameReservedFlags,
                message: "\(type.name) frame sets undefined flag bits 0x\(Varint.hex(flags & ~type.definedFlags))"
            )
        }
        guard type.isSent(by: self.sender) else {
            throw WireError(
                code: .frameWrongDirection,
                message: "a \(self.sender.rawValue) may not send \(type.name) frames"
            )
        }
        if type == .message, flags & FrameFlags.endStream != 0, flags & FrameFlags.more != 0 {
            throw WireError(code: .frameBadFlags, message: "MESSAGE frame sets both END_STREAM and MORE")
        }
        if self.awaitingSettings, type != .settings {
            throw WireError(code: .settingsMissing, message: "first frame is \(type.name); it must be SETTINGS")
        }
        if !self.awaitingSettings, type == .settings {
            throw WireError(code: .settingsRepeated, message: "a second SETTINGS frame arrived; settings are sent once")
        }
        return (type, flags)
    }

    private func checkCallID(_ callID: UInt32, type: FrameType) throws(WireError) {
        guard type.isCallFrame else {
            guard callID == 0 else {
                throw WireError(
                    code: .frameCallIDNotZero,
                    message: "\(type.name) frame names call \(callID); it must use 0"
                )
            }
            return
        }
        guard callID != 0 else {
            throw WireError(
                code: .frameCallIDZero,
                message: "\(type.name) frame uses call id 0, which is the connection's"
            )
        }
        guard callID <= Self.maxCallID else {
            throw WireError(code: .frameCallIDRange, message: "call id \(callID) is above 2147483647")
        }
        guard self.sender == .client else {
            guard self.knowsStartedCalls, callID > self.highestCallID else { return }
            throw WireError(
                code: .callUnknownID,
                message: "\(type.name) frame names call \(callID), which this client never started"
            )
        }
        if type == .call {
            guard callID > self.highestCallID else {
                throw WireError(
                    code: .callIDNotIncreasing,
                    message: "CALL uses id \(callID), not above the highest id used so far (\(self.highestCallID))"
                )
            }
        } else if callID > self.highestCallID {
            throw WireError(
                code: .callUnknownID,
                message: "\(type.name) frame names call \(callID), which was never started"
            )
        }
    }

    private func decodeBody(_ body: inout ByteBuffer, type: FrameType, flags: UInt8, callID: UInt32) throws(WireError)
        -> Frame
    {
        var reader = BodyReader(body: body, type: type)
        switch type {
        case .settings:
            var entries: [Setting] = []
            while reader.hasMore {
                let id = try reader.varint("setting id")
                let value = try reader.varint("setting value")
                entries.append(Setting(SettingID(rawValue: id), value))
            }
            let frame = SettingsFrame(entries: entries)
            _ = try Settings(validating: frame)
            return .settings(frame)

        case .call:
            let method = try reader.varint("method id")
            let deadline = flags & FrameFlags.deadline != 0 ? Deadline(wireValue: try reader.varint("deadline")) : nil
            let metadata = flags & FrameFlags.metadata != 0 ? try reader.metadata() : nil
            var key: [UInt8]? = nil
            if flags & FrameFlags.idempotencyKey != 0 {
                key = try reader.bytes(Int(try reader.varint("idempotency key length")), "idempotency key")
            }
            try reader.finish()
            let frame = CallFrame(
                callID: callID,
                method: method,
                deadline: deadline,
                metadata: metadata?.metadata,
                idempotencyKey: key,
                endStream: flags & FrameFlags.endStream != 0
            )
            try self.checkContent(metadata, callID: callID)
            if let key, key.isEmpty || key.count > Self.maxIdempotencyKeyLength {
                throw WireError(
                    code: .callBadIdempotencyKey,
                    message: "idempotency key is \(key.count) bytes; it must be 1–64",
                    callID: callID
                )
            }
            return .call(frame)

        case .message:
            return .message(
                MessageFrame(
                    callID: callID,
                    payload: body,
                    compressed: flags & FrameFlags.compressed != 0,
                    more: flags & FrameFlags.more != 0,
                    endStream: flags & FrameFlags.endStream != 0
                )
            )

        case .headers:
            let metadata = try reader.metadata()
            try reader.finish()
            try self.checkContent(metadata, callID: callID)
            return .headers(HeadersFrame(callID: callID, metadata: metadata.metadata))

        case .end:
            let status = StatusCode(rawValue: try reader.varint("status code"))
            var message: String? = nil
            if flags & FrameFlags.statusMessage != 0 {
                let bytes = try reader.bytes(Int(try reader.varint("status message length")), "status message")
                message = String(decoding: bytes, as: UTF8.self)
            }
            let trailers = flags & FrameFlags.trailers != 0 ? try reader.metadata() : nil
            try reader.finish()
            try self.checkContent(trailers, callID: callID)
            return .end(EndFrame(callID: callID, status: status, message: message, trailers: trailers?.metadata))

        case .cancel:
            let status = StatusCode(rawValue: try reader.varint("status code"))
            try reader.finish()
            return .cancel(CancelFrame(callID: callID, status: status))

        case .close:
            try reader.finish()
            return .close(CloseFrame(callID: callID))

        case .window:
            let increment = try reader.varint("window increment")
            try reader.finish()
            guard increment >= 1, increment <= Settings.maximumWindow else {
                throw WireError(
                    code: .windowBadIncrement,
                    message: "WINDOW increment \(increment) is outside 1…2147483647"
                )
            }
            return .window(WindowFrame(callID: callID, increment: increment))

        case .ping:
            guard body.readableBytes == 8 else {
                throw WireError(code: .pingBadLength, message: "PING body is \(body.readableBytes) bytes; it must be 8")
            }
            return .ping(PingFrame(data: body.readInteger(endianness: .big)!, ack: flags & FrameFlags.ack != 0))

        case .goAway:
            let lastCallID = try reader.varint("last call id")
            let code = ConnectionErrorCode(rawValue: try reader.varint("error code"))
            let reason = String(decoding: reader.rest(), as: UTF8.self)
            return .goAway(GoAwayFrame(lastCallID: lastCallID, code: code, reason: reason))
        }
    }

    /// The call-scoped checks of a metadata block: its size against the limit, then every key and value.
    private func checkContent(_ block: BodyReader.MetadataBlock?, callID: UInt32) throws(WireError) {
        guard let block else { return }
        guard block.encodedLength <= self.maxMetadataSize else {
            throw WireError(
                code: .metadataTooLarge,
                message: "metadata block is \(block.encodedLength) bytes; the maximum is \(self.maxMetadataSize)",
                callID: callID
            )
        }
        for (key, value) in block.raw {
            if var error = Metadata.validate(key: key, value: value) {
                error.callID = callID
                throw error
            }
        }
    }
}

/// Reads the fields of one frame body, turning a field that runs past the body into an error.
private struct BodyReader {
    var body: ByteBuffer
    let type: FrameType

    struct MetadataBlock {
        var raw: [([UInt8], [UInt8])]
        var encodedLength: Int
        var metadata: Metadata {
            Metadata(entries: raw.map { Metadata.Entry(key: String(decoding: $0.0, as: UTF8.self), value: $0.1) })
        }
    }

    var hasMore: Bool { self.body.readableBytes > 0 }

    mutating func varint(_ field: String) throws(WireError) -> UInt32 {
        guard let value = try self.body.readVarint() else {
            throw WireError(code: .frameTruncatedBody, message: "\(self.type.name) frame body ends inside its \(field)")
        }
        return value
    }

    mutating func bytes(_ count: Int, _ field: String) throws(WireError) -> [UInt8] {
        guard let bytes = self.body.readBytes(length: count) else {
            throw WireError(
                code: .frameTruncatedBody,
                message:
                    "\(self.type.name) frame's \(field) needs \(count) bytes; the body has \(self.body.readableBytes) left"
            )
        }
        return bytes
    }

    mutating func metadata() throws(WireError) -> MetadataBlock {
        let start = self.body.readerIndex
        let count = try self.varint("metadata count")
        var raw: [([UInt8], [UInt8])] = []
        raw.reserveCapacity(min(Int(count), 64))
        for _ in 0..<count {
            let key = try self.bytes(Int(try self.varint("metadata key length")), "metadata key")
            let value = try self.bytes(Int(try self.varint("metadata value length")), "metadata value")
            raw.append((key, value))
        }
        return MetadataBlock(raw: raw, encodedLength: self.body.readerIndex - start)
    }

    mutating func rest() -> [UInt8] {
        self.body.readBytes(length: self.body.readableBytes) ?? []
    }

    func finish() throws(WireError) {
        guard self.body.readableBytes == 0 else {
            throw WireError(
                code: .frameTrailingBytes,
                message: "\(self.type.name) frame body has \(self.body.readableBytes) byte(s) after its last field"
            )
        }
    }
}
