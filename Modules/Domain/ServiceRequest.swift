public import Foundation

/// A park enterprise's request for help (企业诉求), handled in a closed loop:
/// 事事有回应，件件有着落，凡事有交代.
///
/// registered → assigned → responded → resolved → called back (satisfaction 1–5) → closed, each step with its
/// time; response and resolution deadlines come from the category and urgency; every closure carries an
/// account of what was done.
public struct ServiceRequest: Hashable, Sendable, Codable {
    public enum Category: String, Hashable, Sendable, Codable, CaseIterable {
        /// 生产生活物资: supplies, as for closed-loop production during an epidemic.
        case supplies
        case logistics
        /// 证照审批.
        case permits
        case financing
        /// 用工.
        case labour
        /// 水电气.
        case utilities
        case landAndFactory
        /// 政策兑现.
        case policy
        case other
    }

    /// What a person does to a request: each moves it along its loop (`ServiceRequest.swift`'s transitions).
    public enum Action: String, Hashable, Sendable, CaseIterable {
        case assign, respond, resolve, callBack, close, reopen
    }

    public enum Urgency: String, Hashable, Sendable, Codable, CaseIterable {
        case urgent, high, normal, low
    }

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case registered, assigned, responded, resolved, calledBack, closed

        public var chinese: String {
            ["已登记", "已分派", "已回应", "已办结", "已回访", "已关闭"][Self.allCases.firstIndex(of: self)!]
        }
    }

    public var id: ID<ServiceRequest>
    public var enterpriseID: ID<Enterprise>
    public var category: Category
    public var urgency: Urgency
    public var title: String
    public var details: String
    public var status: Status
    public var registeredAt: Date
    public var registeredBy: ID<Staff>
    public var handlerID: ID<Staff>?
    public var respondBy: Date
    public var resolveBy: Date
    public var respondedAt: Date?
    public var resolvedAt: Date?
    /// What was done: required to resolve, kept at closure.
    public var resolution: String?
    public var calledBackAt: Date?
    public var satisfaction: Int?
    public var closedAt: Date?
    public var version: Int

    /// Registers a request, computing its deadlines from `rules`.
    public init(
        id: ID<ServiceRequest>,
        enterpriseID: ID<Enterprise>,
        category: Category,
        urgency: Urgency,
        title: String,
        details: String,
        registeredAt: Date,
        registeredBy: ID<Staff>,
        rules: ServiceClockRules
    ) throws(DomainError) {
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(.missingField, "诉求需要标题", "a service request needs a title")
        }
        try TextRule.line.check(title, "诉求标题", "title")
        try TextRule.text.check(details, "诉求内容", "details")
        self.id = id
        self.enterpriseID = enterpriseID
        self.category = category
        self.urgency = urgency
        self.title = title
        self.details = details
        self.status = .registered
        self.registeredAt = registeredAt
        self.registeredBy = registeredBy
        (self.respondBy, self.resolveBy) = rules.deadlines(
            category: category,
            urgency: urgency,
            registeredAt: registeredAt
        )
        self.version = 0
    }

    public mutating func assign(to handler: ID<Staff>) throws(DomainError) {
        guard [.registered, .assigned, .responded].contains(self.status) else {
            throw self.illegal("分派", "assign")
        }
        self.handlerID = handler
        if self.status == .registered { self.status = .assigned }
    }

    public mutating func respond(at date: Date) throws(DomainError) {
        guard self.status == .assigned else { throw self.illegal("回应", "respond to") }
        try self.checkOrder(date, after: self.registeredAt)
        self.respondedAt = date
        self.status = .responded
    }

    /// Resolves with an account of what was done.
    public mutating func resolve(at date: Date, account: String) throws(DomainError) {
        guard self.status == .responded else { throw self.illegal("办结", "resolve") }
        let trimmed = account.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw DomainError(.missingField, "办结需要写明办理情况（凡事有交代）", "resolving needs an account of what was done")
        }
        try self.checkOrder(date, after: self.respondedAt ?? self.registeredAt)
        self.resolvedAt = date
        self.resolution = trimmed
        self.status = .resolved
    }

    /// Records the call back to the enterprise and its satisfaction, 1–5.
    public mutating func callBack(at date: Date, satisfaction: Int) throws(DomainError) {
        guard self.status == .resolved else { throw self.illegal("回访", "call back on") }
        guard (1...5).contains(satisfaction) else {
            throw DomainError(.invalidValue, "满意度应为1–5，实际为\(satisfaction)", "satisfaction is 1–5, not \(satisfaction)")
        }
        try self.checkOrder(date, after: self.resolvedAt ?? self.registeredAt)
        self.calledBackAt = date
        self.satisfaction = satisfaction
        self.status = .calledBack
    }

    public mutating func close(at date: Date) throws(DomainError) {
        guard self.status == .calledBack else { throw self.illegal("关闭", "close") }
        guard self.resolution?.isEmpty == false else {
            throw DomainError(.missingField, "关闭需要办理情况说明", "closing needs the account of what was done")
        }
        try self.checkOrder(date, after: self.calledBackAt ?? self.registeredAt)
        self.closedAt = date
        self.status = .closed
    }

    /// Sends a resolved or called-back request back to its handler, as when the enterprise is not satisfied.
    public mutating func reopen() throws(DomainError) {
        guard self.status == .resolved || self.status == .calledBack else { throw self.illegal("重新办理", "reopen") }
        self.status = .assigned
        self.respondedAt = nil
        self.resolvedAt = nil
        self.calledBackAt = nil
        self.satisfaction = nil
    }

    /// Whether the response came, or is still missing, after its deadline.
    public func responseOverdue(now: Date) -> Bool {
        (self.respondedAt ?? now) > self.respondBy
    }

    /// Whether the resolution came, or is still missing, after its deadline.
    public func resolutionOverdue(now: Date) -> Bool {
        (self.resolvedAt ?? now) > self.resolveBy
    }

    /// 0: on time; 1: a deadline is missed (the deputy head is told); 2: the resolution is more than three days
    /// late (the director is told).
    public func escalationLevel(now: Date) -> Int {
        let resolutionLate = (self.resolvedAt ?? now).timeIntervalSince(self.resolveBy)
        if resolutionLate > 3 * 86_400 { return 2 }
        return self.responseOverdue(now: now) || self.resolutionOverdue(now: now) ? 1 : 0
    }

    private func illegal(_ chinese: String, _ english: String) -> DomainError {
        DomainError(
            .illegalTransition,
            "诉求当前为“\(self.status.chinese)”，不能\(chinese)",
            "a service request that is \(self.status.rawValue) cannot \(english) it"
        )
    }

    private func checkOrder(_ date: Date, after earlier: Date) throws(DomainError) {
        // Stored times keep whole milliseconds; a time read back may differ from the one written by less than that.
        guard date.timeIntervalSince(earlier) > -0.001 else {
            throw DomainError(.invalidDate, "时间早于上一步", "the time is before the previous step's")
        }
    }
}

