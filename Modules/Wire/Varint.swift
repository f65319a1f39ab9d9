public import NIOCore

/// Unsigned LEB128 varints of at most 32 bits, encoded minimally (SPEC.md §4.1).
///
/// A value takes 1 to 5 bytes, seven bits a byte, least significant group first, with the high bit
/// set on every byte but the last. A longer encoding than the value needs, a fifth byte above
/// `0x0F`, or a continuation bit on the fifth byte is an error.
public enum Varint {
    /// The largest value a varint can carry.
    public static let maxValue = UInt32.max
    /// The longest encoding, in bytes.
    public static let maxLength = 5

    /// The number of bytes `value` takes on the wire.
    @inlinable
    public static func encodedLength(of value: UInt32) -> Int {
        switch value {
        case 0..<(1 << 7): return 1
        case 0..<(1 << 14): return 2
        case 0..<(1 << 21): return 3
        case 0..<(1 << 28): return 4
        default: return 5
        }
    }

    /// Reads a varint from `bytes` starting at `index` without consuming anything.
    ///
    /// - Returns: the value and its encoded length, or `nil` if `bytes` ends before the varint does.
    /// - Throws: ``WireError/Code/varintNonMinimal`` or ``WireError/Code/varintOverflow``, as soon as the bytes
    ///   seen prove the encoding invalid.
    @inlinable
    public static func peek(_ buffer: ByteBuffer, at index: Int) throws(WireError) -> (value: UInt32, length: Int)? {
        var value: UInt32 = 0
        for position in 0..<Self.maxLength {
            guard let byte = buffer.getInteger(at: index + position, as: UInt8.self) else { return nil }
            if position == Self.maxLength - 1, byte > 0x0F {
                throw WireError(
                    code: .varintOverflow,
                    message: "varint's fifth byte is 0x\(hex(byte)); it must be at most 0x0F"
                )
            }
            value |= UInt32(byte & 0x7F) << (7 * position)
            if byte & 0x80 == 0 {
                if position > 0, byte == 0 {
                    throw WireError(
                        code: .varintNonMinimal,
                        message: "varint of value \(value) is encoded in \(position + 1) bytes; it takes "
                            + "\(Self.encodedLength(of: value))"
                    )
                }
                return (value, position + 1)
            }
        }
        preconditionFailure("unreachable: the fifth byte either ends the varint or throws")
    }

    @usableFromInline
    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}

extension ByteBuffer {
    /// Appends `value` as a minimal varint and returns the number of bytes written.
    @inlinable
    @discardableResult
    public mutating func writeVarint(_ value: UInt32) -> Int {
        var remaining = value
        var written = 0
        while remaining >= 0x80 {
            written += self.writeInteger(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        written += self.writeInteger(UInt8(remaining))
        return written
    }

    /// Reads and consumes a varint; returns `nil` without consuming if the buffer ends first.
    @inlinable
    public mutating func readVarint() throws(WireError) -> UInt32? {
        guard let (value, length) = try Varint.peek(self, at: self.readerIndex) else { return nil }
        self.moveReaderIndex(forwardBy: length)
        return value
    }
}
