internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// Reports (Protocol/chaindesk/v1/reports.proto; docs/reports.md), readable by every signed-in role.
struct ReportService: API.Reports.Service {
    let store: Store
    let gate: Gate

    func cumulative(_ request: Chaindesk_V1_CumulativeReportRequest, caller: Caller) async throws
        -> Chaindesk_V1_CumulativeReport
    {
        let (year, month) = try Self.period(year: request.year, month: request.throughMonth, today: Day(store.now))
        if let period = try await store.closedPeriod(year: year, throughMonth: month), period.closed {
            return Self.message(period.figures, threshold: period.threshold, closing: period)
        }
        return Self.message(
            try await store.cumulativeReport(year: year, throughMonth: month),
            threshold: store.majorProjectThreshold,
            closing: nil
        )
    }

    /// A cumulative report as the wire carries it; with its closing when it is a closed period's frozen figures.
    static func message(_ report: Reports.Cumulative, threshold: Yuan, closing: ClosedPeriod?)
        -> Chaindesk_V1_CumulativeReport
    {
        .with {
            $0.year = Int32(report.year)
            $0.throughMonth = Int32(report.throughMonth)
            $0.projects = report.projects.map { counted in
                .with {
                    $0.id = counted.id.rawValue
                    $0.name = counted.name
                    $0.signedOn = counted.signedOn.description
                    $0.investmentYuan = counted.investment.amount
                }
            }
            $0.totalYuan = report.total.amount
            $0.sentence = report.sentence
            $0.thresholdYuan = threshold.amount
            if let closing {
                $0.closing = .with {
                    $0.closedBy = closing.closedBy.rawValue
                    $0.closedAtMs = Int64((closing.closedAt.timeIntervalSince1970 * 1000).rounded())
                    $0.note = closing.note
                }
            }
        }
    }

    func closePeriod(_ request: Chaindesk_V1_ClosePeriodRequest, caller: Caller) async throws
        -> Chaindesk_V1_PeriodFiguresReport
    {
        // Closing is a deliberate act on a named period: no default year or month.
        guard request.year != 0, request.throughMonth != 0 else {
            throw RPCError(code: .invalidArgument, message: "name the period to close: its year and its last month")
        }
        let (year, month) = try Self.period(year: request.year, month: request.throughMonth, today: Day(store.now))
        _ = try await store.closePeriod(year: year, throughMonth: month, note: request.note, by: caller.actor)
        return try await self.figures(year: year, month: month)
    }

    func reopenPeriod(_ request: Chaindesk_V1_ReopenPeriodRequest, caller: Caller) async throws
        -> Chaindesk_V1_PeriodFiguresReport
    {
        let (year, month) = try Self.period(year: request.year, month: request.throughMonth, today: Day(store.now))
        _ = try await store.reopenPeriod(year: year, throughMonth: month, reason: request.reason, by: caller.actor)
        return try await self.figures(year: year, month: month)
    }

    func periodFigures(_ request: Chaindesk_V1_PeriodFiguresRequest, caller: Caller) async throws
        -> Chaindesk_V1_PeriodFiguresReport
    {
        let (year, month) = try Self.period(year: request.year, month: request.throughMonth, today: Day(store.now))
        return try await self.figures(year: year, month: month)
    }

