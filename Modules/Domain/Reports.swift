public import Foundation

/// The office's reports, each computed exactly as docs/reports.md defines it.
public enum Reports {
    // MARK: Cumulative period report

    /// "1–10月，新引进重大项目21个、总投资超240亿元".
    public struct Cumulative: Hashable, Sendable, Codable {
        public var year: Int
        public var throughMonth: Int
        public var projects: [Counted]
        public var total: Yuan
        public var count: Int { self.projects.count }

        public struct Counted: Hashable, Sendable, Codable {
            public var id: ID<Project>
            public var name: String
            public var signedOn: Day
            public var investment: Yuan
        }

        /// The sentence in the government's wording.
        public var sentence: String {
            let period = self.throughMonth == 1 ? "1月" : "1-\(self.throughMonth)月"
            return "\(period)，新引进重大项目\(self.count)个、总投资\(self.total.headline)"
        }
    }

    /// What the cumulative report needs of a project: the fields that decide whether and with what it counts.
    public struct Signing: Hashable, Sendable {
        public var id: ID<Project>
        public var name: String
        public var signedOn: Day?
        public var verified: Bool
        public var plannedInvestment: Yuan

        public init(id: ID<Project>, name: String, signedOn: Day?, verified: Bool, plannedInvestment: Yuan) {
            self.id = id
            self.name = name
            self.signedOn = signedOn
            self.verified = verified
            self.plannedInvestment = plannedInvestment
        }

        public init(_ project: Project) {
            self.init(
                id: project.id,
                name: project.name,
                signedOn: project.signedOn,
                verified: project.countsAsSigned,
                plannedInvestment: project.plannedInvestment
            )
        }
    }

    /// Verified major projects whose first signing falls between 1 January and the end of `throughMonth`.
    ///
    /// A project's investment is its planned total as of the period's last day (capital added later is taken
    /// off); it is major when that amount reaches `threshold`.
    public static func cumulative(
        year: Int,
        throughMonth: Int,
        projects: [Project],
        investmentLog: [ProjectLogEntry],
        threshold: Yuan
    ) throws(DomainError) -> Cumulative {
        try Self.cumulative(
            year: year,
            throughMonth: throughMonth,
            signings: projects.map(Signing.init),
            investmentLog: investmentLog.filter { $0.kind == .investment }.map { ($0.projectID, $0.on, $0.amount) },
            threshold: threshold
        )
    }

    /// As above, from the signings and the capital added (project, day, amount).
    public static func cumulative(
        year: Int,
        throughMonth: Int,
        signings: [Signing],
        investmentLog: [(project: ID<Project>, on: Day, amount: Yuan?)],
        threshold: Yuan
    ) throws(DomainError) -> Cumulative {
        guard (1...12).contains(throughMonth) else {
            throw DomainError(.invalidValue, "月份应为1–12", "the month must be 1–12")
        }
        let first = try Day(year: year, month: 1, day: 1)
        let last = try Day(year: year, month: throughMonth, day: 1).endOfMonth
        var laterCapital: [ID<Project>: Yuan] = [:]
        for entry in investmentLog where entry.on > last {
            laterCapital[entry.project] = try Yuan.total([laterCapital[entry.project] ?? .zero, entry.amount ?? .zero])
        }
        var counted: [Cumulative.Counted] = []
        for project in signings {
            guard project.verified, let signedOn = project.signedOn, signedOn >= first, signedOn <= last else {
                continue
            }
            let amount = try project.plannedInvestment.subtracting(laterCapital[project.id] ?? .zero)
            guard amount >= threshold else { continue }
            counted.append(.init(id: project.id, name: project.name, signedOn: signedOn, investment: amount))
        }
        counted.sort { ($0.signedOn, $0.id) < ($1.signedOn, $1.id) }
        return Cumulative(
            year: year,
            throughMonth: throughMonth,
            projects: counted,
            total: try Yuan.total(counted.map(\.investment))
        )
    }

