import ChainDeskTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The field client with the node stopped and started again: the real binaries, a real restart on the same port.
@Suite("Working offline through the real binaries", .serialized)
struct OfflineTests {
    /// A node with 陈夷逸 (deputy head) and 伍芳谊 (officer, signed in on two devices) and 伍芳谊's enterprise.
    static func office(_ engine: TestEngine = .sqlite) async throws -> RunningOffice {
        let office = try await RunningOffice.launch(engine: engine)
        let password = try #require(office.adminPassword)
        try await office.ok("admin", ["login", "--user", "admin", "--password-stdin", "--no-sync"], input: password)
        for (user, name, role) in [("chen", "陈夷逸", "deputyHead"), ("wu", "伍芳谊", "officer")] {
            try await office.ok(
                "admin",
                ["user", "add", "--username", user, "--name", name, "--role", role, "--password-stdin"],
                input: "offline-\(user)-2026"
            )
        }
        try await office.ok("chen", ["login", "--user", "chen", "--password-stdin"], input: "offline-chen-2026")
        try await office.ok("wu", ["login", "--user", "wu", "--password-stdin"], input: "offline-wu-2026")
        try await office.ok("wu", ["enterprise", "add", "常熟新材料科技有限公司", "--short", "常熟新材", "--owner", "me"])
        try await office.ok("wu", ["contact", "add", "常熟新材", "周经理", "--phone", "13900000000"])
        try await office.ok("wu", ["log", "visit", "常熟新材", "first visit"])
        try await office.ok("wu-phone", ["login", "--user", "wu", "--password-stdin"], input: "offline-wu-2026")
        return office
    }

    /// Stops the node and starts it again on the same port and data; people keep their sessions.
    static func restart(_ office: RunningOffice) async throws -> RunningOffice {
        #expect(try await office.stopped() == 0)
        return try await office.restarted()
    }

    @Test(
        "with the node stopped, reads answer from the device and say so; writes are kept and reach the office once",
        arguments: TestEngine.all
    )
    func offlineThenSync(engine: TestEngine) async throws {
        let office = try await Self.office(engine)
        defer { office.removeFiles() }
        try await office.ok("wu", ["trip", "add", "常熟招商", "--destination", "常熟", "--starts", "2026-12-02"])
        try await office.ok("wu", ["trip", "visit", "常熟", "常熟新材", "--on", "2026-12-02"])
        try await office.ok("wu", ["status"])
        try await office.ok("wu", ["sync"])
        #expect(try await office.stopped() == 0)

        #expect(try await office.ok("wu", ["trip", "list"]).contains("常熟新材料科技有限公司"), "the trip and its visit")
        #expect(try await office.ok("wu", ["staff"]).contains("陈夷逸"))

        let (status, out, err) = try await office.run("wu", ["history", "常熟新材"])
        #expect(status == 0 && out.contains("first visit"))
        #expect(err.contains("offline: showing this device's copy"), "\(err)")
        #expect(try await office.ok("wu", ["search", "常熟"]).contains("常熟新材料科技有限公司"))
        #expect(try await office.ok("wu", ["contact", "list", "常熟新材"]).contains("周经理"))
        let (logged, _, loggedNote) = try await office.run(
            "wu",
            ["log", "wechat", "常熟新材", "sent the brochure offline"]
        )
        #expect(logged == 0 && loggedNote.contains("saved on this device; 1 change will go to the office"))
        try await office.ok("wu", ["enterprise", "edit", "常熟新材", "--industry", "复合材料"])
        try await office.ok("wu", ["project", "add", "常熟新材", "复合材料产线", "--planned", "1.2亿"])
        #expect(try await office.ok("wu", ["project", "list"]).contains("复合材料产线"), "the device shows its own changes")
        try await office.ok("wu", ["trip", "add", "上海招商", "--destination", "上海", "--starts", "2026-12-08"])
        try await office.ok("wu", ["trip", "visit", "上海招商", "常熟新材", "--on", "2026-12-08"])
        try await office.refused("wu", ["report", "funnel"], status: 69)

        let again = try await Self.restart(office)
        defer { again.stop() }
        let synced = try await again.ok("wu", ["sync"])
        #expect(synced.hasPrefix("sent 5, refused 0"), "\(synced)")
        #expect(try await again.ok("wu", ["sync"]).hasPrefix("sent 0, refused 0; received 0 records"))

        // The office has each change exactly once.
        let history = try await again.ok("chen", ["history", "常熟新材"])
        #expect(history.components(separatedBy: "sent the brochure offline").count == 2, "\(history)")
        #expect(try await again.ok("chen", ["enterprise", "show", "常熟新材"]).contains("复合材料"))
        #expect(try await again.ok("chen", ["project", "list"]).contains("复合材料产线"))
        let trips = try await again.ok("chen", ["trip", "list"])
        #expect(trips.contains("上海招商") && trips.contains("常熟新材料科技有限公司"), "\(trips)")
        // Stopped off the test's threads; the deferred stop then finds it stopped.
        _ = try await again.stopped()
    }

