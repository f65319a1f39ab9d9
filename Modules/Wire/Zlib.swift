internal import CZlib
public import NIOCore
internal import Synchronization

#if canImport(Glibc)
internal import Glibc
#endif

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
    /// With a preset dictionary, each message starts from a copy of a stream already primed with it (shared by
    /// every compressor with the same dictionary and level), so a message does not pay for hashing the dictionary.
    ///
    /// Not thread-safe: use one per connection direction.
    public final class Compressor {
        private let stream: UnsafeMutablePointer<z_stream>
        private let primed: PrimedStream?
        private let level: Int32
        /// Whether the plain stream has been set up: at the first message, since its buffers (a quarter-megabyte,
        /// 64 KiB of it touched at once) would otherwise sit in every connection that never compresses.
        private var initialised = false
        /// Where a message's copy of the primed stream lives; allocated at the first message.
        private var arena: UnsafeMutablePointer<CZlib_arena>?
        /// The preset dictionary every stream starts from, if any.
        public var dictionary: [UInt8]? { self.primed?.dictionary }
        /// The dictionary's id, as the peer must have accepted it.
        public var dictionaryID: UInt32? { self.primed?.dictionaryID }

        /// - Parameters:
        ///   - level: zlib's compression level, 1 (fastest) to 9 (smallest).
        ///   - dictionary: a preset dictionary; the peer must have accepted its id (SPEC.md §7.3).
        public init(level: Int32 = 6, dictionary: [UInt8]? = nil) {
            precondition((1...9).contains(level), "zlib level \(level) is outside 1…9")
            self.stream = .allocate(capacity: 1)
            self.stream.initialize(to: z_stream())
            self.arena = nil
            self.level = level
            self.primed = dictionary.map { PrimedStream.shared(level: level, dictionary: $0) }
        }

        deinit {
            deflateEnd(self.stream)
            self.stream.deallocate()
            if let arena = self.arena {
                free(arena.pointee.base)
                arena.deallocate()
            }
        }

        /// Appends the compressed form of `input`'s readable bytes to `output`; returns the bytes written.
        @discardableResult
        public func compress(_ input: ByteBuffer, into output: inout ByteBuffer) -> Int {
            if let primed = self.primed {
                let arena = self.arena ?? self.makeArena(bytes: primed.bytes)
                let rc = CZlib_deflateCopyPrimed(self.stream, primed.stream, arena)
                precondition(rc == Z_OK, "deflateCopy of a primed stream failed with \(rc)")
            } else if !self.initialised {
                let rc = CZlib_deflateInit2(self.stream, self.level, 15, Zlib.memoryLevel, Z_DEFAULT_STRATEGY)
                precondition(rc == Z_OK, "deflateInit2 failed with \(rc)")
                self.initialised = true
            } else {
                let rc = deflateReset(self.stream)
                precondition(rc == Z_OK, "deflateReset failed with \(rc)")
            }
            defer {
                // A copy's memory is the arena's; ending it only clears the stream for the next copy.
                if self.primed != nil { deflateEnd(self.stream) }
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

        private func makeArena(bytes: Int) -> UnsafeMutablePointer<CZlib_arena> {
            let arena = UnsafeMutablePointer<CZlib_arena>.allocate(capacity: 1)
            guard let base = malloc(bytes) else { fatalError("out of memory for a \(bytes)-byte zlib arena") }
            arena.initialize(to: CZlib_arena(base: base.assumingMemoryBound(to: UInt8.self), used: 0, capacity: bytes))
            self.arena = arena
            return arena
        }
    }

    /// zlib's memLevel (1…9) for every deflate stream: its default, 8.
    static let memoryLevel: Int32 = 8

    /// A deflate stream primed with a preset dictionary, never changed afterwards: compressors copy it.
    ///
    /// One per dictionary and level for the process, shared between threads (copying only reads it).
    final class PrimedStream: @unchecked Sendable {
        let stream: UnsafeMutablePointer<z_stream>
        let dictionary: [UInt8]
        let dictionaryID: UInt32
        /// The memory a copy of the stream needs.
        let bytes: Int
        private let arena: UnsafeMutablePointer<CZlib_arena>

        private init(level: Int32, dictionary: [UInt8]) {
            precondition(!dictionary.isEmpty, "a preset dictionary is empty")
            self.dictionary = dictionary
            self.dictionaryID = Zlib.dictionaryID(of: dictionary)
            // Enough for any memLevel ≤ 9 with a 32 KiB window; pages past what zlib uses are never touched.
            let capacity = 1 << 20
            guard let base = malloc(capacity) else { fatalError("out of memory for a primed zlib stream") }
            self.arena = .allocate(capacity: 1)
            self.arena.initialize(
                to: CZlib_arena(base: base.assumingMemoryBound(to: UInt8.self), used: 0, capacity: capacity)
            )
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let arena = self.arena
            let rc = dictionary.withUnsafeBufferPointer {
                CZlib_deflatePrime(stream, arena, level, Zlib.memoryLevel, $0.baseAddress, UInt32($0.count))
            }
            precondition(rc == Z_OK, "priming a deflate stream with a dictionary failed with \(rc)")
            self.stream = stream
            self.bytes = arena.pointee.used
        }

        private static let cache = Mutex<[Key: PrimedStream]>([:])

        private struct Key: Hashable {
            let level: Int32
            let dictionaryID: UInt32
            let count: Int
        }

        /// The primed stream for `dictionary` at `level`, made at its first use.
        static func shared(level: Int32, dictionary: [UInt8]) -> PrimedStream {
            let key = Key(level: level, dictionaryID: Zlib.dictionaryID(of: dictionary), count: dictionary.count)
            return self.cache.withLock { cache in
                if let primed = cache[key], primed.dictionary == dictionary { return primed }
                let primed = PrimedStream(level: level, dictionary: dictionary)
                cache[key] = primed
                return primed
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
        }

        /// Whether the stream has been set up: at the first message, so that a connection that never receives a
        /// compressed one never holds inflate's state.
        private var initialised = false

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
            if self.initialised {
                let rc = inflateReset(self.stream)
                precondition(rc == Z_OK, "inflateReset failed with \(rc)")
            } else {
                let rc = CZlib_inflateInit2(self.stream, 15)
                precondition(rc == Z_OK, "inflateInit2 failed with \(rc)")
                self.initialised = true
            }
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
