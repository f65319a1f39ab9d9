public import ChainDeskDomain
public import ChainDeskProto
internal import Foundation

/// Each of the office's reports (docs/reports.md) as sheets, from the message the Reports service returns: what
/// `chaindesk report … --format csv|xlsx` writes and what the web pages export, so the two cannot differ. Column
/// headings are in the labels' language; figures are the message's own.
public enum ReportSheets {
    /// 新引进重大项目: the major projects of the period, with their total.
    public static func cumulative(_ report: Chaindesk_V1_CumulativeReport, _ labels: Labels) -> [Sheet] {
        let period =
            labels.language == .zh
            ? "\(report.year)年1-\(report.throughMonth)月" : "\(report.year) 1-\(report.throughMonth)"
        return [
            Sheet(
                name: "\(labels["major"]) \(period)",
                columns: ["id", "project", "signed", "investment"].map { labels[$0] },
                rows: report.projects.map {
                    [.text($0.id), .text($0.name), .text($0.signedOn), .yuan($0.investmentYuan)]
                },
                totals: [
                    .text(labels["total"]), .empty, .integer(Int64(report.projects.count)), .yuan(report.totalYuan),
                ]
            )
        ]
    }

    /// A period's figures as closed and as they are now, and the attributed difference: three sheets.
    public static func periodFigures(_ report: Chaindesk_V1_PeriodFiguresReport, _ labels: Labels) -> [Sheet] {
        let zh = labels.language == .zh
        var closed = report.closed ? Self.cumulative(report.closedReport, labels) : []
        var current = Self.cumulative(report.currentReport, labels)
        closed.indices.forEach { closed[$0].name = (zh ? "关账数 " : "closed ") + closed[$0].name }
        current.indices.forEach { current[$0].name = (zh ? "当前数 " : "now ") + current[$0].name }
        let differences = Sheet(
            name: zh ? "关账后变动" : "changed since closing",
            columns: zh
                ? ["编号", "项目", "变动", "关账投资额", "当前投资额", "关账签约日期", "当前签约日期", "经办", "时间", "字段", "原值", "新值"]
                : [
                    "id", "project", "difference", "closed investment", "current investment", "closed signed",
                    "current signed", "who", "when", "field", "old", "new",
                ],
            rows: report.differences.flatMap { difference -> [[Sheet.Cell]] in
                let head: [Sheet.Cell] = [
                    .text(difference.projectID), .text(difference.name), .text(labels[difference.kind]),
                    .yuan(difference.closedInvestmentYuan), .yuan(difference.currentInvestmentYuan),
                    .text(difference.closedSignedOn), .text(difference.currentSignedOn),
                ]
                guard !difference.changes.isEmpty else { return [head + [.empty, .empty, .empty, .empty, .empty]] }
                return difference.changes.map { change in
                    head + [
                        .text(change.staffID), .text(Self.officeTime(change.atMs)), .text(change.field),
                        .text(change.oldValue), .text(change.newValue),
                    ]
                }
            },
            totals: [
                .text(labels["total"]), .empty, .integer(Int64(report.countDifference)), .empty,
                .yuan(report.totalDifferenceYuan),
            ]
        )
        return closed + current + [differences]
    }

