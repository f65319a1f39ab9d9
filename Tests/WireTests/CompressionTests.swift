internal import ChainDeskWire
internal import Foundation
internal import NIOCore
internal import Testing

@Suite("zlib and messages")
struct CompressionTests {
    static let dictionary: [UInt8] = {
        let url = VectorCase.directory.deletingLastPathComponent().appendingPathComponent("dictionaries/test-v1.dict")
        return (try? [UInt8](Data(contentsOf: url))) ?? []
    }()

    static let record = ByteBuffer(
        string: "enterprise 东莞市豪顺精密科技有限公司 short_name 东莞豪顺 stage 投产 contact 罗朝龙 "
            + "interaction wechat summary 发送蓉欧智能制造产业园资料 next_step 走访 due_date 2026-12-01"
    )

    @Test("messages round-trip through zlib, with and without the preset dictionary", arguments: [false, true])
    func roundTrip(withDictionary: Bool) throws {
        let dictionary = withDictionary ? Self.dictionary : nil
        let compressor = Zlib.Compressor(dictionary: dictionary)
        let decompressor = Zlib.Decompressor(dictionaries: [Self.dictionary])
        var generator = SplitMix64(seed: 7)
        for size in [0, 1, 100, 4096, 70_000] {
            var input = ByteBuffer()
            for index in 0..<size {
                input.writeInteger(
                    UInt8(truncatingIfNeeded: index % 17 == 0 ? Int(truncatingIfNeeded: generator.next()) : index % 5)
                )
            }
            var compressed = ByteBuffer()
            compressor.compress(input, into: &compressed)
            let output = try decompressor.decompress(compressed, limit: 1 << 20)
            #expect(output.bytes == input)
            #expect(output.dictionaryID == (withDictionary ? Zlib.dictionaryID(of: Self.dictionary) : nil))
        }
    }

    @Test("the preset dictionary shrinks a small CRM record well below plain zlib")
    func dictionaryGain() {
        var plain = ByteBuffer()
        var primed = ByteBuffer()
        Zlib.Compressor().compress(Self.record, into: &plain)
        Zlib.Compressor(dictionary: Self.dictionary).compress(Self.record, into: &primed)
        #expect(primed.readableBytes < plain.readableBytes)
        #expect(primed.readableBytes * 2 <= Self.record.readableBytes)
    }

