public import NIOCore

/// A whole message as received, after reassembly and inflation.
public struct Message: Hashable, Sendable {
    /// The message's bytes (a protobuf encoding, for ChainDesk's services).
    public var bytes: ByteBuffer
    /// Whether it travelled compressed.
    public var wasCompressed: Bool
    /// The preset dictionary it was compressed with, if any.
    public var dictionaryID: UInt32?
    /// Its size on the wire (all fragments' payloads).
    public var wireSize: Int

    public init(bytes: ByteBuffer, wasCompressed: Bool = false, dictionaryID: UInt32? = nil, wireSize: Int? = nil) {
        self.bytes = bytes
        self.wasCompressed = wasCompressed
        self.dictionaryID = dictionaryID
        self.wireSize = wireSize ?? bytes.readableBytes
    }
}

/// Joins the MESSAGE frames of one call into messages (SPEC.md §6.2), within the size limit.
///
/// One per call on the receiving side.
public struct MessageReassembler: Sendable {
    /// The largest message accepted as sent (this endpoint's MAX_MESSAGE_SIZE).
    public let maxMessageSize: Int
    private var pending: ByteBuffer?
    private var pendingCompressed = false

    public init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Whether part of a message has arrived and the rest has not.
    public var isMidMessage: Bool { self.pending != nil }

    /// Adds one MESSAGE frame; returns the message once its last fragment is in.
    ///
    /// The returned message's bytes are still compressed if ``Message/wasCompressed`` is set:
    /// pass it to ``MessageInflater``.
    public mutating func append(_ frame: MessageFrame) throws(WireError) -> Message? {
        var payload = frame.payload
        if var pending = self.pending {
            guard frame.compressed == self.pendingCompressed else {
                self.pending = nil
                throw WireError(
                    code: .messageFlagMismatch,
                    message:
                        "fragment's COMPRESSED flag is \(frame.compressed ? 1 : 0); the message's first fragment had "
                        + "\(self.pendingCompressed ? 1 : 0)",
                    callID: frame.callID
                )
            }
            try self.checkSize(pending.readableBytes + payload.readableBytes, callID: frame.callID)
            self.pending = nil  // keep `pending` uniquely referenced while appending
            pending.writeBuffer(&payload)
            payload = pending
        } else {
            try self.checkSize(payload.readableBytes, callID: frame.callID)
        }
        if frame.more {
            self.pending = payload
            self.pendingCompressed = frame.compressed
            return nil
        }
        return Message(bytes: payload, wasCompressed: frame.compressed, wireSize: payload.readableBytes)
    }

    private mutating func checkSize(_ size: Int, callID: UInt32) throws(WireError) {
        guard size <= self.maxMessageSize else {
            self.pending = nil
            throw WireError(
                code: .messageTooLarge,
                message:
                    "message reaches \(size) bytes on the wire; the maximum message size is \(self.maxMessageSize)",
                callID: callID
            )
        }
    }
}

/// Inflates received compressed messages according to what this endpoint accepted (SPEC.md §7).
///
/// One per connection; not thread-safe.
public final class MessageInflater {
    private let accepts: Bool
    private let maxMessageSize: Int
    private let decompressor: Zlib.Decompressor

    public init(configuration: WireConfiguration) {
        self.accepts = configuration.compression.accept
        self.maxMessageSize = Int(configuration.limits.maxMessageSize)
        self.decompressor = Zlib.Decompressor(
            dictionaries: configuration.compression.accept ? configuration.compression.dictionaries : []
        )
    }

    /// Returns the message with its bytes inflated; plain messages pass through.
    public func inflate(_ message: Message, callID: UInt32) throws(WireError) -> Message {
        guard message.wasCompressed else { return message }
        guard self.accepts else {
            throw WireError(
                code: .messageCompressionNotNegotiated,
                message: "message is compressed, but this endpoint did not accept compression",
                callID: callID
            )
        }
        do {
            let output = try self.decompressor.decompress(message.bytes, limit: self.maxMessageSize)
            return Message(
                bytes: output.bytes,
                wasCompressed: true,
                dictionaryID: output.dictionaryID,
                wireSize: message.wireSize
            )
        } catch {
            var error = error
            error.callID = callID
            throw error
        }
    }
}

/// Turns outgoing messages into MESSAGE frames: compressed when worthwhile and negotiated, split to fit the
/// peer's maximum frame size (SPEC.md §6, §7.4).
///
/// One per connection; not thread-safe.
public final class MessageFramer {
    private let policy: CompressionPolicy
    private var peer: Settings
    private var compressor: Zlib.Compressor?

    /// A framer for a connection whose peer declared `peer` (``Settings/defaults`` until its SETTINGS arrive).
    public init(policy: CompressionPolicy, peer: Settings = .defaults) {
        self.policy = policy
        self.peer = peer
        self.compressor = nil
        self.update(peer: peer)
    }

    /// Adopts the peer's SETTINGS once they arrive.
    public func update(peer: Settings) {
        self.peer = peer
        guard self.policy.send, peer.compression.contains(.zlib) else {
            self.compressor = nil
            return
        }
        let dictionary = self.policy.dictionaries.first { peer.dictionaries.contains(Zlib.dictionaryID(of: $0)) }
        if self.compressor == nil || self.compressor?.dictionary != dictionary {
            self.compressor = Zlib.Compressor(level: self.policy.level, dictionary: dictionary)
        }
    }

    /// The MESSAGE frames that carry `message` on `callID`; the last carries END_STREAM if `endStream`.
    public func frames(for message: ByteBuffer, callID: UInt32, endStream: Bool = false) -> [MessageFrame] {
        var payload = message
        var compressed = false
        if let compressor = self.compressor, message.readableBytes >= self.policy.minimumSize {
            var output = ByteBufferAllocator().buffer(capacity: message.readableBytes)
            let size = compressor.compress(message, into: &output)
            if size < message.readableBytes {
                payload = output
                compressed = true
            }
        }
        let maxFrame = Int(self.peer.maxFrameSize)
        guard payload.readableBytes > maxFrame else {
            return [MessageFrame(callID: callID, payload: payload, compressed: compressed, endStream: endStream)]
        }
        var frames: [MessageFrame] = []
        frames.reserveCapacity(payload.readableBytes / maxFrame + 1)
        while payload.readableBytes > 0 {
            let fragment = payload.readSlice(length: min(maxFrame, payload.readableBytes))!
            let last = payload.readableBytes == 0
            frames.append(
                MessageFrame(
                    callID: callID,
                    payload: fragment,
                    compressed: compressed,
                    more: !last,
                    endStream: last && endStream
                )
            )
        }
        return frames
    }
}