    // MARK: Funnel

    public struct Funnel: Hashable, Sendable {
        /// Projects that reached each stage (stages only move forward, so current stage ≥ s means it reached s).
        public var reached: [Project.Stage: Int]
        /// Projects at each stage now, by status.
        public var current: [Project.Stage: [Project.Status: Int]]

        /// reached(next) / reached(stage), in percent with one decimal, or nil when none reached the stage.
        public func conversion(from stage: Project.Stage) -> Double? {
            guard let next = Project.Stage.allCases.first(where: { $0 > stage }), let base = self.reached[stage],
                base > 0
            else { return nil }
            return (Double(self.reached[next] ?? 0) * 1000 / Double(base)).rounded() / 10
        }
    }

    public static func funnel(projects: [Project]) -> Funnel {
        Self.funnel(counts: projects.map { ($0.stage, $0.status, 1) })
    }

    /// As above, from counts of projects by current stage and status.
    public static func funnel(counts: [(stage: Project.Stage, status: Project.Status, projects: Int)]) -> Funnel {
        var reached: [Project.Stage: Int] = [:]
        var current: [Project.Stage: [Project.Status: Int]] = [:]
        for count in counts where count.projects > 0 {
            for stage in Project.Stage.allCases where stage <= count.stage {
                reached[stage, default: 0] += count.projects
            }
            current[count.stage, default: [:]][count.status, default: 0] += count.projects
        }
        return Funnel(reached: reached, current: current)
    }

    // MARK: 朋友圈 → 客户圈

    public struct Relationships: Hashable, Sendable {
        public var byStage: [Enterprise.Relationship: Int]
        /// (customer + landed) / all, in percent with one decimal.
        public var conversion: Double
    }

    /// Target and park enterprises by relationship stage (chambers and intermediaries are not customers).
    public static func relationships(enterprises: [Enterprise]) -> Relationships {
        Self.relationships(counts: enterprises.map { ($0.kind, $0.relationship, 1) })
    }

    /// As above, from counts of enterprises by kind and relationship stage.
    public static func relationships(
        counts: [(kind: Enterprise.Kind, relationship: Enterprise.Relationship, enterprises: Int)]
    ) -> Relationships {
        var byStage: [Enterprise.Relationship: Int] = [:]
        for count in counts where count.enterprises > 0 && (count.kind == .target || count.kind == .park) {
            byStage[count.relationship, default: 0] += count.enterprises
        }
        let all = byStage.values.reduce(0, +)
        let converted = (byStage[.customer] ?? 0) + (byStage[.landed] ?? 0)
        return Relationships(
            byStage: byStage,
            conversion: all == 0 ? 0 : (Double(converted) * 1000 / Double(all)).rounded() / 10
        )
    }

    // MARK: Chain coverage

    public struct LinkCoverage: Hashable, Sendable {
        public var link: ChainLink
        /// Park enterprises placed on the link (chain leader or member).
        public var parkEnterprises: Int
        public var hasChainLeader: Bool
        /// Target enterprises placed on the link: the leads that would fill or strengthen it.
        public var targets: [ID<Enterprise>]
        /// The gap as recorded, or `missing` when nothing in the park is placed on a link recorded as covered.
        public var effectiveGap: ChainLink.Gap
    }

    public static func chainCoverage(
        links: [ChainLink],
        placements: [Placement],
        enterprises: [ID<Enterprise>: Enterprise]
    ) -> [LinkCoverage] {
        let byLink = Dictionary(grouping: placements, by: \.linkID)
        return links.sorted(by: ChainLink.inLinkOrder).map { link in
            let placed = byLink[link.id] ?? []
            let park = placed.filter { $0.role != .target && enterprises[$0.enterpriseID]?.kind == .park }
            let targets = placed.filter { $0.role == .target }.map(\.enterpriseID).sorted()
            let gap: ChainLink.Gap = link.gap == .covered && park.isEmpty ? .missing : link.gap
            return LinkCoverage(
                link: link,
                parkEnterprises: park.count,
                hasChainLeader: placed.contains { $0.role == .chainLeader },
                targets: targets,
                effectiveGap: gap
            )
        }
    }

