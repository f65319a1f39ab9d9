internal import ArgumentParser
internal import ChainDeskClient
internal import ChainDeskDomain
internal import ChainDeskSheets
internal import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The office's reports, computed by the node from what was entered (docs/reports.md).",
        subcommands: [
            Cumulative.self, Funnel.self, Relationships.self, Chains.self, Referrals.self, Aftercare.self,
            Activity.self, Events.self, Close.self, Reopen.self, PeriodFigures.self,
        ]
    )

    /// A report period: --from and --through, the current month to date by default.
    struct Period: ParsableArguments {
        @Option(parsing: .unconditional, help: "The first day (default: the first of this month).") var from: String?
        @Option(parsing: .unconditional, help: "The last day (default: today).") var through: String?

        var period: ChainDeskClient.Period { ChainDeskClient.Period(from: self.from, through: self.through) }
    }

    struct Cumulative: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "新引进重大项目: the major projects first signed (and verified) from January through a month."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var export: ExportOptions
        @Option(help: "The year (default: this year).") var year: Int?
        @Option(help: "The last month, 1–12 (default: this month).") var month: Int?

        func run() async throws {
            let client = try self.options.client()
            try self.export.show(
                try await attempt { try await client.cumulativeReport(year: self.year, month: self.month) },
                self.options
            )
        }
    }

    struct Funnel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The pipeline: how many projects reached each stage and where they are now."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var export: ExportOptions

        func run() async throws {
            let client = try self.options.client()
            try self.export.show(try await attempt { try await client.funnelReport() }, self.options)
        }
    }

    struct Relationships: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "朋友圈 → 客户圈: enterprises by relationship stage.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var export: ExportOptions

        func run() async throws {
            let client = try self.options.client()
            try self.export.show(try await attempt { try await client.relationshipReport() }, self.options)
        }
    }

    struct Chains: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chains",
            abstract: "Chain coverage and gaps (建圈强链): which links lack park enterprises or a chain leader."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var export: ExportOptions

        func run() async throws {
            let client = try self.options.client()
            try self.export.show(try await attempt { try await client.chainCoverageReport() }, self.options)
        }
    }

    struct Referrals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "以商招商: leads, projects and investment credited to each introducer, directly and onward."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var export: ExportOptions

        func run() async throws {
            let client = try self.options.client()
            try self.export.show(try await attempt { try await client.referralReport() }, self.options)
        }
    }

    struct Aftercare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Aftercare timeliness for the requests registered in a period."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var export: ExportOptions
        @OptionGroup var period: Period

        func run() async throws {
            let client = try self.options.client()
            try self.export.show(
                try await attempt { try await client.aftercareReport(self.period.period) },
                self.options
            )
        }
    }

    struct Activity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each officer's contacts and stage changes in a period."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var export: ExportOptions
        @OptionGroup var period: Period

        func run() async throws {
            let client = try self.options.client()
            try self.export.show(
                try await attempt { try await client.activityReport(self.period.period) },
                self.options
            )
        }
    }

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "events",
            abstract: "Event yield: contacts, leads, signed projects and investment from each event."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var export: ExportOptions

        func run() async throws {
            let client = try self.options.client()
            try self.export.show(try await attempt { try await client.eventYieldReport() }, self.options)
        }
    }
}

extension ReportCommand {
    /// A cumulative period: --year and --month.
    struct Month: ParsableArguments {
        @Option(help: "The year (default: this year).") var year: Int?
        @Option(help: "The last month, 1–12 (default: this month).") var month: Int?
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Closes a period: its cumulative figures are frozen as they stand (directors; audited)."
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "The year.") var year: Int
        @Option(help: "The last month of the period, 1–12.") var month: Int
        @Option(help: "A note kept with the closing.") var note = ""

        func run() async throws {
            let client = try self.options.client()
            let report = try await attempt {
                try await client.closePeriod(year: self.year, month: self.month, note: self.note)
            }
            try self.options.show(report)
        }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reopens a closed period, saying why: its figures are computed live again (directors; audited)."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var period: Month
        @Option(help: "Why the closed figures are reopened (required).") var reason: String

        func run() async throws {
            let client = try self.options.client()
            let report = try await attempt {
                try await client.reopenPeriod(year: self.period.year, month: self.period.month, reason: self.reason)
            }
            try self.options.show(report)
        }
    }

    struct PeriodFigures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "period",
            abstract: "A period's figures as closed and as they are now, and what changed since closing, by whom."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var export: ExportOptions
        @OptionGroup var period: Month

        func run() async throws {
            let client = try self.options.client()
            try self.export.show(
                try await attempt { try await client.periodFigures(year: self.period.year, month: self.period.month) },
                self.options
            )
        }
    }
}

/// `--format csv|xlsx --output FILE`: a report written as a spreadsheet instead of printed (ReportSheets; the
/// node's web exports write the same sheets).
struct ExportOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, xlsx
    }

    @Option(help: "Write the report as a spreadsheet: csv (UTF-8 with BOM) or xlsx; with --output.")
    var format: Format?

    @Option(help: "The file the spreadsheet is written to (with --format); an existing file is replaced.")
    var output: String?

    func validate() throws {
        guard (self.format == nil) == (self.output == nil) else {
            throw ValidationError("--format and --output go together")
        }
    }

    /// Prints the report, or writes it to --output as --format says.
    func show<Message>(_ report: Report<Message>, _ options: ClientOptions) throws {
        guard let format = self.format, let output = self.output else { return try options.show(report) }
        let sheets = report.sheets(options.labels)
        let bytes = format == .csv ? CSV.bytes(sheets) : Workbook.bytes(sheets)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError("cannot write \(output): \(error.localizedDescription)", status: 73)
        }
        let rows = sheets.reduce(0) { $0 + $1.rows.count }
        print("\(output): \(format.rawValue), \(sheets.count) sheet\(sheets.count == 1 ? "" : "s"), \(rows) rows")
    }
}
