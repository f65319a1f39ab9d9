internal import ArgumentParser

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaindesk-bench",
        abstract: "Measures ChainDesk: calls against gRPC and a raw TCP echo, the store, sync, the dictionary.",
        subcommands: [
            RPCCommand.self, StoreGenerateCommand.self, StoreMeasureCommand.self, StoreWriterCommand.self,
            SyncCommand.self, LoadCommand.self, PagesCommand.self,
            WeakLinkCommand.self, DictionaryCommand.self, ServeCommand.self, EchoRunCommand.self,
        ]
    )
}

struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite file of the store.")
    var path: String

    func validate() throws {
        guard !self.path.isEmpty else { throw ValidationError("--path must name a file") }
    }
}
