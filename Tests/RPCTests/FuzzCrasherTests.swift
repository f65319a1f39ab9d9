import ChainDeskRPC
import ChainDeskTestService
import ChainDeskWire
import Foundation
import NIOCore
import Testing

/// Every input FuzzConnection ever failed on (FuzzTesting/Crashers/FuzzConnection), through the same harness in the
/// ordinary build: a server connection with the test service, fed a valid opening and then the input.
@Suite("Kept fuzz crashers")
struct FuzzCrasherTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzTesting/Crashers/FuzzConnection")

    static var crashers: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Self.folder.path)) ?? []).sorted()
    }

    @Test(
        "each kept FuzzConnection input ends its connection, with every handler it started returned",
        arguments: crashers
    )
    func connection(name: String) async throws {
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        var input = ByteBuffer()
        Preface.current.write(into: &input)
        var settings = Settings.defaults
        settings.compression = .zlib
        FrameEncoder().encode(.settings(settings.frame), into: &input)
        input.writeBytes(bytes)
        var configuration = RPCConfiguration()
        configuration.handshakeTimeout = .milliseconds(200)
        configuration.closeFlushTimeout = .milliseconds(50)
        let server = RPCServer(router: TestService.router, configuration: configuration)
        let (inbound, feed) = AsyncStream.makeStream(of: ByteBuffer.self)
        let half = input.readableBytes / 2
        feed.yield(input.getSlice(at: input.readerIndex, length: half)!)
        feed.yield(input.getSlice(at: input.readerIndex + half, length: input.readableBytes - half)!)
        feed.finish()
        // serve returns only once its handlers have; a hang fails the test at the limit instead of stalling it
        // (the serving task is left behind then, which only a failing run does).
        let (done, finished) = AsyncStream.makeStream(of: Void.self)
        Task {
            await server.serve(inbound: inbound) { _ in }
            finished.yield()
        }
        let served = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in done { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(20))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        #expect(served, "\(name): the connection did not end")
    }

    @Test("the crasher folder is where this test looks")
    func folderExists() {
        #expect(!Self.crashers.isEmpty, "no kept crashers under \(Self.folder.path)")
    }
}
