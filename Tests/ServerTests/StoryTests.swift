import ChainDeskAPI
import ChainDeskDomain
import ChainDeskProto
import ChainDeskRPC
import ChainDeskStore
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `chaindesk-server` in a temporary data directory, on an ephemeral port, and the real `chaindesk`
/// run as the office's people, each with their own session folder.
final class RunningOffice: @unchecked Sendable {
    let data: URL
    let process: Process
    let address: String
    let port: Int
    /// What the node printed before it listened (the first administrator's password).
    let banner: String
    /// Each person's (or device's) session and client folders.
    private(set) var configs: [String: URL] = [:]

    static var binaries: URL { URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent() }

    init(data: URL? = nil, demo: Bool = false, port: Int = 0, configs: [String: URL] = [:]) throws {
        self.data = data ?? NodeTests.temporaryDirectory()
        self.configs = configs
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent("chaindesk-server")
        process.arguments = ["--port", "\(port)", "--data-dir", self.data.path] + (demo ? ["--demo"] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var banner = ""
        while !banner.contains("listening on") {
            let chunk = pipe.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = banner.range(of: "127.0.0.1:"),
            let port = Int(banner[range.upperBound...].prefix(while: \.isNumber))
        else {
            process.terminate()
            throw NodeTestError("chaindesk-server did not say where it listens: \(banner)")
        }
        self.process = process
        self.port = port
        self.address = "127.0.0.1:\(port)"
        self.banner = banner
    }

    /// The first administrator's password, from the banner.
    var adminPassword: String? {
        self.banner.split(separator: "\n").first { $0.contains("password:") }?.split(separator: " ").last.map(
            String.init
        )
    }

    /// Stops the node with SIGTERM and waits; returns its exit status.
    @discardableResult
    func stop() -> Int32 {
        if self.process.isRunning { kill(self.process.processIdentifier, SIGTERM) }
        self.process.waitUntilExit()
        return self.process.terminationStatus
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: self.data)
        for config in self.configs.values { try? FileManager.default.removeItem(at: config) }
    }

    /// Runs `chaindesk` as `user` (their own session folder); returns the exit status, output and errors.
    func run(_ user: String, _ arguments: [String], input: String? = nil) async throws -> (
        status: Int32, out: String, err: String
    ) {
        let process = try self.start(user, arguments)
        return try await offThread { try Self.finish(process, input: input) }
    }

    /// Starts the node off the test's own threads (reading its banner blocks until it listens).
    static func launch(data: URL? = nil, demo: Bool = false, port: Int = 0, configs: [String: URL] = [:])
        async throws -> RunningOffice
    {
        try await offThread { try RunningOffice(data: data, demo: demo, port: port, configs: configs) }
    }

    /// Stops the node off the test's own threads; returns its exit status.
    func stopped() async throws -> Int32 {
        try await offThread { self.stop() }
    }

    /// Starts `chaindesk` as `user` without waiting for it.
    func start(_ user: String, _ arguments: [String]) throws -> Process {
        let config = self.configs[user] ?? NodeTests.temporaryDirectory()
        self.configs[user] = config
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent("chaindesk")
        process.arguments = arguments
        process.environment = [
            "CHAINDESK_CONFIG_DIR": config.path, "CHAINDESK_SERVER": self.address, "PATH": "/usr/bin:/bin",
            "LANG": "C", "TZ": "Asia/Shanghai", "CHAINDESK_CLIENT_DIR": config.appendingPathComponent("data").path,
        ]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        process.standardInput = Pipe()
        try process.run()
        return process
    }

    /// Feeds `input`, waits for the process and collects what it wrote.
    static func finish(_ process: Process, input: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let stdin = try #require(process.standardInput as? Pipe)
        if let input { stdin.fileHandleForWriting.write(Data((input + "\n").utf8)) }
        try stdin.fileHandleForWriting.close()
        let output = try #require(process.standardOutput as? Pipe)
        let errors = try #require(process.standardError as? Pipe)
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, out, err)
    }

    /// Runs a command that must succeed; returns its output.
    @discardableResult
    func ok(
        _ user: String,
        _ arguments: [String],
        input: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let (status, out, err) = try await self.run(user, arguments, input: input)
        #expect(
            status == 0,
            "\(user): chaindesk \(arguments.joined(separator: " ")) → \(status): \(err)",
            sourceLocation: sourceLocation
        )
        return out
    }

    /// Runs a command that must be refused with `status`; returns its one line of error.
    @discardableResult
    func refused(
        _ user: String,
        _ arguments: [String],
        status expected: Int32,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let (status, _, err) = try await self.run(user, arguments)
        #expect(
            status == expected,
            "\(user): chaindesk \(arguments.joined(separator: " ")) → \(status): \(err)",
            sourceLocation: sourceLocation
        )
        #expect(err.split(separator: "\n").count == 1, "one line, no dump: \(err)", sourceLocation: sourceLocation)
        return err
    }

    /// Runs a read command with --json and decodes its output.
    func json(_ user: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [String: Any]
    {
        let out = try await self.ok(user, arguments + ["--json"], sourceLocation: sourceLocation)
        return try #require(
            try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
            "not a JSON object: \(out)",
            sourceLocation: sourceLocation
        )
    }
}

