internal import Foundation

/// A batch of leads received together — a chamber's member list, a fair's attendee list — and screened (研判).
public struct LeadBatch: Hashable, Sendable, Codable {
    public enum Source: String, Hashable, Sendable, Codable, CaseIterable {
        case chamber, referral, event, list
    }

    /// A weighted criterion the candidates are scored on (0–5 each).
    public struct Criterion: Hashable, Sendable, Codable {
        public var name: String
        public var weight: Int

        public init(name: String, weight: Int) {
            self.name = name
            self.weight = weight
        }
    }

    public var id: ID<LeadBatch>
    public var name: String
    public var source: Source
    /// The chamber, enterprise or event the batch came from.
    public var sourceEnterpriseID: ID<Enterprise>?
    public var sourceEventID: ID<Event>?
    /// The person to tell the outcome to (the referrer).
    public var referrerContactID: ID<Contact>?
    public var receivedOn: Day
    public var criteria: [Criterion]
    public var respondedOn: Day?
    public var screenedOn: Day?
    public var referrerNotifiedOn: Day?
    public var version: Int

    public init(
        id: ID<LeadBatch>,
        name: String,
        source: Source,
        sourceEnterpriseID: ID<Enterprise>? = nil,
        sourceEventID: ID<Event>? = nil,
        referrerContactID: ID<Contact>? = nil,
        receivedOn: Day,
        criteria: [Criterion],
        respondedOn: Day? = nil,
        screenedOn: Day? = nil,
        referrerNotifiedOn: Day? = nil,
        version: Int = 0
    ) {
        self.id = id
        self.name = name
        self.source = source
        self.sourceEnterpriseID = sourceEnterpriseID
        self.sourceEventID = sourceEventID
        self.referrerContactID = referrerContactID
        self.receivedOn = receivedOn
        self.criteria = criteria
        self.respondedOn = respondedOn
        self.screenedOn = screenedOn
        self.referrerNotifiedOn = referrerNotifiedOn
        self.version = version
    }

    public func validate() throws(DomainError) {
        guard !self.criteria.isEmpty else {
            throw DomainError(.missingField, "研判至少需要一项标准", "screening needs at least one criterion")
        }
        guard !self.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(.missingField, "线索批次需要名称", "a lead batch needs a name")
        }
        try TextRule.line.check(self.name, "批次名称", "batch name")
        for criterion in self.criteria { try TextRule.line.check(criterion.name, "研判标准", "criterion") }
        guard self.criteria.allSatisfy({ (1...10).contains($0.weight) }) else {
            throw DomainError(.invalidValue, "标准权重应为1–10", "criterion weights are 1–10")
        }
        guard Set(self.criteria.map(\.name)).count == self.criteria.count else {
            throw DomainError(.duplicate, "研判标准名称重复", "criterion names repeat")
        }
    }

    /// The batch's three clocks and whether each is overdue on `today`.
    public func clocks(_ rules: LeadClockRules, today: Day) -> [LeadClock] {
        [
            LeadClock(
                name: .respond,
                due: self.receivedOn.adding(days: rules.respondWithinDays),
                doneOn: self.respondedOn,
                today: today
            ),
            LeadClock(
                name: .screen,
                due: self.receivedOn.adding(days: rules.screenWithinDays),
                doneOn: self.screenedOn,
                today: today
            ),
            LeadClock(
                name: .notifyReferrer,
                due: self.receivedOn.adding(days: rules.notifyReferrerWithinDays),
                doneOn: self.referrerNotifiedOn,
                today: today
            ),
        ]
    }
}

/// How long the office gives itself for each step of a lead batch, in calendar days from receipt.
public struct LeadClockRules: Hashable, Sendable, Codable {
    public var respondWithinDays = 1
    public var screenWithinDays = 3
    public var notifyReferrerWithinDays = 7

    public init() {}
}

/// One clock of a lead batch.
public struct LeadClock: Hashable, Sendable {
    public enum Name: String, Hashable, Sendable { case respond, screen, notifyReferrer }

    public var name: Name
    public var due: Day
    public var doneOn: Day?
    /// Not done by its due day (as of today), or done late.
    public var overdue: Bool

    init(name: Name, due: Day, doneOn: Day?, today: Day) {
        self.name = name
        self.due = due
        self.doneOn = doneOn
        self.overdue = doneOn.map { $0 > due } ?? (today > due)
    }
}

/// One enterprise in a lead batch, its scores and the decision.
public struct LeadCandidate: Hashable, Sendable, Codable {
    public enum Decision: String, Hashable, Sendable, Codable, CaseIterable {
        case pending, shortlisted, rejected
    }

