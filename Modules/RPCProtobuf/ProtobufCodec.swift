public import ChainDeskRPC
public import NIOCore
public import SwiftProtobuf

/// The protobuf codec for a generated message type.
public struct ProtobufCodec<Message: SwiftProtobuf.Message & Sendable>: MessageCodec {
    public init() {}

    public func encode(_ message: Message) throws -> ByteBuffer {
        let bytes: [UInt8] = try message.serializedBytes()
        return ByteBuffer(bytes: bytes)
    }

    public func decode(_ bytes: ByteBuffer) throws -> Message {
        try Message(serializedBytes: Array(bytes.readableBytesView))
    }
}

extension Method where Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message {
    /// A method with protobuf request and response messages.
    public init(id: UInt32, name: String, kind: Kind) {
        self.init(
            id: id,
            name: name,
            kind: kind,
            request: ProtobufCodec<Request>(),
            response: ProtobufCodec<Response>()
        )
    }
}
