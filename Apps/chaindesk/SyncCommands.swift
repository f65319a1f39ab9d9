internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

#if canImport(Glibc)
internal import Glibc
#endif

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sends what you did offline, then fetches what changed in your working set.",
        discussion: """
            Commands sync on their own whenever they find the office node reachable; this does it now and says \
            what happened. A cut connection loses nothing: the next sync continues where this one stopped.
            """
    )
    @OptionGroup var options: ClientOptions
    @Option(help: "Records per batch (1–2000).") var batch = 500

    func validate() throws {
        guard (1...2000).contains(self.batch) else { throw ValidationError("--batch must be 1–2000") }
    }

    func run() async throws {
        let client = try self.options.officeClient()
        let cache = try self.options.deviceCache()
        let report = try await attempt {
            try await client.sync(
                into: cache,
                batchSize: UInt32(self.batch),
                progress: Self.progressLine(quiet: self.options.json)
            )
        }
        let waiting = try cache.pending().count
        if self.options.json {
            return try printJSON([
                "sent": report.progress.pushed, "refused": report.progress.refused, "waiting": waiting,
                "received": report.progress.received, "cursor": Int(report.cursor),
                "stuck": report.stuck.map { Int($0.seq) } ?? 0,
            ])
        }
        for refusal in report.refusals { printError("refused: \(refusal)") }
        if let stuck = report.stuck {
            let notice = FieldClient.stuckNotice(stuck, waiting: waiting)
            printError(notice)
        }
        print(
            "sent \(report.progress.pushed), refused \(report.progress.refused); received \(report.progress.received) "
                + "records; up to revision \(report.cursor)"
        )
    }

    /// A progress line on standard error while syncing, when it is a terminal.
    static func progressLine(quiet: Bool) -> @Sendable (SyncProgress) -> Void {
        guard !quiet, isatty(2) != 0 else { return { _ in } }
        return { progress in
            let line =
                progress.total > 0
                ? "\rsyncing: \(progress.received)/\(progress.total) records"
                : "\rsending: \(progress.pushed)/\(progress.queued)"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}

struct ConflictsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Edits that clashed with someone else's, and offline changes the office refused.",
        subcommands: [List.self, Resolve.self, Dismiss.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lists open conflicts you are a side of, and your refused offline changes."
        )
        @OptionGroup var options: ClientOptions
        @Flag(help: "Resolved conflicts too.") var all = false

        func run() async throws {
            let client = try self.options.client()
            let list = try await attempt { try await client.call(API.Sync.listConflicts, .with { $0.all = self.all }) }
            let refused = (try? client.cache?.rejected()) ?? []
            if self.options.json { return try self.options.printJSON(list) }
            self.options.table(
                ["id", "enterprise", "field", "kept", "by", "other", "by", "when", "status"],
                list.conflicts.map {
                    [
                        Formats.shortID($0.id), $0.recordName.isEmpty ? $0.recordID : $0.recordName, $0.field,
                        $0.keptValue, $0.keptBy, $0.otherValue, "\($0.otherBy) (\($0.otherDevice))",
                        Formats.time($0.otherAtMs), $0.status,
                    ]
                },
                empty: "no conflicts"
            )
            if !refused.isEmpty {
                print("")
                self.options.table(
                    ["seq", "change", "when", "reason"],
                    refused.map {
                        [
                            "\($0.seq)", $0.summary, Formats.time(Int64($0.createdAt.timeIntervalSince1970 * 1000)),
                            $0.reason ?? "",
                        ]
                    }
                )
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolves a conflict: keep the value the office has, or apply the other one."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The conflict: its id or the start of it.") var conflict: String
        @Option(help: "kept (leave the record as it is) or other (apply the other value).") var keep: String

        func validate() throws {
            guard ["kept", "other"].contains(self.keep) else { throw ValidationError("--keep must be kept or other") }
        }

        func run() async throws {
            let client = try self.options.client()
            let list = try await attempt { try await client.call(API.Sync.listConflicts, .init()) }.conflicts
            let found = try await attempt {
                try References.resolve(self.conflict, among: list, kind: "conflict", id: \.id, names: { [$0.field] })
            }
            let request = Chaindesk_V1_ResolveConflictRequest.with {
                $0.id = found.id
                $0.choice = self.keep
            }
            try await self.options.write(client, API.Sync.resolveConflict, request) { resolved in
                "\(found.recordName.isEmpty ? found.recordID : found.recordName) \(found.field): "
                    + (self.keep == "other" ? "now \(found.otherValue)" : "stays \(found.keptValue)")
            }
        }
    }

    struct Dismiss: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forgets a refused offline change once seen.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Its number (seq) in the list.") var seq: Int64

        func run() async throws {
            let cache = try self.options.deviceCache()
            guard try cache.dismiss(seq: self.seq) else {
                throw CLIError("no refused change \(self.seq) on this device", status: 3)
            }
            print("dismissed \(self.seq)")
        }
    }
}
