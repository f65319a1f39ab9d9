internal import Foundation
internal import Testing

/// What SPEC.md states of the files beside it, checked against the files, so that text and code cannot drift.
@Suite("SPEC.md against the protocol's files")
struct SpecTextTests {
    static var protocolFolder: URL { VectorCase.directory.deletingLastPathComponent() }

    /// RFC 1950's Adler-32, the DICTID of a preset dictionary.
    static func adler32(_ bytes: Data) -> UInt32 {
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    @Test("§7.3 lists every shipped dictionary with its DICTID and size")
    func dictionaries() throws {
        let spec = try String(contentsOf: Self.protocolFolder.appendingPathComponent("SPEC.md"), encoding: .utf8)
        let folder = Self.protocolFolder.appendingPathComponent("dictionaries")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".dict") }
        #expect(!files.isEmpty)
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let id = String(format: "0x%08X", Self.adler32(data))
            let size = data.count.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
            let row = spec.split(separator: "\n").first { $0.hasPrefix("| `\(file)` |") }.map(String.init) ?? ""
            #expect(row.contains("`\(id)`") && row.contains("| \(size) |"), "\(file) is \(id), \(size) bytes: \(row)")
        }
    }
}
