public import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskRPCNIO
public import ChainDeskServer
internal import ChainDeskStore
internal import ChainDeskWeb
internal import ChainDeskWire
public import Foundation
internal import GRDB
internal import Logging
internal import ServiceLifecycle
internal import SwiftProtobuf

#if canImport(FoundationNetworking)
internal import FoundationNetworking
#endif

/// The web pages' render time on a store (the synthetic 100,000-enterprise office), each against the same
/// figures over RPC in the same run: the 驾驶舱 against Cumulative, the industry map against GetChainMap and
/// ChainCoverage. One request at a time, over loopback, after a warm-up; a page's time is the whole HTTP exchange.
public enum PagesBenchmark {
    public struct Result: Codable, Sendable {
        public var enterprises: Int
        public var projects: Int
        public var dashboardPage: CallLatency
        public var dashboardRPC: CallLatency
        public var mapPage: CallLatency
        public var mapRPC: CallLatency
        public var dashboardBytes: Int
        public var mapBytes: Int
    }

    public static func run(storePath: String, rounds: Int, period: (year: Int, month: Int)) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chaindesk-pages-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("office.sqlite"),
            withDestinationURL: URL(fileURLWithPath: storePath)
        )
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let node = try await OfficeNode.open(OfficeNode.Configuration(dataDirectory: folder), logger: logger)
        // A session needs a sign-in: a director's if the office has one, else the administrator's.
        var withSignIn: [Staff] = []
        for member in try await node.store.fetchAll(Staff.self)
        where try await node.store.username(of: member.id) != nil {
            withSignIn.append(member)
        }
        guard let reader = withSignIn.first(where: { $0.role == .director }) ?? withSignIn.first else {
            throw BenchError("nobody in the store can sign in")
        }
        let token = try await node.services.openSession(for: reader.id, device: "bench")
        let (enterprises, projects) = try await node.store.read { db in
            (
                try db.count(Enterprise.self),
                try db.count(Project.self)
            )
        }
        let webPort = PortBox()
        let web = try WebSurface.service(
            node: node,
            configuration: .init(host: "127.0.0.1", port: 0),
            logger: logger
        ) { port in webPort.set(port) }
        let listener = try await TCPListener.bind(server: node.server, port: 0)
        let group = ServiceGroup(services: [web], logger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            tasks.addTask {
                try await listener.run()
                return nil
            }
            tasks.addTask {
                let port = try await webPort.wait()
                let base = "http://127.0.0.1:\(port)"
                let cookie = "chaindesk=\(token)"
                let query = String(format: "%04d-%02d", period.year, period.month)
                let options = CallOptions(metadata: ["authorization": token])
                let result = try await TCPTransport.withClient(host: "127.0.0.1", port: listener.port) { client in
                    let cumulative = Chaindesk_V1_CumulativeReportRequest.with {
                        $0.year = Int32(period.year)
                        $0.throughMonth = Int32(period.month)
                    }
                    var lastYear = cumulative
                    lastYear.year -= 1
                    let awaiting = Chaindesk_V1_ListProjectsRequest.with {
                        $0.awaitingVerification = true
                        $0.limit = 50
                    }
                    // The calls the page makes: this year, the same months of last year, the signings to verify.
                    let dashboardRPC = try await Self.timed(rounds) {
                        _ = try await client.unary(API.Reports.cumulative, cumulative, options: options)
                        _ = try await client.unary(API.Reports.cumulative, lastYear, options: options)
                        _ = try await client.unary(API.Projects.listProjects, awaiting, options: options)
                    }
                    let mapRPC = try await Self.timed(rounds) {
                        _ = try await client.unary(API.IndustryMap.getChainMap, .init(), options: options)
                        _ = try await client.unary(API.Reports.chainCoverage, .init(), options: options)
                    }
                    var dashboardBytes = 0
                    let dashboardPage = try await Self.timed(rounds) {
                        dashboardBytes = try await Self.get("\(base)/?period=\(query)", cookie: cookie)
                    }
                    var mapBytes = 0
                    let mapPage = try await Self.timed(rounds) {
                        mapBytes = try await Self.get("\(base)/map", cookie: cookie)
                    }
                    return Result(
                        enterprises: enterprises,
                        projects: projects,
                        dashboardPage: dashboardPage,
                        dashboardRPC: dashboardRPC,
                        mapPage: mapPage,
                        mapRPC: mapRPC,
                        dashboardBytes: dashboardBytes,
                        mapBytes: mapBytes
                    )
                }
                await group.triggerGracefulShutdown()
                node.beginGracefulShutdown()
                return result
            }
            // Once measured, the servers are stopped; what they throw on the way out does not matter.
            var result: Result?
            do {
                while let next = try await tasks.next() {
                    guard let next else { continue }
                    result = next
                    tasks.cancelAll()
                }
            } catch {
                if result == nil { throw error }
            }
            guard let result else { throw BenchError("the pages benchmark ended without a result") }
            return result
        }
    }

    /// `rounds` timed runs of `body` after three untimed ones.
    static func timed(_ rounds: Int, _ body: () async throws -> Void) async throws -> CallLatency {
        for _ in 0..<3 { try await body() }
        var durations: [Duration] = []
        for _ in 0..<rounds {
            let start = ContinuousClock.now
            try await body()
            durations.append(ContinuousClock.now - start)
        }
        return CallLatency(durations)
    }

    /// GETs a page as the signed-in browser would; returns its size, failing on anything but 200.
    static func get(_ url: String, cookie: String) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw BenchError("\(url) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        return data.count
    }
}

/// The web side's port, once it listens.
final class PortBox: Sendable {
    private let port = Signal<Int>()

    func set(_ value: Int) { self.port.fire(value) }

    func wait() async throws -> Int {
        guard let port = await self.port.wait() else { throw BenchError("the web side did not start") }
        return port
    }
}
