import Foundation
import Testing

/// Input that used to get through: each is now a clear error and nothing is stored (the real binaries).
@Suite("Bad input through the real binaries", .serialized)
struct BadInputTests {
    static func write(_ data: Data, _ name: String, in folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try data.write(to: file)
        return file.path
    }

    /// Text in an encoding iconv knows.
    static func encoded(_ text: String, _ encoding: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test(
        "lead lists: NUL bytes, Big5, long and repeated names are refused by line; codes, 主营 and blank lines kept or told"
    )
    func leadLists() async throws {
        let office = try await OfflineTests.office()
        defer { office.removeFiles() }
        let folder = NodeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let import_ = ["leads", "import", "--name", "会员名单", "--criterion", "规模:1"]

        let nul = try Self.write(Data("名称\n甲公司\n乙\u{0}公司\n".utf8), "nul.csv", in: folder)
        let (nulStatus, _, nulWhy) = try await office.run("wu", import_ + [nul])
        #expect(nulStatus == 65)
        #expect(nulWhy.contains("line 3") && nulWhy.contains("U+0000"), "\(nulWhy)")

        let long = try Self.write(Data("名称\n\(String(repeating: "长", count: 201))\n".utf8), "long.csv", in: folder)
        let (longStatus, _, longWhy) = try await office.run("wu", import_ + [long])
        #expect(longStatus == 65)
        #expect(longWhy.contains("line 2") && longWhy.contains("201 characters"), "\(longWhy)")

        let traditional = "名稱,主營\n臺灣積體電路製造股份有限公司,晶圓代工\n鴻海精密工業股份有限公司,電子製造服務\n"
        let big5 = try Self.write(try Self.encoded(traditional, "BIG5"), "big5.csv", in: folder)
        let (big5Status, _, big5Why) = try await office.run("wu", import_ + [big5])
        #expect(big5Status == 65)
        #expect(big5Why.contains("Big5") && big5Why.contains("--encoding big5"), "\(big5Why)")
        #expect(try await office.ok("wu", ["leads", "list"]).contains("nothing to show"), "nothing stored")

        let imported = try await office.ok("wu", import_ + [big5, "--encoding", "big5"])
        #expect(imported.contains("imported 2 candidates (Big5)"), "\(imported)")
        let shown = try await office.json("wu", ["leads", "show", "会员名单"])
        let names = (shown["candidates"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(names) == ["臺灣積體電路製造股份有限公司", "鴻海精密工業股份有限公司"], "\(names)")

        // The credit code and 主营 are kept; a blank line is counted; the very name of an enterprise on file links it.
        let code = "91310115MA1K3BTP2B"
        let list = "名称,统一社会信用代码,主营\n常熟新材料科技有限公司,,复合材料\n\n上海某精工有限公司,\(code),精密模具\n"
        let kept = try Self.write(Data(list.utf8), "kept.csv", in: folder)
        let second = try await office.ok(
            "wu",
            ["leads", "import", kept, "--name", "第二批", "--criterion", "规模:1"]
        )
        #expect(second.contains("1 already on file") && second.contains("skipped 1 blank line (3)"), "\(second)")
        let detail = try await office.json("wu", ["leads", "show", "第二批"])
        let candidates = try #require(detail["candidates"] as? [[String: Any]])
        let precise = try #require(candidates.first { $0["name"] as? String == "上海某精工有限公司" })
        #expect(precise["credit_code"] as? String == code && precise["main_business"] as? String == "精密模具")
        let known = try #require(candidates.first { $0["name"] as? String == "常熟新材料科技有限公司" })
        #expect((known["enterprise_id"] as? String)?.isEmpty == false, "linked to the enterprise on file")
        #expect(try await office.stopped() == 0)
    }

    @Test(
        "text: control characters refused, shown escaped; invalid UTF-8 refused; long text limited and read from stdin"
    )
    func text() async throws {
        let office = try await OfflineTests.office()
        defer { office.removeFiles() }
        let escape = try await office.refused("wu", ["enterprise", "add", "恶意\u{1B}[2J公司"], status: 1)
        #expect(escape.contains("U+001B") && !escape.contains("\u{1B}"), "\(escape)")
        try await office.refused("wu", ["log", "visit", "常熟新材", "响铃\u{7}"], status: 1)

        // A summary may hold line breaks; a CR is stored but shown escaped, never sent raw to the terminal.
        try await office.ok("wu", ["log", "visit", "常熟新材", "第一行\r覆盖"])
        let history = try await office.ok("wu", ["history", "常熟新材"])
        #expect(history.contains("第一行\\u{D}覆盖") && !history.contains("\r"), "\(history)")

        let tooLong = String(repeating: "纪", count: 10_001)
        let longWhy = try await office.refused("wu", ["log", "visit", "常熟新材", tooLong], status: 1)
        #expect(longWhy.contains("10001") && longWhy.contains("10000"), "\(longWhy)")
        let minutes = (1...40).map { "第\($0)条：座谈会纪要。" }.joined(separator: "\n")
        try await office.ok("wu", ["log", "meeting", "常熟新材", "--summary-file", "-"], input: minutes)
        #expect(try await office.ok("wu", ["history", "常熟新材"]).contains("第40条"))

        // Bytes that are not UTF-8, given on the command line through a shell.
        let process = try office.start("wu", ["--version"])
        process.terminate()
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c", "\"$0\" log visit 常熟新材 \"$(printf 'bad \\377 byte')\"",
            RunningOffice.binaries.appendingPathComponent("chaindesk").path,
        ]
        shell.environment = process.environment
        let errors = Pipe()
        shell.standardError = errors
        shell.standardOutput = Pipe()
        try shell.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 64 && said.contains("not valid UTF-8"), "\(said)")
        #expect(try await office.stopped() == 0)
    }

