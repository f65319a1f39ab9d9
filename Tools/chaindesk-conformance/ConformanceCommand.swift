internal import ArgumentParser

@main
struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaindesk-conformance",
        abstract: "Checks implementations of the ChainDesk wire protocol against Protocol/SPEC.md.",
        subcommands: [
            RunCommand.self, ServeCommand.self, RunClientCommand.self, ListCommand.self, VectorsCommand.self,
        ]
    )
}
