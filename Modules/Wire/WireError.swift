/// A violation of the wire protocol found while decoding, with where it is specified and what it costs.
///
/// Every malformed input has exactly one ``Code``; the code fixes the error's ``scope`` (the whole
/// connection, or one call), the GOAWAY code or call status that answers it, and the section of
/// SPEC.md that states the rule. Golden vectors name codes by ``Code/identifier``.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, as one of the protocol's named error kinds.
    public var code: Code
    /// A human explanation naming the offending value.
    public var message: String
    /// The call that the error belongs to, for call-scoped errors.
    public var callID: UInt32?

    /// An error with the given code and explanation.
    public init(code: Code, message: String, callID: UInt32? = nil) {
        self.code = code
        self.message = message
        self.callID = callID
    }

    /// Whether the error closes the connection or ends only one call.
    public enum Scope: String, Hashable, Sendable {
        /// The endpoint sends GOAWAY with ``WireError/Code/connectionCode`` and closes the connection.
        case connection
        /// The call ends with ``WireError/Code/status``; the connection and other calls carry on.
        case call
    }

    public var description: String {
        let call = self.callID.map { " on call \($0)" } ?? ""
        return "\(self.code.identifier)\(call): \(self.message) (SPEC.md §\(self.code.section))"
    }
}

extension WireError {
    /// The kind of a wire error: a struct over a private enum, so that kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, CaseIterable {
            case prefaceBadMagic = "preface.bad_magic"
            case prefaceBadVersionRange = "preface.bad_version_range"
            case versionMismatch = "preface.version_mismatch"
            case settingsMissing = "settings.missing"
            case settingsRepeated = "settings.repeated"
            case settingsDuplicate = "settings.duplicate"
            case settingsBadValue = "settings.bad_value"
            case varintNonMinimal = "varint.non_minimal"
            case varintOverflow = "varint.overflow"
            case frameTooLarge = "frame.too_large"
            case frameTruncatedBody = "frame.truncated_body"
            case frameTrailingBytes = "frame.trailing_bytes"
            case frameTruncated = "frame.truncated"
            case frameUnknownType = "frame.unknown_type"
            case frameReservedFlags = "frame.reserved_flags"
            case frameWrongDirection = "frame.wrong_direction"
            case frameCallIDZero = "frame.call_id_zero"
            case frameCallIDNotZero = "frame.call_id_not_zero"
            case frameCallIDRange = "frame.call_id_range"
            case callIDNotIncreasing = "call.id_not_increasing"
            case callUnknownID = "call.unknown_id"
            case callBadIdempotencyKey = "call.bad_idempotency_key"
            case metadataBadKey = "metadata.bad_key"
            case metadataBadValue = "metadata.bad_value"
            case metadataTooLarge = "metadata.too_large"
            case frameBadFlags = "frame.bad_flags"
            case messageFlagMismatch = "message.flag_mismatch"
            case messageTooLarge = "message.too_large"
            case messageCorrupt = "message.corrupt"
            case messageCompressionNotNegotiated = "message.compression_not_negotiated"
            case messageUnknownDictionary = "message.unknown_dictionary"
            case pingBadLength = "ping.bad_length"
            case windowBadIncrement = "window.bad_increment"
            // Found from a connection's state rather than from the bytes alone.
            case callMessageCount = "call.message_count"
            case callAfterEndStream = "call.after_end_stream"
            case callHeadersOrder = "call.headers_order"
            case callTooMany = "call.too_many"
            case callUnknownMethod = "call.unknown_method"
            case messageUndecodable = "message.undecodable"
            case pingFlood = "ping.flood"
            case flowWindowExceeded = "flow.window_exceeded"
            case flowWindowOverflow = "flow.window_overflow"
            case handshakeTimeout = "handshake.timeout"
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The code with the given stable identifier (`"varint.non_minimal"`), as used in golden vectors.
        public init?(identifier: String) {
            guard let kind = Kind(rawValue: identifier) else { return nil }
            self.kind = kind
        }

        /// Every defined code.
        public static var allCases: [Code] { Kind.allCases.map(Code.init) }

        /// The stable identifier used in golden vectors and logs, such as `"varint.non_minimal"`.
        public var identifier: String { self.kind.rawValue }

        public var description: String { self.identifier }

