internal import ArgumentParser
internal import ChainDeskClient

struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Service requests (企业诉求): open → assign → respond → resolve → callback → close.",
        subcommands: [
            Open.self, List.self, Show.self, Assign.self, Respond.self, Resolve.self, Callback.self, Close.self,
            Reopen.self,
        ]
    )

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Registers a park enterprise's request.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "What it needs, in a line.") var title: String
        @Option(help: "supplies, logistics, permits, financing, labour, utilities, landAndFactory, policy or other.")
        var category = "other"
        @Option(help: "urgent, high, normal or low.") var urgency = "normal"
        @Option(help: "More detail.") var details = ""

        func run() async throws {
            let client = try self.options.client()
            var draft = ServiceRequestDraft(enterprise: self.enterprise, title: self.title)
            draft.category = self.category
            draft.urgency = self.urgency
            draft.details = self.details
            try self.options.show(try await attempt { try await client.openServiceRequest(draft) })
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists service requests, newest first.")
        @OptionGroup var options: ClientOptions
        @Flag(help: "Only those not closed.") var open = false
        @Option(help: "Only this handler's: username, id, name or 'me'.") var handler: String?

        func run() async throws {
            let client = try self.options.client()
            let json = self.options.json
            let listing = try await attempt {
                try await client.serviceRequests(openOnly: self.open, handler: self.handler, withNames: !json)
            }
            try self.options.show(listing)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Shows a service request.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String

        func run() async throws {
            let client = try self.options.client()
            let json = self.options.json
            try self.options.show(
                try await attempt { try await client.serviceRequest(self.request, withNames: !json) }
            )
        }
    }

    /// Moves a request one step; shared by the step commands.
    static func change(_ options: ClientOptions, _ reference: String, _ step: ServiceRequestStep) async throws {
        let client = try options.client()
        try options.show(try await attempt { try await client.changeServiceRequest(reference, step) })
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Gives a request to a handler.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        @Option(help: "The handler: username, id or name.") var to: String

        func run() async throws {
            try await RequestCommand.change(self.options, self.request, .assign(to: self.to))
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Records the first response to the enterprise.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        func run() async throws { try await RequestCommand.change(self.options, self.request, .respond) }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Records the resolution, with what was done.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        @Option(help: "The account of what was done (凡事有交代).") var account: String

        func run() async throws {
            try await RequestCommand.change(self.options, self.request, .resolve(account: self.account))
        }
    }

    struct Callback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Records the call back and the satisfaction (1–5).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        @Option(help: "Satisfaction, 1–5.") var satisfaction: Int

        func run() async throws {
            try await RequestCommand.change(self.options, self.request, .callBack(satisfaction: self.satisfaction))
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Closes a request that was called back.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        func run() async throws { try await RequestCommand.change(self.options, self.request, .close) }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopens a request the enterprise is not done with.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        func run() async throws { try await RequestCommand.change(self.options, self.request, .reopen) }
    }
}
