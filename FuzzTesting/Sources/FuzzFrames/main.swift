// The frame decoder fed any bytes, delivered in chunks of any size: it must return a frame, nil for "more bytes",
// or a WireError — never crash, hang or read past its input — and every frame it returns must encode and decode
// back to itself.
internal import ChainDeskWire
internal import NIOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let control = input.first else { return 0 }
    // The first byte chooses the sender, whether SETTINGS must come first, and the chunk size; the rest is the stream.
    let sender: Role = control & 1 == 0 ? .client : .server
    let awaitingSettings = control & 2 != 0
    let chunk = Int(control >> 2) + 1
    let stream = input.dropFirst()
    var decoder = FrameDecoder(sender: sender, awaitingSettings: awaitingSettings)
    var buffer = ByteBuffer()
    var frames: [Frame] = []
    var callErrors = 0
    var index = stream.startIndex
    reading: while index < stream.endIndex {
        let end = min(index + chunk, stream.endIndex)
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: stream[index..<end]))
        index = end
        while true {
            do throws(WireError) {
                guard let frame = try decoder.decode(buffer: &buffer) else { break }
                frames.append(frame)
            } catch {
                // A call error costs that call only, as a connection treats it; any other ends the stream.
                guard error.code.scope == .call else { break reading }
                callErrors += 1
            }
        }
    }
    if index == stream.endIndex { _ = try? decoder.decodeLast(buffer: &buffer, seenEOF: true) }
    guard callErrors == 0, !frames.isEmpty else { return 0 }
    var encoded = ByteBuffer()
    for frame in frames { FrameEncoder().encode(frame, into: &encoded) }
    var again = FrameDecoder(sender: sender, awaitingSettings: awaitingSettings)
    var decoded: [Frame] = []
    do {
        while let frame = try again.decode(buffer: &encoded) { decoded.append(frame) }
    } catch {
        fatalError("decoded frames, encoded again, fail to decode: \(error)")
    }
    precondition(decoded == frames, "decoded frames, encoded again, decode differently")
    precondition(encoded.readableBytes == 0, "encoded frames leave \(encoded.readableBytes) bytes undecoded")
    return 0
}
