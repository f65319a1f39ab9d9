internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

struct EventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Events: fairs (进博会), delegations, ordering conferences (订货会), meetings (座谈会).",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds an event.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "fair, delegation, orderingConference or meeting.") var kind: String
        @Argument(help: "Its name.") var name: String
        @Option(parsing: .unconditional, help: "The first day (YYYY-MM-DD).") var starts: String
        @Option(parsing: .unconditional, help: "The last day (default: the first).") var ends: String?
        @Option(help: "Where.") var location = ""
        @Option(help: "The enterprise hosting it: id, credit code or part of the name.") var host: String?

        func run() async throws {
            let client = try self.options.client()
            var event = Chaindesk_V1_Event.with {
                $0.kind = self.kind
                $0.name = self.name
                $0.location = self.location
            }
            event.startsOn = try Parse.day(self.starts, "--starts")
            if let ends { event.endsOn = try Parse.day(ends, "--ends") }
            if let host { event.hostID = try await attempt { try await client.resolveEnterprise(host).id } }
            let request = Chaindesk_V1_CreateEventRequest.with { $0.event = event }
            try await self.options.write(client, API.Events.createEvent, request) { stored in
                "added \(stored.name) [\(stored.id)]"
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists events, newest first.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let list = try await attempt { try await client.call(API.Events.listEvents, .init()) }
            if self.options.json { return try self.options.printJSON(list) }
            self.options.table(
                ["name", "kind", "starts", "ends", "location", "id"],
                list.events.map {
                    [
                        $0.name, self.options.labels[$0.kind], $0.startsOn, $0.endsOn, $0.location,
                        Formats.shortID($0.id),
                    ]
                }
            )
        }
    }
}

struct TripCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trip",
        abstract: "Staff trips (出差) and the visits planned on them.",
        subcommands: [Add.self, List.self, Visit.self, Done.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a trip (you are on it unless --staff says).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Its name.") var name: String
        @Option(help: "Where to: 上海, 常熟 …") var destination: String
        @Option(parsing: .unconditional, help: "The first day.") var starts: String
        @Option(parsing: .unconditional, help: "The last day (default: the first).") var ends: String?
        @Option(help: "Who goes: username, id or name; repeat for several.") var staff: [String] = []
        @Option(help: "The event it is for: id or name.") var event: String?

        func run() async throws {
            let client = try self.options.client()
            var trip = Chaindesk_V1_Trip.with {
                $0.name = self.name
                $0.destination = self.destination
            }
            trip.startsOn = try Parse.day(self.starts, "--starts")
            if let ends { trip.endsOn = try Parse.day(ends, "--ends") }
            for member in self.staff {
                trip.staffIds.append(try await attempt { try await client.resolveStaff(member).id })
            }
            if let event { trip.eventID = try await attempt { try await client.resolveEvent(event).id } }
            let request = Chaindesk_V1_CreateTripRequest.with { $0.trip = trip }
            try await self.options.write(client, API.Events.createTrip, request) { stored in
                "added trip \(stored.name) to \(stored.destination) [\(stored.id)]"
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists trips and their planned visits.")
        @OptionGroup var options: ClientOptions
        @Flag(help: "Only your own trips.") var mine = false

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            var request = Chaindesk_V1_ListTripsRequest()
            if self.mine { request.staffID = try await attempt { try await client.whoAmI().staffID } }
            let list = try await attempt { try await client.call(API.Events.listTrips, request) }
            if self.options.json { return try self.options.printJSON(list) }
            let names = try await attempt {
                try await client.enterpriseNames(list.trips.flatMap { $0.visits.map(\.enterpriseID) })
            }
            var rows: [[String]] = []
            for trip in list.trips {
                rows.append([trip.name, trip.destination, "\(trip.startsOn) – \(trip.endsOn)", "", ""])
                for visit in trip.visits {
                    rows.append([
                        "", "", visit.plannedOn, names[visit.enterpriseID] ?? visit.enterpriseID,
                        labels.value("visit", visit.status),
                    ])
                }
            }
            self.options.table(["name", "destination", "when", "enterprise", "status"], rows)
        }
    }

    struct Visit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Plans a visit to an enterprise on a trip.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The trip: id, name or destination.") var trip: String
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Option(parsing: .unconditional, help: "The day (default: the trip's first).") var on: String?

        func run() async throws {
            let client = try self.options.client()
            let trip = try await attempt { try await client.resolveTrip(self.trip) }
            let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
            var visit = Chaindesk_V1_PlannedVisit.with {
                $0.tripID = trip.id
                $0.enterpriseID = enterprise.id
            }
            if let on { visit.plannedOn = try Parse.day(on, "--on") }
            let stored = try await attempt {
                try await client.call(API.Events.planVisit, .with { $0.visit = visit }, key: newKey())
            }
            if self.options.json { return try self.options.printJSON(stored) }
            print("planned a visit to \(enterprise.legalName) on \(stored.plannedOn) [\(stored.id)]")
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "visit-done",
            abstract: "Marks a planned visit done (or cancelled)."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The trip: id, name or destination.") var trip: String
        @Argument(help: "The enterprise visited: id, credit code or part of the name.") var enterprise: String
        @Flag(help: "The visit was cancelled instead.") var cancelled = false

        func run() async throws {
            let client = try self.options.client()
            let trip = try await attempt { try await client.resolveTrip(self.trip) }
            let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
            guard let visit = trip.visits.first(where: { $0.enterpriseID == enterprise.id }) else {
                throw CLIError("no visit to \(enterprise.legalName) is planned on \(trip.name)", status: 3)
            }
            let latest = try await attempt {
                try await client.call(
                    API.Interactions.listInteractions,
                    .with {
                        $0.enterpriseID = enterprise.id
                        $0.limit = 1
                    }
                ).interactions.first
            }
            let request = Chaindesk_V1_SetVisitStatusRequest.with {
                $0.id = visit.id
                $0.status = self.cancelled ? "cancelled" : "done"
                $0.interactionID = self.cancelled ? "" : latest?.id ?? ""
                $0.version = visit.version
            }
            try await self.options.write(client, API.Events.setVisitStatus, request) { stored in
                "\(enterprise.legalName): \(self.options.labels.value("visit", stored.status))"
            }
        }
    }
}
