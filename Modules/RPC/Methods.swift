public import NIOCore

/// Turns messages into bytes and back.
public protocol MessageCodec<Message>: Sendable {
    associatedtype Message: Sendable
    func encode(_ message: Message) throws -> ByteBuffer
    func decode(_ bytes: ByteBuffer) throws -> Message
}

/// Messages passed through as their bytes: for replaying recorded calls and for proxies.
public struct BytesCodec: MessageCodec {
    public init() {}

    public func encode(_ message: [UInt8]) throws -> ByteBuffer { ByteBuffer(bytes: message) }

    public func decode(_ bytes: ByteBuffer) throws -> [UInt8] { Array(bytes.readableBytesView) }
}

/// How many messages each side of a call sends (SPEC.md §5.4).
public enum CallKind: String, Sendable, Hashable, CaseIterable {
    case unary, serverStreaming, clientStreaming, bidirectional
}

/// A method of a service: its stable numeric id, its name for people, its kind and its message types.
public struct Method<Request: Sendable, Response: Sendable>: Sendable {
    public typealias Kind = CallKind

    public let id: UInt32
    /// `package.Service/Method`.
    public let name: String
    public let kind: Kind
    public let request: any MessageCodec<Request>
    public let response: any MessageCodec<Response>

    public init(
        id: UInt32,
        name: String,
        kind: Kind,
        request: any MessageCodec<Request>,
        response: any MessageCodec<Response>
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.request = request
        self.response = response
    }
}

extension Method where Request == [UInt8], Response == [UInt8] {
    /// A unary method known only by its id, its messages passed as bytes.
    public static func raw(id: UInt32) -> Method {
        Method(id: id, name: "#\(id)", kind: .unary, request: BytesCodec(), response: BytesCodec())
    }
}
