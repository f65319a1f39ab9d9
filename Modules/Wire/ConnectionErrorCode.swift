/// Why a connection is being closed: the code in a GOAWAY frame (SPEC.md §9.2).
///
/// Unknown values are carried unchanged; a receiver treats them as ``internalError``.
public struct ConnectionErrorCode: WireCode {
    /// The value on the wire.
    public let rawValue: UInt32

    /// A connection error code with the given wire value, known or not.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Graceful shutdown: no error.
    public static let noError = ConnectionErrorCode(rawValue: 0)
    /// The peer violated the protocol: malformed frame, bad varint, reserved bits, misuse of call ids.
    public static let protocolError = ConnectionErrorCode(rawValue: 1)
    /// The sender hit an internal error unrelated to the peer's behaviour.
    public static let internalError = ConnectionErrorCode(rawValue: 2)
    /// The peer sent more message bytes on a call than its window allowed.
    public static let flowControlError = ConnectionErrorCode(rawValue: 3)
    /// A frame declared a length over the receiver's maximum frame size, or a fixed-size frame had another size.
    public static let frameSizeError = ConnectionErrorCode(rawValue: 4)
    /// The two endpoints share no protocol version.
    public static let versionMismatch = ConnectionErrorCode(rawValue: 5)
    /// The peer is generating excessive load (pings too often, for example).
    public static let enhanceYourCalm = ConnectionErrorCode(rawValue: 6)
    /// The connection was idle for longer than the sender allows.
    public static let idleTimeout = ConnectionErrorCode(rawValue: 7)
    /// The peer did not complete the preface and settings in time.
    public static let handshakeTimeout = ConnectionErrorCode(rawValue: 8)

    /// The canonical names, by value.
    public static let names = [
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "FRAME_SIZE_ERROR",
        "VERSION_MISMATCH", "ENHANCE_YOUR_CALM", "IDLE_TIMEOUT", "HANDSHAKE_TIMEOUT",
    ]

}
