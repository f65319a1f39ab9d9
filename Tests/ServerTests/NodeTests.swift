import ChainDeskProto
import ChainDeskRPC
import ChainDeskServer
import ChainDeskStore
import Foundation
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("The office node")
struct NodeTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("chaindesk-node-\(UUID().uuidString)")
    }

    @Test("health and server info answer without a token; the demo office is loaded once")
    func inProcess() async throws {
        let folder = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = OfficeNode.Configuration(dataDirectory: folder)
        configuration.loadDemo = true
        configuration.serveTestService = true
        let node = try await OfficeNode.open(configuration, logger: Logger(label: "test"))
        let (health, info) = try await InProcessTransport.withClient(server: node.server) { client in
            (
                try await client.unary(SystemService.health, .init()),
                try await client.unary(SystemService.serverInfo, .init())
            )
        }
        #expect(health.status == .serving && health.revision > 100)
        #expect(info.name == "chaindesk-server" && info.maxProtocolVersion == 1)
        #expect(info.methods.map(\.id).contains(16) && info.methods.map(\.id).contains(1))

        // Opening again does not load the demo a second time.
        let again = try await OfficeNode.open(configuration, logger: Logger(label: "test"))
        #expect(try await again.store.latestRevision() == health.revision)
    }

    @Test("the real chaindesk-server starts on a free port, answers, drains on SIGTERM and keeps its data")
    func process() async throws {
        let folder = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "chaindesk-server"
        )
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the package first: \(binary.path)"
        )

        var first: Int64 = 0
        for round in 0..<2 {
            let (process, port) = try await Self.start(binary, folder: folder, demo: round == 0)
            let revision = try await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
                try await client.unary(SystemService.health, .init()).revision
            }
            if round == 0 { first = revision } else { #expect(revision == first, "the data survived the restart") }
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        #expect(first > 100)
    }

    @Test("bad arguments get one clear line and a non-zero exit")
    func badArguments() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "chaindesk-server"
        )
        try #require(FileManager.default.isExecutableFile(atPath: binary.path))
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--port", "70000"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(output.contains("port 70000 is outside 0…65535"))
    }

    /// Starts the server on port 0 and reads the port from its first line of output.
    static func start(_ binary: URL, folder: URL, demo: Bool) async throws -> (Process, Int) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--port", "0", "--data-dir", folder.path] + (demo ? ["--demo"] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var output = Data()
        while !output.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            output.append(chunk)
        }
        let line = String(decoding: output, as: UTF8.self)
        guard let range = line.range(of: "127.0.0.1:"),
            let port = Int(line[range.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            throw NodeTestError("chaindesk-server did not say where it listens: \(line)")
        }
        return (process, port)
    }
}

struct NodeTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
