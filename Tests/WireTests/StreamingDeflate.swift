internal import CZlib
internal import NIOCore

/// Deflates long runs of zeros chunk by chunk, to build decompression bombs without holding their input.
enum StreamingDeflate {
    /// `input` deflated by zlib alone from `dictionary`: the reference a compressor's output must equal.
    static func withDictionary(_ dictionary: [UInt8], level: Int32, input: ByteBuffer) -> ByteBuffer {
        var stream = z_stream()
        precondition(CZlib_deflateInit2(&stream, level, 15, 8, Z_DEFAULT_STRATEGY) == Z_OK)
        defer { deflateEnd(&stream) }
        precondition(
            dictionary.withUnsafeBufferPointer {
                deflateSetDictionary(&stream, $0.baseAddress, UInt32($0.count))
            } == Z_OK
        )
        var bytes = Array(input.readableBytesView)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        let written = bytes.withUnsafeMutableBufferPointer { inputBytes in
            output.withUnsafeMutableBufferPointer { outputBytes in
                stream.next_in = inputBytes.baseAddress
                stream.avail_in = UInt32(inputBytes.count)
                stream.next_out = outputBytes.baseAddress
                stream.avail_out = UInt32(outputBytes.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return outputBytes.count - Int(stream.avail_out)
            }
        }
        return ByteBuffer(bytes: output.prefix(written))
    }

    static func zeros(count: Int) -> ByteBuffer {
        var stream = z_stream()
        precondition(CZlib_deflateInit2(&stream, 9, 15, 9, Z_RLE) == Z_OK)
        defer { deflateEnd(&stream) }
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var result = ByteBuffer()
        var remaining = count
        chunk.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                repeat {
                    let size = min(remaining, input.count)
                    remaining -= size
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                    stream.avail_in = UInt32(size)
                    let flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH
                    repeat {
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(out.count)
                        _ = deflate(&stream, flush)
                        result.writeBytes(
                            UnsafeRawBufferPointer(start: out.baseAddress, count: out.count - Int(stream.avail_out))
                        )
                    } while stream.avail_out == 0
                } while remaining > 0
            }
        }
        return result
    }
}