    /// A period's figures as closed and as they are now, and each project that differs with the changes since.
    func figures(year: Int, month: Int) async throws -> Chaindesk_V1_PeriodFiguresReport {
        let current = try await store.cumulativeReport(year: year, throughMonth: month)
        let period = try await store.closedPeriod(year: year, throughMonth: month)
        var report = Chaindesk_V1_PeriodFiguresReport()
        report.year = Int32(year)
        report.throughMonth = Int32(month)
        report.currentReport = Self.message(current, threshold: store.majorProjectThreshold, closing: nil)
        guard let period, period.closed else { return report }
        report.closed = true
        report.closedReport = Self.message(period.figures, threshold: period.threshold, closing: period)
        report.countDifference = Int32(current.count - period.figures.count)
        report.totalDifferenceYuan = current.total.amount &- period.figures.total.amount
        for difference in Reports.differences(closed: period.figures, current: current) {
            let changes = try await store.changes(toProject: difference.projectID, after: period.closedAtRevision)
                .filter { Self.countingFields.contains($0.field) && !($0.old == nil && $0.new == "null") }
            report.differences.append(
                .with {
                    $0.projectID = difference.projectID.rawValue
                    $0.name = difference.name
                    $0.kind = difference.kind.rawValue
                    $0.closedInvestmentYuan = difference.closed?.investment.amount ?? 0
                    $0.currentInvestmentYuan = difference.current?.investment.amount ?? 0
                    $0.closedSignedOn = difference.closed?.signedOn.description ?? ""
                    $0.currentSignedOn = difference.current?.signedOn.description ?? ""
                    $0.changes = changes.map { entry in
                        .with {
                            $0.staffID = entry.staffID
                            $0.device = entry.device
                            $0.atMs = Int64((entry.at.timeIntervalSince1970 * 1000).rounded())
                            $0.field = entry.field
                            $0.oldValue = entry.old ?? ""
                            $0.newValue = entry.new ?? ""
                        }
                    }
                }
            )
        }
        return report
    }

    /// The project fields that decide whether and with what amount it counts in a period's figures: the changes
    /// to them are what a closed period's difference is attributed to.
    static let countingFields: Set<String> = ["signedOn", "signingVerifiedBy", "plannedInvestment"]

    /// A cumulative period: January through `month` of `year`; the node's current year and month when 0.
    static func period(year: Int32, month: Int32, today: Day) throws -> (Int, Int) {
        let year = year == 0 ? today.year : Int(year)
        let month = month == 0 ? (year == today.year ? today.month : 12) : Int(month)
        guard (2000...2100).contains(year), (1...12).contains(month) else {
            throw RPCError(code: .invalidArgument, message: "the period must be a year 2000–2100 and a month 1–12")
        }
        return (year, month)
    }

    func funnel(_ request: Chaindesk_V1_FunnelReportRequest, caller: Caller) async throws -> Chaindesk_V1_FunnelReport {
        let funnel = try await store.funnelReport()
        return .with {
            $0.stages = Project.Stage.allCases.map { stage in
                .with {
                    $0.stage = stage.rawValue
                    $0.reached = Int32(funnel.reached[stage] ?? 0)
                    $0.current = (funnel.current[stage] ?? [:]).reduce(into: [:]) {
                        $0[$1.key.rawValue] = Int32($1.value)
                    }
                    if let conversion = funnel.conversion(from: stage) { $0.conversionPercent = conversion }
                }
            }
        }
    }

    func relationship(_ request: Chaindesk_V1_RelationshipReportRequest, caller: Caller) async throws
        -> Chaindesk_V1_RelationshipReport
    {
        let report = try await store.relationshipReport()
        return .with {
            $0.byStage = report.byStage.reduce(into: [:]) { $0[$1.key.rawValue] = Int32($1.value) }
            $0.conversion = report.conversion
        }
    }

    func chainCoverage(_ request: Chaindesk_V1_ChainCoverageReportRequest, caller: Caller) async throws
        -> Chaindesk_V1_ChainCoverageReport
    {
        let links = try await store.chainCoverageReport()
        return .with {
            $0.links = links.map { coverage in
                .with {
                    $0.link = .with {
                        $0.id = coverage.link.id.rawValue
                        $0.chainID = coverage.link.chainID.rawValue
                        $0.name = coverage.link.name
                        $0.position = coverage.link.position.rawValue
                        $0.gap = coverage.link.gap.rawValue
                    }
                    $0.parkEnterprises = Int32(coverage.parkEnterprises)
                    $0.hasChainLeader_p = coverage.hasChainLeader
                    $0.targets = coverage.targets.map(\.rawValue)
                    $0.effectiveGap = coverage.effectiveGap.rawValue
                }
            }
        }
    }

