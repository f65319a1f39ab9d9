public import NIOCore

/// Which endpoint of a connection sent a frame: the client opens calls, the server answers them.
public enum Role: String, Hashable, Sendable, Codable {
    case client
    case server
}

/// The frame types of SPEC.md §4.3, by the low four bits of a frame's first byte.
public enum FrameType: UInt8, Hashable, Sendable, CaseIterable {
    case settings = 0x0
    case call = 0x1
    case message = 0x2
    case headers = 0x3
    case end = 0x4
    case cancel = 0x5
    case window = 0x6
    case ping = 0x7
    case goAway = 0x8
    case close = 0x9

    /// The canonical upper-case name used in SPEC.md and golden vectors.
    public var name: String {
        switch self {
        case .settings: "SETTINGS"
        case .call: "CALL"
        case .message: "MESSAGE"
        case .headers: "HEADERS"
        case .end: "END"
        case .cancel: "CANCEL"
        case .window: "WINDOW"
        case .ping: "PING"
        case .goAway: "GOAWAY"
        case .close: "CLOSE"
        }
    }

    /// Whether frames of this type belong to a call (call id ≥ 1) rather than the connection (call id 0).
    public var isCallFrame: Bool {
        switch self {
        case .settings, .ping, .goAway: false
        case .call, .message, .headers, .end, .cancel, .window, .close: true
        }
    }

    /// The flag bits defined for this type; any other bit set is an error.
    public var definedFlags: UInt8 {
        switch self {
        case .call: 0xF
        case .message: 0x7
        case .end: 0x3
        case .ping: 0x1
        case .settings, .headers, .cancel, .window, .goAway, .close: 0x0
        }
    }

    /// Whether `role` may send frames of this type.
    public func isSent(by role: Role) -> Bool {
        switch self {
        case .call, .cancel, .close: role == .client
        case .headers, .end: role == .server
        case .settings, .message, .window, .ping, .goAway: true
        }
    }
}

/// Flag bits, in the high four bits of a frame's first byte.
public enum FrameFlags {
    /// CALL, MESSAGE: the sender will send nothing more on this call.
    public static let endStream: UInt8 = 0x1
    /// CALL: a deadline follows the method id.
    public static let deadline: UInt8 = 0x2
    /// CALL: a metadata block follows.
    public static let metadata: UInt8 = 0x4
    /// CALL: an idempotency key follows.
    public static let idempotencyKey: UInt8 = 0x8
    /// MESSAGE: the message is zlib-compressed.
    public static let compressed: UInt8 = 0x2
    /// MESSAGE: the message continues in the call's next MESSAGE frame.
    public static let more: UInt8 = 0x4
    /// END: a status message follows the status code.
    public static let statusMessage: UInt8 = 0x1
    /// END: a trailing metadata block follows.
    public static let trailers: UInt8 = 0x2
    /// PING: this frame answers a PING.
    public static let ack: UInt8 = 0x1
}

/// One frame of the protocol (SPEC.md §4–§10).
public enum Frame: Hashable, Sendable {
    case settings(SettingsFrame)
    case call(CallFrame)
    case message(MessageFrame)
    case headers(HeadersFrame)
    case end(EndFrame)
    case cancel(CancelFrame)
    case window(WindowFrame)
    case ping(PingFrame)
    case goAway(GoAwayFrame)
    case close(CloseFrame)

    /// The frame's type.
    public var type: FrameType {
        switch self {
        case .settings: .settings
        case .call: .call
        case .message: .message
        case .headers: .headers
        case .end: .end
        case .cancel: .cancel
        case .window: .window
        case .ping: .ping
        case .goAway: .goAway
        case .close: .close
        }
    }

    /// The call the frame belongs to, or 0 for connection frames.
    public var callID: UInt32 {
        switch self {
        case .settings, .ping, .goAway: 0
        case .call(let frame): frame.callID
        case .message(let frame): frame.callID
        case .headers(let frame): frame.callID
        case .end(let frame): frame.callID
        case .cancel(let frame): frame.callID
        case .window(let frame): frame.callID
        case .close(let frame): frame.callID
        }
    }
}

/// SETTINGS: the sender's limits and what it accepts (SPEC.md §3.3).
public struct SettingsFrame: Hashable, Sendable {
    /// The settings in the order they appear on the wire.
    public var entries: [Setting]

    public init(entries: [Setting]) {
        self.entries = entries
    }
}

