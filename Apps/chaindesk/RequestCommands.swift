internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Service requests (企业诉求): open → assign → respond → resolve → callback → close.",
        subcommands: [
            Open.self, List.self, Show.self, Assign.self, Respond.self, Resolve.self, Callback.self, Close.self,
            Reopen.self,
        ]
    )

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Registers a park enterprise's request.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "What it needs, in a line.") var title: String
        @Option(help: "supplies, logistics, permits, financing, labour, utilities, landAndFactory, policy or other.")
        var category = "other"
        @Option(help: "urgent, high, normal or low.") var urgency = "normal"
        @Option(help: "More detail.") var details = ""

        func run() async throws {
            let client = try self.options.client()
            let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
            let request = Chaindesk_V1_OpenServiceRequestRequest.with {
                $0.enterpriseID = enterprise.id
                $0.title = self.title
                $0.category = self.category
                $0.urgency = self.urgency
                $0.details = self.details
            }
            let stored = try await attempt {
                try await client.call(API.ServiceRequests.openServiceRequest, request, key: newKey())
            }
            if self.options.json { return try self.options.printJSON(stored) }
            print(
                "registered \(Formats.shortID(stored.id)) for \(enterprise.legalName): respond by "
                    + "\(Formats.time(stored.respondByMs)), resolve by \(Formats.time(stored.resolveByMs))"
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists service requests, newest first.")
        @OptionGroup var options: ClientOptions
        @Flag(help: "Only those not closed.") var open = false
        @Option(help: "Only this handler's: username, id, name or 'me'.") var handler: String?

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            var request = Chaindesk_V1_ListServiceRequestsRequest.with { $0.openOnly = self.open }
            if let handler {
                request.handlerID =
                    try await attempt { try await client.resolveStaff(handler).id }
            }
            let list = try await attempt { try await client.call(API.ServiceRequests.listServiceRequests, request) }
            if self.options.json { return try self.options.printJSON(list) }
            let names = try await attempt { try await client.enterpriseNames(list.requests.map(\.enterpriseID)) }
            self.options.table(
                [
                    "id", "enterprise", "title", "category", "urgency", "status", "handler", "respond by", "resolve by",
                    "overdue",
                ],
                list.requests.map {
                    [
                        Formats.shortID($0.id), names[$0.enterpriseID] ?? $0.enterpriseID, $0.title,
                        labels[$0.category], labels[$0.urgency],
                        labels.value("request", $0.status), $0.handlerID, Formats.time($0.respondByMs),
                        Formats.time($0.resolveByMs), $0.escalation > 0 ? "\($0.escalation)" : "",
                    ]
                }
            )
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Shows a service request.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            let id = try await attempt { try await client.resolveServiceRequest(self.request) }.id
            let found = try await attempt {
                try await client.call(API.ServiceRequests.getServiceRequest, .with { $0.id = id })
            }
            if self.options.json { return try self.options.printJSON(found) }
            let names = try await attempt { try await client.enterpriseNames([found.enterpriseID]) }
            self.options.fields([
                ("title", found.title), ("id", found.id),
                ("enterprise", names[found.enterpriseID] ?? found.enterpriseID),
                ("category", labels[found.category]), ("urgency", labels[found.urgency]),
                ("status", labels.value("request", found.status)), ("handler", found.handlerID),
                ("registered", Formats.time(found.registeredAtMs)), ("respond by", Formats.time(found.respondByMs)),
                ("responded", Formats.time(found.respondedAtMs)), ("resolve by", Formats.time(found.resolveByMs)),
                ("resolved", Formats.time(found.resolvedAtMs)), ("summary", found.resolution),
                ("calledBack", Formats.time(found.calledBackAtMs)),
                ("satisfaction", found.satisfaction == 0 ? "" : "\(found.satisfaction)/5"),
                ("closed", Formats.time(found.closedAtMs)),
                ("overdue", found.escalation > 0 ? "\(found.escalation)" : ""),
            ])
        }
    }

    /// Moves a request one step; shared by the step commands.
    static func change(
        _ options: ClientOptions,
        _ reference: String,
        _ action: String,
        _ fill: (inout Chaindesk_V1_ChangeServiceRequestRequest, FieldClient) async throws -> Void = { _, _ in }
    ) async throws {
        let client = try options.client()
        let found = try await attempt { try await client.resolveServiceRequest(reference) }
        var request = Chaindesk_V1_ChangeServiceRequestRequest.with {
            $0.id = found.id
            $0.action = action
            $0.version = found.version
        }
        try await fill(&request, client)
        let change = request
        let stored = try await attempt {
            try await client.call(API.ServiceRequests.changeServiceRequest, change, key: newKey())
        }
        if options.json { return try options.printJSON(stored) }
        print("\(stored.title): \(options.labels.value("request", stored.status))")
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Gives a request to a handler.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        @Option(help: "The handler: username, id or name.") var to: String

        func run() async throws {
            try await RequestCommand.change(self.options, self.request, "assign") { request, client in
                request.handlerID = try await attempt { try await client.resolveStaff(self.to).id }
            }
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Records the first response to the enterprise.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        func run() async throws { try await RequestCommand.change(self.options, self.request, "respond") }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Records the resolution, with what was done.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        @Option(help: "The account of what was done (凡事有交代).") var account: String

        func run() async throws {
            try await RequestCommand.change(self.options, self.request, "resolve") { request, _ in
                request.account = self.account
            }
        }
    }

    struct Callback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Records the call back and the satisfaction (1–5).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        @Option(help: "Satisfaction, 1–5.") var satisfaction: Int

        func run() async throws {
            try await RequestCommand.change(self.options, self.request, "callBack") { request, _ in
                request.satisfaction = Int32(clamping: self.satisfaction)
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Closes a request that was called back.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        func run() async throws { try await RequestCommand.change(self.options, self.request, "close") }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopens a request the enterprise is not done with.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The request: id, the start of its id, or part of its title.") var request: String
        func run() async throws { try await RequestCommand.change(self.options, self.request, "reopen") }
    }
}
