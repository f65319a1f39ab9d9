internal import ArgumentParser
internal import ChainDeskBench
internal import Foundation

/// The conditions of a simulated link, shared by the commands that use one.
struct LinkOptions: ParsableArguments {
    @Option(help: "The link's rate each way, kbit/s (0: unlimited).") var kbps = 256
    @Option(help: "The round trip it adds, ms.") var rtt = 300
    @Option(help: "Up to this much extra one-way delay, ms.") var jitter = 0

    func validate() throws {
        guard self.kbps >= 0, self.rtt >= 0, self.jitter >= 0 else {
            throw ValidationError("--kbps, --rtt and --jitter may not be negative")
        }
    }

    var conditions: WeakLink.Conditions {
        .init(
            bitsPerSecond: self.kbps == 0 ? nil : self.kbps * 1000,
            roundTrip: .milliseconds(self.rtt),
            jitter: .milliseconds(self.jitter)
        )
    }
}

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "An officer's first sync and an empty one over a simulated weak link, against JSON with gzip.",
        discussion: """
            Generates a synthetic office in a temporary folder in which one officer follows every enterprise, serves \
            it on loopback behind the link, and syncs a new field client through it.
            """
    )

    @Option(help: "Enterprises the officer follows (each with a contact).") var enterprises = 2000
    @Option(help: "Interactions with them.") var interactions = 20_000
    @Option(help: "Records per pulled batch.") var batch = 2000
    @OptionGroup var link: LinkOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "chaindesk-sync-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await SyncBenchmark.run(
            enterprises: self.enterprises,
            interactions: self.interactions,
            conditions: self.link.conditions,
            batchSize: UInt32(self.batch),
            folder: folder
        )
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
        print("link: \(self.link.kbps) kbit/s, \(self.link.rtt) ms round trip, \(self.link.jitter) ms jitter")
        print(
            "first sync: \(result.records) records in \(String(format: "%.2f", result.firstSeconds)) s; "
                + "\(result.firstUp + result.firstDown) bytes (\(result.firstUp) up, \(result.firstDown) down)"
        )
        print(
            "same data as JSON: \(result.json) bytes; gzip: \(result.jsonGzip) bytes; ChainDesk / JSON+gzip = "
                + String(format: "%.1f%%", result.ratio * 100)
        )
        print(
            "empty sync on an open connection: \(result.emptySync) bytes both ways, "
                + "\(String(format: "%.2f", result.emptySeconds)) s"
        )
    }
}

struct WeakLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weaklink",
        abstract: "Runs the weak-link simulator in front of a node until interrupted.",
        discussion: "Example: chaindesk-bench weaklink --to 127.0.0.1:7420 --kbps 256 --rtt 300 --jitter 30"
    )

    @Option(help: "The node to forward to, host:port.") var to: String
    @OptionGroup var link: LinkOptions
    @Option(name: .customLong("cut-after"), help: "Cut each connection after this many bytes.") var cutAfter: Int?
    @Option(name: .customLong("report-every"), help: "Seconds between the traffic lines it prints.")
    var reportEvery = 10.0

    func validate() throws {
        guard self.reportEvery > 0 else { throw ValidationError("--report-every must be above zero") }
    }

    func run() async throws {
        let parts = self.to.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--to must be host:port") }
        var conditions = self.link.conditions
        conditions.cutAfterBytes = self.cutAfter
        let weak = try await WeakLink.start(to: String(parts[0]), port: port, conditions: conditions)
        // Written unbuffered: scripts read these lines while the simulator runs.
        FileHandle.standardOutput.write(Data("weak link on 127.0.0.1:\(weak.port) → \(self.to)\n".utf8))
        while true {
            try await Task.sleep(for: .milliseconds(Int(self.reportEvery * 1000)))
            let traffic = weak.traffic
            FileHandle.standardOutput.write(
                Data(
                    "connections \(traffic.connections), cuts \(traffic.cuts), up \(traffic.up) B, down \(traffic.down) B\n"
                        .utf8
                )
            )
        }
    }
}
