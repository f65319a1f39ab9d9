public import ChainDeskWire
public import Foundation
public import NIOCore

/// One file of golden vectors from `Protocol/vectors/` (format `chaindesk-wire-vectors/1`, SPEC.md §15).
public struct VectorFile: Sendable {
    /// The file's name, such as `frames.json`.
    public var name: String
    public var description: String
    public var vectors: [Vector]
    /// The preset dictionaries the file refers to, by DICTID.
    public var dictionaries: [UInt32: [UInt8]]

    /// The format this code reads.
    public static let format = "chaindesk-wire-vectors/1"

    /// Loads every `*.json` vector file in `directory`, in name order.
    public static func loadAll(from directory: URL) throws -> [VectorFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        guard !names.isEmpty else {
            throw VectorError("no vector files (*.json) in \(directory.path)")
        }
        return try names.map { try VectorFile.load(from: directory.appendingPathComponent($0)) }
    }

    /// Loads one vector file and the dictionaries it names.
    public static func load(from url: URL) throws -> VectorFile {
        let raw: RawFile
        do {
            raw = try JSONDecoder().decode(RawFile.self, from: Data(contentsOf: url))
        } catch {
            throw VectorError("\(url.lastPathComponent): not a vector file: \(error)")
        }
        guard raw.format == Self.format else {
            throw VectorError("\(url.lastPathComponent): format is \"\(raw.format)\"; this suite reads \(Self.format)")
        }
        var dictionaries: [UInt32: [UInt8]] = [:]
        for (id, path) in raw.dictionaries ?? [:] {
            let file = url.deletingLastPathComponent().appendingPathComponent(path)
            let bytes = try [UInt8](Data(contentsOf: file))
            let actual = Zlib.dictionaryID(of: bytes)
            guard let declared = UInt32(hexID: id), declared == actual else {
                throw VectorError(
                    "\(url.lastPathComponent): dictionary \(path) has id \(String(hexID: actual)), not \(id)"
                )
            }
            dictionaries[actual] = bytes
        }
        return VectorFile(
            name: url.lastPathComponent,
            description: raw.description,
            vectors: raw.vectors,
            dictionaries: dictionaries
        )
    }

    private struct RawFile: Decodable {
        var format: String
        var description: String
        var dictionaries: [String: String]?
        var vectors: [Vector]
    }
}

/// A vector file or vector that cannot be read.
public struct VectorError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { self.message }
}

/// One golden vector: bytes, the decoder to feed them to, and what must come out.
public struct Vector: Decodable, Sendable {
    /// Which decoder the input is for.
    public enum Decoder: String, Decodable, Sendable {
        case varint, preface, frames
    }

    public var name: String
    /// The SPEC.md section the vector exercises.
    public var section: String
    public var description: String
    public var decoder: Decoder
    /// For frames: which endpoint sent them.
    public var sender: Role?
    /// For frames: whether the input starts right after the preface, where SETTINGS must come first.
    public var awaitingSettings: Bool?
    /// For a server's frames: the highest call id the receiving client has started (SPEC.md §15.2).
    public var highestCallID: UInt32?
    /// The receiver's limits, where they differ from the defaults.
    public var limits: Limits?
    /// What compression the receiver accepted; none when absent.
    public var accept: Accept?
    /// For prefaces: the receiver's own version range, to negotiate against.
    public var localVersions: [UInt8]?
    public var input: HexBytes
    public var expect: Expectation

    public struct Limits: Decodable, Sendable {
        public var maxFrameSize: UInt32?
        public var maxMessageSize: UInt32?
        public var maxMetadataSize: UInt32?
    }

    public struct Accept: Decodable, Sendable {
        public var compression: Bool
        public var dictionaries: [String]
    }

    enum CodingKeys: String, CodingKey {
        case name, section, description, decoder, sender, limits, accept, input, expect
        case awaitingSettings = "awaiting_settings"
        case highestCallID = "highest_call_id"
        case localVersions = "local_versions"
    }
}

extension Vector.Limits {
    enum CodingKeys: String, CodingKey {
        case maxFrameSize = "max_frame_size"
        case maxMessageSize = "max_message_size"
        case maxMetadataSize = "max_metadata_size"
    }
}

/// Bytes written as a hex string in JSON.
public struct HexBytes: Decodable, Hashable, Sendable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let bytes = [UInt8](hex: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not hex: \(text)")
            )
        }
        self.bytes = bytes
    }

    public var buffer: ByteBuffer { ByteBuffer(bytes: self.bytes) }
}

extension [UInt8] {
    /// Bytes from an even-length string of hex digits, or `nil`.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }

    /// Lower-case hex digits, two per byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(self.count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}

extension UInt32 {
    /// A dictionary id written `0x06D66885`.
    init?(hexID: String) {
        guard hexID.hasPrefix("0x") else { return nil }
        self.init(hexID.dropFirst(2), radix: 16)
    }
}

extension String {
    /// A dictionary id as vectors write it: `0x` and eight upper-case hex digits.
    init(hexID: UInt32) {
        let digits = String(hexID, radix: 16, uppercase: true)
        self = "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
