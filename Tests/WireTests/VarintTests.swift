internal import ChainDeskWire
internal import NIOCore
internal import Testing

@Suite("Varint")
struct VarintTests {
    @Test(
        "values at every length boundary round-trip in the minimal number of bytes",
        arguments: [
            (UInt32(0), 1), (127, 1), (128, 2), (16_383, 2), (16_384, 3), (2_097_151, 3), (2_097_152, 4),
            (268_435_455, 4), (268_435_456, 5), (UInt32.max, 5),
        ]
    )
    func boundaries(value: UInt32, length: Int) throws {
        var buffer = ByteBuffer()
        #expect(buffer.writeVarint(value) == length)
        #expect(Varint.encodedLength(of: value) == length)
        #expect(try buffer.readVarint() == value)
        #expect(buffer.readableBytes == 0)
    }

    @Test("random values round-trip")
    func randomRoundTrips() throws {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<10_000 {
            let value = UInt32(truncatingIfNeeded: generator.next() >> UInt64(generator.next() % 33))
            var buffer = ByteBuffer()
            buffer.writeVarint(value)
            #expect(try buffer.readVarint() == value)
        }
    }

    @Test("a varint cut short returns nil and consumes nothing")
    func shortInput() throws {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF])
        #expect(try buffer.readVarint() == nil)
        #expect(buffer.readerIndex == 0)
    }

    @Test(
        "padded and overlong encodings are refused",
        arguments: [
            ([UInt8]([0x80, 0x00]), WireError.Code.varintNonMinimal),
            ([0xFF, 0x80, 0x00], .varintNonMinimal),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0x10], .varintOverflow),
            ([0x80, 0x80, 0x80, 0x80, 0x80], .varintOverflow),
        ]
    )
    func invalid(bytes: [UInt8], code: WireError.Code) {
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: WireError.self) { try buffer.readVarint() }
        do {
            _ = try buffer.readVarint()
        } catch {
            #expect(error.code == code)
        }
    }
}

/// A small deterministic generator so random tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
