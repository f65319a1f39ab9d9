internal import ChainDeskAPI
public import ChainDeskDomain
public import ChainDeskProto
public import ChainDeskSheets
internal import Foundation
public import SwiftProtobuf

/// One of the office's reports as the node computed it (docs/reports.md), with how it reads as text and as the
/// sheets of a spreadsheet (ReportSheets, which the node's web exports use too).
public struct Report<Message: SwiftProtobuf.Message & Sendable>: Presentable {
    public let report: Message
    let render: @Sendable (Message, inout Printout) -> Void
    let tables: @Sendable (Message, Labels) -> [Sheet]

    init(
        _ report: Message,
        sheets: @escaping @Sendable (Message, Labels) -> [Sheet],
        render: @escaping @Sendable (Message, inout Printout) -> Void
    ) {
        self.report = report
        self.tables = sheets
        self.render = render
    }

    /// The report as spreadsheet sheets, headed in `labels`' language.
    public func sheets(_ labels: Labels) -> [Sheet] { self.tables(self.report, labels) }

    public func present(into out: inout Printout) throws {
        try out.json(self.report)
        self.render(self.report, &out)
    }
}

/// A report period as typed: the first and last day, the current month to date by default.
public struct Period: Sendable {
    public var from: String?
    public var through: String?

    public init(from: String? = nil, through: String? = nil) {
        self.from = from
        self.through = through
    }

    func request() throws -> Chaindesk_V1_PeriodRequest {
        var request = Chaindesk_V1_PeriodRequest()
        if let from { request.from = try Arguments.day(from, "--from") }
        if let through { request.through = try Arguments.day(through, "--through") }
        return request
    }
}

extension OfficeCalls {
    /// 新引进重大项目: the major projects first signed (and verified) from January through a month; the year and
    /// month of the node's today when nil.
    public func cumulativeReport(year: Int?, month: Int?) async throws -> Report<Chaindesk_V1_CumulativeReport> {
        let request = Chaindesk_V1_CumulativeReportRequest.with {
            $0.year = Int32(clamping: year ?? 0)
            $0.throughMonth = Int32(clamping: month ?? 0)
        }
        return Report(try await self.call(API.Reports.cumulative, request, key: nil), sheets: ReportSheets.cumulative) {
            report,
            out in
            out.line(report.sentence)
            if report.hasClosing {
                out.line(
                    "\(out.labels["closed by"]): \(report.closing.closedBy), "
                        + Formats.time(report.closing.closedAtMs, timeZone: Day.officeTimeZone)
                )
            }
            out.table(
                ["project", "signed", "investment"],
                report.projects.map { [$0.name, $0.signedOn, Formats.money($0.investmentYuan)] }
                    + [[out.labels["total"], "\(report.projects.count)", Formats.money(report.totalYuan)]]
            )
        }
    }

    /// Closes (freezes) a period's cumulative figures: a director's act (docs/reports.md §7).
    public func closePeriod(year: Int?, month: Int?, note: String) async throws -> Report<
        Chaindesk_V1_PeriodFiguresReport
    > {
        let request = Chaindesk_V1_ClosePeriodRequest.with {
            $0.year = Int32(clamping: year ?? 0)
            $0.throughMonth = Int32(clamping: month ?? 0)
            $0.note = note
        }
        return Self.periodReport(try await self.call(API.Reports.closePeriod, request, key: nil))
    }

    /// Reopens a closed period, saying why: a director's audited act.
    public func reopenPeriod(year: Int?, month: Int?, reason: String) async throws
        -> Report<Chaindesk_V1_PeriodFiguresReport>
    {
        let request = Chaindesk_V1_ReopenPeriodRequest.with {
            $0.year = Int32(clamping: year ?? 0)
            $0.throughMonth = Int32(clamping: month ?? 0)
            $0.reason = reason
        }
        return Self.periodReport(try await self.call(API.Reports.reopenPeriod, request, key: nil))
    }

    /// A period's figures as closed and as they are now, and what changed since closing, by whom.
    public func periodFigures(year: Int?, month: Int?) async throws -> Report<Chaindesk_V1_PeriodFiguresReport> {
        let request = Chaindesk_V1_PeriodFiguresRequest.with {
            $0.year = Int32(clamping: year ?? 0)
            $0.throughMonth = Int32(clamping: month ?? 0)
        }
        return Self.periodReport(try await self.call(API.Reports.periodFigures, request, key: nil))
    }

