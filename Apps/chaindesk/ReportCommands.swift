internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The office's reports, computed by the node from what was entered (docs/reports.md).",
        subcommands: [
            Cumulative.self, Funnel.self, Relationships.self, Chains.self, Referrals.self, Aftercare.self,
            Activity.self, Events.self,
        ]
    )

    /// A report period: --from and --through, the current month to date by default.
    struct Period: ParsableArguments {
        @Option(parsing: .unconditional, help: "The first day (default: the first of this month).") var from: String?
        @Option(parsing: .unconditional, help: "The last day (default: today).") var through: String?

        func request() throws -> Chaindesk_V1_PeriodRequest {
            var request = Chaindesk_V1_PeriodRequest()
            if let from { request.from = try Parse.day(from, "--from") }
            if let through { request.through = try Parse.day(through, "--through") }
            return request
        }
    }

    struct Cumulative: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "新引进重大项目: the major projects first signed (and verified) from January through a month."
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "The year (default: this year).") var year: Int?
        @Option(help: "The last month, 1–12 (default: this month).") var month: Int?

        func run() async throws {
            let client = try self.options.client()
            let request = Chaindesk_V1_CumulativeReportRequest.with {
                $0.year = Int32(self.year ?? 0)
                $0.throughMonth = Int32(self.month ?? 0)
            }
            let report = try await attempt { try await client.call(API.Reports.cumulative, request) }
            if self.options.json { return try self.options.printJSON(report) }
            print(report.sentence)
            self.options.table(
                ["project", "signed", "investment"],
                report.projects.map { [$0.name, $0.signedOn, Formats.money($0.investmentYuan)] }
                    + [[self.options.labels["total"], "\(report.projects.count)", Formats.money(report.totalYuan)]]
            )
        }
    }

    struct Funnel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The pipeline: how many projects reached each stage and where they are now."
        )
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            let report = try await attempt { try await client.call(API.Reports.funnel, .init()) }
            if self.options.json { return try self.options.printJSON(report) }
            self.options.table(
                ["stage", "reached", "conversion", "now"],
                report.stages.map { stage in
                    let now = stage.current.sorted { $0.key < $1.key }.map {
                        "\(labels.value("status", $0.key)) \($0.value)"
                    }
                    // Conversion to the next stage, beside the stage it is counted from.
                    let conversion = stage.hasConversionPercent ? String(format: "%.1f%%", stage.conversionPercent) : ""
                    return [
                        labels.value("stage", stage.stage), "\(stage.reached)", conversion, now.joined(separator: ", "),
                    ]
                }
            )
        }
    }

    struct Relationships: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "朋友圈 → 客户圈: enterprises by relationship stage.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            let report = try await attempt { try await client.call(API.Reports.relationship, .init()) }
            if self.options.json { return try self.options.printJSON(report) }
            let order = ["contactMade", "engaged", "customer", "landed"]
            self.options.table(
                ["relationship", "count"],
                order.map { [labels[$0], "\(report.byStage[$0] ?? 0)"] }
            )
            print("")
            self.options.fields([("conversion", String(format: "%.1f%%", report.conversion))])
        }
    }

    struct Chains: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chains",
            abstract: "Chain coverage and gaps (建圈强链): which links lack park enterprises or a chain leader."
        )
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            let report = try await attempt { try await client.call(API.Reports.chainCoverage, .init()) }
            if self.options.json { return try self.options.printJSON(report) }
            let chains = try await attempt { try await client.call(API.IndustryMap.getChainMap, .init()).chains }
            let names = Dictionary(uniqueKeysWithValues: chains.map { ($0.id, $0.name) })
            self.options.table(
                ["chain", "link", "position", "park enterprises", "chainLeader", "targets", "gap"],
                report.links.map {
                    [
                        names[$0.link.chainID] ?? $0.link.chainID, $0.link.name, labels[$0.link.position],
                        "\($0.parkEnterprises)",
                        $0.hasChainLeader_p ? labels["yes"] : "", "\($0.targets.count)", labels[$0.effectiveGap],
                    ]
                }
            )
        }
    }

    struct Referrals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "以商招商: leads, projects and investment credited to each introducer, directly and onward."
        )
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            let report = try await attempt { try await client.call(API.Reports.referral, .init()) }
            if self.options.json { return try self.options.printJSON(report) }
            self.options.table(
                ["introducer", "kind", "leads", "projects", "investment", "transitive"],
                report.credits.map {
                    [
                        $0.introducerName, labels[$0.introducerKind], "\($0.leads)", "\($0.projects)",
                        Formats.money($0.investmentYuan),
                        "\($0.transitiveLeads) / \($0.transitiveProjects) / \(Formats.money($0.transitiveInvestmentYuan))",
                    ]
                }
            )
        }
    }

    struct Aftercare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Aftercare timeliness for the requests registered in a period."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var period: Period

        func run() async throws {
            let client = try self.options.client()
            let report = try await attempt { try await client.call(API.Reports.aftercare, try self.period.request()) }
            if self.options.json { return try self.options.printJSON(report) }
            self.options.fields([
                ("registered", "\(report.registered)"),
                ("responded on time", String(format: "%.1f%%", report.respondedOnTimePercent)),
                ("closed", String(format: "%.1f%%", report.closedPercent)),
                (
                    "satisfaction",
                    report.averageSatisfaction == 0 ? "" : String(format: "%.2f / 5", report.averageSatisfaction)
                ),
                ("overdue", report.overdue.map { String($0.prefix(8)) }.joined(separator: ", ")),
            ])
        }
    }

    struct Activity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each officer's contacts and stage changes in a period."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var period: Period

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            let report = try await attempt {
                try await client.call(API.Reports.officerActivity, try self.period.request())
            }
            if self.options.json { return try self.options.printJSON(report) }
            self.options.table(
                ["name", "interactions", "enterprises touched", "stage changes", "overdue next steps"],
                report.officers.map { officer in
                    let kinds = officer.interactions.sorted { $0.key < $1.key }.map { "\(labels[$0.key]) \($0.value)" }
                    return [
                        officer.name, kinds.joined(separator: ", "), "\(officer.enterprisesTouched)",
                        "\(officer.stageChanges)", "\(officer.overdueNextSteps)",
                    ]
                }
            )
        }
    }

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "events",
            abstract: "Event yield: contacts, leads, signed projects and investment from each event."
        )
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let report = try await attempt { try await client.call(API.Reports.eventYield, .init()) }
            if self.options.json { return try self.options.printJSON(report) }
            self.options.table(
                ["event", "interactions", "enterprises met", "leads", "projects", "investment"],
                report.events.map {
                    [
                        $0.name, "\($0.interactions)", "\($0.enterprisesMet)", "\($0.leads)", "\($0.projectsSigned)",
                        Formats.money($0.investmentYuan),
                    ]
                }
            )
        }
    }
}
