internal import ArgumentParser
internal import ChainDeskClient

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
            let days = Days(starts: self.starts, ends: self.ends)
            let added = try await attempt {
                try await client.addEvent(
                    kind: self.kind,
                    name: self.name,
                    days: days,
                    location: self.location,
                    host: self.host
                )
            }
            try self.options.show(added)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists events, newest first.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.events() })
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
            let days = Days(starts: self.starts, ends: self.ends)
            let added = try await attempt {
                try await client.addTrip(
                    name: self.name,
                    destination: self.destination,
                    days: days,
                    staff: self.staff,
                    event: self.event
                )
            }
            try self.options.show(added)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists trips and their planned visits.")
        @OptionGroup var options: ClientOptions
        @Flag(help: "Only your own trips.") var mine = false

        func run() async throws {
            let client = try self.options.client()
            let json = self.options.json
            try self.options.show(try await attempt { try await client.trips(mine: self.mine, withNames: !json) })
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
            try self.options.show(
                try await attempt {
                    try await client.planVisit(trip: self.trip, enterprise: self.enterprise, on: self.on)
                }
            )
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
            let finished = try await attempt {
                try await client.finishVisit(trip: self.trip, enterprise: self.enterprise, cancelled: self.cancelled)
            }
            try self.options.show(finished)
        }
    }
}