    func referral(_ request: Chaindesk_V1_ReferralReportRequest, caller: Caller) async throws
        -> Chaindesk_V1_ReferralReport
    {
        let credits = try await store.referralReport()
        var names: [String: String] = [:]
        for credit in credits {
            names[credit.introducerID] = try await Self.name(of: credit.introducerKind, credit.introducerID, store)
        }
        return .with {
            $0.credits = credits.map { credit in
                .with {
                    $0.introducerKind = credit.introducerKind.rawValue
                    $0.introducerID = credit.introducerID
                    $0.introducerName = names[credit.introducerID] ?? credit.introducerID
                    $0.leads = Int32(credit.leads)
                    $0.projects = Int32(credit.projects)
                    $0.investmentYuan = credit.investment.amount
                    $0.transitiveLeads = Int32(credit.transitiveLeads)
                    $0.transitiveProjects = Int32(credit.transitiveProjects)
                    $0.transitiveInvestmentYuan = credit.transitiveInvestment.amount
                }
            }
        }
    }

    func aftercare(_ request: Chaindesk_V1_PeriodRequest, caller: Caller) async throws -> Chaindesk_V1_AftercareReport {
        let (from, through) = try Self.period(request, today: Day(store.now))
        let report = try await store.aftercareReport(from: from, through: through)
        return .with {
            $0.registered = Int32(report.registered)
            $0.respondedOnTimePercent = report.respondedOnTimePercent
            $0.closedPercent = report.closedPercent
            $0.averageSatisfaction = report.averageSatisfaction ?? 0
            $0.overdue = report.overdue.map(\.rawValue)
        }
    }

    func officerActivity(_ request: Chaindesk_V1_PeriodRequest, caller: Caller) async throws
        -> Chaindesk_V1_OfficerActivityReport
    {
        let (from, through) = try Self.period(request, today: Day(store.now))
        let activities = try await store.officerActivityReport(from: from, through: through)
        let staff = Dictionary(uniqueKeysWithValues: try await store.fetchAll(Staff.self).map { ($0.id, $0.name) })
        return .with {
            $0.officers = activities.map { activity in
                .with {
                    $0.staffID = activity.staffID.rawValue
                    $0.name = staff[activity.staffID] ?? activity.staffID.rawValue
                    $0.interactions = activity.interactions.reduce(into: [:]) {
                        $0[$1.key.rawValue] = Int32($1.value)
                    }
                    $0.enterprisesTouched = Int32(activity.enterprisesTouched)
                    $0.overdueNextSteps = Int32(activity.overdueNextSteps)
                    $0.stageChanges = Int32(activity.stageChanges)
                }
            }
        }
    }

    func eventYield(_ request: Chaindesk_V1_EventYieldReportRequest, caller: Caller) async throws
        -> Chaindesk_V1_EventYieldReport
    {
        let yields = try await store.eventYieldReport()
        let events = Dictionary(uniqueKeysWithValues: try await store.fetchAll(Event.self).map { ($0.id, $0.name) })
        return .with {
            $0.events = yields.map { yield in
                .with {
                    $0.eventID = yield.eventID.rawValue
                    $0.name = events[yield.eventID] ?? yield.eventID.rawValue
                    $0.interactions = Int32(yield.interactions)
                    $0.enterprisesMet = Int32(yield.enterprisesMet)
                    $0.leads = Int32(yield.leads)
                    $0.projectsSigned = Int32(yield.projectsSigned)
                    $0.investmentYuan = yield.investment.amount
                }
            }
        }
    }

    /// A report period; the current month to date when empty.
    static func period(_ request: Chaindesk_V1_PeriodRequest, today: Day) throws -> (Day, Day) {
        let through = try Fields.day(request.through, "through", default: today)
        let from = try Fields.day(
            request.from,
            "from",
            default: try Day(year: through.year, month: through.month, day: 1)
        )
        guard from <= through else { throw RPCError(code: .invalidArgument, message: "from is after through") }
        return (from, through)
    }

    /// The name an introducer is shown by: an enterprise's legal name, a contact's, staff member's or event's name.
    static func name(of kind: Referral.IntroducerKind, _ id: String, _ store: Store) async throws -> String? {
        switch kind {
        case .enterprise, .chamber: return try await store.fetch(Enterprise.self, id: id)?.legalName
        case .contact: return try await store.fetch(Contact.self, id: id)?.name
        case .staff: return try await store.fetch(Staff.self, id: id)?.name
        case .event: return try await store.fetch(Event.self, id: id)?.name
        }
    }
}
