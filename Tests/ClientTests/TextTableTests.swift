import ChainDeskClient
import Foundation
import Testing

@Suite("Text tables")
struct TextTableTests {
    @Test(
        "CJK characters count two columns, so mixed columns line up",
        arguments: [("豪顺", 4), ("TCL科技", 7), ("ＡＢ", 4), ("e\u{301}", 1)]
    )
    func widths(text: String, width: Int) {
        #expect(TextTable.width(text) == width)
    }

    @Test("rows line up whatever the script")
    func render() {
        let table = TextTable(
            header: ["id", "名称", "role"],
            rows: [["haoshun", "东莞市豪顺精密科技有限公司", "park"], ["e1", "TCL", "target"]]
        )
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        // The third column starts at the same terminal column on every line.
        let starts = zip(lines, ["role", "park", "target"]).map { line, cell in
            TextTable.width(String(line[..<line.range(of: cell)!.lowerBound]))
        }
        #expect(Set(starts).count == 1, "\(lines)")
        #expect(starts.first == TextTable.width("东莞市豪顺精密科技有限公司") + TextTable.width("haoshun") + 4)
    }

    @Test("the session file is written readable by its owner alone")
    func sessionFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "chaindesk-config-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = SessionFile(environment: ["CHAINDESK_CONFIG_DIR": folder.path])
        let session = SessionFile.Session(server: "127.0.0.1:7420", token: "t", username: "li", expiresAtMs: 1)
        try file.save(session)
        #expect(try file.load() == session)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.url.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try file.remove()
        #expect(try file.load() == nil)
    }
}
