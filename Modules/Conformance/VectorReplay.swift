internal import ChainDeskWire
internal import NIOCore

/// Replays golden vectors through the ChainDeskWire codec and reports every difference from what they expect.
public enum VectorReplay {
    /// The outcome of decoding `vector`'s input, in the same shape as its expectation.
    ///
    /// - Parameter splits: byte offsets at which the input is cut; each piece reaches the decoder separately,
    ///   as if it arrived in its own read.
    public static func decode(_ vector: Vector, in file: VectorFile, splits: [Int] = []) -> Expectation {
        let pieces = Self.pieces(of: vector.input.bytes, at: splits)
        switch vector.decoder {
        case .varint: return Self.decodeVarint(pieces)
        case .preface: return Self.decodePreface(pieces, localVersions: vector.localVersions)
        case .frames: return Self.decodeFrames(vector, file: file, pieces: pieces)
        }
    }

    /// Every way `vector` fails: decoding (whole and split at `splits`) and, for frames, re-encoding.
    ///
    /// - Returns: one line per difference; empty when the vector passes.
    public static func check(_ vector: Vector, in file: VectorFile, splits: [Int] = []) -> [String] {
        var problems = Self.differences(expected: vector.expect, actual: Self.decode(vector, in: file, splits: splits))
        if !splits.isEmpty, !problems.isEmpty {
            problems = problems.map { "split at \(splits): \($0)" }
        }
        if vector.decoder == .frames, let frames = vector.expect.frames {
            var encoded = ByteBuffer()
            for frame in frames { FrameEncoder().encode(frame, into: &encoded) }
            let bytes = Array(encoded.readableBytesView)
            let input = vector.input.bytes
            let matches = vector.expect.error == nil ? bytes == input : input.starts(with: bytes)
            if !matches {
                problems.append("encoding the expected frames gives \(bytes.hexString), not the input's bytes")
            }
        }
        return problems
    }

    private static func pieces(of input: [UInt8], at splits: [Int]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        for split in splits.sorted() where split > start && split < input.count {
            pieces.append(Array(input[start..<split]))
            start = split
        }
        pieces.append(Array(input[start...]))
        return pieces
    }

    private static func decodeVarint(_ pieces: [[UInt8]]) -> Expectation {
        Self.feed(pieces) { buffer, outcome throws(WireError) in
            guard let value = try buffer.readVarint() else { return false }
            outcome.value = value
            return true
        }
    }

    private static func decodePreface(_ pieces: [[UInt8]], localVersions: [UInt8]?) -> Expectation {
        Self.feed(pieces) { buffer, outcome throws(WireError) in
            guard let preface = try Preface.read(from: &buffer) else { return false }
            outcome.preface = ExpectedPreface(
                minVersion: preface.versions.lowerBound,
                maxVersion: preface.versions.upperBound
            )
            if let localVersions, localVersions.count == 2 {
                outcome.version = try Preface(versions: localVersions[0]...localVersions[1]).negotiate(with: preface)
            }
            return true
        }
    }

    /// Feeds `pieces` to `step` one at a time until it reports a result (`true`) or throws.
    private static func feed(
        _ pieces: [[UInt8]],
        _ step: (inout ByteBuffer, inout Expectation) throws(WireError) -> Bool
    ) -> Expectation {
        var outcome = Expectation()
        var buffer = ByteBuffer()
        for piece in pieces {
            buffer.writeBytes(piece)
            do {
                if try step(&buffer, &outcome) { return outcome }
            } catch {
                outcome.error = ExpectedError(error)
                return outcome
            }
        }
        outcome.needMore = true
        return outcome
    }

    private static func decodeFrames(_ vector: Vector, file: VectorFile, pieces: [[UInt8]]) -> Expectation {
        var limits = Settings.defaults
        if let maxFrameSize = vector.limits?.maxFrameSize { limits.maxFrameSize = maxFrameSize }
        if let maxMessageSize = vector.limits?.maxMessageSize { limits.maxMessageSize = maxMessageSize }
        if let maxMetadataSize = vector.limits?.maxMetadataSize { limits.maxMetadataSize = maxMetadataSize }
        let configuration = WireConfiguration.defaults {
            $0.limits = limits
            $0.compression.accept = vector.accept?.compression ?? false
            $0.compression.dictionaries = (vector.accept?.dictionaries ?? []).compactMap {
                UInt32(hexID: $0).flatMap { file.dictionaries[$0] }
            }
        }
        var decoder = FrameDecoder(
            sender: vector.sender ?? .client,
            limits: limits,
            awaitingSettings: vector.awaitingSettings ?? false
        )
        if let started = vector.highestCallID { decoder.started(upTo: started) }
        let inflater = MessageInflater(configuration: configuration)
        var reassemblers: [UInt32: MessageReassembler] = [:]
        var frames: [Frame] = []
        var messages: [ExpectedMessage] = []
        var outcome = Expectation()
        var buffer = ByteBuffer()
        do {
            for (index, piece) in pieces.enumerated() {
                buffer.writeBytes(piece)
                let last = index == pieces.count - 1
                while let frame = try decoder.decodeLast(buffer: &buffer, seenEOF: last) {
                    frames.append(frame)
                    guard case .message(let message) = frame else { continue }
                    var reassembler =
                        reassemblers[message.callID] ?? MessageReassembler(maxMessageSize: Int(limits.maxMessageSize))
                    let whole = try reassembler.append(message)
                    reassemblers[message.callID] = reassembler
                    guard let whole else { continue }
                    let inflated = try inflater.inflate(whole, callID: message.callID)
                    messages.append(
                        ExpectedMessage(
                            callID: message.callID,
                            data: Array(inflated.bytes.readableBytesView),
                            compressed: inflated.wasCompressed,
                            dictionary: inflated.dictionaryID.map { String(hexID: $0) }
                        )
                    )
                }
            }
        } catch {
            outcome.error = ExpectedError(error)
        }
        outcome.frames = frames
        outcome.messages = vector.expect.messages == nil ? nil : messages
        return outcome
    }

    private static func differences(expected: Expectation, actual: Expectation) -> [String] {
        var out: [String] = []
        func compare<T: Equatable>(_ name: String, _ expected: T?, _ actual: T?) {
            guard expected != actual else { return }
            out.append(
                "\(name): expected \(expected.map { "\($0)" } ?? "none"), got \(actual.map { "\($0)" } ?? "none")"
            )
        }
        compare("error", expected.error, actual.error)
        compare("value", expected.value, actual.value)
        compare("need_more", expected.needMore, actual.needMore)
        compare("preface", expected.preface, actual.preface)
        compare("version", expected.version, actual.version)
        if expected.frames != actual.frames {
            let expectedFrames = expected.frames ?? []
            let actualFrames = actual.frames ?? []
            if expectedFrames.count != actualFrames.count {
                out.append("frames: expected \(expectedFrames.count), decoded \(actualFrames.count)")
            }
            for (index, (want, got)) in zip(expectedFrames, actualFrames).enumerated() where want != got {
                out.append("frame \(index): expected \(want), decoded \(got)")
            }
        }
        if let wanted = expected.messages, wanted != actual.messages ?? [] {
            out.append("messages: expected \(wanted.count), got \((actual.messages ?? []).count) or different contents")
        }
        return out
    }
}
