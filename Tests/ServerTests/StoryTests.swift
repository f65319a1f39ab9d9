import ChainDeskAPI
import ChainDeskDomain
import ChainDeskProto
import ChainDeskRPC
import ChainDeskStore
import ChainDeskTesting
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("The seed's story through the real binaries", .serialized)
struct StoryTests {
    static let people: [(user: String, name: String, role: String)] = [
        ("chen", "陈夷逸", "deputyHead"), ("wu", "伍芳谊", "officer"), ("li", "李行知", "officer"),
        ("boss", "投资促进部部长", "director"), ("leader", "欧管委领导", "leadership"), ("fu", "企业服务专员", "aftercare"),
    ]

    static func code(_ division: String, _ body: String, prefix: String = "91") throws -> String {
        try CreditCode.make(prefix: prefix, division: division, body: body).rawValue
    }

    /// The chamber's member list: 40 enterprises, with credit codes.
    static func members() throws -> [(name: String, code: String)] {
        let firms = ["华", "恒", "金", "普", "汇", "宏", "鑫", "联"]
        let trades = ["精密", "电子", "五金", "模具", "塑胶"]
        var members: [(String, String)] = []
        for (i, firm) in firms.enumerated() {
            for (j, trade) in trades.enumerated() {
                members.append(("东莞市\(firm)\(trade)科技有限公司", try Self.code("441900", "MA4\(i)\(j)K8P")))
            }
        }
        return members
    }

