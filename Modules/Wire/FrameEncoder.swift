public import NIOCore

/// Writes frames in the layout of SPEC.md §4.2: a type-and-flags byte, the call id and the body length
/// as varints, then the body.
///
/// The encoder does not check limits: what a sender may send depends on its peer's settings, which the
/// connection layer enforces before encoding.
public struct FrameEncoder: Sendable {
    public init() {}

    /// Appends `frame` to `buffer`.
    public func encode(_ frame: Frame, into buffer: inout ByteBuffer) {
        switch frame {
        case .message(let message):
            Self.writeHeader(
                type: .message,
                flags: message.flags,
                callID: message.callID,
                bodyLength: message.payload.readableBytes,
                into: &buffer
            )
            var payload = message.payload
            buffer.writeBuffer(&payload)
        default:
            let (flags, length) = Self.flagsAndBodyLength(of: frame)
            Self.writeHeader(type: frame.type, flags: flags, callID: frame.callID, bodyLength: length, into: &buffer)
            let start = buffer.writerIndex
            Self.writeBody(of: frame, into: &buffer)
            assert(buffer.writerIndex - start == length, "body length computed for \(frame.type.name) is wrong")
        }
    }

    /// Appends a frame header; the caller appends `bodyLength` bytes of body after it.
    ///
    /// This lets a MESSAGE frame's payload be written without copying it into the header's buffer.
    public static func writeHeader(
        type: FrameType,
        flags: UInt8,
        callID: UInt32,
        bodyLength: Int,
        into buffer: inout ByteBuffer
    ) {
        precondition(bodyLength >= 0 && bodyLength <= Int(UInt32.max), "frame body length \(bodyLength) out of range")
        buffer.writeInteger(flags << 4 | type.rawValue)
        buffer.writeVarint(callID)
        buffer.writeVarint(UInt32(bodyLength))
    }

    /// The encoded length of a frame header for the given call id and body length.
    public static func headerLength(callID: UInt32, bodyLength: Int) -> Int {
        1 + Varint.encodedLength(of: callID) + Varint.encodedLength(of: UInt32(bodyLength))
    }

    private static func flagsAndBodyLength(of frame: Frame) -> (UInt8, Int) {
        switch frame {
        case .settings(let settings):
            let length = settings.entries.reduce(0) {
                $0 + Varint.encodedLength(of: $1.id.rawValue) + Varint.encodedLength(of: $1.value)
            }
            return (0, length)
        case .call(let call):
            var flags: UInt8 = call.endStream ? FrameFlags.endStream : 0
            var length = Varint.encodedLength(of: call.method)
            if let deadline = call.deadline {
                flags |= FrameFlags.deadline
                length += Varint.encodedLength(of: deadline.wireValue)
            }
            if let metadata = call.metadata {
                flags |= FrameFlags.metadata
                length += metadata.encodedLength
            }
            if let key = call.idempotencyKey {
                flags |= FrameFlags.idempotencyKey
                length += Self.lengthPrefixed(key.count)
            }
            return (flags, length)
        case .message(let message):
            return (message.flags, message.payload.readableBytes)
        case .headers(let headers):
            return (0, headers.metadata.encodedLength)
        case .end(let end):
            var flags: UInt8 = 0
            var length = Varint.encodedLength(of: end.status.rawValue)
            if let message = end.message {
                flags |= FrameFlags.statusMessage
                length += Self.lengthPrefixed(message.utf8.count)
            }
            if let trailers = end.trailers {
                flags |= FrameFlags.trailers
                length += trailers.encodedLength
            }
            return (flags, length)
        case .cancel(let cancel):
            return (0, Varint.encodedLength(of: cancel.status.rawValue))
        case .close:
            return (0, 0)
        case .window(let window):
            return (0, Varint.encodedLength(of: window.increment))
        case .ping(let ping):
            return (ping.ack ? FrameFlags.ack : 0, 8)
        case .goAway(let goAway):
            let length =
                Varint.encodedLength(of: goAway.lastCallID) + Varint.encodedLength(of: goAway.code.rawValue)
                + goAway.reason.utf8.count
            return (0, length)
        }
    }

    private static func writeBody(of frame: Frame, into buffer: inout ByteBuffer) {
        switch frame {
        case .settings(let settings):
            for setting in settings.entries {
                buffer.writeVarint(setting.id.rawValue)
                buffer.writeVarint(setting.value)
            }
        case .call(let call):
            buffer.writeVarint(call.method)
            if let deadline = call.deadline { buffer.writeVarint(deadline.wireValue) }
            if let metadata = call.metadata { metadata.write(into: &buffer) }
            if let key = call.idempotencyKey {
                buffer.writeVarint(UInt32(key.count))
                buffer.writeBytes(key)
            }
        case .message(var message):
            buffer.writeBuffer(&message.payload)
        case .headers(let headers):
            headers.metadata.write(into: &buffer)
        case .end(let end):
            buffer.writeVarint(end.status.rawValue)
            if let message = end.message {
                buffer.writeVarint(UInt32(message.utf8.count))
                buffer.writeString(message)
            }
            if let trailers = end.trailers { trailers.write(into: &buffer) }
        case .cancel(let cancel):
            buffer.writeVarint(cancel.status.rawValue)
        case .close:
            break
        case .window(let window):
            buffer.writeVarint(window.increment)
        case .ping(let ping):
            buffer.writeInteger(ping.data, endianness: .big)
        case .goAway(let goAway):
            buffer.writeVarint(goAway.lastCallID)
            buffer.writeVarint(goAway.code.rawValue)
            buffer.writeString(goAway.reason)
        }
    }

    private static func lengthPrefixed(_ count: Int) -> Int {
        Varint.encodedLength(of: UInt32(count)) + count
    }
}

extension MessageFrame {
    /// The frame's flag bits.
    public var flags: UInt8 {
        (self.endStream ? FrameFlags.endStream : 0) | (self.compressed ? FrameFlags.compressed : 0)
            | (self.more ? FrameFlags.more : 0)
    }
}

extension Metadata {
    /// The length of the metadata block on the wire: a count, then each key and value with its length.
    public var encodedLength: Int {
        self.entries.reduce(Varint.encodedLength(of: UInt32(self.entries.count))) { total, entry in
            let key = entry.key.utf8.count
            return total + Varint.encodedLength(of: UInt32(key)) + key
                + Varint.encodedLength(of: UInt32(entry.value.count)) + entry.value.count
        }
    }

    /// Appends the metadata block.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeVarint(UInt32(self.entries.count))
        for entry in self.entries {
            buffer.writeVarint(UInt32(entry.key.utf8.count))
            buffer.writeString(entry.key)
            buffer.writeVarint(UInt32(entry.value.count))
            buffer.writeBytes(entry.value)
        }
    }
}