    @Test("the domain refuses a future stage day, a request for a target, a visit done early, a negative amount")
    func rules() async throws {
        let office = try await OfflineTests.office()
        defer { office.removeFiles() }
        let future = try await office.refused("wu", ["project", "add", "常熟新材", "复合材料二期", "--since", "+30d"], status: 1)
        #expect(future.contains("future"), "\(future)")
        let negative = try await office.refused(
            "wu",
            ["project", "add", "常熟新材", "复合材料二期", "--planned", "-5万"],
            status: 64
        )
        #expect(negative.contains("negative"), "\(negative)")
        let target = try await office.refused("wu", ["request", "open", "常熟新材", "需要防疫物资"], status: 1)
        #expect(target.contains("not a park enterprise"), "\(target)")
        try await office.ok("wu", ["trip", "add", "常熟招商", "--destination", "常熟", "--starts", "+10d"])
        try await office.ok("wu", ["trip", "visit", "常熟招商", "常熟新材", "--on", "+10d"])
        let early = try await office.refused("wu", ["trip", "visit-done", "常熟招商", "常熟新材"], status: 1)
        #expect(early.contains("planned for"), "\(early)")
        #expect(!(try await office.ok("wu", ["project", "list"])).contains("复合材料二期"))
        #expect(try await office.stopped() == 0)
    }

    @Test("offline, a change the office will refuse is refused on the device: nothing is queued")
    func offlineRules() async throws {
        let office = try await OfflineTests.office()
        defer { office.removeFiles() }
        try await office.ok("wu", ["project", "add", "常熟新材", "复合材料产线", "--stage", "siteVisit"])
        try await office.ok("wu", ["sync"])
        // A bad value is refused before it leaves the device: online and offline alike, in the same words.
        let badCode = ["enterprise", "add", "某公司", "--credit-code", "91310115MA1K3BTP2C"]
        let badLog = ["log", "phone", "常熟新材", "called", "--at", "+30d"]
        let (onlineCodeStatus, _, onlineCode) = try await office.run("wu", badCode)
        let (onlineLogStatus, _, onlineLog) = try await office.run("wu", badLog)
        #expect(try await office.stopped() == 0)
        let (backStatus, _, back) = try await office.run(
            "wu",
            ["project", "advance", "复合材料产线", "contacted", "--evidence", "改回"]
        )
        #expect(backStatus == 1)
        #expect(back.contains("refused on this device") && back.contains("only move forward"), "\(back)")
        try await office.ok("wu", ["project", "advance", "复合材料产线", "signed", "--evidence", "合同 CS-1"])
        let (verifyStatus, _, verify) = try await office.run("wu", ["project", "verify", "复合材料产线"])
        #expect(verifyStatus == 77)
        #expect(verify.contains("only a director"), "\(verify)")
        let (codeStatus, _, code) = try await office.run("wu", badCode)
        #expect(codeStatus == 1 && onlineCodeStatus == 1)
        // The same error line; offline, a notice that the device's copy answers may come before it.
        func refusal(_ output: String) -> String { output.split(separator: "\n").last.map(String.init) ?? "" }
        #expect(code.contains("credit code"), "\(code)")
        #expect(refusal(code) == refusal(onlineCode), "offline: \(code)\nonline: \(onlineCode)")
        let (logStatus, _, log) = try await office.run("wu", badLog)
        #expect(logStatus == 1 && onlineLogStatus == 1)
        #expect(log.contains("in the future"), "\(log)")
        #expect(refusal(log) == refusal(onlineLog), "offline: \(log)\nonline: \(onlineLog)")
        let outbox = try await office.ok("wu", ["outbox"])
        #expect(outbox.contains("advance 复合材料产线 to signed") && !outbox.contains("verify"), "\(outbox)")
        #expect(outbox.components(separatedBy: "\n").filter { $0.contains("waiting") }.count == 1, "\(outbox)")
    }
}
