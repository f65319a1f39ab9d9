/// A code carried as a varint whose known values have canonical names: ``StatusCode`` and ``ConnectionErrorCode``.
///
/// Unknown values are kept as they are, so that a frame re-encodes to the same bytes.
public protocol WireCode: Hashable, Sendable, CustomStringConvertible {
    /// The value on the wire.
    var rawValue: UInt32 { get }
    init(rawValue: UInt32)
    /// The canonical names of the defined values, indexed by value.
    static var names: [String] { get }
}

extension WireCode {
    /// Whether the value is one of the defined codes.
    public var isKnown: Bool { self.rawValue < UInt32(Self.names.count) }

    /// The canonical upper-case name, or `"UNKNOWN(99)"` for an undefined value.
    public var name: String {
        self.isKnown ? Self.names[Int(self.rawValue)] : "UNKNOWN(\(self.rawValue))"
    }

    /// The code with the given canonical name, as in ``name``.
    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: UInt32(index))
    }

    public var description: String { self.name }
}
