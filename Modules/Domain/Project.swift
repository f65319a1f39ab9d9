public import Foundation

/// An investment project moving through the pipeline 线索 → 接洽 → 考察 → 洽谈 → 签约 → 注册 → 开工 → 投产.
///
/// The stage says how far it has come; the status beside it says whether it is moving. A signing counts
/// (in reports) only once a director has verified it, and a project counts once, at its first verified
/// signing; capital added later raises its amount without making it a new project.
public struct Project: Hashable, Sendable, Codable {
    public enum Stage: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        case lead, contacted, siteVisit, negotiation, signed, registered, construction, production

        public var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

        public var chinese: String {
            ["线索", "接洽", "考察", "洽谈", "签约", "注册", "开工", "投产"][self.rank]
        }
    }

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case active, delayed, dormant, lost, abandoned

        public var chinese: String {
            switch self {
            case .active: "推进中"
            case .delayed: "延期"
            case .dormant: "停滞"
            case .lost: "流失"
            case .abandoned: "终止"
            }
        }
    }

    public var id: ID<Project>
    public var name: String
    public var enterpriseID: ID<Enterprise>
    public var chainID: ID<Chain>?
    public var ownerID: ID<Staff>?
    public var stage: Stage
    public var stageOn: Day
    public var status: Status
    public var statusReason: String?
    /// 计划总投资: the planned total, including capital added later.
    public var plannedInvestment: Yuan
    /// 固定资产投资.
    public var fixedAssetInvestment: Yuan
    public var jobs: Int
    /// Land in 亩, whole.
    public var landMu: Int
    /// The day of the first signing, if it has been signed.
    public var signedOn: Day?
    /// The director who verified the signing; the project counts only once this is set.
    public var signingVerifiedBy: ID<Staff>?
    public var signingVerifiedOn: Day?
    /// The event where it was signed (a fair's batch signing, say).
    public var signedAtEventID: ID<Event>?
    public var version: Int

    public init(
        id: ID<Project>,
        name: String,
        enterpriseID: ID<Enterprise>,
        chainID: ID<Chain>? = nil,
        ownerID: ID<Staff>? = nil,
        stage: Stage = .lead,
        stageOn: Day,
        status: Status = .active,
        statusReason: String? = nil,
        plannedInvestment: Yuan = .zero,
        fixedAssetInvestment: Yuan = .zero,
        jobs: Int = 0,
        landMu: Int = 0,
        signedOn: Day? = nil,
        signingVerifiedBy: ID<Staff>? = nil,
        signingVerifiedOn: Day? = nil,
        signedAtEventID: ID<Event>? = nil,
        version: Int = 0
    ) {
        self.id = id
        self.name = name
        self.enterpriseID = enterpriseID
        self.chainID = chainID
        self.ownerID = ownerID
        self.stage = stage
        self.stageOn = stageOn
        self.status = status
        self.statusReason = statusReason
        self.plannedInvestment = plannedInvestment
        self.fixedAssetInvestment = fixedAssetInvestment
        self.jobs = jobs
        self.landMu = landMu
        self.signedOn = signedOn
        self.signingVerifiedBy = signingVerifiedBy
        self.signingVerifiedOn = signingVerifiedOn
        self.signedAtEventID = signedAtEventID
        self.version = version
    }

    /// Whether the project counts in reports: signed, and the signing verified.
    public var countsAsSigned: Bool { self.signedOn != nil && self.signingVerifiedBy != nil }

    /// Checks the figures a person typed.
    public func validate() throws(DomainError) {
        guard !self.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(.missingField, "项目名称不能为空", "a project needs a name")
        }
        try TextRule.line.check(self.name, "项目名称", "project name")
        if let reason = self.statusReason { try TextRule.text.check(reason, "状态原因", "status reason") }
        _ = try Yuan(checking: self.plannedInvestment.amount, "计划总投资")
        _ = try Yuan(checking: self.fixedAssetInvestment.amount, "固定资产投资")
        guard self.fixedAssetInvestment <= self.plannedInvestment else {
            throw DomainError(
                .invalidValue,
                "固定资产投资（\(self.fixedAssetInvestment)）不能超过计划总投资（\(self.plannedInvestment)）",
                "fixed-asset investment (\(self.fixedAssetInvestment)) exceeds the planned total (\(self.plannedInvestment))"
            )
        }
        guard self.jobs >= 0, self.landMu >= 0 else {
            throw DomainError(.invalidValue, "就业人数和用地不能为负数", "jobs and land cannot be negative")
        }
    }

    /// Whether it is a major project (重大项目) under `threshold`: planned total at or above it.
    public func isMajor(threshold: Yuan) -> Bool { self.plannedInvestment >= threshold }
}

/// One entry of a project's history: a stage change, a status change, a verification or added capital.
public struct ProjectLogEntry: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case stage, status, verification, investment
    }

    public var id: ID<ProjectLogEntry>
    public var projectID: ID<Project>
    public var kind: Kind
    /// The previous stage or status (raw value), for stage and status entries.
    public var from: String?
    /// The new stage or status (raw value), for stage and status entries.
    public var to: String?
    /// The day it happened (not the day it was recorded).
    public var on: Day
    /// Evidence or reason: the contract number, the minutes, why it stalled.
    public var note: String
    /// Capital added, for investment entries.
    public var amount: Yuan?
    public var by: ID<Staff>
    public var recordedAt: Date

    public init(
        id: ID<ProjectLogEntry>,
        projectID: ID<Project>,
        kind: Kind,
        from: String? = nil,
        to: String? = nil,
        on: Day,
        note: String,
        amount: Yuan? = nil,
        by: ID<Staff>,
        recordedAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.from = from
        self.to = to
        self.on = on
        self.note = note
        self.amount = amount
        self.by = by
        self.recordedAt = recordedAt
    }
}