    @Test("compressors on many threads, copying one primed dictionary stream, write what zlib itself writes")
    func primedDictionaryIsExact() async throws {
        let inputs = (0..<40).map { index in
            ByteBuffer(string: String(repeating: "项目 \(index) 东莞豪顺 stage 签约 ", count: index % 7 + 1))
        }
        let expected = inputs.map { StreamingDeflate.withDictionary(Self.dictionary, level: 6, input: $0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    let compressor = Zlib.Compressor(level: 6, dictionary: Self.dictionary)
                    for round in 0..<25 {
                        let index = (worker * 11 + round * 3) % inputs.count
                        var output = ByteBuffer()
                        compressor.compress(inputs[index], into: &output)
                        #expect(output == expected[index])
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("a stream that inflates to 1 GiB is refused at the 4 MiB limit without allocating past it")
    func gigabyteBomb() throws {
        let bomb = Self.zeroBomb(gibibytes: 1)
        #expect(bomb.readableBytes < 1_100_000)
        let decompressor = Zlib.Decompressor()
        let limit = Int(Settings.defaults.maxMessageSize)
        #expect(throws: WireError.self) { try decompressor.decompress(bomb, limit: limit) }
        do {
            _ = try decompressor.decompress(bomb, limit: limit)
        } catch {
            #expect(error.code == .messageTooLarge)
        }
        #expect(decompressor.largestOutputCapacity <= limit)
    }

    @Test("a 1 KiB stream that inflates to 1 MiB is refused at a 64 KiB limit")
    func kibibyteBomb() throws {
        var zeros = ByteBuffer()
        zeros.writeRepeatingByte(0, count: 1 << 20)
        var bomb = ByteBuffer()
        Zlib.Compressor(level: 9).compress(zeros, into: &bomb)
        #expect(bomb.readableBytes <= 1100)
        let decompressor = Zlib.Decompressor()
        #expect(throws: WireError.self) { try decompressor.decompress(bomb, limit: 65_536) }
        #expect(decompressor.largestOutputCapacity <= 65_536)
        // Exactly at the limit is fine.
        #expect(try decompressor.decompress(bomb, limit: 1 << 20).bytes.readableBytes == 1 << 20)
    }

    @Test("the framer compresses only what the peer accepts, what is long enough, and what gets smaller")
    func framerPolicy() throws {
        var peer = Settings()
        let long = ByteBuffer(string: String(repeating: "智能制造 精密制造 新材料 ", count: 20))
        let framer = MessageFramer(policy: CompressionPolicy(), peer: peer)
        #expect(framer.frames(for: long, callID: 1).map(\.compressed) == [false], "peer did not accept zlib")

        peer.compression = .zlib
        framer.update(peer: peer)
        #expect(framer.frames(for: long, callID: 1).map(\.compressed) == [true])
        #expect(
            framer.frames(for: ByteBuffer(string: "short"), callID: 1).map(\.compressed) == [false],
            "below minimum size"
        )
        var noise = ByteBuffer()
        var generator = SplitMix64(seed: 3)
        for _ in 0..<200 { noise.writeInteger(UInt8(truncatingIfNeeded: generator.next())) }
        #expect(framer.frames(for: noise, callID: 1).map(\.compressed) == [false], "random bytes do not shrink")
    }

    @Test("the framer uses the dictionary only once the peer has accepted its id")
    func framerDictionary() throws {
        var policy = CompressionPolicy()
        policy.dictionaries = [Self.dictionary]
        policy.minimumSize = 0
        var peer = Settings()
        peer.compression = .zlib
        let framer = MessageFramer(policy: policy, peer: peer)
        let inflater = MessageInflater(configuration: .defaults { $0.compression.dictionaries = [Self.dictionary] })

        let plain = try #require(framer.frames(for: Self.record, callID: 1).first)
        var reassembler = MessageReassembler(maxMessageSize: 1 << 20)
        #expect(try inflater.inflate(try #require(try reassembler.append(plain)), callID: 1).dictionaryID == nil)

        peer.dictionaries = [Zlib.dictionaryID(of: Self.dictionary)]
        framer.update(peer: peer)
        let primed = try #require(framer.frames(for: Self.record, callID: 1).first)
        let message = try inflater.inflate(try #require(try reassembler.append(primed)), callID: 1)
        #expect(message.dictionaryID == Zlib.dictionaryID(of: Self.dictionary))
        #expect(message.bytes == Self.record)
        #expect(primed.payload.readableBytes < plain.payload.readableBytes)
    }

    @Test("a message larger than the peer's frame size is split into fragments and reassembled")
    func fragmentation() throws {
        var policy = CompressionPolicy()
        policy.send = false
        var peer = Settings()
        peer.maxFrameSize = 1024
        let framer = MessageFramer(policy: policy, peer: peer)
        var message = ByteBuffer()
        message.writeRepeatingByte(0x41, count: 5000)
        let frames = framer.frames(for: message, callID: 3, endStream: true)
        #expect(frames.count == 5)
        #expect(frames.allSatisfy { $0.payload.readableBytes <= 1024 })
        #expect(frames.map(\.more) == [true, true, true, true, false])
        #expect(frames.map(\.endStream) == [false, false, false, false, true])
        var reassembler = MessageReassembler(maxMessageSize: 5000)
        var whole: Message?
        for frame in frames { whole = try reassembler.append(frame) }
        #expect(whole?.bytes == message)
    }

    /// A zlib stream of `gibibytes` GiB of zeros, deflated in chunks so the input never sits in memory.
    static func zeroBomb(gibibytes: Int) -> ByteBuffer {
        StreamingDeflate.zeros(count: gibibytes << 30)
    }
}
