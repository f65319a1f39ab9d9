internal import ChainDeskConformance
internal import ChainDeskTesting
internal import Foundation
internal import Testing

@Suite("Vector suite")
struct VectorSuiteTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let vectors = root.appendingPathComponent("Protocol/vectors")

    @Test("the committed vectors all pass")
    func committedVectorsPass() throws {
        let suite = try VectorSuite.run(directory: Self.vectors)
        #expect(suite.results.count >= 60)
        #expect(suite.failed == 0, "\(suite.results.filter { !$0.passed }.map(\.name))")
    }

    @Test("a vector whose expectation is wrong is reported, naming the difference")
    func wrongExpectationFails() throws {
        let directory = try Self.copyOfVectors()
        defer { Self.remove(directory) }
        let file = directory.appendingPathComponent("varint.json")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "\"value\": 300", with: "\"value\": 301")
        try text.write(to: file, atomically: true, encoding: .utf8)

        let suite = try VectorSuite.run(directory: directory)
        let failed = suite.results.filter { !$0.passed }
        #expect(failed.map(\.name) == ["varint-300"])
        #expect(failed.first?.problems.first?.contains("expected 301, got 300") == true)
    }

    @Test("a file that is not a vector file is refused with its name and the reason")
    func malformedFile() throws {
        let directory = try Self.copyOfVectors()
        defer { Self.remove(directory) }
        try "{\"format\": \"something-else/9\", \"description\": \"\", \"vectors\": []}"
            .write(to: directory.appendingPathComponent("zz-other.json"), atomically: true, encoding: .utf8)
        #expect {
            try VectorSuite.run(directory: directory)
        } throws: { error in
            "\(error)".contains("zz-other.json") && "\(error)".contains("chaindesk-wire-vectors/1")
        }
    }

    @Test("chaindesk-conformance vectors exits 0 and prints its tally; on a failing vector it exits 1")
    func commandLine() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("chaindesk-conformance")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the package first: \(binary.path)"
        )

        let good = try Self.run(binary, ["vectors", "--dir", Self.vectors.path])
        #expect(good.status == 0)
        #expect(good.output.contains("failed") && good.output.contains(" 0 failed"))

        let directory = try Self.copyOfVectors()
        defer { Self.remove(directory) }
        let file = directory.appendingPathComponent("preface.json")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "\"version\": 3", with: "\"version\": 2")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let bad = try Self.run(binary, ["vectors", "--dir", directory.path])
        #expect(bad.status == 1)
        #expect(bad.output.contains("FAIL  preface.json preface-highest-common"))

        let missing = try Self.run(binary, ["vectors", "--dir", "/nonexistent/vectors"])
        #expect(missing.status != 0)
        #expect(missing.output.contains("/nonexistent/vectors"))
    }

    static func copyOfVectors() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chaindesk-vectors-\(UUID().uuidString)")
        let protocolCopy = directory.appendingPathComponent("Protocol")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("Protocol"), to: protocolCopy)
        return protocolCopy.appendingPathComponent("vectors")
    }

    /// Removes a copy made by ``copyOfVectors()``: the temporary folder two levels up.
    static func remove(_ vectors: URL) {
        try? FileManager.default.removeItem(at: vectors.deletingLastPathComponent().deletingLastPathComponent())
    }

    static func run(_ binary: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitForExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