        /// The preface does not start with the magic bytes `CDWP`.
        public static let prefaceBadMagic = Code(.prefaceBadMagic)
        /// The preface's lowest version is 0 or greater than its highest.
        public static let prefaceBadVersionRange = Code(.prefaceBadVersionRange)
        /// The two endpoints' version ranges do not overlap.
        public static let versionMismatch = Code(.versionMismatch)
        /// The first frame after the preface is not SETTINGS.
        public static let settingsMissing = Code(.settingsMissing)
        /// A second SETTINGS frame arrived.
        public static let settingsRepeated = Code(.settingsRepeated)
        /// A single-valued setting appears twice in one SETTINGS frame.
        public static let settingsDuplicate = Code(.settingsDuplicate)
        /// A setting's value is outside its allowed range.
        public static let settingsBadValue = Code(.settingsBadValue)
        /// A varint uses more bytes than its value needs.
        public static let varintNonMinimal = Code(.varintNonMinimal)
        /// A varint encodes a value above 2^32 − 1.
        public static let varintOverflow = Code(.varintOverflow)
        /// A frame declares a body longer than the receiver's maximum frame size.
        public static let frameTooLarge = Code(.frameTooLarge)
        /// A field of the frame body runs past the body's declared length.
        public static let frameTruncatedBody = Code(.frameTruncatedBody)
        /// Bytes are left over in a frame body after its last field.
        public static let frameTrailingBytes = Code(.frameTrailingBytes)
        /// The connection ended in the middle of a frame.
        public static let frameTruncated = Code(.frameTruncated)
        /// The frame type is not defined.
        public static let frameUnknownType = Code(.frameUnknownType)
        /// A flag bit that the frame type does not define is set.
        public static let frameReservedFlags = Code(.frameReservedFlags)
        /// The frame type may not be sent by this side of the connection.
        public static let frameWrongDirection = Code(.frameWrongDirection)
        /// A call frame uses call id 0.
        public static let frameCallIDZero = Code(.frameCallIDZero)
        /// A connection frame uses a call id other than 0.
        public static let frameCallIDNotZero = Code(.frameCallIDNotZero)
        /// A call id is above 2^31 − 1.
        public static let frameCallIDRange = Code(.frameCallIDRange)
        /// A CALL frame's id is not greater than every call id used before on the connection.
        public static let callIDNotIncreasing = Code(.callIDNotIncreasing)
        /// A frame names a call that was never started.
        public static let callUnknownID = Code(.callUnknownID)
        /// An idempotency key is empty or longer than 64 bytes.
        public static let callBadIdempotencyKey = Code(.callBadIdempotencyKey)
        /// A metadata key is empty, too long, has a character outside `[0-9a-z_.-]`, or uses the reserved prefix.
        public static let metadataBadKey = Code(.metadataBadKey)
        /// A text metadata value is not valid UTF-8.
        public static let metadataBadValue = Code(.metadataBadValue)
        /// A metadata block is larger than the receiver's maximum metadata size.
        public static let metadataTooLarge = Code(.metadataTooLarge)
        /// A MESSAGE frame sets both END_STREAM and MORE.
        public static let frameBadFlags = Code(.frameBadFlags)
        /// The fragments of one message disagree on the COMPRESSED flag.
        public static let messageFlagMismatch = Code(.messageFlagMismatch)
        /// A message (as sent, or once inflated) is larger than the receiver's maximum message size.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// A compressed message is not a valid, complete zlib stream.
        public static let messageCorrupt = Code(.messageCorrupt)
        /// A message is compressed although the receiver did not accept compression.
        public static let messageCompressionNotNegotiated = Code(.messageCompressionNotNegotiated)
        /// A compressed message needs a preset dictionary that the receiver did not accept.
        public static let messageUnknownDictionary = Code(.messageUnknownDictionary)
        /// A PING body is not exactly 8 bytes.
        public static let pingBadLength = Code(.pingBadLength)
        /// A WINDOW increment is 0 or above 2^31 − 1.
        public static let windowBadIncrement = Code(.windowBadIncrement)
        /// A call received a number of request messages its kind does not allow.
        public static let callMessageCount = Code(.callMessageCount)
        /// A MESSAGE or CLOSE arrived after the client's side had ended.
        public static let callAfterEndStream = Code(.callAfterEndStream)
        /// HEADERS arrived twice, or after a MESSAGE.
        public static let callHeadersOrder = Code(.callHeadersOrder)
        /// A CALL beyond MAX_CONCURRENT_CALLS.
        public static let callTooMany = Code(.callTooMany)
        /// A CALL naming a method the server does not serve.
        public static let callUnknownMethod = Code(.callUnknownMethod)
        /// A whole message that is not a valid encoding of its method's message type (for ChainDesk's methods,
        /// not valid protobuf). Found with the method's schema, above the wire codec.
        public static let messageUndecodable = Code(.messageUndecodable)
        /// PINGs faster than PING_MIN_INTERVAL.
        public static let pingFlood = Code(.pingFlood)
        /// A MESSAGE body longer than the call's window.
        public static let flowWindowExceeded = Code(.flowWindowExceeded)
        /// A WINDOW raising a window above 2^31 − 1.
        public static let flowWindowOverflow = Code(.flowWindowOverflow)
        /// The preface and SETTINGS did not arrive in time.
        public static let handshakeTimeout = Code(.handshakeTimeout)