    @Test(
        "delegation, 座谈会, WeChat, the chamber's shortlist, referral credit, a request closed on time, the CIIE signing verified, and the reports",
        arguments: TestEngine.all
    )
    func story(engine: TestEngine) async throws {
        let office = try await RunningOffice.launch(engine: engine)
        defer {
            office.stop()
            office.removeFiles()
        }
        let password = try #require(office.adminPassword)
        try await office.ok("admin", ["login", "--user", "admin", "--password-stdin"], input: password)
        for person in Self.people {
            try await office.ok(
                "admin",
                [
                    "user", "add", "--username", person.user, "--name", person.name, "--role", person.role,
                    "--password-stdin",
                ],
                input: "story-\(person.user)-2026"
            )
            try await office.ok(
                person.user,
                ["login", "--user", person.user, "--password-stdin"],
                input: "story-\(person.user)-2026"
            )
        }

        // The deputy head keeps the industry map.
        try await office.ok("chen", ["chain", "add", "新材料", "--id", "materials"])
        try await office.ok("chen", ["chain", "add", "智能制造", "--id", "smart"])
        try await office.ok("chen", ["chain", "link", "新材料", "复合材料", "--position", "upstream", "--gap", "missing"])
        try await office.ok("chen", ["chain", "link", "智能制造", "精密零部件", "--position", "midstream", "--gap", "weak"])
        try await office.refused("wu", ["chain", "add", "金融供应链"], status: 77)

        // 伍芳谊 records the park enterprise, the chamber it introduced, and the chamber's secretary-general.
        let haoshun = try Self.code("441900", "MA4UH301")
        try await office.ok(
            "wu",
            [
                "enterprise", "add", "东莞市豪顺精密科技有限公司", "--short", "东莞豪顺", "--kind", "park", "--credit-code",
                haoshun, "--chain", "智能制造", "--owner", "wu", "--relationship", "landed",
            ]
        )
        try await office.ok(
            "wu",
            [
                "enterprise", "add", "东莞世界莞商会", "--kind", "chamber", "--credit-code",
                try Self.code("441900", "MJL2B7C0", prefix: "51"), "--owner", "wu",
            ]
        )
        try await office.ok("wu", ["contact", "add", "莞商会", "莫柳禅", "--title", "执行秘书长", "--wechat", "moliuchan"])
        try await office.ok("chen", ["chain", "place", haoshun, "精密零部件", "--role", "member"])
        try await office.ok("wu", ["referral", "add", "豪顺", "莞商会", "--on", "2026-09-15", "--note", "豪顺董事长引荐"])

        // The delegation's visit and the 座谈会, then WeChat follow-ups.
        try await office.ok(
            "wu",
            [
                "event", "add", "delegation", "东莞世界莞商会考察团", "--starts", "2026-09-20", "--ends", "2026-09-21",
                "--location", "欧洲产业城",
            ]
        )
        try await office.ok(
            "wu",
            ["log", "inspection", "莞商会", "考察团参观欧洲产业城", "--event", "考察团", "--with", "莫柳禅", "--at", "2026-09-20T10:00"]
        )
        try await office.ok(
            "chen",
            ["log", "meeting", "莞商会", "座谈会：介绍蓉欧政策，商会推荐会员企业", "--event", "考察团", "--at", "2026-09-21T15:00"]
        )
        // Eleven days on from the story's day (RunningOffice.storyClock, 2026-11-20): 2026-12-01.
        let logged = try await office.ok(
            "wu",
            ["log", "wechat", "豪顺", "sent the 蓉欧 park brochure", "--next", "+11d"]
        )
        #expect(logged == "logged wechat with 东莞市豪顺精密科技有限公司; next step due 2026-12-01\n")
        try await office.ok("wu", ["log", "wechat", "莞商会", "发送会员企业筛选标准", "--with", "莫柳禅"])
        let history = try await office.ok("wu", ["history", "莞商会"])
        #expect(history.contains("座谈会：介绍蓉欧政策") && history.contains("发送会员企业筛选标准"))
        try await office.refused("leader", ["log", "phone", "豪顺", "called"], status: 77)

        // The chamber's member list arrives as a GB18030 CSV; a bad file is refused whole, rows named by line.
        let folder = NodeTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let members = try Self.members()
        let bad = folder.appendingPathComponent("bad.csv")
        var badText = "会员单位,统一社会信用代码\r\n"
        badText += "\(members[0].name),\(members[0].code)\r\n"
        badText += ",\(members[1].code)\r\n"
        badText += "\(members[2].name),91441900MA4UH3010X\r\n"
        try gb18030(badText).write(to: bad)
        let (badStatus, _, badWhy) = try await office.run("wu", ["leads", "import", bad.path, "--name", "莞商会会员名单"])
        #expect(badStatus == 65)
        #expect(badWhy.contains("line 3: the name is empty") && badWhy.contains("line 4: credit code"), "\(badWhy)")
        #expect(try await office.ok("wu", ["leads", "list"]).contains("nothing to show"), "nothing half-imported")

        let list = folder.appendingPathComponent("members.csv")
        let listText =
            "会员单位,统一社会信用代码,备注\r\n" + members.map { "\($0.name),\($0.code),\"会员, 东莞\"" }.joined(separator: "\r\n")
        try gb18030(listText).write(to: list)
        let imported = try await office.ok(
            "wu",
            [
                "leads", "import", list.path, "--name", "莞商会会员名单", "--source", "chamber", "--from", "莞商会",
                "--referrer", "莫柳禅", "--received", "2026-09-22", "--criterion", "产业链契合:3", "--criterion", "规模:1",
            ]
        )
        #expect(imported.hasPrefix("imported 40 candidates (GB18030)"), "\(imported)")
        try await office.ok("wu", ["leads", "mark", "会员名单", "responded", "--on", "2026-09-22"])

        // 层层筛选: the deputy head shortlists 30 of the 40; an officer may not screen.
        try await office.refused(
            "wu",
            [
                "leads", "screen", "会员名单", members[0].name, "--score", "产业链契合=5", "--score", "规模=3", "--decision",
                "shortlisted", "--reason", "补链",
            ],
            status: 77
        )
        for (index, member) in members.enumerated() {
            let keep = index < 30
            try await office.ok(
                "chen",
                [
                    "leads", "screen", "会员名单", member.name, "--score", "产业链契合=\(keep ? 5 : 1)", "--score", "规模=3",
                    "--decision", keep ? "shortlisted" : "rejected", "--reason", keep ? "主导产业推动建圈强链" : "与园区产业关联弱",
                ]
            )
        }
        try await office.ok("chen", ["leads", "mark", "会员名单", "screened", "--on", "2026-09-25"])
        try await office.ok("wu", ["leads", "mark", "会员名单", "notified", "--on", "2026-09-28"])
        let batch = try await office.json("leader", ["leads", "show", "会员名单"])
        let candidates = try #require(batch["candidates"] as? [[String: Any]])
        #expect(candidates.count { $0["decision"] as? String == "shortlisted" } == 30)
        #expect(candidates.count { $0["decision"] as? String == "rejected" } == 10)
        let clocks = try #require(batch["clocks"] as? [[String: Any]])
        #expect(clocks.allSatisfy { $0["overdue"] == nil }, "every clock met: \(clocks)")

        // Two enterprises the chamber brought, and the CIIE batch signing.
        try await office.ok(
            "wu",
            [
                "enterprise", "add", "苏州清蓝新型复合材料有限公司", "--kind", "target", "--credit-code",
                try Self.code("320500", "MA1QL9N0"), "--owner", "wu", "--chain", "新材料",
            ]
        )
        try await office.ok(
            "li",
            ["enterprise", "add", "台玻欧文斯科宁新材料有限公司", "--kind", "target", "--owner", "li", "--chain", "新材料"]
        )
        try await office.ok("wu", ["referral", "add", "莞商会", "清蓝", "--on", "2026-09-30"])
        try await office.ok(
            "wu",
            ["event", "add", "fair", "进博会", "--starts", "2026-11-05", "--ends", "2026-11-10", "--location", "上海"]
        )
        try await office.ok(
            "wu",
            ["project", "add", "清蓝", "液体绷带项目", "--planned", "12亿", "--fixed-assets", "8亿", "--since", "2026-10-10"]
        )
        try await office.ok("li", ["project", "add", "台玻", "新材料生产制造基地", "--planned", "8000万", "--since", "2026-10-12"])
        try await office.ok("wu", ["project", "add", "豪顺", "二期扩产项目", "--planned", "3亿", "--since", "2026-10-15"])
        try await office.ok(
            "wu",
            ["project", "advance", "液体绷带", "negotiation", "--on", "2026-10-20", "--evidence", "洽谈纪要"]
        )
        try await office.refused(
            "li",
            ["project", "advance", "液体绷带", "signed", "--on", "2026-11-06", "--evidence", "x"],
            status: 77
        )
        try await office.ok(
            "wu",
            [
                "project", "advance", "液体绷带", "signed", "--on", "2026-11-06", "--event", "进博会", "--evidence",
                "进博会亚蓉欧开放合作峰会集中签约",
            ]
        )
        try await office.ok(
            "li",
            [
                "project", "advance", "新材料生产制造基地", "signed", "--on", "2026-11-06", "--event", "进博会", "--evidence",
                "进博会集中签约",
            ]
        )
        try await office.ok(
            "wu",
            ["project", "advance", "二期扩产", "signed", "--on", "2026-11-07", "--evidence", "合同 HS-2026-118"]
        )
        try await office.refused("chen", ["project", "verify", "液体绷带"], status: 77)
        try await office.refused("wu", ["project", "advance", "液体绷带", "registered", "--evidence", "营业执照"], status: 1)
        try await office.ok("boss", ["project", "verify", "液体绷带", "--on", "2026-11-08", "--note", "合同原件已核"])
        try await office.ok("boss", ["project", "verify", "新材料生产制造基地", "--on", "2026-11-08", "--note", "合同原件已核"])

        // A service request answered and closed on time.
        try await office.ok(
            "fu",
            ["request", "open", "豪顺", "闭环生产所需防疫物资", "--category", "supplies", "--urgency", "urgent"]
        )
        try await office.refused("leader", ["request", "assign", "防疫物资", "--to", "fu"], status: 77)
        try await office.ok("fu", ["request", "assign", "防疫物资", "--to", "fu"])
        try await office.refused("li", ["request", "respond", "防疫物资"], status: 77)
        try await office.ok("fu", ["request", "respond", "防疫物资"])
        try await office.ok("fu", ["request", "resolve", "防疫物资", "--account", "协调口罩2000只、消毒液50箱当日送达"])
        try await office.ok("fu", ["request", "callback", "防疫物资", "--satisfaction", "5"])
        try await office.ok("fu", ["request", "close", "防疫物资"])

        // Leadership reads everything and writes nothing.
        try await office.refused("leader", ["enterprise", "add", "某企业"], status: 77)
        try await office.refused("leader", ["project", "verify", "二期扩产"], status: 77)
        try await office.refused(
            "li",
            ["user", "add", "--username", "x1", "--name", "x", "--role", "officer", "--password-stdin"],
            status: 77
        )

        // The reports say exactly what was entered.
        let cumulative = try await office.json("leader", ["report", "cumulative", "--year", "2026", "--month", "11"])
        #expect(cumulative["sentence"] as? String == "1-11月，新引进重大项目1个、总投资12亿元")
        #expect((cumulative["projects"] as? [[String: Any]])?.map { $0["name"] as? String } == ["液体绷带项目"])
        #expect(cumulative["total_yuan"] as? String == "1200000000")

        let credits = try #require(
            try await office.json("leader", ["report", "referrals"])["credits"] as? [[String: Any]]
        )
        let byName = Dictionary(uniqueKeysWithValues: credits.map { ($0["introducer_name"] as? String ?? "", $0) })
        let park = try #require(byName["东莞市豪顺精密科技有限公司"])
        #expect(park["leads"] as? Int == 1 && park["projects"] == nil)
        #expect(park["transitive_leads"] as? Int == 2 && park["transitive_projects"] as? Int == 1)
        #expect(park["transitive_investment_yuan"] as? String == "1200000000")
        let chamber = try #require(byName["东莞世界莞商会"])
        #expect(chamber["introducer_kind"] as? String == "chamber" && chamber["projects"] as? Int == 1)