    // MARK: Referral credit (以商招商)

    public struct Credit: Hashable, Sendable {
        public var introducerKind: Referral.IntroducerKind
        public var introducerID: String
        /// Enterprises introduced directly.
        public var leads: Int
        /// Verified signed projects of those enterprises.
        public var projects: Int
        public var investment: Yuan
        /// The same, including what the introduced enterprises (a chamber, say) introduced in turn.
        public var transitiveLeads: Int
        public var transitiveProjects: Int
        public var transitiveInvestment: Yuan
    }

    public static func referralCredit(referrals: [Referral], projects: [Project]) throws(DomainError) -> [Credit] {
        let signed = Dictionary(grouping: projects.filter(\.countsAsSigned), by: \.enterpriseID)
        let introducedBy = Dictionary(grouping: referrals, by: { "\($0.introducerKind.rawValue):\($0.introducerID)" })
        func enterpriseKey(_ id: ID<Enterprise>) -> [String] { ["enterprise:\(id)", "chamber:\(id)"] }
        func reach(_ key: String) -> Set<ID<Enterprise>> {
            var seen: Set<ID<Enterprise>> = []
            var queue = (introducedBy[key] ?? []).map(\.introducedID)
            while let next = queue.popLast() {
                guard seen.insert(next).inserted else { continue }
                queue += enterpriseKey(next).flatMap { introducedBy[$0] ?? [] }.map(\.introducedID)
            }
            return seen
        }
        func tally(_ ids: Set<ID<Enterprise>>) throws(DomainError) -> (Int, Yuan) {
            let list = ids.flatMap { signed[$0] ?? [] }
            return (list.count, try Yuan.total(list.map(\.plannedInvestment)))
        }
        var credits: [Credit] = []
        for key in introducedBy.keys.sorted() {
            let first = introducedBy[key]![0]
            let direct = Set(introducedBy[key]!.map(\.introducedID))
            let all = reach(key)
            let (projectCount, amount) = try tally(direct)
            let (allProjects, allAmount) = try tally(all)
            credits.append(
                Credit(
                    introducerKind: first.introducerKind,
                    introducerID: first.introducerID,
                    leads: direct.count,
                    projects: projectCount,
                    investment: amount,
                    transitiveLeads: all.count,
                    transitiveProjects: allProjects,
                    transitiveInvestment: allAmount
                )
            )
        }
        return credits
    }

    // MARK: Aftercare timeliness

    public struct Aftercare: Hashable, Sendable {
        public var registered: Int
        /// Responded by the deadline, as a share of those registered.
        public var respondedOnTimePercent: Double
        public var closedPercent: Double
        public var averageSatisfaction: Double?
        /// Open requests past a deadline now, most late first.
        public var overdue: [ID<ServiceRequest>]
    }

    /// Requests registered between `from` and `through` (inclusive days), as of `now`.
    public static func aftercare(requests: [ServiceRequest], from: Day, through: Day, now: Date) -> Aftercare {
        let inPeriod = requests.filter { (from...through).contains(Day($0.registeredAt)) }
        let onTime = inPeriod.filter { request in request.respondedAt.map { $0 <= request.respondBy } ?? false }.count
        let closed = inPeriod.filter { $0.status == .closed }.count
        let scores = inPeriod.compactMap(\.satisfaction)
        func percent(_ part: Int) -> Double {
            inPeriod.isEmpty ? 0 : (Double(part) * 1000 / Double(inPeriod.count)).rounded() / 10
        }
        let overdue = requests.filter {
            $0.status != .closed && ($0.responseOverdue(now: now) || $0.resolutionOverdue(now: now))
        }.sorted {
            ($0.respondedAt == nil ? $0.respondBy : $0.resolveBy, $0.id) < (
                $1.respondedAt == nil ? $1.respondBy : $1.resolveBy, $1.id
            )
        }
        return Aftercare(
            registered: inPeriod.count,
            respondedOnTimePercent: percent(onTime),
            closedPercent: percent(closed),
            averageSatisfaction: scores.isEmpty
                ? nil : (Double(scores.reduce(0, +)) * 100 / Double(scores.count)).rounded() / 100,
            overdue: overdue.map(\.id)
        )
    }

