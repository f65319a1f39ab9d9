internal import ArgumentParser
internal import ChainDeskClient

struct EnterpriseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enterprise",
        abstract: "Enterprises: target, park, chamber (商会) and intermediary.",
        subcommands: [Add.self, Show.self, Edit.self, List.self, SearchCommand.self]
    )

    /// The fields an enterprise can be given on the command line.
    struct Details: ParsableArguments {
        @Option(help: "Short name (简称).") var short: String?
        @Option(name: .customLong("credit-code"), help: "统一社会信用代码, 18 characters.") var creditCode: String?
        @Option(help: "target, park, chamber or intermediary.") var kind: String?
        @Option(help: "Industry.") var industry: String?
        @Option(help: "Location (city, district).") var location: String?
        @Option(help: "The chain it belongs to: id or name.") var chain: String?
        @Option(help: "large, medium, small, micro or unknown.") var scale: String?
        @Option(help: "The officer who follows it: username, id or name.") var owner: String?
        @Option(help: "contactMade, engaged, customer or landed.") var relationship: String?
        @Option(name: .customLong("development"), help: "Development status, in words.") var development: String?
        @Option(help: "Another name it goes by; repeat for several.") var alias: [String] = []

        /// The options as a draft: what was given changes, the rest stays.
        var draft: EnterpriseDraft {
            var draft = EnterpriseDraft()
            draft.shortName = self.short
            draft.creditCode = self.creditCode
            draft.kind = self.kind
            draft.industry = self.industry
            draft.location = self.location
            draft.chain = self.chain
            draft.scale = self.scale
            draft.owner = self.owner
            draft.relationship = self.relationship
            draft.development = self.development
            draft.aliases = self.alias
            return draft
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds an enterprise.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The legal name (full registered name).") var name: String
        @OptionGroup var details: Details

        func run() async throws {
            let client = try self.options.client()
            var draft = self.details.draft
            draft.legalName = self.name
            try self.options.show(try await attempt { try await client.addEnterprise(draft) })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows an enterprise with its contacts, recent contacts and projects."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "Id, credit code or part of the name.") var enterprise: String

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.dossier(of: self.enterprise) })
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Changes an enterprise; fields not given stay as they are."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "Id, credit code or part of the name.") var enterprise: String
        @Option(help: "A new legal name.") var name: String?
        @OptionGroup var details: Details

        func run() async throws {
            let client = try self.options.client()
            var draft = self.details.draft
            draft.legalName = self.name
            try self.options.show(try await attempt { try await client.editEnterprise(self.enterprise, draft) })
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists enterprises, by owner, kind or chain.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Only those this officer follows: username, id, name, or 'me'.") var owner: String?
        @Option(help: "Only this kind: target, park, chamber or intermediary.") var kind: String?
        @Option(help: "Only this chain: id or name.") var chain: String?
        @Option(help: "At most this many.") var limit = 200

        func run() async throws {
            let client = try self.options.client()
            let listing = try await attempt {
                try await client.enterprises(owner: self.owner, kind: self.kind, chain: self.chain, limit: self.limit)
            }
            try self.options.show(listing)
        }
    }
}

struct ContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "People at enterprises and chambers.",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a contact to an enterprise.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "The person's name.") var name: String
        @Option(help: "Their title (执行秘书长, 董事长 …).") var title: String?
        @Option(help: "Phone.") var phone: String?
        @Option(help: "WeChat id.") var wechat: String?
        @Option(help: "Email.") var email: String?

        func run() async throws {
            let client = try self.options.client()
            var draft = ContactDraft(name: self.name)
            draft.title = self.title
            draft.phone = self.phone
            draft.wechat = self.wechat
            draft.email = self.email
            try self.options.show(try await attempt { try await client.addContact(at: self.enterprise, draft) })
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists an enterprise's contacts.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.contacts(of: self.enterprise) })
        }
    }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Lists the contacts logged with an enterprise, newest first."
    )
    @OptionGroup var options: ClientOptions
    @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
    @Option(help: "At most this many.") var limit = 50
    @Flag(help: "Contacts replaced by a correction too (marked), not only what stands.") var all = false

    func run() async throws {
        let client = try self.options.client()
        let history = try await attempt {
            try await client.history(of: self.enterprise, limit: self.limit, all: self.all)
        }
        try self.options.show(history)
    }
}