    static func periodReport(_ message: Chaindesk_V1_PeriodFiguresReport) -> Report<Chaindesk_V1_PeriodFiguresReport> {
        Report(message, sheets: ReportSheets.periodFigures) { report, out in
            let labels = out.labels
            guard report.closed else {
                out.line("\(report.year)-\(report.throughMonth): \(labels["open"])")
                out.line(report.currentReport.sentence)
                return
            }
            let closing = report.closedReport.closing
            out.fields([
                ("closed by", closing.closedBy),
                ("closed at", Formats.time(closing.closedAtMs, timeZone: Day.officeTimeZone)),
                ("note", closing.note),
            ])
            out.line(report.closedReport.sentence)
            out.line("")
            guard !report.differences.isEmpty else { return }
            out.table(
                ["project", "kind", "old", "new", "who", "when", "field"],
                report.differences.flatMap { difference in
                    let head = [
                        difference.name, labels[difference.kind], Formats.money(difference.closedInvestmentYuan),
                        Formats.money(difference.currentInvestmentYuan),
                    ]
                    guard !difference.changes.isEmpty else { return [head + ["", "", ""]] }
                    return difference.changes.map {
                        head + [
                            $0.staffID, Formats.time($0.atMs, timeZone: Day.officeTimeZone),
                            "\($0.field): \($0.oldValue) → \($0.newValue)",
                        ]
                    }
                }
            )
            out.line("\(labels["now"]): \(report.currentReport.sentence)")
        }
    }

    /// The pipeline: how many projects reached each stage, the conversion to the next, where they are now.
    public func funnelReport() async throws -> Report<Chaindesk_V1_FunnelReport> {
        Report(try await self.call(API.Reports.funnel, .init(), key: nil), sheets: ReportSheets.funnel) { report, out in
            let labels = out.labels
            out.table(
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

    /// 朋友圈 → 客户圈: enterprises by relationship stage, and the conversion.
    public func relationshipReport() async throws -> Report<Chaindesk_V1_RelationshipReport> {
        Report(try await self.call(API.Reports.relationship, .init(), key: nil), sheets: ReportSheets.relationship) {
            report,
            out in
            let order = ["contactMade", "engaged", "customer", "landed"]
            out.table(["relationship", "count"], order.map { [out.labels[$0], "\(report.byStage[$0] ?? 0)"] })
            out.line("")
            out.fields([("conversion", String(format: "%.1f%%", report.conversion))])
        }
    }

    /// Chain coverage and gaps (建圈强链): which links lack park enterprises or a chain leader.
    public func chainCoverageReport() async throws -> Report<Chaindesk_V1_ChainCoverageReport> {
        let report = try await self.call(API.Reports.chainCoverage, .init(), key: nil)
        let chains = try await self.call(API.IndustryMap.getChainMap, .init(), key: nil).chains
        let names = Dictionary(chains.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return Report(report, sheets: { ReportSheets.chainCoverage($0, chains: names, $1) }) { report, out in
            let labels = out.labels
            out.table(
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

    /// 以商招商: leads, projects and investment credited to each introducer, directly and onward.
    public func referralReport() async throws -> Report<Chaindesk_V1_ReferralReport> {
        Report(try await self.call(API.Reports.referral, .init(), key: nil), sheets: ReportSheets.referral) {
            report,
            out in
            let labels = out.labels
            out.table(
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

    /// Aftercare timeliness for the requests registered in a period.
    public func aftercareReport(_ period: Period) async throws -> Report<Chaindesk_V1_AftercareReport> {
        Report(
            try await self.call(API.Reports.aftercare, try period.request(), key: nil),
            sheets: ReportSheets.aftercare
        ) {
            report,
            out in
            out.fields([
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

    /// Each officer's contacts and stage changes in a period.
    public func activityReport(_ period: Period) async throws -> Report<Chaindesk_V1_OfficerActivityReport> {
        Report(
            try await self.call(API.Reports.officerActivity, try period.request(), key: nil),
            sheets: ReportSheets.officerActivity
        ) { report, out in
            let labels = out.labels
            out.table(
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

    /// Event yield: contacts, leads, signed projects and investment from each event.
    public func eventYieldReport() async throws -> Report<Chaindesk_V1_EventYieldReport> {
        Report(try await self.call(API.Reports.eventYield, .init(), key: nil), sheets: ReportSheets.eventYield) {
            report,
            out in
            out.table(
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
