// The inflater fed any bytes, with the published dictionaries accepted: a message or a WireError, and never more
// output than the limit however the stream expands.
internal import ChainDeskAPI
internal import ChainDeskWire
internal import NIOCore

let limit = 64 << 10
// libFuzzer calls the target from one thread.
nonisolated(unsafe) let decompressor = Zlib.Decompressor(dictionaries: [API.crmDictionary])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInflate(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = ByteBuffer(bytes: UnsafeRawBufferPointer(start: start, count: count))
    guard let output = try? decompressor.decompress(input, limit: limit) else { return 0 }
    precondition(output.bytes.readableBytes <= limit, "inflated \(output.bytes.readableBytes) bytes past the limit")
    // What inflated must compress and inflate back to itself.
    var again = ByteBuffer()
    let dictionary = output.dictionaryID == nil ? nil : API.crmDictionary
    Zlib.Compressor(dictionary: dictionary).compress(output.bytes, into: &again)
    guard let roundTrip = try? decompressor.decompress(again, limit: limit) else {
        fatalError("a compressed message does not inflate")
    }
    precondition(roundTrip.bytes == output.bytes, "a message changes through compression")
    return 0
}