    /// A time as the office reads it: `2026-11-20 14:30` in Asia/Shanghai.
    public static func officeTime(_ milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = Day.officeTimeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// The funnel: projects that reached each stage, the conversion to the next, where they are now by status.
    public static func funnel(_ report: Chaindesk_V1_FunnelReport, _ labels: Labels) -> [Sheet] {
        let statuses = Project.Status.allCases.map(\.rawValue)
        return [
            Sheet(
                name: labels["stage"],
                columns: [labels["stage"], labels["reached"], labels["conversion"]]
                    + statuses.map { labels.value("status", $0) },
                rows: report.stages.map { stage in
                    [
                        .text(labels.value("stage", stage.stage)), .integer(Int64(stage.reached)),
                        stage.hasConversionPercent ? .percent(stage.conversionPercent) : .empty,
                    ] + statuses.map { .integer(Int64(stage.current[$0] ?? 0)) }
                }
            )
        ]
    }

    /// 朋友圈 → 客户圈: enterprises by relationship stage, and the conversion.
    public static func relationship(_ report: Chaindesk_V1_RelationshipReport, _ labels: Labels) -> [Sheet] {
        let stages = Enterprise.Relationship.allCases.map(\.rawValue)
        return [
            Sheet(
                name: labels["relationship"],
                columns: [labels["relationship"], labels["count"]],
                rows: stages.map { [.text(labels[$0]), .integer(Int64(report.byStage[$0] ?? 0))] },
                totals: [.text(labels["conversion"]), .percent(report.conversion)]
            )
        ]
    }

    /// Chain coverage and gaps; `chains` names each chain by id.
    public static func chainCoverage(
        _ report: Chaindesk_V1_ChainCoverageReport,
        chains: [String: String],
        _ labels: Labels
    ) -> [Sheet] {
        [
            Sheet(
                name: labels["chain"],
                columns: ["chain", "link", "position", "park enterprises", "chainLeader", "targets", "gap"]
                    .map { labels[$0] },
                rows: report.links.map {
                    [
                        .text(chains[$0.link.chainID] ?? $0.link.chainID), .text($0.link.name),
                        .text(labels[$0.link.position]), .integer(Int64($0.parkEnterprises)),
                        .text($0.hasChainLeader_p ? labels["yes"] : labels["no"]), .integer(Int64($0.targets.count)),
                        .text(labels[$0.effectiveGap]),
                    ]
                }
            )
        ]
    }

    /// 以商招商: each introducer's credit, directly and onward.
    public static func referral(_ report: Chaindesk_V1_ReferralReport, _ labels: Labels) -> [Sheet] {
        let onward = labels.language == .zh ? "间接" : "onward"
        return [
            Sheet(
                name: labels["referral"],
                columns: [
                    labels["introducer"], labels["kind"], labels["leads"], labels["projects"], labels["investment"],
                    "\(onward) \(labels["leads"])", "\(onward) \(labels["projects"])",
                    "\(onward) \(labels["investment"])",
                ],
                rows: report.credits.map {
                    [
                        .text($0.introducerName), .text(labels[$0.introducerKind]), .integer(Int64($0.leads)),
                        .integer(Int64($0.projects)), .yuan($0.investmentYuan), .integer(Int64($0.transitiveLeads)),
                        .integer(Int64($0.transitiveProjects)), .yuan($0.transitiveInvestmentYuan),
                    ]
                }
            )
        ]
    }

    /// Aftercare timeliness for a period, and the overdue requests.
    public static func aftercare(_ report: Chaindesk_V1_AftercareReport, _ labels: Labels) -> [Sheet] {
        [
            Sheet(
                name: labels["aftercare"],
                columns: [
                    labels["registered"], labels["responded on time"], labels["closed"], labels["satisfaction"],
                    labels["overdue"],
                ],
                rows: [
                    [
                        .integer(Int64(report.registered)), .percent(report.respondedOnTimePercent),
                        .percent(report.closedPercent),
                        report.averageSatisfaction == 0
                            ? .empty : .text(String(format: "%.2f", report.averageSatisfaction)),
                        .integer(Int64(report.overdue.count)),
                    ]
                ]
            ),
            Sheet(name: labels["overdue"], columns: [labels["id"]], rows: report.overdue.map { [.text($0)] }),
        ]
    }

    /// Each officer's contacts by kind, enterprises touched, stage changes and overdue next steps.
    public static func officerActivity(_ report: Chaindesk_V1_OfficerActivityReport, _ labels: Labels) -> [Sheet] {
        let kinds = Interaction.Kind.allCases.map(\.rawValue)
        return [
            Sheet(
                name: labels["staff"],
                columns: [labels["name"]] + kinds.map { labels[$0] }
                    + [labels["enterprises touched"], labels["stage changes"], labels["overdue next steps"]],
                rows: report.officers.map { officer in
                    [.text(officer.name)] + kinds.map { .integer(Int64(officer.interactions[$0] ?? 0)) } + [
                        .integer(Int64(officer.enterprisesTouched)), .integer(Int64(officer.stageChanges)),
                        .integer(Int64(officer.overdueNextSteps)),
                    ]
                }
            )
        ]
    }

    /// Each event's contacts, enterprises met, leads, signed projects and investment.
    public static func eventYield(_ report: Chaindesk_V1_EventYieldReport, _ labels: Labels) -> [Sheet] {
        [
            Sheet(
                name: labels["event"],
                columns: ["event", "interactions", "enterprises met", "leads", "projects", "investment"]
                    .map { labels[$0] },
                rows: report.events.map {
                    [
                        .text($0.name), .integer(Int64($0.interactions)), .integer(Int64($0.enterprisesMet)),
                        .integer(Int64($0.leads)), .integer(Int64($0.projectsSigned)), .yuan($0.investmentYuan),
                    ]
                },
                totals: [
                    .text(labels["total"]), .integer(Int64(report.events.reduce(0) { $0 + Int($1.interactions) })),
                    .integer(Int64(report.events.reduce(0) { $0 + Int($1.enterprisesMet) })),
                    .integer(Int64(report.events.reduce(0) { $0 + Int($1.leads) })),
                    .integer(Int64(report.events.reduce(0) { $0 + Int($1.projectsSigned) })),
                    .yuan(report.events.reduce(0) { $0 &+ $1.investmentYuan }),
                ]
            )
        ]
    }
}
