import Foundation
import Testing

/// Correcting a logged contact from the command line: a new record in its place (the real binaries).
@Suite("Correcting a contact", .serialized)
struct CorrectionTests {
    @Test(
        "a correction replaces the contact in history and reports; the officer's own only; once; audit for leadership"
    )
    func correct() async throws {
        let office = try await OfflineTests.office()
        defer { office.removeFiles() }
        let history = try await office.json("wu", ["history", "常熟新材"])
        let first = try #require((history["interactions"] as? [[String: Any]])?.first)
        let id = try #require(first["id"] as? String)
        let short = String(id.prefix(8))

        let said = try await office.ok("wu", ["correct", "常熟新材", short, "first visit, met 周经理", "--next", "+7d"])
        #expect(said.hasPrefix("corrected \(short)"), "\(said)")
        let table = try await office.ok("wu", ["history", "常熟新材"])
        #expect(table.contains("[correction] first visit, met 周经理") && !table.contains("[corrected]"), "\(table)")
        let all = try await office.ok("wu", ["history", "常熟新材", "--all"])
        #expect(all.contains("[corrected] first visit") && all.contains("[correction]"), "\(all)")

        // Reports count what stands: one visit, not two.
        let activity = try await office.json(
            "chen",
            ["report", "activity", "--from", "2000-01-01", "--through", "+1d"]
        )
        let wu = try #require((activity["officers"] as? [[String: Any]])?.first { $0["name"] as? String == "伍芳谊" })
        #expect((wu["interactions"] as? [String: Int])?["visit"] == 1, "\(wu)")

        // Corrected once: the correction is what is corrected next.
        let again = try await office.refused("wu", ["correct", "常熟新材", short, "again"], status: 1)
        #expect(again.contains("already corrected"), "\(again)")
        // The deputy head may correct anyone's; an officer only their own.
        try await office.ok("chen", ["log", "phone", "常熟新材", "called about land"])
        let chens = try #require(
            (try await office.json("wu", ["history", "常熟新材"])["interactions"] as? [[String: Any]])?.first {
                ($0["summary"] as? String) == "called about land"
            }
        )
        let theirs = String((chens["id"] as? String ?? "").prefix(8))
        try await office.refused("wu", ["correct", "常熟新材", theirs, "not mine"], status: 77)

        // Leadership reads the audit trail, as docs/operations.md says.
        try await office.ok(
            "admin",
            ["user", "add", "--username", "boss", "--name", "领导", "--role", "leadership", "--password-stdin"],
            input: "leader-pass-2026"
        )
        try await office.ok(
            "boss",
            ["login", "--user", "boss", "--password-stdin", "--no-sync"],
            input: "leader-pass-2026"
        )
        #expect(try await office.ok("boss", ["audit", "enterprise", "常熟新材"]).contains("legalName"))
        try await office.refused("boss", ["correct", "常熟新材", theirs, "no"], status: 77)
        #expect(try await office.stopped() == 0)
    }
}