    @Test(
        "two devices offline: both contacts arrive; the same field edited twice keeps the first and shows the other to both people",
        arguments: TestEngine.all
    )
    func conflicts(engine: TestEngine) async throws {
        let office = try await Self.office(engine)
        defer { office.removeFiles() }
        #expect(try await office.stopped() == 0)
        try await office.ok("wu", ["log", "phone", "常熟新材", "call from the laptop"])
        try await office.ok("wu-phone", ["log", "wechat", "常熟新材", "message from the phone"])
        try await office.ok("wu", ["enterprise", "edit", "常熟新材", "--industry", "复合材料"])

        let again = try await Self.restart(office)
        defer { again.stop() }
        // 陈夷逸, online, reaches the office first with another value for the same field.
        try await again.ok("chen", ["enterprise", "edit", "常熟新材", "--industry", "玻璃纤维", "--scale", "medium"])
        try await again.ok("wu", ["sync"])
        try await again.ok("wu-phone", ["sync"])
        let history = try await again.ok("chen", ["history", "常熟新材"])
        #expect(history.contains("call from the laptop") && history.contains("message from the phone"))
        let shown = try await again.ok("chen", ["enterprise", "show", "常熟新材"])
        #expect(shown.contains("玻璃纤维") && shown.contains("medium"), "the first value is kept: \(shown)")

        for person in ["chen", "wu"] {
            let list = try await again.ok(person, ["conflicts"])
            #expect(list.contains("industry") && list.contains("\"玻璃纤维\"") && list.contains("\"复合材料\""), "\(list)")
        }
        let listed = try await again.json("wu", ["conflicts"])
        let id = try #require((listed["conflicts"] as? [[String: Any]])?.first?["id"] as? String)
        try await again.ok("wu", ["conflicts", "resolve", String(id.prefix(8)), "--keep", "other"])
        #expect(try await again.ok("chen", ["enterprise", "show", "常熟新材"]).contains("复合材料"))
        #expect(try await again.ok("chen", ["conflicts"]).contains("no conflicts"))
        let audit = try await again.ok("chen", ["audit", "enterprise", "常熟新材"])
        #expect(audit.contains("\"玻璃纤维\"") && audit.contains("\"复合材料\""))
        // Stopped off the test's threads; the deferred stop then finds it stopped.
        _ = try await again.stopped()
    }

    @Test(
        "clients killed at random moments: every change they reported saved reaches the office, once",
        arguments: TestEngine.all
    )
    func killedClients(engine: TestEngine) async throws {
        let office = try await Self.office(engine)
        defer { office.removeFiles() }
        #expect(try await office.stopped() == 0)
        var reported: [String] = []
        // Kills at growing moments, until some clients got as far as reporting (on a loaded machine that takes
        // longer, so the moments are not fixed, and the last ones leave a client 1.5 s).
        for n in 0..<150 where n < 12 || reported.count < 3 {
            let summary = "offline-note-\(n)-end"
            let process = try office.start("wu", ["log", "phone", "常熟新材", summary])
            try await Task.sleep(for: .milliseconds(10 * n))
            kill(process.processIdentifier, SIGKILL)
            let (_, out, _) = try await offThread { try RunningOffice.finish(process) }
            if out.contains("logged phone") { reported.append(summary) }
        }
        #expect(!reported.isEmpty, "at least some clients got that far")

        let again = try await Self.restart(office)
        defer { again.stop() }
        try await again.ok("wu", ["sync"])
        let history = try await again.ok("chen", ["history", "常熟新材", "--limit", "100"])
        for summary in reported {
            #expect(history.components(separatedBy: summary).count == 2, "\(summary) arrives once")
        }
        // Stopped off the test's threads; the deferred stop then finds it stopped.
        _ = try await again.stopped()
    }
}