        let yields = try #require(try await office.json("leader", ["report", "events"])["events"] as? [[String: Any]])
        let fair = try #require(yields.first { $0["name"] as? String == "进博会" })
        #expect(fair["projects_signed"] as? Int == 2 && fair["investment_yuan"] as? String == "1280000000")
        let delegation = try #require(yields.first { $0["name"] as? String == "东莞世界莞商会考察团" })
        #expect(delegation["interactions"] as? Int == 2 && delegation["enterprises_met"] as? Int == 1)

        let aftercare = try await office.json(
            "leader",
            ["report", "aftercare", "--from", "2000-01-01", "--through", "2100-12-31"]
        )
        #expect(aftercare["registered"] as? Int == 1)
        #expect(
            aftercare["responded_on_time_percent"] as? Double == 100 && aftercare["closed_percent"] as? Double == 100
        )
        #expect(aftercare["average_satisfaction"] as? Double == 5)

        let funnel = try #require(try await office.json("leader", ["report", "funnel"])["stages"] as? [[String: Any]])
        #expect(funnel.first { $0["stage"] as? String == "signed" }?["reached"] as? Int == 3)
        // Each stage's conversion to the next, in --json and in the table; none after the last stage.
        let reached = funnel.map { $0["reached"] as? Int ?? 0 }
        for (index, stage) in funnel.enumerated().dropLast() where reached[index] > 0 {
            let expected = (Double(reached[index + 1]) * 1000 / Double(reached[index])).rounded() / 10
            #expect(stage["conversion_percent"] as? Double == expected, "\(stage)")
        }
        #expect(funnel.last?["conversion_percent"] == nil)
        let funnelTable = try await office.ok("leader", ["report", "funnel"])
        let signedRow = funnel.firstIndex { $0["stage"] as? String == "signed" }!
        let signedConversion = try #require(funnel[signedRow]["conversion_percent"] as? Double)
        #expect(funnelTable.contains("conversion") && funnelTable.contains(String(format: "%.1f%%", signedConversion)))

        // The relationship conversion reads the same in the table as in --json, and in Chinese too.
        let relationships = try await office.json("leader", ["report", "relationships"])
        let share = try #require(relationships["conversion"] as? Double)
        #expect((0...100).contains(share))
        #expect(try await office.ok("leader", ["report", "relationships"]).contains(String(format: "%.1f%%", share)))
        let chinese = try await office.ok("leader", ["report", "relationships", "--lang", "zh"])
        #expect(chinese.contains("转化率") && !chinese.contains("conversion"), "\(chinese)")

        // Introducers of every kind are listed by name: an event and a contact too.
        try await office.ok("wu", ["referral", "add", "东莞世界莞商会考察团", "清蓝", "--kind", "event"])
        try await office.ok("wu", ["referral", "add", "莫柳禅", "台玻", "--kind", "contact"])
        let referrals = try await office.ok("leader", ["referral", "list"])
        #expect(referrals.contains("东莞世界莞商会考察团") && referrals.contains("莫柳禅"), "\(referrals)")
        #expect(referrals.range(of: #"[0-9a-f]{8}-[0-9a-f]{4}-"#, options: .regularExpression) == nil, "no raw ids")

        // The table a person reads, in Chinese, lines up and shows money in 亿元.
        let table = try await office.ok(
            "leader",
            ["report", "cumulative", "--year", "2026", "--month", "11", "--lang", "zh"]
        )
        #expect(table.contains("液体绷带项目  2026-11-06  12亿元"), "\(table)")

        // And the audit trail shows who verified the signing, from which device.
        let audit = try await office.ok("chen", ["audit", "project", "液体绷带"])
        #expect(audit.contains("signingVerifiedBy") && audit.contains("boss"))
    }
}
