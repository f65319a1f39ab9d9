internal import ChainDeskConformance
internal import ChainDeskWire
internal import Foundation
internal import NIOCore
internal import Testing

/// One vector with the file it came from, as a test argument.
struct VectorCase: Sendable, CustomTestStringConvertible {
    var file: VectorFile
    var vector: Vector
    var testDescription: String { "\(self.file.name) \(self.vector.name)" }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors")

    static let all: [VectorCase] = {
        do {
            return try VectorFile.loadAll(from: Self.directory).flatMap { file in
                file.vectors.map { VectorCase(file: file, vector: $0) }
            }
        } catch {
            fatalError("cannot load the golden vectors: \(error)")
        }
    }()
}

@Suite("Golden vectors")
struct VectorTests {
    @Test(
        "every vector decodes to exactly what it expects, and valid frames re-encode to its bytes",
        arguments: VectorCase.all
    )
    func replay(_ testCase: VectorCase) {
        let problems = VectorReplay.check(testCase.vector, in: testCase.file)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("every vector gives the same result with its input cut at any byte", arguments: VectorCase.all)
    func everySplitPoint(_ testCase: VectorCase) {
        let count = testCase.vector.input.bytes.count
        for split in 1..<max(1, count) {
            let problems = VectorReplay.check(testCase.vector, in: testCase.file, splits: [split])
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            if !problems.isEmpty { return }
        }
    }

    @Test("a vector input fed one byte at a time decodes the same as whole", arguments: VectorCase.all)
    func byteAtATime(_ testCase: VectorCase) {
        let count = testCase.vector.input.bytes.count
        let problems = VectorReplay.check(testCase.vector, in: testCase.file, splits: Array(1..<max(1, count)))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("there are at least 60 vectors, 25 of them invalid, covering every frame type and every error code")
    func coverage() throws {
        let vectors = VectorCase.all.map(\.vector)
        #expect(vectors.count >= 60)
        #expect(vectors.filter { $0.expect.error != nil }.count >= 25)
        let types = Set(vectors.flatMap { $0.expect.frames ?? [] }.map(\.type))
        #expect(types == Set(FrameType.allCases))
        let errorIDs = Set(vectors.compactMap { $0.expect.error?.id })
        let missing = WireError.Code.allCases.filter(\.isCodec).map(\.identifier).filter { !errorIDs.contains($0) }
        #expect(missing.isEmpty, "no vector for \(missing)")
        #expect(vectors.contains { $0.expect.messages?.contains { $0.dictionary != nil } ?? false })
    }

    @Test("§15.2: a failing vector lists its offending frame only when the error is its message's, not its bytes'")
    func offendingFrame() {
        for testCase in VectorCase.all where testCase.vector.decoder == .frames {
            guard let error = testCase.vector.expect.error, let frames = testCase.vector.expect.frames else { continue }
            var encoded = ByteBuffer()
            for frame in frames { FrameEncoder().encode(frame, into: &encoded) }
            let consumed = encoded.readableBytes
            let input = testCase.vector.input.bytes.count
            if error.id.hasPrefix("message.") {
                let last = frames.last
                #expect(
                    last?.type == .message && last?.callID == error.callID && consumed == input,
                    "\(testCase.vector.name): a message error comes after its MESSAGE frame is decoded"
                )
            } else {
                #expect(consumed < input, "\(testCase.vector.name): the frame that broke \(error.id) is listed")
            }
        }
    }

    @Test("§15.2: a server's frames name only calls the receiving client started, unless the error says otherwise")
    func startedCalls() {
        for testCase in VectorCase.all where testCase.vector.decoder == .frames {
            let vector = testCase.vector
            guard vector.sender == .server else {
                #expect(vector.highestCallID == nil, "\(vector.name): a client's frames start their own calls")
                continue
            }
            let highest = vector.highestCallID ?? 0
            #expect(vector.highestCallID != nil, "\(vector.name) does not say which calls the client started")
            let named = (vector.expect.frames ?? []).map(\.callID).max() ?? 0
            #expect(named <= highest, "\(vector.name) names call \(named), above the calls started (\(highest))")
        }
        let unknown = VectorCase.all.filter {
            $0.vector.sender == .server && $0.vector.expect.error?.id == "call.unknown_id"
        }
        #expect(!unknown.isEmpty, "no vector checks a client's call.unknown_id")
    }
}
