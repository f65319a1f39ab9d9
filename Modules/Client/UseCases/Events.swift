internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskProto
internal import SwiftProtobuf

/// An event or a trip's days as typed: `YYYY-MM-DD`, `+7d`; the last defaults to the first.
public struct Days: Sendable {
    public var starts: String
    public var ends: String?

    public init(starts: String, ends: String? = nil) {
        self.starts = starts
        self.ends = ends
    }

    func read() throws -> (starts: String, ends: String) {
        (try Arguments.day(self.starts, "--starts"), try self.ends.map { try Arguments.day($0, "--ends") } ?? "")
    }
}

/// Events, newest first.
public struct EventListing: Presentable {
    public let events: [Chaindesk_V1_Event]

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_EventList.with { $0.events = self.events })
        let labels = out.labels
        out.table(
            ["name", "kind", "starts", "ends", "location", "id"],
            self.events.map {
                [$0.name, labels[$0.kind], $0.startsOn, $0.endsOn, $0.location, Formats.shortID($0.id)]
            }
        )
    }
}

/// Trips with their planned visits, and the names of the enterprises visited.
public struct TripListing: Presentable {
    public let trips: [Chaindesk_V1_Trip]
    public let enterpriseNames: [String: String]

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_TripList.with { $0.trips = self.trips })
        var rows: [[String]] = []
        for trip in self.trips {
            rows.append([trip.name, trip.destination, "\(trip.startsOn) – \(trip.endsOn)", "", ""])
            for visit in trip.visits {
                rows.append([
                    "", "", visit.plannedOn, self.enterpriseNames[visit.enterpriseID] ?? visit.enterpriseID,
                    out.labels.value("visit", visit.status),
                ])
            }
        }
        out.table(["name", "destination", "when", "enterprise", "status"], rows)
    }
}

extension OfficeCalls {
    /// Adds an event: a fair, a delegation's visit, an ordering conference, a meeting; hosted by an enterprise
    /// (a reference) when given.
    public func addEvent(kind: String, name: String, days: Days, location: String, host: String?) async throws
        -> Written<Chaindesk_V1_Event>
    {
        let (starts, ends) = try days.read()
        var event = Chaindesk_V1_Event.with {
            $0.kind = kind
            $0.name = name
            $0.location = location
            $0.startsOn = starts
            $0.endsOn = ends
        }
        if let host { event.hostID = try await self.resolveEnterprise(host).id }
        let stored = try await self.call(API.Events.createEvent, .with { $0.event = event }, key: newKey())
        return Written(stored) { stored, _ in "added \(stored.name) [\(stored.id)]" }
    }

    /// Every event, newest first.
    public func events() async throws -> EventListing {
        EventListing(events: try await self.call(API.Events.listEvents, .init(), key: nil).events)
    }

    /// Adds a trip; its staff are references (the caller when none), its event one too.
    public func addTrip(name: String, destination: String, days: Days, staff: [String], event: String?) async throws
        -> Written<Chaindesk_V1_Trip>
    {
        let (starts, ends) = try days.read()
        var trip = Chaindesk_V1_Trip.with {
            $0.name = name
            $0.destination = destination
            $0.startsOn = starts
            $0.endsOn = ends
        }
        for member in staff { trip.staffIds.append(try await self.resolveStaff(member).id) }
        if let event { trip.eventID = try await self.resolveEvent(event).id }
        let stored = try await self.call(API.Events.createTrip, .with { $0.trip = trip }, key: newKey())
        return Written(stored) { stored, _ in "added trip \(stored.name) to \(stored.destination) [\(stored.id)]" }
    }

    /// Trips and their visits; only the caller's when `mine`.
    public func trips(mine: Bool, withNames: Bool = true) async throws -> TripListing {
        var request = Chaindesk_V1_ListTripsRequest()
        if mine { request.staffID = try await self.whoAmI().staffID }
        let trips = try await self.call(API.Events.listTrips, request, key: nil).trips
        let names = withNames ? try await self.enterpriseNames(trips.flatMap { $0.visits.map(\.enterpriseID) }) : [:]
        return TripListing(trips: trips, enterpriseNames: names)
    }

    /// Plans a visit to an enterprise on a trip, on the trip's first day unless `on` says.
    public func planVisit(trip: String, enterprise: String, on: String?) async throws
        -> Written<Chaindesk_V1_PlannedVisit>
    {
        let day = try on.map { try Arguments.day($0, "--on") }
        let trip = try await self.resolveTrip(trip)
        let enterprise = try await self.resolveEnterprise(enterprise)
        let visit = Chaindesk_V1_PlannedVisit.with {
            $0.tripID = trip.id
            $0.enterpriseID = enterprise.id
            $0.plannedOn = day ?? ""
        }
        let stored = try await self.call(API.Events.planVisit, .with { $0.visit = visit }, key: newKey())
        let name = enterprise.legalName
        return Written(stored) { stored, _ in "planned a visit to \(name) on \(stored.plannedOn) [\(stored.id)]" }
    }

    /// Marks the visit planned to an enterprise on a trip done (with the latest contact logged there) or cancelled.
    public func finishVisit(trip: String, enterprise: String, cancelled: Bool) async throws
        -> Written<Chaindesk_V1_PlannedVisit>
    {
        let trip = try await self.resolveTrip(trip)
        let enterprise = try await self.resolveEnterprise(enterprise)
        guard let visit = trip.visits.first(where: { $0.enterpriseID == enterprise.id }) else {
            throw ClientError(.notFound, "no visit to \(enterprise.legalName) is planned on \(trip.name)")
        }
        let latest = cancelled ? nil : try await self.interactions(of: enterprise.id, limit: 1).first
        let request = Chaindesk_V1_SetVisitStatusRequest.with {
            $0.id = visit.id
            $0.status = cancelled ? "cancelled" : "done"
            $0.interactionID = latest?.id ?? ""
            $0.version = visit.version
        }
        let stored = try await self.call(API.Events.setVisitStatus, request, key: newKey())
        let name = enterprise.legalName
        return Written(stored) { stored, labels in "\(name): \(labels.value("visit", stored.status))" }
    }
}
