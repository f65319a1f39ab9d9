internal import Foundation

/// An event the office runs or attends: a trade fair and its batch signing (进博会 集中签约), a delegation visiting
/// the park, a park enterprise's ordering conference (订货会), a meeting (座谈会).
public struct Event: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// A trade fair, often with a batch signing.
        case fair
        /// A delegation of enterprises visiting the park (考察).
        case delegation
        /// A park enterprise's customer ordering conference: its suppliers and customers are leads.
        case orderingConference
        /// A meeting or forum (座谈会).
        case meeting
    }

    public var id: ID<Event>
    public var kind: Kind
    public var name: String
    public var startsOn: Day
    public var endsOn: Day
    public var location: String
    /// The enterprise or chamber that organised or hosted it, if any.
    public var hostID: ID<Enterprise>?
    public var version: Int

    public init(
        id: ID<Event>,
        kind: Kind,
        name: String,
        startsOn: Day,
        endsOn: Day,
        location: String,
        hostID: ID<Enterprise>? = nil,
        version: Int = 0
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.location = location
        self.hostID = hostID
        self.version = version
    }

    public func validate() throws(DomainError) {
        guard !self.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(.missingField, "活动需要名称", "an event needs a name")
        }
        try TextRule.line.check(self.name, "活动名称", "event name")
        try TextRule.line.check(self.location, "活动地点", "location")
        guard self.endsOn >= self.startsOn else {
            throw DomainError(
                .invalidDate,
                "活动结束日期\(self.endsOn)早于开始日期\(self.startsOn)",
                "the event ends (\(self.endsOn)) before it starts (\(self.startsOn))"
            )
        }
    }
}

/// A staff trip (出差) with the visits planned on it.
public struct Trip: Hashable, Sendable, Codable {
    public var id: ID<Trip>
    public var name: String
    public var destination: String
    public var staffIDs: [ID<Staff>]
    public var startsOn: Day
    public var endsOn: Day
    /// The event the trip is for, if any.
    public var eventID: ID<Event>?
    public var version: Int

    public init(
        id: ID<Trip>,
        name: String,
        destination: String,
        staffIDs: [ID<Staff>],
        startsOn: Day,
        endsOn: Day,
        eventID: ID<Event>? = nil,
        version: Int = 0
    ) {
        self.id = id
        self.name = name
        self.destination = destination
        self.staffIDs = staffIDs
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.eventID = eventID
        self.version = version
    }

    public func validate() throws(DomainError) {
        guard !self.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(.missingField, "出差需要名称", "a trip needs a name")
        }
        try TextRule.line.check(self.name, "出差名称", "trip name")
        try TextRule.line.check(self.destination, "目的地", "destination")
        guard self.endsOn >= self.startsOn else {
            throw DomainError(
                .invalidDate,
                "出差结束日期\(self.endsOn)早于开始日期\(self.startsOn)",
                "the trip ends (\(self.endsOn)) before it starts (\(self.startsOn))"
            )
        }
        guard !self.staffIDs.isEmpty else {
            throw DomainError(.missingField, "出差至少要有一名人员", "a trip needs at least one person")
        }
    }
}

/// A visit planned on a trip, and whether it happened.
public struct PlannedVisit: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case planned, done, cancelled
    }

    public var id: ID<PlannedVisit>
    public var tripID: ID<Trip>
    public var enterpriseID: ID<Enterprise>
    public var plannedOn: Day
    public var status: Status
    /// The interaction that records the visit, once done.
    public var interactionID: ID<Interaction>?
    public var version: Int

    public init(
        id: ID<PlannedVisit>,
        tripID: ID<Trip>,
        enterpriseID: ID<Enterprise>,
        plannedOn: Day,
        status: Status = .planned,
        interactionID: ID<Interaction>? = nil,
        version: Int = 0
    ) {
        self.id = id
        self.tripID = tripID
        self.enterpriseID = enterpriseID
        self.plannedOn = plannedOn
        self.status = status
        self.interactionID = interactionID
        self.version = version
    }

    /// Marks the visit planned, done or cancelled; a visit is done only on or after the day it was planned for
    /// (a visit done earlier is planned again on that day first).
    public mutating func mark(_ status: Status, today: Day) throws(DomainError) {
        if status == .done, self.plannedOn > today {
            throw DomainError(
                .invalidDate,
                "拜访计划在\(self.plannedOn)，今天\(today)还不能标为已完成",
                "the visit is planned for \(self.plannedOn); it cannot be done on \(today), before that day"
            )
        }
        self.status = status
    }
}
