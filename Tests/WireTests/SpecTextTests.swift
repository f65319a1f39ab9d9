internal import ChainDeskWire
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

    @Test("§13.3 lists every error id the code knows, with its scope, answer, section and how it is found")
    func errorTable() throws {
        let spec = try String(contentsOf: Self.protocolFolder.appendingPathComponent("SPEC.md"), encoding: .utf8)
        let rows = spec.split(separator: "\n").filter { $0.hasPrefix("| `") }
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        var listed: Set<String> = []
        for code in WireError.Code.allCases {
            guard let row = rows.first(where: { $0.first == "`\(code.identifier)`" }), row.count >= 5 else {
                Issue.record("§13.3 has no row for \(code.identifier)")
                continue
            }
            listed.insert(code.identifier)
            let answer = code.scope == .connection ? code.connectionCode.name : code.status.name
            #expect(row[1] == code.scope.rawValue, "\(code.identifier): scope \(row[1]), the code says \(code.scope)")
            #expect(row[2] == answer, "\(code.identifier): answer \(row[2]), the code says \(answer)")
            #expect(row[3] == "§\(code.section)", "\(code.identifier): \(row[3]), the code says §\(code.section)")
            #expect(
                (row[4] == "codec") == code.isCodec,
                "\(code.identifier): found by \(row[4]), the code says \(code.isCodec ? "codec" : "state or schema")"
            )
        }
        // The table's rows are those whose scope column is a scope; each names an id the code knows.
        let tableIDs = rows.filter { $0.count >= 5 && ["connection", "call"].contains($0[1]) }
            .map { $0[0].trimmingCharacters(in: ["`"]) }
        let unknown = tableIDs.filter { WireError.Code(identifier: $0) == nil }
        #expect(unknown.isEmpty, "§13.3 names ids the code does not know: \(unknown)")
        #expect(listed.count == WireError.Code.allCases.count)
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
