import ChainDeskDomain
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
import ChainDeskStore
import ChainDeskTesting
#endif

@Suite("End to end: the real chaindesk-server and the real chaindesk")
struct EndToEndTests {
    static let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

    /// Runs the `chaindesk` binary; returns its exit status, standard output and standard error.
    static func chaindesk(_ arguments: [String], config: URL, input: String? = nil) async throws -> (
        Int32, String, String
    ) {
        try await offThread { try Self.run(arguments, config: config, input: input) }
    }

    static func run(_ arguments: [String], config: URL, input: String?) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent("chaindesk")
        process.arguments = arguments
        process.environment = childEnvironment(["CHAINDESK_CONFIG_DIR": config.path, "PATH": "/usr/bin:/bin"])
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data((input + "\n").utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitForExit()
        return (process.terminationStatus, out, err)
    }

    @Test(
        "a new user's first steps: start the node, sign in as the first admin, look around, sign out",
        arguments: TestEngine.all
    )
    func firstSteps(engine: TestEngine) async throws {
        let postgres = engine == .postgres ? try await TemporaryPostgres(migrated: true) : nil
        let data = NodeTests.temporaryDirectory()
        let config = NodeTests.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: config)
        }
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binaries.appendingPathComponent("chaindesk").path)
        )

        let server = Process()
        server.executableURL = Self.binaries.appendingPathComponent("chaindesk-server")
        server.arguments =
            ["--port", "0", "--web-port", "0", "--data-dir", data.path, "--demo"]
            + (postgres.map { ["--store", $0.location.url] } ?? [])
        let pipe = Pipe()
        server.standardOutput = pipe
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            kill(server.processIdentifier, SIGTERM)
            server.waitForExit()
        }
        let banner = try await offThread {
            var banner = ""
            while !banner.contains("listening on") {
                let chunk = pipe.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                banner += String(decoding: chunk, as: UTF8.self)
            }
            return banner
        }
        let password = try #require(
            banner.split(separator: "\n").first { $0.contains("password:") }?.split(separator: " ").last
        )
        let portText = try #require(
            banner.range(of: "listening on 127.0.0.1:").map { banner[$0.upperBound...].prefix { $0.isNumber } }
        )
        let address = "127.0.0.1:\(portText)"

        let (notSignedIn, _, whyNot) = try await Self.chaindesk(["whoami", "--server", address], config: config)
        #expect(notSignedIn != 0 && whyNot.contains("not signed in"))

        let (wrong, _, wrongWhy) = try await Self.chaindesk(
            ["login", "--server", address, "--user", "admin", "--password-stdin"],
            config: config,
            input: "nope"
        )
        #expect(wrong != 0 && wrongWhy.contains("wrong username or password"))
        #expect(wrongWhy.split(separator: "\n").count == 1, "one line, no dump: \(wrongWhy)")

        let (login, loginOut, _) = try await Self.chaindesk(
            ["login", "--server", address, "--user", "admin", "--password-stdin", "--device", "laptop"],
            config: config,
            input: String(password)
        )
        #expect(login == 0 && loginOut.contains("signed in"))
        let attributes = try FileManager.default.attributesOfItem(
            atPath: config.appendingPathComponent("session.json").path
        )
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let (who, whoOut, _) = try await Self.chaindesk(["whoami", "--json"], config: config)
        #expect(who == 0 && whoOut.contains("\"role\" : \"admin\""))

        let (found, foundOut, _) = try await Self.chaindesk(["search", "haoshun"], config: config)
        let firstRow = foundOut.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        #expect(
            found == 0 && firstRow.hasPrefix("enterprise") && firstRow.contains("haoshun")
                && firstRow.hasSuffix("东莞市豪顺精密科技有限公司")
        )

        // An officer logs a WeChat contact in one line; an ambiguous name lists the candidates.
        let (added, _, addWhy) = try await Self.chaindesk(
            ["user", "add", "--username", "chen", "--name", "陈夷逸", "--role", "deputyHead", "--password-stdin"],
            config: config,
            input: "rongou-park-2026"
        )
        #expect(added == 0, "\(addWhy)")
        let officerConfig = NodeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: officerConfig) }
        let (officer, _, _) = try await Self.chaindesk(
            ["login", "--server", address, "--user", "chen", "--password-stdin"],
            config: officerConfig,
            input: "rongou-park-2026"
        )
        #expect(officer == 0)
        // On the system's clock, as a newcomer runs it: a week from whatever today is (the day read before and
        // after the command, in case it ran across midnight in the office's time zone).
        let weekBefore = Day(Date()).adding(days: 7)
        let (logged, loggedOut, loggedWhy) = try await Self.chaindesk(
            ["log", "wechat", "豪顺", "sent the 蓉欧 park brochure", "--next", "+7d"],
            config: officerConfig
        )
        let weekAfter = Day(Date()).adding(days: 7)
        #expect(logged == 0, "\(loggedWhy)")
        #expect(
            [weekBefore, weekAfter].map { "logged wechat with 东莞市豪顺精密科技有限公司; next step due \($0)\n" }.contains(
                loggedOut
            ),
            "\(loggedOut)"
        )
        let (ambiguous, _, ambiguousWhy) = try await Self.chaindesk(
            ["log", "phone", "东莞市", "called"],
            config: officerConfig
        )
        #expect(ambiguous != 0 && ambiguousWhy.contains("matches several enterprises"))
        // A day no calendar has (30 February of this year), refused on any day the test runs.
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        let (badDate, _, badDateWhy) = try await Self.chaindesk(
            ["log", "phone", "豪顺", "called", "--next", "\(year)-02-30"],
            config: officerConfig
        )
        #expect(badDate != 0 && badDateWhy.contains("\(year)-2-30"))
        let (leaderLog, _, leaderWhy) = try await Self.chaindesk(["log", "phone", "豪顺", "called"], config: config)
        #expect(leaderLog != 0 && leaderWhy.contains("permission denied"), "the admin may not log contacts")

        let (out, _, _) = try await Self.chaindesk(["logout"], config: config)
        #expect(out == 0)
        let (after, _, afterWhy) = try await Self.chaindesk(["whoami"], config: config)
        #expect(after != 0 && afterWhy.contains("not signed in"))
    }
}
