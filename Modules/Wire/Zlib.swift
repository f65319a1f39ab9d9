internal import CZlib
public import NIOCore

/// zlib (RFC 1950) compression of single messages, with preset dictionaries and a hard limit on
/// inflated size (SPEC.md §7).
public enum Zlib {
    /// A dictionary's id as zlib writes it in a stream's header: the Adler-32 checksum of its bytes.
    public static func dictionaryID(of dictionary: [UInt8]) -> UInt32 {
        dictionary.withUnsafeBufferPointer { bytes in
            UInt32(truncatingIfNeeded: adler32(adler32(0, nil, 0), bytes.baseAddress, UInt32(bytes.count)))
        }
    }

    /// Compresses messages one at a time, each a complete zlib stream.
    ///
    /// Not thread-safe: use one per connection direction.
    public final class Compressor {
        private let stream: UnsafeMutablePointer<z_stream>
        /// The preset dictionary every stream starts from, if any.
        public let dictionary: [UInt8]?
        /// The dictionary's id, as the peer must have accepted it.
        public let dictionaryID: UInt32?

        /// - Parameters:
        ///   - level: zlib's compression level, 1 (fastest) to 9 (smallest).
        ///   - dictionary: a preset dictionary; the peer must have accepted its id (SPEC.md §7.3).
        public init(level: Int32 = 6, dictionary: [UInt8]? = nil) {
            precondition((1...9).contains(level), "zlib level \(level) is outside 1…9")
            self.dictionary = dictionary
            self.dictionaryID = dictionary.map(Zlib.dictionaryID(of:))
            self.stream = .allocate(capacity: 1)
            self.stream.initialize(to: z_stream())
            let rc = CZlib_deflateInit2(self.stream, level, 15, 8, Z_DEFAULT_STRATEGY)
            precondition(rc == Z_OK, "deflateInit2 failed with \(rc)")
        }

        deinit {
            deflateEnd(self.stream)
            self.stream.deallocate()
        }

        /// Appends the compressed form of `input`'s readable bytes to `output`; returns the bytes written.
        @discardableResult
        public func compress(_ input: ByteBuffer, into output: inout ByteBuffer) -> Int {
            var rc = deflateReset(self.stream)
            precondition(rc == Z_OK, "deflateReset failed with \(rc)")
            if let dictionary = self.dictionary {
                rc = dictionary.withUnsafeBufferPointer {
                    deflateSetDictionary(self.stream, $0.baseAddress, UInt32($0.count))
                }
                precondition(rc == Z_OK, "deflateSetDictionary failed with \(rc)")
            }
            let bound = Int(deflateBound(self.stream, UInt(input.readableBytes)))
            return input.withUnsafeReadableBytes { inputBytes in
                output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { outputBytes in
                    self.stream.pointee.next_in = UnsafeMutablePointer(
                        mutating: inputBytes.bindMemory(to: Bytef.self).baseAddress
                    )
                    self.stream.pointee.avail_in = UInt32(inputBytes.count)
                    self.stream.pointee.next_out = outputBytes.bindMemory(to: Bytef.self).baseAddress
                    self.stream.pointee.avail_out = UInt32(outputBytes.count)
                    let rc = deflate(self.stream, Z_FINISH)
                    precondition(rc == Z_STREAM_END, "deflate into a deflateBound-sized buffer returned \(rc)")
                    self.stream.pointee.next_in = nil
                    self.stream.pointee.next_out = nil
                    return outputBytes.count - Int(self.stream.pointee.avail_out)
                }
            }
        }
    }

    /// Inflates messages one at a time, never producing more than a given limit.
    ///
    /// Not thread-safe: use one per connection direction.
    public final class Decompressor {
        private let stream: UnsafeMutablePointer<z_stream>
        /// The preset dictionaries this endpoint accepted, by id.
        public let dictionaries: [UInt32: [UInt8]]
        /// The largest output buffer any call to ``decompress(_:limit:)`` has allocated, in bytes.
        public private(set) var largestOutputCapacity = 0

        public init(dictionaries: [[UInt8]] = []) {
            self.dictionaries = Dictionary(
                dictionaries.map { (Zlib.dictionaryID(of: $0), $0) },
                uniquingKeysWith: { first, _ in first }
            )
            self.stream = .allocate(capacity: 1)
            self.stream.initialize(to: z_stream())
            let rc = CZlib_inflateInit2(self.stream, 15)
            precondition(rc == Z_OK, "inflateInit2 failed with \(rc)")
        }

        deinit {
            inflateEnd(self.stream)
            self.stream.deallocate()
        }

        /// The result of inflating one message.
        public struct Output: Sendable {
            /// The inflated bytes.
            public var bytes: ByteBuffer
            /// The id of the preset dictionary the stream used, if any.
            public var dictionaryID: UInt32?
        }

