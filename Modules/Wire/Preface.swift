public import NIOCore

/// The six bytes each endpoint sends first: the magic `CDWP` and the range of protocol versions it speaks
/// (SPEC.md §3.1).
public struct Preface: Hashable, Sendable {
    /// `C D W P`: ChainDesk Wire Protocol.
    public static let magic: [UInt8] = [0x43, 0x44, 0x57, 0x50]
    /// The preface's length in bytes.
    public static let length = 6

    /// The lowest and highest protocol versions the sender speaks.
    public var versions: ClosedRange<UInt8>

    public init(versions: ClosedRange<UInt8>) {
        self.versions = versions
    }

    /// The preface of this implementation: version 1 only.
    public static let current = Preface(versions: 1...1)

    /// Appends the preface's six bytes.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeBytes(Self.magic)
        buffer.writeInteger(self.versions.lowerBound)
        buffer.writeInteger(self.versions.upperBound)
    }

    /// Reads a preface; returns `nil` without consuming if fewer than six bytes are there.
    ///
    /// A wrong magic byte is reported as soon as it arrives, so that a peer speaking another protocol
    /// (an HTTP request, a TLS ClientHello) is refused on its first byte.
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Preface? {
        let available = min(buffer.readableBytes, Self.magic.count)
        for index in 0..<available {
            let byte = buffer.getInteger(at: buffer.readerIndex + index, as: UInt8.self)!
            guard byte == Self.magic[index] else {
                throw WireError(
                    code: .prefaceBadMagic,
                    message:
                        "byte \(index) of the preface is 0x\(Varint.hex(byte)); a preface starts with 43 44 57 50 (\"CDWP\")"
                )
            }
        }
        guard buffer.readableBytes >= Self.length else { return nil }
        let low = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt8.self)!
        let high = buffer.getInteger(at: buffer.readerIndex + 5, as: UInt8.self)!
        guard low >= 1, low <= high else {
            throw WireError(
                code: .prefaceBadVersionRange,
                message:
                    "preface declares versions \(low)…\(high); the lowest must be at least 1 and not above the highest"
            )
        }
        buffer.moveReaderIndex(forwardBy: Self.length)
        return Preface(versions: low...high)
    }

    /// The version both endpoints use: the highest version in both ranges.
    public func negotiate(with peer: Preface) throws(WireError) -> UInt8 {
        let high = min(self.versions.upperBound, peer.versions.upperBound)
        guard high >= max(self.versions.lowerBound, peer.versions.lowerBound) else {
            throw WireError(
                code: .versionMismatch,
                message: "peer speaks versions \(peer.versions.lowerBound)…\(peer.versions.upperBound); "
                    + "this endpoint speaks \(self.versions.lowerBound)…\(self.versions.upperBound)"
            )
        }
        return high
    }
}