/// Response and resolution deadlines by urgency and category.
///
/// Defaults: respond within 2 hours (urgent), 4 hours (high), 1 working day (normal), 2 working days (low);
/// resolve within the category's working days (supplies 2, logistics 3, utilities 5, other 5, permits 10, labour 10,
/// policy 10, financing 15, land and factory 20), halved (rounded up) when high, 1 working day when urgent,
/// doubled when low.
public struct ServiceClockRules: Hashable, Sendable, Codable {
    public var calendar: WorkCalendar
    public var resolveWorkingDays: [ServiceRequest.Category: Int]

    public init(calendar: WorkCalendar = WorkCalendar()) {
        self.calendar = calendar
        self.resolveWorkingDays = [
            .supplies: 2, .logistics: 3, .utilities: 5, .other: 5, .permits: 10, .labour: 10, .policy: 10,
            .financing: 15, .landAndFactory: 20,
        ]
    }

    public func deadlines(
        category: ServiceRequest.Category,
        urgency: ServiceRequest.Urgency,
        registeredAt: Date
    ) -> (respondBy: Date, resolveBy: Date) {
        let base = self.resolveWorkingDays[category] ?? 5
        let respondBy: Date
        let resolveDays: Int
        switch urgency {
        case .urgent:
            respondBy = registeredAt.addingTimeInterval(2 * 3600)
            resolveDays = 1
        case .high:
            respondBy = registeredAt.addingTimeInterval(4 * 3600)
            resolveDays = (base + 1) / 2
        case .normal:
            respondBy = self.calendar.adding(workingDays: 1, to: registeredAt)
            resolveDays = base
        case .low:
            respondBy = self.calendar.adding(workingDays: 2, to: registeredAt)
            resolveDays = base * 2
        }
        return (respondBy, self.calendar.adding(workingDays: resolveDays, to: registeredAt))
    }
}
