internal import ArgumentParser
internal import ChainDeskClient
internal import Foundation

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
        let outcome = try await attempt {
            try await client.syncNow(
                into: cache,
                batchSize: self.batch,
                progress: Self.progressLine(quiet: self.options.json)
            )
        }
        if !self.options.json { outcome.notices.forEach(printError) }
        try self.options.show(outcome)
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
            try self.options.show(try await attempt { try await client.conflicts(all: self.all) })
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
            try self.options.show(
                try await attempt { try await client.resolveConflict(self.conflict, keep: self.keep) }
            )
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