    // MARK: Officer activity

    public struct Activity: Hashable, Sendable {
        public var staffID: ID<Staff>
        public var interactions: [Interaction.Kind: Int]
        public var enterprisesTouched: Int
        /// Next steps overdue at the end of the period (today while it runs) that nothing had followed by then.
        public var overdueNextSteps: Int
        /// Stage changes the person recorded in the period.
        public var stageChanges: Int
    }

    public static func officerActivity(
        staff: [Staff],
        interactions: [Interaction],
        projectLog: [ProjectLogEntry],
        from: Day,
        through: Day,
        today: Day
    ) -> [Activity] {
        let interactions = Interaction.standing(interactions)
        let inPeriod = interactions.filter { (from...through).contains(Day($0.occurredAt)) }
        // Overdue next steps as of the period's last day, or today while the period runs: what was logged after a
        // closed period cannot change its figure.
        let closed = through < today
        let asOf = closed ? through : today
        let dueBefore = closed ? through.adding(days: 1) : today
        let seen = interactions.filter { Day($0.occurredAt) <= asOf }
        let latest = Dictionary(grouping: seen, by: \.enterpriseID).mapValues { $0.map(\.occurredAt).max()! }
        return staff.sorted { $0.id < $1.id }.map { person in
            let mine = inPeriod.filter { $0.staffID == person.id }
            let overdue = seen.filter { interaction in
                guard interaction.staffID == person.id, let due = interaction.nextStepDue, due < dueBefore else {
                    return false
                }
                return latest[interaction.enterpriseID] == interaction.occurredAt
            }
            return Activity(
                staffID: person.id,
                interactions: Dictionary(grouping: mine, by: \.kind).mapValues(\.count),
                enterprisesTouched: Set(mine.map(\.enterpriseID)).count,
                overdueNextSteps: overdue.count,
                stageChanges: projectLog.filter {
                    $0.by == person.id && $0.kind == .stage && (from...through).contains($0.on)
                }.count
            )
        }
    }

    // MARK: Event yield

    public struct Yield: Hashable, Sendable {
        public var eventID: ID<Event>
        public var interactions: Int
        public var enterprisesMet: Int
        /// Enterprises introduced by the event (referrals with the event as introducer).
        public var leads: Int
        /// Verified projects signed at the event, and their planned investment.
        public var projectsSigned: Int
        public var investment: Yuan
    }

    public static func eventYield(
        events: [Event],
        interactions: [Interaction],
        referrals: [Referral],
        projects: [Project]
    ) throws(DomainError) -> [Yield] {
        let interactions = Interaction.standing(interactions)
        var yields: [Yield] = []
        for event in events.sorted(by: { ($0.startsOn, $0.id) < ($1.startsOn, $1.id) }) {
            let met = interactions.filter { $0.eventID == event.id }
            let signed = projects.filter { $0.signedAtEventID == event.id && $0.countsAsSigned }
            yields.append(
                Yield(
                    eventID: event.id,
                    interactions: met.count,
                    enterprisesMet: Set(met.map(\.enterpriseID)).count,
                    leads: referrals.filter { $0.introducerKind == .event && $0.introducerID == event.id.rawValue }
                        .count,
                    projectsSigned: signed.count,
                    investment: try Yuan.total(signed.map(\.plannedInvestment))
                )
            )
        }
        return yields
    }
}