/// Runs blocking work (waiting for a process, reading its pipes) on a dispatch thread, so that it never holds one
/// of the few threads Swift concurrency runs tasks on — the in-process clients of other tests need them.
func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// Text in GB18030, as Chinese spreadsheet software writes a CSV.
func gb18030(_ text: String) throws -> Data {
    let converter = iconv_open("GB18030", "UTF-8")
    try #require(converter != iconv_t(bitPattern: -1))
    defer { iconv_close(converter) }
    var input = Array(text.utf8CString.dropLast())
    var output = [CChar](repeating: 0, count: input.count * 2 + 16)
    let written = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            var inPointer = inBuffer.baseAddress
            var inLeft = inBuffer.count
            var outPointer = outBuffer.baseAddress
            var outLeft = outBuffer.count
            _ = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            return outBuffer.count - outLeft
        }
    }
    return Data(output[..<written].map { UInt8(bitPattern: $0) })
}

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
        "delegation, 座谈会, WeChat, the chamber's shortlist, referral credit, a request closed on time, the CIIE signing verified, and the reports"
    )
    func story() async throws {
        let office = try await RunningOffice.launch()
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
        let logged = try await office.ok(
            "wu",
            ["log", "wechat", "豪顺", "sent the 蓉欧 park brochure", "--next", "2026-12-01"]
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

@Suite("Shutdown under load")
struct ShutdownTests {
    /// Acknowledged ids, shared by the writers.
    actor Acknowledged {
        var ids: Set<String> = []
        func add(_ id: String) { self.ids.insert(id) }
        var count: Int { self.ids.count }
    }

    @Test("SIGTERM during a stream of writes: every acknowledged write is there after the restart")
    func sigtermDuringWrites() async throws {
        let office = try await RunningOffice.launch()
        defer { office.removeFiles() }
        let password = try #require(office.adminPassword)
        let port = office.port
        let (token, enterpriseID) = try await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
            let admin = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = "admin"
                    $0.password = password
                }
            )
            let adminOptions = CallOptions(metadata: ["authorization": "Bearer \(admin.token)"])
            _ = try await client.unary(
                API.Auth.createUser,
                .with {
                    $0.username = "wu"
                    $0.password = "shutdown-wu-2026"
                    $0.name = "伍芳谊"
                    $0.role = "officer"
                },
                options: adminOptions
            )
            let officer = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = "wu"
                    $0.password = "shutdown-wu-2026"
                }
            )
            let options = CallOptions(metadata: ["authorization": "Bearer \(officer.token)"])
            let enterprise = try await client.unary(
                API.Enterprises.create,
                .with {
                    $0.enterprise.legalName = "东莞市豪顺精密科技有限公司"
                    $0.enterprise.kind = "park"
                },
                options: options
            )
            return (officer.token, enterprise.id)
        }

        let acknowledged = Acknowledged()
        let options = CallOptions(timeout: .seconds(10), metadata: ["authorization": "Bearer \(token)"])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    // Each writer keeps one connection and writes until the node stops taking calls.
                    try? await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
                        for n in 0..<60 {
                            let id = "w\(writer)-\(n)"
                            var keyed = options
                            keyed.idempotencyKey = Array(id.utf8)
                            let stored = try await client.unary(
                                API.Interactions.log,
                                .with {
                                    $0.interaction.id = id
                                    $0.interaction.kind = "phone"
                                    $0.interaction.enterpriseID = enterpriseID
                                    $0.interaction.summary = "call \(n) of writer \(writer)"
                                },
                                options: keyed
                            )
                            await acknowledged.add(stored.id)
                        }
                    }
                }
            }
            group.addTask {
                while await acknowledged.count < 100 { try await Task.sleep(for: .milliseconds(5)) }
                kill(office.process.processIdentifier, SIGTERM)
            }
            try await group.waitForAll()
        }
        #expect(try await office.stopped() == 0, "a drained node exits cleanly")
        let acked = await acknowledged.ids
        #expect(acked.count >= 100, "\(acked.count) acknowledged")

        let restarted = try await RunningOffice.launch(data: office.data)
        defer { restarted.stop() }
        let stored = try await TCPTransport.withClient(host: "127.0.0.1", port: restarted.port) { client in
            let login = try await client.unary(
                API.Auth.login,
                .with {
                    $0.username = "wu"
                    $0.password = "shutdown-wu-2026"
                }
            )
            return try await client.unary(
                API.Interactions.list,
                .with {
                    $0.enterpriseID = enterpriseID
                    $0.limit = 500
                },
                options: CallOptions(metadata: ["authorization": "Bearer \(login.token)"])
            ).interactions
        }
        let storedIDs = Set(stored.map(\.id))
        #expect(acked.isSubset(of: storedIDs), "lost: \(acked.subtracting(storedIDs).sorted())")
        #expect(stored.count == storedIDs.count, "no write is stored twice")
    }
}

@Suite("Operating the node")
struct OperationTests {
    @Test("--backup-to copies a serving store to a new file that opens with the same data; it never overwrites")
    func backup() async throws {
        let office = try await RunningOffice.launch(demo: true)
        defer {
            office.stop()
            office.removeFiles()
        }
        let copy = office.data.appendingPathComponent("backup.sqlite").path
        @Sendable func backUp() throws -> (Int32, String) {
            let process = Process()
            process.executableURL = RunningOffice.binaries.appendingPathComponent("chaindesk-server")
            process.arguments = ["--data-dir", office.data.path, "--backup-to", copy]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let (status, _) = try await offThread { try backUp() }
        #expect(status == 0)
        let live = try await TCPTransport.withClient(host: "127.0.0.1", port: office.port) { client in
            try await client.unary(API.System.health, .init()).revision
        }
        let restored = try ChainDeskStore.Store(path: copy)
        #expect(try await restored.latestRevision() == live)
        #expect(try await restored.userCount() == 8, "the administrator and the seven demo staff")
        let (again, why) = try await offThread { try backUp() }
        #expect(again != 0 && why.contains("already exists"))
    }
}
