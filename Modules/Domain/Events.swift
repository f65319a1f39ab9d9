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
}
