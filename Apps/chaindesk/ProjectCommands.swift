internal import ArgumentParser
internal import ChainDeskClient

struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract:
            "Projects (项目): lead → contacted → siteVisit → negotiation → signed → registered → construction → production.",
        subcommands: [Add.self, Show.self, List.self, Advance.self, Verify.self, Status.self, Invest.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a project for an enterprise.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "The project's name.") var name: String
        @Option(parsing: .unconditional, help: "Planned total investment: 2.4亿, 5000万, 1,200万元.") var planned: String?
        @Option(name: .customLong("fixed-assets"), parsing: .unconditional, help: "Planned fixed-asset investment.")
        var fixedAssets: String?
        @Option(help: "Jobs it brings.") var jobs = 0
        @Option(help: "Land in 亩.") var land = 0
        @Option(help: "The chain: id or name.") var chain: String?
        @Option(help: "Who owns it: username, id or name (default: you, if an officer).") var owner: String?
        @Option(help: "lead, contacted or siteVisit (default lead).") var stage: String?
        @Option(parsing: .unconditional, help: "The day it reached that stage (default today).") var since: String?

        func run() async throws {
            let client = try self.options.client()
            var draft = ProjectDraft(enterprise: self.enterprise, name: self.name)
            draft.planned = self.planned
            draft.fixedAssets = self.fixedAssets
            draft.jobs = self.jobs
            draft.landMu = self.land
            draft.chain = self.chain
            draft.owner = self.owner
            draft.stage = self.stage
            draft.since = self.since
            try self.options.show(try await attempt { try await client.addProject(draft) })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Shows a project and its history.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The project: id or part of its name.") var project: String

        func run() async throws {
            let client = try self.options.client()
            let json = self.options.json
            try self.options.show(try await attempt { try await client.projectDossier(self.project, withNames: !json) })
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists projects.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Only this enterprise's: id, credit code or part of the name.") var enterprise: String?
        @Option(help: "Only this owner's: username, id, name or 'me'.") var owner: String?
        @Option(help: "Only at this stage.") var stage: String?
        @Option(help: "Only with this status.") var status: String?

        func run() async throws {
            let client = try self.options.client()
            let listing = try await attempt {
                try await client.projects(
                    enterprise: self.enterprise,
                    owner: self.owner,
                    stage: self.stage,
                    status: self.status
                )
            }
            try self.options.show(listing)
        }
    }

    struct Advance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Moves a project to a later stage, with the evidence.",
            discussion: "Example: chaindesk project advance 精密模具 signed --evidence \"合同 HS-2026-118\" --event 进博会"
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The project: id or part of its name.") var project: String
        @Argument(help: "contacted, siteVisit, negotiation, signed, registered, construction or production.")
        var stage: String
        @Option(help: "What shows it: a contract number, minutes of a meeting.") var evidence: String
        @Option(parsing: .unconditional, help: "The day (default today).") var on: String?
        @Option(help: "The event a signing happened at (a CIIE batch signing): id or name.") var event: String?

        func run() async throws {
            let client = try self.options.client()
            let advanced = try await attempt {
                try await client.advanceProject(
                    self.project,
                    to: self.stage,
                    evidence: self.evidence,
                    on: self.on,
                    event: self.event
                )
            }
            try self.options.show(advanced)
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verifies a project's signing (directors only); only then does it count in the reports."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The project: id or part of its name.") var project: String
        @Option(help: "A note on what was checked.") var note = ""
        @Option(parsing: .unconditional, help: "The day (default today).") var on: String?

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(
                try await attempt { try await client.verifySigning(self.project, note: self.note, on: self.on) }
            )
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sets a project's status: active, delayed, dormant, lost or abandoned, with the reason."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The project: id or part of its name.") var project: String
        @Argument(help: "active, delayed, dormant, lost or abandoned.") var status: String
        @Option(help: "Why (needed for anything but active).") var reason: String?
        @Option(parsing: .unconditional, help: "The day (default today).") var on: String?

        func run() async throws {
            let client = try self.options.client()
            let changed = try await attempt {
                try await client.setProjectStatus(self.project, to: self.status, reason: self.reason, on: self.on)
            }
            try self.options.show(changed)
        }
    }

    struct Invest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Records additional investment in a project (增资)."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The project: id or part of its name.") var project: String
        @Argument(help: "The amount: 2亿, 5000万.") var amount: String
        @Option(name: .customLong("fixed-assets"), parsing: .unconditional, help: "Of which fixed assets.")
        var fixedAssets: String?
        @Option(help: "What it is for.") var note = ""
        @Option(parsing: .unconditional, help: "The day (default today).") var on: String?

        func run() async throws {
            let client = try self.options.client()
            let invested = try await attempt {
                try await client.addInvestment(
                    self.project,
                    amount: self.amount,
                    fixedAssets: self.fixedAssets,
                    note: self.note,
                    on: self.on
                )
            }
            try self.options.show(invested)
        }
    }
}
