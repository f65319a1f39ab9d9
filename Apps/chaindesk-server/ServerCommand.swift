internal import ArgumentParser

@main
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaindesk-server",
        abstract: "The ChainDesk central office node: the office's records, served to field clients.",
        discussion: """
            With no subcommand, serves (chaindesk-server serve --help lists its options). migrate moves an office \
            from its SQLite file to a PostgreSQL database.
            """,
        subcommands: [ServeCommand.self, MigrateCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
