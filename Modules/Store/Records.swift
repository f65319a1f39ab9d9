public import ChainDeskDomain
public import GRDB

/// A domain value kept in its own table, versioned, audited and published on the change feed.
public protocol StoredRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    /// The entity's name in the change feed and audit trail: `enterprise`, `project`.
    static var entity: String { get }
    /// The record's id as text.
    var recordID: String { get }
    /// Bumped by the store on every change; an update must name the version it was made against.
    var version: Int { get set }
    /// Refuses a plain update that would bypass a rule: stages, statuses and signings change only through their
    /// operations, and append-only records not at all.
    static func checkDirectUpdate(from old: Self, to new: Self) throws(DomainError)
}

extension StoredRecord {
    public static func checkDirectUpdate(from old: Self, to new: Self) throws(DomainError) {}
}

private func appendOnly(_ entity: String) -> DomainError {
    DomainError(
        .illegalTransition,
        "\(entity)只能追加，不能修改；请新增一条更正记录",
        "\(entity) records are append-only; add a correction instead"
    )
}

extension Staff: StoredRecord {
    public static let entity = "staff"
    public static let databaseTableName = "staff"
    public var recordID: String { self.id.rawValue }
}

extension Chain: StoredRecord {
    public static let entity = "chain"
    public static let databaseTableName = "chain"
    public var recordID: String { self.id.rawValue }
}

extension ChainLink: StoredRecord {
    public static let entity = "chainLink"
    public static let databaseTableName = "chainLink"
    public var recordID: String { self.id.rawValue }
}

extension Placement: StoredRecord {
    public static let entity = "placement"
    public static let databaseTableName = "placement"
    public var recordID: String { self.id.rawValue }
}

extension Enterprise: StoredRecord {
    public static let entity = "enterprise"
    public static let databaseTableName = "enterprise"
    public var recordID: String { self.id.rawValue }
}

extension EnterpriseNeed: StoredRecord {
    public static let entity = "enterpriseNeed"
    public static let databaseTableName = "enterpriseNeed"
    public var recordID: String { self.id.rawValue }
}

extension Contact: StoredRecord {
    public static let entity = "contact"
    public static let databaseTableName = "contact"
    public var recordID: String { self.id.rawValue }
}

extension Interaction: StoredRecord {
    public static func checkDirectUpdate(from old: Self, to new: Self) throws(DomainError) { throw appendOnly("联络记录") }
    public static let entity = "interaction"
    public static let databaseTableName = "interaction"
    public var recordID: String { self.id.rawValue }
    /// Interactions are append-only; their version is always 1.
    public var version: Int {
        get { 1 }
        set {}
    }
}

extension LeadBatch: StoredRecord {
    public static let entity = "leadBatch"
    public static let databaseTableName = "leadBatch"
    public var recordID: String { self.id.rawValue }
}

extension LeadCandidate: StoredRecord {
    public static let entity = "leadCandidate"
    public static let databaseTableName = "leadCandidate"
    public var recordID: String { self.id.rawValue }
}

extension Referral: StoredRecord {
    public static let entity = "referral"
    public static let databaseTableName = "referral"
    public var recordID: String { self.id.rawValue }
}

extension Project: StoredRecord {
    public static func checkDirectUpdate(from old: Self, to new: Self) throws(DomainError) {
        let guarded =
            old.stage != new.stage || old.stageOn != new.stageOn || old.status != new.status
            || old.statusReason != new.statusReason || old.signedOn != new.signedOn
            || old.signingVerifiedBy != new.signingVerifiedBy || old.signingVerifiedOn != new.signingVerifiedOn
            || (old.signedOn != nil
                && (old.plannedInvestment != new.plannedInvestment
                    || old.fixedAssetInvestment != new.fixedAssetInvestment))
        if guarded {
            throw DomainError(
                .illegalTransition,
                "阶段、状态、签约核实和签约后的投资额只能通过对应操作修改",
                "stage, status, signing verification and post-signing investment change only through their operations"
            )
        }
    }
    public static let entity = "project"
    public static let databaseTableName = "project"
    public var recordID: String { self.id.rawValue }
}

extension ProjectLogEntry: StoredRecord {
    public static func checkDirectUpdate(from old: Self, to new: Self) throws(DomainError) { throw appendOnly("项目日志") }
    public static let entity = "projectLog"
    public static let databaseTableName = "projectLog"
    public var recordID: String { self.id.rawValue }
    /// Log entries are append-only; their version is always 1.
    public var version: Int {
        get { 1 }
        set {}
    }
}

extension Event: StoredRecord {
    public static let entity = "event"
    public static let databaseTableName = "event"
    public var recordID: String { self.id.rawValue }
}

extension Trip: StoredRecord {
    public static let entity = "trip"
    public static let databaseTableName = "trip"
    public var recordID: String { self.id.rawValue }
}

extension PlannedVisit: StoredRecord {
    public static let entity = "plannedVisit"
    public static let databaseTableName = "plannedVisit"
    public var recordID: String { self.id.rawValue }
}

extension ServiceRequest: StoredRecord {
    public static func checkDirectUpdate(from old: Self, to new: Self) throws(DomainError) {
        var comparable = new
        comparable.title = old.title
        comparable.details = old.details
        comparable.version = old.version
        guard comparable == old else {
            throw DomainError(
                .illegalTransition,
                "诉求只能直接修改标题和描述；办理进度通过分派、回应、办结、回访、关闭操作修改",
                "only a service request's title and details change directly; its progress changes through assign, respond, "
                    + "resolve, call back and close"
            )
        }
    }
    public static let entity = "serviceRequest"
    public static let databaseTableName = "serviceRequest"
    public var recordID: String { self.id.rawValue }
}

extension EditConflict: StoredRecord {
    public static let entity = "editConflict"
    public static let databaseTableName = "editConflict"
    public var recordID: String { self.id.rawValue }
}
