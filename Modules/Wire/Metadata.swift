/// Key–value pairs sent with a call, its initial response and its end (SPEC.md §5.3).
///
/// Keys are 1–255 bytes of `0-9 a-z _ . -` and may repeat; keys starting with `cd-` are reserved
/// for the protocol. A key ending in `-bin` carries arbitrary bytes; any other key's value is UTF-8 text.
public struct Metadata: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    /// One key and its value.
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: [UInt8]

        public init(key: String, value: [UInt8]) {
            self.key = key
            self.value = value
        }

        /// The value as text, or `nil` if it is not UTF-8.
        public var text: String? {
            String(validating: self.value, as: UTF8.self)
        }
    }

    /// The entries in wire order.
    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.entries = elements.map { Entry(key: $0.0, value: Array($0.1.utf8)) }
    }

    /// Adds a text value.
    public mutating func add(_ key: String, _ value: String) {
        self.entries.append(Entry(key: key, value: Array(value.utf8)))
    }

    /// Adds a binary value; the key must end in `-bin`.
    public mutating func add(_ key: String, bytes: [UInt8]) {
        self.entries.append(Entry(key: key, value: bytes))
    }

    /// The first text value for `key`.
    public subscript(key: String) -> String? {
        self.entries.first { $0.key == key }?.text
    }

    /// The longest key allowed, in bytes.
    public static let maxKeyLength = 255
    /// The prefix reserved for keys defined by the protocol itself.
    public static let reservedPrefix = "cd-"

    /// Checks one key and value against SPEC.md §5.3.
    public static func validate(key: [UInt8], value: [UInt8]) -> WireError? {
        guard !key.isEmpty, key.count <= Self.maxKeyLength else {
            return WireError(code: .metadataBadKey, message: "metadata key is \(key.count) bytes; it must be 1–255")
        }
        let allowed = key.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        let printable = String(decoding: key, as: UTF8.self)
        guard allowed else {
            return WireError(
                code: .metadataBadKey,
                message: "metadata key \"\(printable)\" has a character outside 0-9 a-z _ . -"
            )
        }
        guard !key.starts(with: Array(Self.reservedPrefix.utf8)) else {
            return WireError(
                code: .metadataBadKey,
                message: "metadata key \"\(printable)\" uses the reserved prefix cd-"
            )
        }
        if !key.reversed().starts(with: Array("-bin".utf8).reversed()),
            String(validating: value, as: UTF8.self) == nil
        {
            return WireError(
                code: .metadataBadValue,
                message: "value of metadata key \"\(printable)\" is not UTF-8; binary values need a key ending in -bin"
            )
        }
        return nil
    }
}
