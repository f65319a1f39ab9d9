// The start of a connection fed any bytes: a preface, version negotiation, then the first frame, which must be
// SETTINGS, validated. Each step must end in a value, "more bytes" or a WireError.
internal import ChainDeskWire
internal import NIOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var buffer = ByteBuffer(bytes: UnsafeRawBufferPointer(start: start, count: count))
    do throws(WireError) {
        guard let preface = try Preface.read(from: &buffer) else { return 0 }
        let version = try Preface.current.negotiate(with: preface)
        precondition(preface.versions.contains(version), "negotiated version \(version) is not the peer's")
        var decoder = FrameDecoder(sender: .client, awaitingSettings: true)
        guard let frame = try decoder.decode(buffer: &buffer) else { return 0 }
        guard case .settings(let settings) = frame else {
            fatalError("the first frame decoded while awaiting SETTINGS is \(frame.type.name)")
        }
        let validated = try Settings(validating: settings)
        // What was accepted must describe itself the same way when sent back.
        let again = try Settings(validating: validated.frame)
        precondition(again == validated, "validated settings change when sent again")
    } catch {
        return 0
    }
    return 0
}
