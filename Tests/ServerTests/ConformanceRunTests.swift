import ChainDeskConformance
import ChainDeskRPC
import ChainDeskRPCNIO
import ChainDeskServer
import ChainDeskTestService
import Foundation
import Logging
import Testing

@Suite("The conformance suite against the office node")
struct ConformanceRunTests {
    @Test("every case passes against a node serving the test service over TCP")
    func liveSuite() async throws {
        let folder = NodeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = OfficeNode.Configuration(dataDirectory: folder)
        configuration.extraMethods = [ExtraMethods(router: TestService.router, names: TestService.names, kind: "test")]
        var logger = Logger(label: "conformance")
        logger.logLevel = .critical
        let node = try await OfficeNode.open(configuration, logger: logger)
        let listener = try await TCPListener.bind(server: node.server)
        let directory = try #require(VectorSuite.defaultDirectory())
        let cases = LiveSuite.cases(
            vectors: try VectorFile.loadAll(from: directory),
            dictionaries: VectorSuite.dictionaries(besides: directory)
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            var results: [LiveResult] = []
            let target = LiveTarget(
                host: "127.0.0.1",
                port: listener.port,
                pingStrikes: RPCConfiguration.defaults().pingStrikes
            )
            for live in cases { results.append(await live.check(target)) }
            for failure in results where failure.outcome == .failed {
                Issue.record("\(failure.name) (\(failure.section)): \(failure.detail)")
            }
            #expect(results.count { $0.outcome == .passed } >= 71)
            // The cases that need the test service or the CRM dictionary ran rather than skipped.
            let skipped = Set(results.filter { $0.outcome == .skipped }.map(\.name))
            #expect(skipped.allSatisfy { $0.hasPrefix("vector.") })
            await listener.close()
            group.cancelAll()
        }
    }
}

@Suite("The client library against the reference server")
struct ClientConformanceTests {
    @Test("the client reports the error the specification calls for, for every way the server breaks it")
    func referenceServer() async {
        for check in ClientChecks.cases {
            let result = await check.check(LiveTarget(host: "127.0.0.1", port: 0))
            #expect(result.outcome == .passed, "\(result.name) (\(result.section)): \(result.detail)")
        }
    }
}