    public var id: ID<LeadCandidate>
    public var batchID: ID<LeadBatch>
    /// The enterprise, once it is in the office's records.
    public var enterpriseID: ID<Enterprise>?
    public var name: String
    /// The unified social credit code the list gave, when it gave one.
    public var creditCode: CreditCode?
    /// What the list says the enterprise makes or does (主营).
    public var mainBusiness: String
    /// Score per criterion name, 0–5.
    public var scores: [String: Int]
    public var decision: Decision
    public var reason: String
    public var version: Int

    public init(
        id: ID<LeadCandidate>,
        batchID: ID<LeadBatch>,
        enterpriseID: ID<Enterprise>? = nil,
        name: String,
        creditCode: CreditCode? = nil,
        mainBusiness: String = "",
        scores: [String: Int] = [:],
        decision: Decision = .pending,
        reason: String = "",
        version: Int = 0
    ) {
        self.id = id
        self.batchID = batchID
        self.enterpriseID = enterpriseID
        self.name = name
        self.creditCode = creditCode
        self.mainBusiness = mainBusiness
        self.scores = scores
        self.decision = decision
        self.reason = reason
        self.version = version
    }

    /// A name, one line; the main business and the reason, text.
    public func validate() throws(DomainError) {
        guard !self.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(.missingField, "候选企业名称不能为空", "a candidate needs a name")
        }
        try TextRule.line.check(self.name, "候选企业名称", "candidate's name")
        try TextRule.text.check(self.mainBusiness, "主营", "main business")
        try TextRule.text.check(self.reason, "研判理由", "reason")
    }

    /// The weighted score out of 100.
    public func score(with criteria: [LeadBatch.Criterion]) -> Int {
        Self.score(self.scores, with: criteria)
    }

    /// The weighted score out of 100 of `scores` (0–5 per criterion, an unscored one counting 0): the one rule for
    /// the node and for a field device answering from its copy.
    public static func score(_ scores: [String: Int], with criteria: [LeadBatch.Criterion]) -> Int {
        let weights = criteria.reduce(0) { $0 + $1.weight }
        guard weights > 0 else { return 0 }
        let points = criteria.reduce(0) { $0 + $1.weight * (scores[$1.name] ?? 0) }
        return points * 100 / (weights * 5)
    }

    /// Records a decision; shortlisting or rejecting needs every criterion scored and a reason.
    public mutating func decide(_ decision: Decision, reason: String, criteria: [LeadBatch.Criterion])
        throws(DomainError)
    {
        if let bad = self.scores.first(where: { !(0...5).contains($0.value) }) {
            throw DomainError(.invalidValue, "“\(bad.key)”的评分应为0–5", "the score for '\(bad.key)' must be 0–5")
        }
        if decision != .pending {
            let missing = criteria.map(\.name).filter { self.scores[$0] == nil }
            guard missing.isEmpty else {
                throw DomainError(
                    .missingField,
                    "尚未评分：\(missing.joined(separator: "、"))",
                    "not scored yet: \(missing.joined(separator: ", "))"
                )
            }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError(.missingField, "研判结论需要理由", "a decision needs a reason")
            }
        }
        self.decision = decision
        self.reason = reason
    }
}

/// Who introduced an enterprise to the office (以商招商).
public struct Referral: Hashable, Sendable, Codable {
    public enum IntroducerKind: String, Hashable, Sendable, Codable, CaseIterable {
        case enterprise, contact, chamber, staff, event
    }

    public var id: ID<Referral>
    public var introducerKind: IntroducerKind
    /// The introducer's id: an enterprise or chamber, a contact, a staff member or an event.
    public var introducerID: String
    public var introducedID: ID<Enterprise>
    public var introducedOn: Day
    public var note: String
    public var version: Int

    public init(
        id: ID<Referral>,
        introducerKind: IntroducerKind,
        introducerID: String,
        introducedID: ID<Enterprise>,
        introducedOn: Day,
        note: String = "",
        version: Int = 0
    ) {
        self.id = id
        self.introducerKind = introducerKind
        self.introducerID = introducerID
        self.introducedID = introducedID
        self.introducedOn = introducedOn
        self.note = note
        self.version = version
    }

    /// Checks that an enterprise does not introduce itself.
    public func validate() throws(DomainError) {
        if (self.introducerKind == .enterprise || self.introducerKind == .chamber),
            self.introducerID == self.introducedID.rawValue
        {
            throw DomainError(.invalidValue, "企业不能引荐自己", "an enterprise cannot introduce itself")
        }
        try TextRule.text.check(self.note, "备注", "note")
    }
}
