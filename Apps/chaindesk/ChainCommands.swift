internal import ArgumentParser
internal import ChainDeskClient

struct ChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "The industry map (产业图谱): chains, links and the enterprises placed on them.",
        subcommands: [Map.self, Add.self, Link.self, Gap.self, Place.self, Unplace.self]
    )

    struct Map: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows the map: each chain's links upstream to downstream, their gaps and enterprises."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "One chain (id or name); every chain when left out.") var chain: String?

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.chainMap(self.chain) })
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a chain (产业链).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Its name: 智能制造, 新材料 …") var name: String
        @Option(help: "A short description.") var summary = ""
        @Option(help: "An id to give it (default: generated).") var id: String?

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(
                try await attempt { try await client.addChain(name: self.name, summary: self.summary, id: self.id) }
            )
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a link (环节) to a chain.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The chain: id or name.") var chain: String
        @Argument(help: "The link's name: 传感器, 整机装配 …") var name: String
        @Option(help: "upstream, midstream or downstream.") var position: String
        @Option(help: "Its order within the position, from 0.") var order = 0
        @Option(help: "covered, missing (补链), weak (强链) or extension (延链).") var gap = "covered"

        func run() async throws {
            let client = try self.options.client()
            let added = try await attempt {
                try await client.addLink(
                    to: self.chain,
                    name: self.name,
                    position: self.position,
                    order: self.order,
                    gap: self.gap
                )
            }
            try self.options.show(added)
        }
    }

    struct Gap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sets a link's gap status.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The link: id or name.") var link: String
        @Argument(help: "covered, missing (补链), weak (强链) or extension (延链).") var gap: String

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.setGap(of: self.link, to: self.gap) })
        }
    }

    struct Place: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Places an enterprise on a link.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "The link: id or name.") var link: String
        @Option(help: "chainLeader (链主), member or target.") var role = "member"

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(
                try await attempt { try await client.place(self.enterprise, on: self.link, role: self.role) }
            )
        }
    }

    struct Unplace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Takes an enterprise off a link.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "The link: id or name.") var link: String

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.unplace(self.enterprise, from: self.link) })
        }
    }
}
