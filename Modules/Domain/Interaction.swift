public import Foundation

/// One contact with an enterprise (走访 / 联络记录). Interactions are append-only: a correction is a new interaction
/// that points at the one it corrects.
public struct Interaction: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case wechat, phone, video, email
        /// 走访: an officer visits the enterprise.
        case visit
        /// 考察: the enterprise inspects the park.
        case inspection
        /// 座谈会 / meeting.
        case meeting
        /// At an event: a fair, an ordering conference.
        case event

        public var chinese: String {
            switch self {
            case .wechat: "微信"
            case .phone: "电话"
            case .video: "视频（屏对屏）"
            case .email: "邮件"
            case .visit: "走访"
            case .inspection: "来访考察"
            case .meeting: "座谈会"
            case .event: "活动"
            }
        }
    }

    public var id: ID<Interaction>
    public var kind: Kind
    public var enterpriseID: ID<Enterprise>
    public var contactIDs: [ID<Contact>]
    public var staffID: ID<Staff>
    public var occurredAt: Date
    public var summary: String
    /// Needs found in the conversation, as the officer wrote them.
    public var needsFound: [String]
    public var nextStep: String?
    public var nextStepDue: Day?
    /// The interaction this one corrects.
    public var correctsID: ID<Interaction>?
    public var eventID: ID<Event>?
    public var recordedAt: Date

    public init(
        id: ID<Interaction>,
        kind: Kind,
        enterpriseID: ID<Enterprise>,
        contactIDs: [ID<Contact>] = [],
        staffID: ID<Staff>,
        occurredAt: Date,
        summary: String,
        needsFound: [String] = [],
        nextStep: String? = nil,
        nextStepDue: Day? = nil,
        correctsID: ID<Interaction>? = nil,
        eventID: ID<Event>? = nil,
        recordedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.enterpriseID = enterpriseID
        self.contactIDs = contactIDs
        self.staffID = staffID
        self.occurredAt = occurredAt
        self.summary = summary
        self.needsFound = needsFound
        self.nextStep = nextStep
        self.nextStepDue = nextStepDue
        self.correctsID = correctsID
        self.eventID = eventID
        self.recordedAt = recordedAt
    }

    /// The interactions that stand: every one but those a later correction replaced (a correction stands in for
    /// the interaction it corrects, in every count).
    public static func standing(_ interactions: [Interaction]) -> [Interaction] {
        let corrected = Set(interactions.compactMap(\.correctsID))
        return corrected.isEmpty ? interactions : interactions.filter { !corrected.contains($0.id) }
    }

    /// Checks a new interaction: a summary, not in the future, a next step due no earlier than the contact,
    /// a due day only with a next step, and an event for event interactions.
    public func validate(now: Date) throws(DomainError) {
        guard !self.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DomainError(.missingField, "联络记录需要摘要", "an interaction needs a summary")
        }
        try TextRule.text.check(self.summary, "摘要", "summary")
        if let step = self.nextStep { try TextRule.line.check(step, "下一步", "next step") }
        guard self.occurredAt <= now.addingTimeInterval(300) else {
            throw DomainError(.invalidDate, "联络时间在将来", "the interaction is dated in the future")
        }
        if let due = self.nextStepDue {
            guard self.nextStep?.isEmpty == false else {
                throw DomainError(.missingField, "有截止日期的下一步需要写明内容", "a due day needs a next step")
            }
            guard due >= Day(self.occurredAt) else {
                throw DomainError(
                    .invalidDate,
                    "下一步截止日期\(due)早于联络日期\(Day(self.occurredAt))",
                    "the next step is due (\(due)) before the interaction (\(Day(self.occurredAt)))"
                )
            }
        }
        if self.correctsID == self.id {
            throw DomainError(.invalidValue, "记录不能更正自己", "an interaction cannot correct itself")
        }
    }
}
