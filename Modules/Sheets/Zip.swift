internal import CZlib

/// A ZIP archive (PKWARE APPNOTE 6.3) written in memory: what an Office Open XML workbook is packed in. Entries are
/// deflated (raw deflate, zlib's windowBits −15) and stamped with one fixed time, so the same content gives the same
/// bytes. Written here rather than with a ZIP package because the one listed names its zlib module `CZlib`, as this
/// package does; the system zlib behind `CZlib` does the compression and the CRC-32.
struct ZipArchive {
    private var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    /// Adds a file; `path` uses `/` and no leading slash.
    mutating func add(_ path: String, _ content: [UInt8]) {
        let name = Array(path.utf8)
        let crc = content.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        let packed = Self.deflate(content)
        let offset = UInt32(self.bytes.count)
        // Local file header.
        Self.put32(0x0403_4B50, &self.bytes)
        Self.put16(20, &self.bytes)  // version needed: 2.0 (deflate)
        Self.put16(0x0800, &self.bytes)  // flags: names are UTF-8
        Self.put16(8, &self.bytes)  // method: deflate
        Self.put16(Self.dosTime, &self.bytes)
        Self.put16(Self.dosDate, &self.bytes)
        Self.put32(crc, &self.bytes)
        Self.put32(UInt32(packed.count), &self.bytes)
        Self.put32(UInt32(content.count), &self.bytes)
        Self.put16(UInt16(name.count), &self.bytes)
        Self.put16(0, &self.bytes)
        self.bytes += name
        self.bytes += packed
        // Its central directory entry.
        Self.put32(0x0201_4B50, &self.directory)
        Self.put16(20, &self.directory)  // made by: 2.0, MS-DOS attributes
        Self.put16(20, &self.directory)
        Self.put16(0x0800, &self.directory)
        Self.put16(8, &self.directory)
        Self.put16(Self.dosTime, &self.directory)
        Self.put16(Self.dosDate, &self.directory)
        Self.put32(crc, &self.directory)
        Self.put32(UInt32(packed.count), &self.directory)
        Self.put32(UInt32(content.count), &self.directory)
        Self.put16(UInt16(name.count), &self.directory)
        Self.put16(0, &self.directory)  // extra
        Self.put16(0, &self.directory)  // comment
        Self.put16(0, &self.directory)  // disk
        Self.put16(0, &self.directory)  // internal attributes
        Self.put32(0, &self.directory)  // external attributes
        Self.put32(offset, &self.directory)
        self.directory += name
        self.count += 1
    }

    /// The archive: the entries, the central directory and its end record.
    func finished() -> [UInt8] {
        var out = self.bytes
        let start = UInt32(out.count)
        out += self.directory
        Self.put32(0x0605_4B50, &out)
        Self.put16(0, &out)
        Self.put16(0, &out)
        Self.put16(UInt16(self.count), &out)
        Self.put16(UInt16(self.count), &out)
        Self.put32(UInt32(self.directory.count), &out)
        Self.put32(start, &out)
        Self.put16(0, &out)
        return out
    }

    /// 1980-01-01 00:00, the earliest DOS time: a fixed stamp keeps exports of the same figures identical.
    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    static func put16(_ value: UInt16, _ out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    static func put32(_ value: UInt32, _ out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// Raw deflate of `input` in one call: the output is sized by zlib's own bound, so it always fits.
    static func deflate(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard CZlib_deflateInit2(&stream, 6, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK else {
            preconditionFailure("zlib could not start a deflate stream")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        var input = input
        let written = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                let rc = CZlib.deflate(&stream, Z_FINISH)
                precondition(rc == Z_STREAM_END, "deflate into its own bound failed with \(rc)")
                return destination.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(written))
    }
}
