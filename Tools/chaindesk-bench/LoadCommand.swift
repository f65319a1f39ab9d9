internal import ArgumentParser
internal import ChainDeskBench
internal import Foundation

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Many connections on a synthetic office node: memory per idle connection, the CRM workload "
            + "sustained over many, and slowloris peers and slow readers timed out.",
        discussion: """
            Starts the office node in a process of its own (as `serve --kind office`), opens --idle connections \
            that only handshake, --slowloris connections that send two bytes of a preface and stop, \
            --slow-readers connections that ask for 6 MB of echoes and never read the answers, then runs \
            the CRM workload (search, read, log, advance, report) with one call in flight on each of --active \
            connections for --seconds. Any failed call ends the run with its error.
            """
    )
    @Option(help: "Idle connections held open throughout.") var idle = 1_000
    @Option(help: "Connections running the workload.") var active = 1_000
    @Option(help: "Seconds of workload.") var seconds = 60.0
    @Option(help: "Slowloris connections.") var slowloris = 100
    @Option(name: .customLong("slow-readers"), help: "Connections that never read their answers.") var slowReaders = 100
    @Option(name: .customLong("send-stall-seconds"), help: "The node's send-stall timeout.") var sendStallSeconds = 10
    @Option(help: "Enterprises in the synthetic office.") var enterprises = 2_000
    @Flag(help: "Print JSON instead of lines.") var json = false

    func validate() throws {
        guard self.idle >= 0, self.active >= 1, self.slowloris >= 0, self.slowReaders >= 0, self.seconds > 0,
            self.enterprises >= 1, (1...86_400).contains(self.sendStallSeconds)
        else {
            throw ValidationError(
                "--active, --enterprises and --send-stall-seconds must be at least 1, --seconds above 0, the rest ≥ 0"
            )
        }
    }

    func run() async throws {
        var options = HostileLoad.Options()
        options.idle = self.idle
        options.active = self.active
        options.seconds = self.seconds
        options.slowloris = self.slowloris
        options.slowReaders = self.slowReaders
        options.sendStallSeconds = self.sendStallSeconds
        options.enterprises = self.enterprises
        let result = try await HostileLoad.run(options)
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        let load = result.load
        print(
            "idle: \(result.idleConnections) connections, server RSS \(result.rssBeforeKiB) → \(result.rssWithIdleKiB) KiB, "
                + String(format: "%.1f KiB per idle connection", result.kibPerIdleConnection)
        )
        print(
            "load: \(result.activeConnections) connections, \(load.calls) calls in \(Int(load.seconds)) s, "
                + String(format: "%.0f calls/s", load.callsPerSecond) + ", 0 errors; latency \(load.latency)"
        )
        print("server RSS after the load \(load.serverRSSKiB ?? 0) KiB, peak \(result.peakRSSKiB) KiB")
        print(
            "slowloris: \(result.slowlorisClosed) of \(result.slowloris) closed by the node, the last after "
                + String(format: "%.1f s", result.slowlorisLongestSeconds)
        )
        print(
            "slow readers: \(result.slowReadersClosed) of \(result.slowReaders) closed by the node, the last after "
                + String(format: "%.1f s", result.slowReadersLongestSeconds)
                + " (send-stall timeout \(result.sendStallSeconds) s)"
        )
    }
}
