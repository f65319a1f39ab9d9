internal import ArgumentParser
internal import ChainDeskClient
internal import Foundation

struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Changes made offline that wait on this device to be sent, and those the office refused.",
        discussion: """
            Every command sends what waits here first, oldest first. A change that cannot be sent for a reason \
            other than the office being out of reach stays first in line with that reason, and holds the ones \
            behind it; `chaindesk outbox drop SEQ` drops it, and the next sync fetches the office's version.
            """,
        subcommands: [List.self, Drop.self],
        defaultSubcommand: List.self
    )

    struct Entry: Encodable {
        var seq: Int64
        var state: String
        var change: String
        var queuedAt: String
        var bytes: Int
        var problem: String
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists the waiting and refused changes.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let cache = try self.options.deviceCache()
            let entries =
                try cache.pending().map { ($0, $0.lastError == nil ? "waiting" : "stuck", $0.lastError ?? "") }
                + cache.rejected().map { ($0, "refused", $0.reason ?? "") }
            let rows = entries.map { entry, state, problem in
                Entry(
                    seq: entry.seq,
                    state: state,
                    change: entry.summary,
                    queuedAt: Formats.time(Int64(entry.createdAt.timeIntervalSince1970 * 1000)),
                    bytes: entry.request.count,
                    problem: problem
                )
            }
            var out = self.options.printout
            try out.json(value: rows)
            out.table(
                ["seq", "state", "change", "queued", "size", "problem"],
                rows.map {
                    ["\($0.seq)", $0.state, $0.change, $0.queuedAt, Formats.size($0.bytes), $0.problem]
                },
                empty: "nothing waits on this device"
            )
            print(out.output)
        }
    }

    struct Drop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drops a waiting or refused change, so it is never sent."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "Its number (seq) in `chaindesk outbox`.") var seq: Int64

        func run() async throws {
            let cache = try self.options.deviceCache()
            guard let dropped = try cache.drop(seq: self.seq) else {
                throw CLIError("no queued change \(self.seq) on this device; see `chaindesk outbox`", status: 3)
            }
            print("dropped \(self.seq): \(dropped.summary); the next sync fetches the office's version")
        }
    }
}
