public import ChainDeskWire
internal import NIOCore

/// What decoding a vector's input must produce (SPEC.md §15).
///
/// Decoding stops at the first error; `frames` and `messages` are what came out before it.
public struct Expectation: Decodable, Hashable, Sendable {
    public var frames: [Frame]?
    public var messages: [ExpectedMessage]?
    public var error: ExpectedError?
    /// For varints: the value.
    public var value: UInt32?
    /// The input ends before the item does; the decoder waits for more.
    public var needMore: Bool?
    /// For prefaces: the range read.
    public var preface: ExpectedPreface?
    /// For prefaces with local versions: the version negotiated.
    public var version: UInt8?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case frames, messages, error, value, preface, version
        case needMore = "need_more"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.frames = try container.decodeIfPresent([VectorFrame].self, forKey: .frames)?.map(\.frame)
        self.messages = try container.decodeIfPresent([ExpectedMessage].self, forKey: .messages)
        self.error = try container.decodeIfPresent(ExpectedError.self, forKey: .error)
        self.value = try container.decodeIfPresent(UInt32.self, forKey: .value)
        self.needMore = try container.decodeIfPresent(Bool.self, forKey: .needMore)
        self.preface = try container.decodeIfPresent(ExpectedPreface.self, forKey: .preface)
        self.version = try container.decodeIfPresent(UInt8.self, forKey: .version)
    }
}

/// A whole message reassembled (and inflated) from MESSAGE frames.
public struct ExpectedMessage: Decodable, Hashable, Sendable {
    public var callID: UInt32
    public var data: HexBytes
    public var compressed: Bool
    /// The preset dictionary id, as `0x06D66885`.
    public var dictionary: String?

    public init(callID: UInt32, data: [UInt8], compressed: Bool, dictionary: String?) {
        self.callID = callID
        self.data = HexBytes(data)
        self.compressed = compressed
        self.dictionary = dictionary
    }

    enum CodingKeys: String, CodingKey {
        case data, compressed, dictionary
        case callID = "call_id"
    }
}

/// An error by its identifier, scope, answering code and spec section.
public struct ExpectedError: Decodable, Hashable, Sendable, CustomStringConvertible {
    public var id: String
    public var scope: String
    /// A GOAWAY code name for connection errors, a status name for call errors.
    public var code: String
    public var section: String
    public var callID: UInt32?

    public init(_ error: WireError) {
        self.id = error.code.identifier
        self.scope = error.code.scope.rawValue
        self.code = error.code.scope == .connection ? error.code.connectionCode.name : error.code.status.name
        self.section = error.code.section
        self.callID = error.callID
    }

    enum CodingKeys: String, CodingKey {
        case id, scope, code, section
        case callID = "call_id"
    }

    public var description: String {
        "\(self.id) (\(self.scope) \(self.code)\(self.callID.map { " on call \($0)" } ?? ""), §\(self.section))"
    }
}

public struct ExpectedPreface: Decodable, Hashable, Sendable {
    public var minVersion: UInt8
    public var maxVersion: UInt8

    public init(minVersion: UInt8, maxVersion: UInt8) {
        self.minVersion = minVersion
        self.maxVersion = maxVersion
    }

    enum CodingKeys: String, CodingKey {
        case minVersion = "min_version"
        case maxVersion = "max_version"
    }
}

/// A frame in its JSON form (SPEC.md §15.3): absent optional fields mean their flag is clear.
struct VectorFrame: Decodable {
    var frame: Frame

    enum CodingKeys: String, CodingKey {
        case type, settings, method, metadata, status, message, trailers, increment, ack, data, code, reason, payload
        case compressed, more
        case callID = "call_id"
        case deadline
        case idempotencyKey = "idempotency_key"
        case endStream = "end_stream"
        case lastCallID = "last_call_id"
    }

    struct SettingEntry: Decodable {
        var id: UInt32
        var value: UInt32
    }

    struct MetadataEntry: Decodable {
        var key: String
        var value: HexBytes
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        func callID() throws -> UInt32 { try c.decode(UInt32.self, forKey: .callID) }
        func flag(_ key: CodingKeys) throws -> Bool { try c.decodeIfPresent(Bool.self, forKey: key) ?? false }
        func metadata(_ key: CodingKeys) throws -> Metadata? {
            try c.decodeIfPresent([MetadataEntry].self, forKey: key).map {
                Metadata(entries: $0.map { Metadata.Entry(key: $0.key, value: $0.value.bytes) })
            }
        }
        switch type {
        case "SETTINGS":
            let entries = try c.decode([SettingEntry].self, forKey: .settings)
            self.frame = .settings(
                SettingsFrame(entries: entries.map { Setting(SettingID(rawValue: $0.id), $0.value) })
            )
        case "CALL":
            self.frame = .call(
                CallFrame(
                    callID: try callID(),
                    method: try c.decode(UInt32.self, forKey: .method),
                    deadline: try c.decodeIfPresent(String.self, forKey: .deadline).map { text in
                        guard let deadline = Deadline(text) else {
                            throw DecodingError.dataCorruptedError(
                                forKey: .deadline,
                                in: c,
                                debugDescription: "deadline \(text) is not of the form 5s, 250ms, 2m, 1h"
                            )
                        }
                        return deadline
                    },
                    metadata: try metadata(.metadata),
                    idempotencyKey: try c.decodeIfPresent(HexBytes.self, forKey: .idempotencyKey)?.bytes,
                    endStream: try flag(.endStream)
                )
            )
        case "MESSAGE":
            self.frame = .message(
                MessageFrame(
                    callID: try callID(),
                    payload: try c.decode(HexBytes.self, forKey: .payload).buffer,
                    compressed: try flag(.compressed),
                    more: try flag(.more),
                    endStream: try flag(.endStream)
                )
            )
        case "HEADERS":
            self.frame = .headers(HeadersFrame(callID: try callID(), metadata: try metadata(.metadata) ?? Metadata()))
        case "END":
            self.frame = .end(
                EndFrame(
                    callID: try callID(),
                    status: StatusCode(rawValue: try c.decode(UInt32.self, forKey: .status)),
                    message: try c.decodeIfPresent(String.self, forKey: .message),
                    trailers: try metadata(.trailers)
                )
            )
        case "CANCEL":
            self.frame = .cancel(
                CancelFrame(
                    callID: try callID(),
                    status: StatusCode(rawValue: try c.decode(UInt32.self, forKey: .status))
                )
            )
        case "WINDOW":
            self.frame = .window(
                WindowFrame(callID: try callID(), increment: try c.decode(UInt32.self, forKey: .increment))
            )
        case "PING":
            let data = try c.decode(HexBytes.self, forKey: .data).bytes
            guard data.count == 8 else {
                throw DecodingError.dataCorruptedError(forKey: .data, in: c, debugDescription: "PING data is 8 bytes")
            }
            self.frame = .ping(PingFrame(data: data.reduce(0) { $0 << 8 | UInt64($1) }, ack: try flag(.ack)))
        case "GOAWAY":
            self.frame = .goAway(
                GoAwayFrame(
                    lastCallID: try c.decode(UInt32.self, forKey: .lastCallID),
                    code: ConnectionErrorCode(rawValue: try c.decode(UInt32.self, forKey: .code)),
                    reason: try c.decode(String.self, forKey: .reason)
                )
            )
        case "CLOSE":
            self.frame = .close(CloseFrame(callID: try callID()))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown frame type \(type)")
        }
    }
}
