// A server connection fed any bytes after a valid preface and SETTINGS: the test service behind it, each call run
// as the server runs it. The connection must end — by the bytes running out or a connection error — without a
// crash or a hang (libFuzzer's -timeout catches a hang), and wait for every handler it started.
internal import ChainDeskRPC
internal import ChainDeskTestService
internal import ChainDeskWire
internal import Dispatch
internal import NIOCore

let server: RPCServer = {
    var configuration = RPCConfiguration()
    configuration.handshakeTimeout = .milliseconds(200)
    configuration.closeFlushTimeout = .milliseconds(50)
    configuration.wire.compression.dictionaries = [ZlibFuzzDictionary.test]
    return RPCServer(router: TestService.router, configuration: configuration)
}()

let opening: ByteBuffer = {
    var bytes = ByteBuffer()
    Preface.current.write(into: &bytes)
    var settings = Settings.defaults
    settings.compression = .zlib
    FrameEncoder().encode(.settings(settings.frame), into: &bytes)
    return bytes
}()

enum ZlibFuzzDictionary {
    /// Any dictionary will do: what matters is that streams naming one are inflated with it.
    static let test: [UInt8] = Array("enterprise project contact interaction 东莞豪顺 链主 签约".utf8)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConnection(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = opening
    input.writeBytes(UnsafeRawBufferPointer(start: start, count: count))
    let (inbound, feed) = AsyncStream.makeStream(of: ByteBuffer.self)
    // Delivered in two pieces, so that a frame split across reads is exercised too.
    let half = input.readableBytes / 2
    feed.yield(input.getSlice(at: input.readerIndex, length: half)!)
    feed.yield(input.getSlice(at: input.readerIndex + half, length: input.readableBytes - half)!)
    feed.finish()
    let done = DispatchSemaphore(value: 0)
    Task {
        await server.serve(inbound: inbound) { _ in }
        done.signal()
    }
    done.wait()
    return 0
}
