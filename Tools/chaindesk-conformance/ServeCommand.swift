internal import ArgumentParser
internal import ChainDeskConformance
internal import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Runs the reference server, well-behaved or breaking the specification one way, to test clients.",
        discussion: """
            It serves the test service's Echo (method 1). Modes: \
            \(ReferenceServer.Misbehaviour.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @Option(help: "The port (0: a free one).") var port = 7430
    @Option(help: "none, or the way to break the specification.") var misbehave = "none"

    func validate() throws {
        guard ReferenceServer.Misbehaviour(rawValue: self.misbehave) != nil else {
            throw ValidationError(
                "--misbehave must be one of \(ReferenceServer.Misbehaviour.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard (0...65_535).contains(self.port) else { throw ValidationError("--port must be 0–65535") }
    }

    func run() async throws {
        let mode = ReferenceServer.Misbehaviour(rawValue: self.misbehave)!
        let server = try await ReferenceServer.start(mode, port: self.port)
        print("reference server (\(mode.rawValue), breaks \(mode.section)) listening on 127.0.0.1:\(server.port)")
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}

struct RunClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-client",
        abstract: "Drives the ChainDesk client library against the reference server in every mode.",
        discussion: "The client must report the error the specification calls for each way the server breaks it."
    )

    @Option(help: "text, json or junit.") var format = "text"

    func validate() throws {
        guard ["text", "json", "junit"].contains(self.format) else {
            throw ValidationError("--format must be text, json or junit")
        }
    }

    func run() async throws {
        var results: [LiveResult] = []
        for check in ClientChecks.cases {
            let result = await check.check(LiveTarget(host: "127.0.0.1", port: 0))
            results.append(result)
        }
        try RunCommand.report(results, format: self.format, against: "the reference server")
    }
}
