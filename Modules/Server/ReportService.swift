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
        let today = Day(store.now)
        let year = request.year == 0 ? today.year : Int(request.year)
        let month = request.throughMonth == 0 ? (year == today.year ? today.month : 12) : Int(request.throughMonth)
        guard (2000...2100).contains(year), (1...12).contains(month) else {
            throw RPCError(code: .invalidArgument, message: "the period must be a year 2000–2100 and a month 1–12")
        }
        let report = try await store.cumulativeReport(year: year, throughMonth: month)
        return .with {
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
            $0.thresholdYuan = store.majorProjectThreshold.amount
        }
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
