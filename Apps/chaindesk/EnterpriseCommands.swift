internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

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
            let labels = self.options.labels
            let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
            let contacts = try await attempt {
                try await client.call(API.Contacts.listContacts, .with { $0.enterpriseID = enterprise.id }).contacts
            }
            let interactions = try await attempt { try await client.interactions(of: enterprise.id, limit: 10) }
            let projects = try await attempt {
                try await client.call(API.Projects.listProjects, .with { $0.enterpriseID = enterprise.id }).projects
            }
            if self.options.json {
                return try self.options.printJSON([
                    "enterprise": enterprise,
                    "contacts": Chaindesk_V1_ContactList.with { $0.contacts = contacts },
                    "interactions": Chaindesk_V1_InteractionList.with { $0.interactions = interactions },
                    "projects": Chaindesk_V1_ProjectList.with { $0.projects = projects },
                ])
            }
            self.options.fields([
                ("name", enterprise.legalName), ("short name", enterprise.shortName), ("id", enterprise.id),
                ("kind", labels[enterprise.kind]), ("credit code", enterprise.creditCode),
                ("industry", enterprise.industry), ("location", enterprise.location),
                ("chain", enterprise.chainID), ("scale", labels[enterprise.scale]),
                ("owner", enterprise.ownerID), ("relationship", labels[enterprise.relationship]),
                ("alias", enterprise.aliases.joined(separator: ", ")),
            ])
            if !contacts.isEmpty {
                print("")
                self.options.table(
                    ["contact", "job title", "phone", "wechat"],
                    contacts.map { [$0.name, $0.title, $0.phone, $0.wechat] }
                )
            }
            if !interactions.isEmpty {
                print("")
                self.options.table(
                    ["when", "kind", "summary", "due"],
                    interactions.map {
                        [Formats.time($0.occurredAtMs), labels[$0.kind], $0.summary, $0.nextStepDue]
                    }
                )
            }
            if !projects.isEmpty {
                print("")
                self.options.table(
                    ["project", "stage", "status", "planned"],
                    projects.map {
                        [
                            $0.name, labels.value("stage", $0.stage), labels.value("status", $0.status),
                            Formats.money($0.plannedInvestmentYuan),
                        ]
                    }
                )
            }
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
            let labels = self.options.labels
            var request = Chaindesk_V1_ListEnterprisesRequest()
            if let owner {
                request.ownerID =
                    try await attempt { try await client.resolveStaff(owner).id }
            }
            if let kind { request.kind = kind }
            if let chain { request.chainID = try await attempt { try await client.resolveChain(chain).id } }
            var all: [Chaindesk_V1_Enterprise] = []
            repeat {
                request.limit = UInt32(min(1000, self.limit - all.count))
                let page = try await attempt { try await client.call(API.Enterprises.listEnterprises, request) }
                all += page.enterprises
                request.after = page.next
            } while !request.after.isEmpty && all.count < self.limit
            if self.options.json {
                return try self.options.printJSON(Chaindesk_V1_EnterpriseList.with { $0.enterprises = all })
            }
            self.options.table(
                ["name", "kind", "owner", "relationship", "id"],
                all.map {
                    [$0.legalName, labels[$0.kind], $0.ownerID, labels[$0.relationship], Formats.shortID($0.id)]
                }
            )
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
            let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
            let list = try await attempt {
                try await client.call(API.Contacts.listContacts, .with { $0.enterpriseID = enterprise.id })
            }
            if self.options.json { return try self.options.printJSON(list) }
            self.options.table(
                ["contact", "job title", "phone", "wechat", "email", "id"],
                list.contacts.map { [$0.name, $0.title, $0.phone, $0.wechat, $0.email, Formats.shortID($0.id)] }
            )
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
        let labels = self.options.labels
        let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
        let list = try await attempt {
            try await client.call(
                API.Interactions.listInteractions,
                .with {
                    $0.enterpriseID = enterprise.id
                    $0.limit = UInt32(max(1, min(500, self.limit)))
                }
            )
        }
        if self.options.json { return try self.options.printJSON(list) }
        // A correction stands in for what it corrects; --all shows both, the replaced one marked.
        let corrected = Set(list.interactions.map(\.correctsID).filter { !$0.isEmpty })
        let shown = list.interactions.filter { self.all || !corrected.contains($0.id) }
        self.options.table(
            ["id", "when", "kind", "who", "summary", "next step", "due"],
            shown.map {
                let mark =
                    corrected.contains($0.id)
                    ? "[\(labels["corrected"])] " : $0.correctsID.isEmpty ? "" : "[\(labels["correction"])] "
                return [
                    Formats.shortID($0.id), Formats.time($0.occurredAtMs), labels[$0.kind], $0.staffID,
                    mark + $0.summary, $0.nextStep, $0.nextStepDue,
                ]
            }
        )
    }
}