/// CALL: starts a call (SPEC.md §5.2).
public struct CallFrame: Hashable, Sendable {
    public var callID: UInt32
    /// The stable numeric id of the method being called.
    public var method: UInt32
    /// The time the server has to finish the call, from receiving this frame.
    public var deadline: Deadline?
    /// Call metadata; `nil` when the METADATA flag is clear.
    public var metadata: Metadata?
    /// A key that makes retries of this call safe (SPEC.md §12), 1–64 bytes.
    public var idempotencyKey: [UInt8]?
    /// The client sends no request message on this call.
    public var endStream: Bool

    public init(
        callID: UInt32,
        method: UInt32,
        deadline: Deadline? = nil,
        metadata: Metadata? = nil,
        idempotencyKey: [UInt8]? = nil,
        endStream: Bool = false
    ) {
        self.callID = callID
        self.method = method
        self.deadline = deadline
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
        self.endStream = endStream
    }
}

/// MESSAGE: a message, or one fragment of one (SPEC.md §6).
public struct MessageFrame: Hashable, Sendable {
    public var callID: UInt32
    /// The fragment's bytes: compressed bytes when ``compressed`` is set.
    public var payload: ByteBuffer
    /// The message is zlib-compressed (SPEC.md §7).
    public var compressed: Bool
    /// The message continues in the call's next MESSAGE frame.
    public var more: Bool
    /// The sender will send nothing more on this call; from a server, the call ended with OK.
    public var endStream: Bool

    public init(
        callID: UInt32,
        payload: ByteBuffer,
        compressed: Bool = false,
        more: Bool = false,
        endStream: Bool = false
    ) {
        self.callID = callID
        self.payload = payload
        self.compressed = compressed
        self.more = more
        self.endStream = endStream
    }
}

/// HEADERS: the server's initial metadata for a call (SPEC.md §8.1).
public struct HeadersFrame: Hashable, Sendable {
    public var callID: UInt32
    public var metadata: Metadata

    public init(callID: UInt32, metadata: Metadata) {
        self.callID = callID
        self.metadata = metadata
    }
}

/// END: the server ends a call with a status (SPEC.md §8.2).
public struct EndFrame: Hashable, Sendable {
    public var callID: UInt32
    public var status: StatusCode
    /// A human-readable explanation; `nil` when the flag is clear.
    public var message: String?
    /// Trailing metadata; `nil` when the flag is clear.
    public var trailers: Metadata?

    public init(callID: UInt32, status: StatusCode, message: String? = nil, trailers: Metadata? = nil) {
        self.callID = callID
        self.status = status
        self.message = message
        self.trailers = trailers
    }
}

/// CANCEL: the client abandons a call (SPEC.md §8.4).
public struct CancelFrame: Hashable, Sendable {
    public var callID: UInt32
    /// Why: ``StatusCode/cancelled`` or ``StatusCode/deadlineExceeded``.
    public var status: StatusCode

    public init(callID: UInt32, status: StatusCode = .cancelled) {
        self.callID = callID
        self.status = status
    }
}

/// WINDOW: more message bytes the receiver is ready for on a call (SPEC.md §10).
public struct WindowFrame: Hashable, Sendable {
    public var callID: UInt32
    public var increment: UInt32

    public init(callID: UInt32, increment: UInt32) {
        self.callID = callID
        self.increment = increment
    }
}

/// PING and its answer (SPEC.md §9.1).
public struct PingFrame: Hashable, Sendable {
    /// Eight opaque bytes, echoed in the answer (big-endian on the wire).
    public var data: UInt64
    /// This frame answers a PING.
    public var ack: Bool

    public init(data: UInt64, ack: Bool = false) {
        self.data = data
        self.ack = ack
    }
}

/// CLOSE: the client sends no more messages on a call (SPEC.md §5.5).
public struct CloseFrame: Hashable, Sendable {
    public var callID: UInt32

    public init(callID: UInt32) {
        self.callID = callID
    }
}

/// GOAWAY: the sender accepts no new calls and says which it will still finish (SPEC.md §9.2).
public struct GoAwayFrame: Hashable, Sendable {
    /// The highest call id the sender accepted; calls above it were not processed and may be retried.
    public var lastCallID: UInt32
    public var code: ConnectionErrorCode
    /// A human-readable reason, possibly empty.
    public var reason: String

    public init(lastCallID: UInt32, code: ConnectionErrorCode, reason: String = "") {
        self.lastCallID = lastCallID
        self.code = code
        self.reason = reason
    }
}