        /// Whether the error is found from the bytes alone (and so has golden vectors), or from a connection's state.
        public var isCodec: Bool {
            switch self.kind {
            case .callMessageCount, .callAfterEndStream, .callHeadersOrder, .callTooMany, .callUnknownMethod,
                .messageUndecodable, .pingFlood, .flowWindowExceeded, .flowWindowOverflow, .handshakeTimeout:
                return false
            default:
                return true
            }
        }

        /// Whether an error of this kind closes the connection or ends one call.
        public var scope: Scope {
            switch self.kind {
            case .callBadIdempotencyKey, .metadataBadKey, .metadataBadValue, .metadataTooLarge,
                .messageFlagMismatch, .messageTooLarge, .messageCorrupt, .messageCompressionNotNegotiated,
                .messageUnknownDictionary, .callMessageCount, .callAfterEndStream, .callHeadersOrder, .callTooMany,
                .callUnknownMethod, .messageUndecodable:
                return .call
            default:
                return .connection
            }
        }

        /// The GOAWAY code that answers a connection-scoped error (``ConnectionErrorCode/noError`` for call errors).
        public var connectionCode: ConnectionErrorCode {
            switch self.kind {
            case .versionMismatch: return .versionMismatch
            case .frameTooLarge, .pingBadLength: return .frameSizeError
            case .flowWindowExceeded, .flowWindowOverflow: return .flowControlError
            case .pingFlood: return .enhanceYourCalm
            case .handshakeTimeout: return .handshakeTimeout
            default: return self.scope == .connection ? .protocolError : .noError
            }
        }

        /// The status that ends the call for a call-scoped error (``StatusCode/ok`` for connection errors).
        public var status: StatusCode {
            switch self.kind {
            case .metadataTooLarge, .messageTooLarge, .callTooMany: return .resourceExhausted
            case .messageCompressionNotNegotiated, .messageUnknownDictionary, .callUnknownMethod: return .unimplemented
            default: return self.scope == .call ? .internal : .ok
            }
        }

        /// The section of SPEC.md that states the rule.
        public var section: String {
            switch self.kind {
            case .prefaceBadMagic, .prefaceBadVersionRange: return "3.1"
            case .versionMismatch: return "3.2"
            case .settingsMissing, .settingsRepeated, .settingsDuplicate, .settingsBadValue: return "3.3"
            case .varintNonMinimal, .varintOverflow: return "4.1"
            case .frameTooLarge, .frameTruncatedBody, .frameTrailingBytes, .frameTruncated: return "4.2"
            case .frameUnknownType, .frameReservedFlags, .frameWrongDirection: return "4.3"
            case .frameCallIDZero, .frameCallIDNotZero, .frameCallIDRange, .callIDNotIncreasing, .callUnknownID:
                return "5.1"
            case .callBadIdempotencyKey: return "5.2"
            case .metadataBadKey, .metadataBadValue, .metadataTooLarge: return "5.3"
            case .messageUndecodable: return "6.1"
            case .frameBadFlags, .messageFlagMismatch: return "6.2"
            case .messageTooLarge: return "6.3"
            case .messageCorrupt: return "7.1"
            case .messageCompressionNotNegotiated: return "7.2"
            case .messageUnknownDictionary: return "7.3"
            case .pingBadLength: return "9.1"
            case .windowBadIncrement, .flowWindowExceeded, .flowWindowOverflow: return "10"
            case .callMessageCount: return "5.4"
            case .callAfterEndStream, .callHeadersOrder, .callTooMany: return "5.5"
            case .callUnknownMethod: return "5.6"
            case .pingFlood: return "9.1"
            case .handshakeTimeout: return "3.5"
            }
        }
    }
}