        /// Inflates one complete zlib stream.
        ///
        /// Output grows in steps and never beyond `limit` bytes (rounded up to a power of two by the buffer);
        /// the stream is refused as soon as it would produce byte `limit + 1`.
        ///
        /// - Throws: ``WireError/Code/messageTooLarge``, ``WireError/Code/messageUnknownDictionary`` or
        ///   ``WireError/Code/messageCorrupt``.
        public func decompress(_ input: ByteBuffer, limit: Int) throws(WireError) -> Output {
            let rc = inflateReset(self.stream)
            precondition(rc == Z_OK, "inflateReset failed with \(rc)")
            var output = ByteBufferAllocator().buffer(capacity: min(limit, max(256, input.readableBytes * 4)))
            var dictionaryID: UInt32? = nil
            let result: Result<Void, WireError> = input.withUnsafeReadableBytes { inputBytes in
                self.stream.pointee.next_in = UnsafeMutablePointer(
                    mutating: inputBytes.bindMemory(to: Bytef.self).baseAddress
                )
                self.stream.pointee.avail_in = UInt32(inputBytes.count)
                defer { self.stream.pointee.next_in = nil }
                return Result { () throws(WireError) in
                    try self.inflateLoop(into: &output, limit: limit, dictionaryID: &dictionaryID)
                }
            }
            self.largestOutputCapacity = max(self.largestOutputCapacity, output.capacity)
            try result.get()
            return Output(bytes: output, dictionaryID: dictionaryID)
        }

        private func inflateLoop(into output: inout ByteBuffer, limit: Int, dictionaryID: inout UInt32?)
            throws(WireError)
        {
            while true {
                if output.readableBytes >= limit {
                    guard try !self.producesMore() else {
                        throw WireError(
                            code: .messageTooLarge,
                            message: "compressed message inflates past \(limit) bytes, the maximum message size"
                        )
                    }
                    return
                }
                if output.writableBytes == 0 {
                    output.reserveCapacity(min(limit, max(256, output.capacity * 2)))
                }
                let space = min(output.writableBytes, limit - output.readableBytes)
                var rc: Int32 = Z_OK
                output.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { outputBytes in
                    self.stream.pointee.next_out = outputBytes.bindMemory(to: Bytef.self).baseAddress
                    self.stream.pointee.avail_out = UInt32(space)
                    rc = inflate(self.stream, Z_NO_FLUSH)
                    self.stream.pointee.next_out = nil
                    return space - Int(self.stream.pointee.avail_out)
                }
                switch rc {
                case Z_STREAM_END:
                    guard self.stream.pointee.avail_in == 0 else {
                        throw self.corrupt("\(self.stream.pointee.avail_in) byte(s) follow the end of the zlib stream")
                    }
                    return
                case Z_OK:
                    continue
                case Z_NEED_DICT:
                    let id = UInt32(truncatingIfNeeded: self.stream.pointee.adler)
                    guard let dictionary = self.dictionaries[id] else {
                        throw WireError(
                            code: .messageUnknownDictionary,
                            message:
                                "compressed message needs preset dictionary 0x\(String(id, radix: 16, uppercase: true)), "
                                + "which this endpoint did not accept"
                        )
                    }
                    let set = dictionary.withUnsafeBufferPointer {
                        inflateSetDictionary(self.stream, $0.baseAddress, UInt32($0.count))
                    }
                    precondition(set == Z_OK, "inflateSetDictionary failed with \(set)")
                    dictionaryID = id
                case Z_BUF_ERROR:
                    // No progress possible: the input ended before the stream did.
                    throw self.corrupt("zlib stream is truncated")
                default:
                    let reason = self.stream.pointee.msg.map { String(cString: $0) } ?? "error \(rc)"
                    throw self.corrupt("zlib stream is invalid: \(reason)")
                }
            }
        }

        /// Whether the stream would produce at least one more byte; used once the output is at its limit.
        private func producesMore() throws(WireError) -> Bool {
            var scratch: UInt8 = 0
            let rc = withUnsafeMutablePointer(to: &scratch) { pointer in
                self.stream.pointee.next_out = pointer
                self.stream.pointee.avail_out = 1
                defer { self.stream.pointee.next_out = nil }
                return inflate(self.stream, Z_NO_FLUSH)
            }
            if self.stream.pointee.avail_out == 0 { return true }
            switch rc {
            case Z_STREAM_END:
                guard self.stream.pointee.avail_in == 0 else {
                    throw self.corrupt("\(self.stream.pointee.avail_in) byte(s) follow the end of the zlib stream")
                }
                return false
            case Z_BUF_ERROR, Z_OK: throw self.corrupt("zlib stream is truncated")
            default:
                let reason = self.stream.pointee.msg.map { String(cString: $0) } ?? "error \(rc)"
                throw self.corrupt("zlib stream is invalid: \(reason)")
            }
        }

        private func corrupt(_ message: String) -> WireError {
            WireError(code: .messageCorrupt, message: message)
        }
    }
}
