internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

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
            let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
            var project = Chaindesk_V1_Project.with {
                $0.enterpriseID = enterprise.id
                $0.name = self.name
                $0.jobs = Int32(self.jobs)
                $0.landMu = Int32(self.land)
                $0.stage = self.stage ?? ""
            }
            if let planned { project.plannedInvestmentYuan = try Parse.money(planned, "--planned") }
            if let fixedAssets { project.fixedAssetInvestmentYuan = try Parse.money(fixedAssets, "--fixed-assets") }
            if let since { project.stageOn = try Parse.day(since, "--since") }
            project.chainID = enterprise.chainID
            if let chain { project.chainID = try await attempt { try await client.resolveChain(chain).id } }
            if let owner { project.ownerID = try await attempt { try await client.resolveStaff(owner).id } }
            let request = Chaindesk_V1_CreateProjectRequest.with { $0.project = project }
            try await self.options.write(client, API.Projects.createProject, request) { stored in
                "added project \(stored.name) [\(stored.id)] at \(self.options.labels.value("stage", stored.stage))"
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Shows a project and its history.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The project: id or part of its name.") var project: String

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            let found = try await attempt { try await client.resolveProject(self.project) }
            let detail = try await attempt {
                try await client.call(API.Projects.getProject, .with { $0.id = found.id })
            }
            if self.options.json { return try self.options.printJSON(detail) }
            let project = detail.project
            let enterprise = try await attempt { try await client.enterpriseNames([project.enterpriseID]) }
            self.options.fields([
                ("name", project.name), ("id", project.id),
                ("enterprise", enterprise[project.enterpriseID] ?? project.enterpriseID),
                ("stage", labels.value("stage", project.stage)), ("since", project.stageOn),
                (
                    "status",
                    labels.value("status", project.status)
                        + (project.statusReason.isEmpty ? "" : "（\(project.statusReason)）")
                ),
                ("planned", Formats.money(project.plannedInvestmentYuan)),
                ("fixed assets", Formats.money(project.fixedAssetInvestmentYuan, blankZero: true)),
                ("signed", project.signedOn),
                (
                    "verified",
                    project.signingVerifiedOn.isEmpty ? "" : "\(project.signingVerifiedOn) \(project.signingVerifiedBy)"
                ),
                ("owner", project.ownerID), ("major", project.major ? labels["yes"] : labels["no"]),
            ])
            print("")
            self.options.table(
                ["when", "kind", "from", "to", "amount", "note", "who"],
                detail.log.map {
                    [
                        $0.on, labels[$0.kind], labels.value($0.kind, $0.from), labels.value($0.kind, $0.to),
                        Formats.money($0.amountYuan, blankZero: true), $0.note, $0.by,
                    ]
                }
            )
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
            let labels = self.options.labels
            var request = Chaindesk_V1_ListProjectsRequest.with {
                $0.stage = self.stage ?? ""
                $0.status = self.status ?? ""
            }
            if let enterprise {
                request.enterpriseID = try await attempt { try await client.resolveEnterprise(enterprise).id }
            }
            if let owner {
                request.ownerID =
                    try await attempt { try await client.resolveStaff(owner).id }
            }
            let list = try await attempt { try await client.call(API.Projects.listProjects, request) }
            if self.options.json { return try self.options.printJSON(list) }
            self.options.table(
                ["name", "stage", "status", "planned", "signed", "verified", "id"],
                list.projects.map {
                    [
                        $0.name, labels.value("stage", $0.stage), labels.value("status", $0.status),
                        Formats.money($0.plannedInvestmentYuan), $0.signedOn, $0.signingVerifiedOn,
                        Formats.shortID($0.id),
                    ]
                }
            )
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
            let project = try await attempt { try await client.resolveProject(self.project) }
            var request = Chaindesk_V1_AdvanceProjectRequest.with {
                $0.id = project.id
                $0.stage = self.stage
                $0.evidence = self.evidence
                $0.version = project.version
            }
            if let on { request.on = try Parse.day(on, "--on") }
            if let event { request.eventID = try await attempt { try await client.resolveEvent(event).id } }
            let stored = try await attempt {
                try await client.call(API.Projects.advanceProject, request, key: newKey())
            }
            if self.options.json { return try self.options.printJSON(stored) }
            let labels = self.options.labels
            let note =
                stored.stage == "signed" && stored.signingVerifiedBy.isEmpty
                ? " (awaiting a director's verification)" : ""
            print("\(stored.name): \(labels.value("stage", stored.stage)) on \(stored.stageOn)\(note)")
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
            let project = try await attempt { try await client.resolveProject(self.project) }
            var request = Chaindesk_V1_VerifySigningRequest.with {
                $0.id = project.id
                $0.note = self.note
                $0.version = project.version
            }
            if let on { request.on = try Parse.day(on, "--on") }
            try await self.options.write(client, API.Projects.verifySigning, request) { stored in
                "\(stored.name): signing of \(stored.signedOn) verified on \(stored.signingVerifiedOn)"
            }
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
            let project = try await attempt { try await client.resolveProject(self.project) }
            var request = Chaindesk_V1_SetProjectStatusRequest.with {
                $0.id = project.id
                $0.status = self.status
                $0.reason = self.reason ?? ""
                $0.version = project.version
            }
            if let on { request.on = try Parse.day(on, "--on") }
            try await self.options.write(client, API.Projects.setProjectStatus, request) { stored in
                "\(stored.name): \(self.options.labels.value("status", stored.status))"
            }
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
            let project = try await attempt { try await client.resolveProject(self.project) }
            var request = Chaindesk_V1_AddInvestmentRequest.with {
                $0.id = project.id
                $0.note = self.note
                $0.version = project.version
            }
            request.amountYuan = try Parse.money(self.amount, "the amount")
            if let fixedAssets { request.fixedAssetsYuan = try Parse.money(fixedAssets, "--fixed-assets") }
            if let on { request.on = try Parse.day(on, "--on") }
            try await self.options.write(client, API.Projects.addInvestment, request) { stored in
                "\(stored.name): planned investment now \(Formats.money(stored.plannedInvestmentYuan))"
            }
        }
    }
}
