internal import ArgumentParser
internal import ChainDeskDomain
internal import ChainDeskRPC
internal import ChainDeskRPCNIO
internal import ChainDeskServer
internal import ChainDeskStore
internal import ChainDeskTestService
internal import ChainDeskWeb
internal import Foundation
internal import Logging
internal import Metrics
internal import Prometheus
internal import ServiceLifecycle
internal import UnixSignals

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the office to field clients and the 驾驶舱 pages (what chaindesk-server does by default).",
        discussion: """
            Every option can also be set by the environment variable named in its help. With no options the node \
            serves 127.0.0.1:7420 from ./chaindesk-data (created if missing). SIGTERM or SIGINT drain it: calls in \
            flight finish, new ones are refused, then it exits.
            """
    )

    @Option(help: "Address to listen on. [env: CHAINDESK_HOST] (default: 127.0.0.1)")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one. [env: CHAINDESK_PORT] (default: 7420)")
    var port: Int?

    @Option(
        name: .customLong("web-port"),
        help: """
            Port of the HTTP side (the 驾驶舱 pages, exports, /health, /metrics), on --host; 0 picks a free one, \
            "off" serves none. HTTPS with --tls-cert. [env: CHAINDESK_WEB_PORT] (default: 7480)
            """
    )
    var webPort: String?

    @Flag(
        name: .customLong("web-secure-cookies"),
        help: """
            Mark the pages' session cookie Secure although the node serves plain HTTP: for a node behind a proxy \
            that terminates TLS (with --tls-cert it always is). [env: CHAINDESK_WEB_SECURE_COOKIES=1]
            """
    )
    var webSecureCookies = false

    @Option(
        name: .customLong("data-dir"),
        help: "Folder for the store and the node's files. [env: CHAINDESK_DATA_DIR] (default: ./chaindesk-data)"
    )
    var dataDirectory: String?

    @Option(
        help: """
            Where the office's records live: sqlite:PATH, or postgres://user@host:port/database for a PostgreSQL \
            server that several nodes may share (PGPASSWORD and the other PG variables fill what the URL leaves \
            out). [env: CHAINDESK_STORE] (default: sqlite:office.sqlite in --data-dir)
            """
    )
    var store: String?

    @Flag(help: "Load the demo office (the seed article) into an empty store. [env: CHAINDESK_DEMO=1]")
    var demo = false

    @Flag(
        name: .customLong("test-service"),
        help: "Also serve the protocol's test service (ids 1–9). [env: CHAINDESK_TEST_SERVICE=1]"
    )
    var testService = false

    @Option(
        name: .customLong("tls-cert"),
        help: "PEM certificate chain; with --tls-key, serve TLS. [env: CHAINDESK_TLS_CERT]"
    )
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert. [env: CHAINDESK_TLS_KEY]")
    var tlsKey: String?

    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info, notice, warning, error or critical. [env: CHAINDESK_LOG_LEVEL] (default: notice)"
    )
    var logLevel: String?

    @Option(
        name: .customLong("session-hours"),
        help: "How long a sign-in lasts, in hours (1–720). [env: CHAINDESK_SESSION_HOURS] (default: 12)"
    )
    var sessionHours: Int?

    @Option(
        name: .customLong("max-connections"),
        help:
            "The most connections served at once; one more is told so and closed. [env: CHAINDESK_MAX_CONNECTIONS] (default: 4096)"
    )
    var maxConnections: Int?

    @Option(
        name: .customLong("send-stall-seconds"),
        help:
            "How long a client may leave the node's answers unread before its connection (or call) is ended; 0 never. [env: CHAINDESK_SEND_STALL_SECONDS] (default: 60)"
    )
    var sendStallSeconds: Int?

    @Option(
        name: .customLong("major-threshold"),
        help:
            "The planned investment from which a project is 重大项目: 1亿, 5000万. [env: CHAINDESK_MAJOR_THRESHOLD] (default: 1亿)"
    )
    var majorThreshold: String?

    @Option(
        name: .customLong("backup-to"),
        help: """
            Instead of serving: copy the store in --data-dir to this new file with SQLite's online backup (safe \
            while a node serves it), then exit. [env: CHAINDESK_BACKUP_TO]
            """
    )
    var backupTo: String?

    @Option(
        help: """
            Run the node's clock from this office-time start instead of the system's: 2026-11-20 (09:00) or \
            2026-11-20T14:30. For rehearsing a story on a fixed day and for tests; stamps, deadlines and \
            reports all follow it. [env: CHAINDESK_CLOCK] (default: the system's clock)
            """
    )
    var clock: String?

    static let environment = ProcessInfo.processInfo.environment

    var resolvedHost: String { self.host ?? Self.environment["CHAINDESK_HOST"] ?? "127.0.0.1" }
    var resolvedDataDirectory: String {
        self.dataDirectory ?? Self.environment["CHAINDESK_DATA_DIR"] ?? "chaindesk-data"
    }
    var resolvedCertificate: String? { self.tlsCertificate ?? Self.environment["CHAINDESK_TLS_CERT"] }

    func resolvedStore() throws -> StoreLocation? {
        guard let text = self.store ?? Self.environment["CHAINDESK_STORE"] else { return nil }
        do {
            return try StoreLocation(parsing: text)
        } catch {
            throw ValidationError("store: \(error)")
        }
    }
    var resolvedKey: String? { self.tlsKey ?? Self.environment["CHAINDESK_TLS_KEY"] }

    func resolvedPort() throws -> Int {
        if let port = self.port { return port }
        guard let text = Self.environment["CHAINDESK_PORT"] else { return 7420 }
        guard let port = Int(text) else {
            throw ValidationError("CHAINDESK_PORT is \"\(text)\"; it must be a port number")
        }
        return port
    }

    /// The HTTP side's port, or nil when it is off.
    func resolvedWebPort() throws -> Int? {
        let text = self.webPort ?? Self.environment["CHAINDESK_WEB_PORT"] ?? "7480"
        if text.lowercased() == "off" { return nil }
        guard let port = Int(text), (0...65_535).contains(port) else {
            throw ValidationError("web port \"\(text)\" must be a port number 0…65535 or \"off\"")
        }
        return port
    }

    func resolvedLevel() throws -> Logger.Level {
        let text = self.logLevel ?? Self.environment["CHAINDESK_LOG_LEVEL"] ?? "notice"
        guard let level = Logger.Level(rawValue: text) else {
            throw ValidationError(
                "log level \"\(text)\" is not one of trace, debug, info, notice, warning, error, critical"
            )
        }
        return level
    }

    func resolvedSessionHours() throws -> Int {
        let text = self.sessionHours.map(String.init) ?? Self.environment["CHAINDESK_SESSION_HOURS"] ?? "12"
        guard let hours = Int(text), (1...720).contains(hours) else {
            throw ValidationError("session hours \"\(text)\" must be a whole number from 1 to 720")
        }
        return hours
    }

    func resolvedMaxConnections() throws -> Int {
        let text = self.maxConnections.map(String.init) ?? Self.environment["CHAINDESK_MAX_CONNECTIONS"] ?? "4096"
        guard let limit = Int(text), (1...1_000_000).contains(limit) else {
            throw ValidationError("max connections \"\(text)\" must be a whole number from 1 to 1000000")
        }
        return limit
    }

    func resolvedSendStall() throws -> Duration? {
        let text = self.sendStallSeconds.map(String.init) ?? Self.environment["CHAINDESK_SEND_STALL_SECONDS"] ?? "60"
        guard let seconds = Int(text), (0...86_400).contains(seconds) else {
            throw ValidationError("send stall seconds \"\(text)\" must be a whole number from 0 (never) to 86400")
        }
        return seconds == 0 ? nil : .seconds(seconds)
    }

    func resolvedThreshold() throws -> Yuan {
        let text = self.majorThreshold ?? Self.environment["CHAINDESK_MAJOR_THRESHOLD"] ?? "1亿"
        do {
            let amount = try Yuan(parsing: text)
            guard amount > .zero else { throw ValidationError("the major-project threshold must be above zero") }
            return amount
        } catch let error as MoneyError {
            throw ValidationError("major-project threshold: \(error.english)")
        }
    }

    func resolvedClock() throws -> OfficeClock {
        let text = self.clock ?? Self.environment["CHAINDESK_CLOCK"] ?? ""
        do {
            return try OfficeClock.named(text)
        } catch {
            throw ValidationError("clock: \(error.english)")
        }
    }

    static func flag(_ set: Bool, _ variable: String) -> Bool {
        set || ["1", "true", "yes"].contains(Self.environment[variable]?.lowercased() ?? "")
    }

    func validate() throws {
        let port = try self.resolvedPort()
        guard (0...65_535).contains(port) else { throw ValidationError("port \(port) is outside 0…65535") }
        _ = try self.resolvedLevel()
        _ = try self.resolvedSessionHours()
        _ = try self.resolvedMaxConnections()
        _ = try self.resolvedSendStall()
        _ = try self.resolvedThreshold()
        _ = try self.resolvedClock()
        _ = try self.resolvedWebPort()
        _ = try self.resolvedStore()
        guard (self.resolvedCertificate == nil) == (self.resolvedKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
    }

    func run() async throws {
        if let destination = self.backupTo ?? Self.environment["CHAINDESK_BACKUP_TO"] {
            if case .postgres(let location) = try self.resolvedStore() {
                throw StartupError(
                    description:
                        "--backup-to copies a SQLite store; back up \(location) with pg_dump (docs/operations.md)"
                )
            }
            let configuration = OfficeNode.Configuration(
                dataDirectory: URL(fileURLWithPath: self.resolvedDataDirectory)
            )
            do {
                try Store.backup(from: configuration.storePath, to: destination)
            } catch {
                throw StartupError(description: "backup failed: \(error)")
            }
            FileHandle.standardOutput.write(Data("backed up \(configuration.storePath) to \(destination)\n".utf8))
            return
        }
        let level = try self.resolvedLevel()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "chaindesk.server")
        // Every metric of the process goes to one Prometheus registry, which the HTTP side shows on /metrics.
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
        var configuration = OfficeNode.Configuration(dataDirectory: URL(fileURLWithPath: self.resolvedDataDirectory))
        configuration.loadDemo = Self.flag(self.demo, "CHAINDESK_DEMO")
        configuration.storeLocation = try self.resolvedStore()
        if Self.flag(self.testService, "CHAINDESK_TEST_SERVICE") {
            configuration.extraMethods.append(
                ExtraMethods(router: TestService.router, names: TestService.names, kind: "test")
            )
        }
        configuration.sessionLifetime = .seconds(3600 * (try self.resolvedSessionHours()))
        configuration.store.majorProjectThreshold = try self.resolvedThreshold()
        let clock = try self.resolvedClock()
        configuration.store.clock = { clock.now }
        configuration.rpc.maxConnections = try self.resolvedMaxConnections()
        configuration.rpc.sendStallTimeout = try self.resolvedSendStall()
        let tls: TLS?
        if let certificate = self.resolvedCertificate, let key = self.resolvedKey {
            do {
                tls = try TLS.server(certificateChain: certificate, privateKey: key)
            } catch {
                throw StartupError(description: "cannot load the TLS certificate or key: \(error)")
            }
        } else {
            tls = nil
        }
        let node: OfficeNode
        do {
            node = try await OfficeNode.open(configuration, logger: logger)
        } catch {
            throw StartupError(description: "cannot start: \(error)")
        }
        let host = self.resolvedHost
        let folder = configuration.storeLocation.map(\.description) ?? configuration.dataDirectory.path
        if let admin = node.firstAdmin {
            let notice = """
                First start: created the administrator. Sign in with
                    username: \(admin.username)
                    password: \(admin.password)
                This password is shown once; change it after signing in.

                """
            FileHandle.standardOutput.write(Data(notice.utf8))
        }
        if let password = node.demoPassword {
            let notice = """
                Loaded the demo office. Its staff sign in with their ids as usernames: chen-yiyi (deputy head),
                li-xingzhi, liu-zixuan, wu-fangyi (officers), director, leader (leadership), aftercare; all with
                    password: \(password)
                This password is shown once.

                """
            FileHandle.standardOutput.write(Data(notice.utf8))
        }
        let service = NodeService(node: node, host: host, port: try self.resolvedPort(), tls: tls, logger: logger) {
            port in
            // One line on standard output, for people and for scripts that start the node on port 0.
            FileHandle.standardOutput.write(
                Data("chaindesk-server listening on \(host):\(port) (data: \(folder))\n".utf8)
            )
        }
        var services: [any Service] = [StoreService(store: node.store, logger: logger), service]
        if let webPort = try self.resolvedWebPort() {
            let configuration = WebSurface.Configuration(
                host: host,
                port: webPort,
                tls: try self.resolvedCertificate.flatMap { certificate in
                    try self.resolvedKey.map { try WebSurface.tls(certificateChain: certificate, privateKey: $0) }
                },
                secureCookies: Self.flag(self.webSecureCookies, "CHAINDESK_WEB_SECURE_COOKIES") ? true : nil,
                metrics: metrics
            )
            let scheme = configuration.tls == nil ? "http" : "https"
            services.append(
                try WebSurface.service(node: node, configuration: configuration, logger: logger) { port in
                    FileHandle.standardOutput.write(Data("chaindesk-server web on \(scheme)://\(host):\(port)/\n".utf8))
                }
            )
        }
        // Shut down in reverse: the web pages and the RPC service drain their calls first, then the store closes.
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// A failure after the arguments were accepted: printed as one line, exit status 1.
struct StartupError: Error, CustomStringConvertible {
    let description: String
}
