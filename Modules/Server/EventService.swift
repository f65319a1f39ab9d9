internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import SwiftProtobuf

/// Events, trips and planned visits (Protocol/chaindesk/v1/events.proto).
struct EventService: API.Events.Service {
    let store: Store
    let gate: Gate

    /// The trip, once the actor may plan on it: officers on their own trips, deputy heads and directors on any.
    func plannable(_ tripID: String, _ actor: Actor) async throws -> Trip {
        guard let trip = try await store.fetch(Trip.self, id: tripID) else {
            throw RPCError(code: .notFound, message: "no trip \(tripID)")
        }
        guard actor.role != .officer || trip.staffIDs.contains(actor.staffID) else {
            throw RPCError(code: .permissionDenied, message: "an officer plans visits only on their own trips")
        }
        return trip
    }

    func createEvent(_ request: Chaindesk_V1_CreateEventRequest, caller: Caller) async throws -> Chaindesk_V1_Event {
        let actor = caller.actor
        let event = try Event(wire: request.event)
        return Self.message(try await store.create(event, by: actor, key: caller.key))
    }

    func listEvents(_ request: Chaindesk_V1_ListEventsRequest, caller: Caller) async throws -> Chaindesk_V1_EventList {
        let events = try await store.fetchAll(Event.self).sorted { $0.startsOn > $1.startsOn }
        return .with { $0.events = events.map(Self.message) }
    }

    func createTrip(_ request: Chaindesk_V1_CreateTripRequest, caller: Caller) async throws -> Chaindesk_V1_Trip {
        let actor = caller.actor
        let trip = try Trip(wire: request.trip, creator: actor.staffID)
        for member in trip.staffIDs where try await store.fetch(Staff.self, id: member.rawValue) == nil {
            throw RPCError(code: .notFound, message: "no staff member \(member)")
        }
        return Self.message(try await store.create(trip, by: actor, key: caller.key), visits: [])
    }

    func listTrips(_ request: Chaindesk_V1_ListTripsRequest, caller: Caller) async throws -> Chaindesk_V1_TripList {
        let visits = Dictionary(grouping: try await store.fetchAll(PlannedVisit.self), by: \.tripID)
        let trips = try await store.fetchAll(Trip.self).filter {
            request.staffID.isEmpty || $0.staffIDs.contains(ID(request.staffID))
        }
        return .with {
            $0.trips = trips.sorted { $0.startsOn > $1.startsOn }.map {
                Self.message($0, visits: visits[$0.id] ?? [])
            }
        }
    }

    func planVisit(_ request: Chaindesk_V1_PlanVisitRequest, caller: Caller) async throws -> Chaindesk_V1_PlannedVisit {
        let actor = caller.actor
        let message = request.visit
        let trip = try await plannable(message.tripID, actor)
        let day = try Fields.day(message.plannedOn, "planned_on", default: trip.startsOn)
        guard day >= trip.startsOn, day <= trip.endsOn else {
            throw RPCError(
                code: .invalidArgument,
                message: "planned_on \(day) is outside the trip (\(trip.startsOn) – \(trip.endsOn))"
            )
        }
        let enterprise: ID<Enterprise> = try Fields.required(message.enterpriseID, "enterprise_id")
        guard try await store.fetch(Enterprise.self, id: enterprise.rawValue) != nil else {
            throw RPCError(code: .notFound, message: "no enterprise \(enterprise)")
        }
        let visit = PlannedVisit(
            id: Fields.newID(message.id),
            tripID: trip.id,
            enterpriseID: enterprise,
            plannedOn: day
        )
        return Self.message(try await store.create(visit, by: actor, key: caller.key))
    }

    func setVisitStatus(_ request: Chaindesk_V1_SetVisitStatusRequest, caller: Caller) async throws
        -> Chaindesk_V1_PlannedVisit
    {
        let actor = caller.actor
        guard var visit = try await store.fetch(PlannedVisit.self, id: request.id) else {
            throw RPCError(code: .notFound, message: "no planned visit \(request.id)")
        }
        _ = try await plannable(visit.tripID.rawValue, actor)
        try visit.mark(try Fields.value(request.status, "status"), today: Day(store.now))
        if !request.interactionID.isEmpty {
            guard let interaction = try await store.fetch(Interaction.self, id: request.interactionID),
                interaction.enterpriseID == visit.enterpriseID
            else {
                throw RPCError(
                    code: .invalidArgument,
                    message: "interaction \(request.interactionID) is not a contact with the visited enterprise"
                )
            }
            visit.interactionID = interaction.id
        }
        let version = request.version == 0 ? visit.version : Int(request.version)
        return Self.message(try await store.update(visit, expecting: version, by: actor, key: caller.key))
    }

    static func message(_ event: Event) -> Chaindesk_V1_Event {
        .with {
            $0.id = event.id.rawValue
            $0.kind = event.kind.rawValue
            $0.name = event.name
            $0.startsOn = event.startsOn.description
            $0.endsOn = event.endsOn.description
            $0.location = event.location
            $0.hostID = event.hostID.text
            $0.version = Int64(event.version)
        }
    }

    static func message(_ trip: Trip, visits: [PlannedVisit]) -> Chaindesk_V1_Trip {
        .with {
            $0.id = trip.id.rawValue
            $0.name = trip.name
            $0.destination = trip.destination
            $0.staffIds = trip.staffIDs.map(\.rawValue)
            $0.startsOn = trip.startsOn.description
            $0.endsOn = trip.endsOn.description
            $0.eventID = trip.eventID.text
            $0.version = Int64(trip.version)
            $0.visits = visits.sorted { ($0.plannedOn, $0.id) < ($1.plannedOn, $1.id) }.map(Self.message)
        }
    }

    static func message(_ visit: PlannedVisit) -> Chaindesk_V1_PlannedVisit {
        .with {
            $0.id = visit.id.rawValue
            $0.tripID = visit.tripID.rawValue
            $0.enterpriseID = visit.enterpriseID.rawValue
            $0.plannedOn = visit.plannedOn.description
            $0.status = visit.status.rawValue
            $0.interactionID = visit.interactionID.text
            $0.version = Int64(visit.version)
        }
    }
}
