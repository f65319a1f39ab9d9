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

    /// The day the seed's story is told on: 2026-11-20, 10:00 office time, anchored at this test run's start so
    /// the node, every client and every restart share one clock, and the story's dates hold on any real day.
    static let storyClock = "2026-11-20T10:00@\(Int64(Date().timeIntervalSince1970))"
    /// The clock this office's node and clients run on (`CHAINDESK_CLOCK`); nil for the system's.
    let clock: String?
    /// The PostgreSQL database the node keeps the office in; nil for SQLite in the data directory.
    let postgres: TemporaryPostgres?

    init(
        data: URL? = nil,
        demo: Bool = false,
        port: Int = 0,
        configs: [String: URL] = [:],
        clock: String? = RunningOffice.storyClock,
        postgres: TemporaryPostgres? = nil
    ) throws {
        self.data = data ?? NodeTests.temporaryDirectory()
        self.configs = configs
        self.clock = clock
        self.postgres = postgres
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent("chaindesk-server")
        process.arguments =
            ["--port", "\(port)", "--web-port", "0", "--data-dir", self.data.path] + (demo ? ["--demo"] : [])
            + (clock.map { ["--clock", $0] } ?? [])
            + (postgres.map { ["--store", "\($0.location.url)"] } ?? [])
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
        guard let range = banner.range(of: "listening on 127.0.0.1:"),
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

    /// Signs in on `client` as the first administrator (`adminPassword`), adds 伍芳谊 as officer `wu` with
    /// `password`, and returns her session token.
    static func officerToken(on client: RPCClient, adminPassword: String, password: String) async throws -> String {
        let admin = try await client.unary(
            API.Auth.login,
            .with {
                $0.username = "admin"
                $0.password = adminPassword
            }
        )
        _ = try await client.unary(
            API.Auth.createUser,
            .with {
                $0.username = "wu"
                $0.password = password
                $0.name = "伍芳谊"
                $0.role = "officer"
            },
            options: CallOptions(metadata: ["authorization": "Bearer \(admin.token)"])
        )
        return try await client.unary(
            API.Auth.login,
            .with {
                $0.username = "wu"
                $0.password = password
            }
        ).token
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
        self.process.waitForExit()
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

    /// Starts the node off the test's own threads (reading its banner blocks until it listens), keeping the office
    /// on `engine` (a new PostgreSQL database for a new office).
    static func launch(
        data: URL? = nil,
        demo: Bool = false,
        port: Int = 0,
        configs: [String: URL] = [:],
        clock: String? = RunningOffice.storyClock,
        engine: TestEngine = .sqlite,
        sharing shared: TemporaryPostgres? = nil
    ) async throws -> RunningOffice {
        var postgres = shared
        if postgres == nil, engine == .postgres { postgres = try await TemporaryPostgres(migrated: true) }
        let database = postgres
        return try await offThread {
            try RunningOffice(data: data, demo: demo, port: port, configs: configs, clock: clock, postgres: database)
        }
    }

    /// The same office started again: the same data directory (and database), port (unless another is given) and
    /// people.
    func restarted(port: Int? = nil) async throws -> RunningOffice {
        try await offThread {
            try RunningOffice(
                data: self.data,
                port: port ?? self.port,
                configs: self.configs,
                clock: self.clock,
                postgres: self.postgres
            )
        }
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
        process.environment = childEnvironment(
            [
                "CHAINDESK_CONFIG_DIR": config.path, "CHAINDESK_SERVER": self.address, "PATH": "/usr/bin:/bin",
                "LANG": "C", "TZ": "Asia/Shanghai", "CHAINDESK_CLIENT_DIR": config.appendingPathComponent("data").path,
            ].merging(self.clock.map { ["CHAINDESK_CLOCK": $0] } ?? [:]) { $1 }
        )
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
        process.waitForExit()
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
