internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Whether the office node is serving, its version and its methods (no sign-in needed)."
    )
    @OptionGroup var options: ClientOptions
    @Flag(help: "Also list every method with its id.") var methods = false

    func run() async throws {
        let client = try self.options.officeClient(requireSession: false)
        let health = try await attempt { try await client.call(API.System.health, .init()) }
        let info = try await attempt { try await client.call(API.System.serverInfo, .init()) }
        if self.options.json { return try self.options.printJSON(["health": health, "server": info]) }
        let state = health.status == .serving ? "serving" : "draining"
        print("\(info.name) \(info.version) at \(client.host):\(client.port): \(state), revision \(health.revision)")
        if self.methods {
            self.options.table(["id", "method", "kind"], info.methods.map { ["\($0.id)", $0.name, $0.kind] })
        }
    }
}

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "The office's people, their roles, sectors and load."
    )
    @OptionGroup var options: ClientOptions

    func run() async throws {
        let client = try self.options.client()
        let labels = self.options.labels
        let list = try await attempt { try await client.call(API.Admin.listStaff, .init()) }
        if self.options.json { return try self.options.printJSON(list) }
        self.options.table(
            ["name", "role", "sectors", "load", "username", "active", "id"],
            list.staff.map {
                [
                    $0.name, labels[$0.role], $0.sectors.joined(separator: ","), "\($0.load)", $0.username,
                    $0.active ? labels["yes"] : labels["no"], $0.id,
                ]
            }
        )
    }
}

struct AssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Who follows which enterprise: a balanced suggestion by sector and load, applied once confirmed.",
        subcommands: [Suggest.self, Apply.self, Move.self]
    )

    struct Suggest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Shows the suggested moves; nothing changes.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let suggestion = try await attempt { try await client.call(API.Admin.suggestAssignment, .init()) }
            if self.options.json { return try self.options.printJSON(suggestion) }
            self.options.table(
                ["enterprise", "from", "to", "reason"],
                suggestion.moves.map { [$0.enterpriseName, $0.from, $0.to, $0.reason] },
                empty: "the assignment is balanced; nothing to move"
            )
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Applies the current suggestion, all moves or none (run suggest first to review it)."
        )
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let suggestion = try await attempt { try await client.call(API.Admin.suggestAssignment, .init()) }
            guard !suggestion.moves.isEmpty else { return print("nothing to move") }
            let request = Chaindesk_V1_ApplyAssignmentRequest.with { $0.moves = suggestion.moves }
            try await self.options.write(client, API.Admin.applyAssignment, request) { result in
                "moved \(result.applied) enterprises"
            }
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Gives one enterprise to an officer.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "The officer: username, id or name.") var to: String

        func run() async throws {
            let client = try self.options.client()
            let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
            let officer = try await attempt { try await client.resolveStaff(self.to) }
            let move = Chaindesk_V1_Move.with {
                $0.enterpriseID = enterprise.id
                $0.from = enterprise.ownerID
                $0.to = officer.id
                $0.reason = "moved by hand"
            }
            let request = Chaindesk_V1_ApplyAssignmentRequest.with { $0.moves = [move] }
            try await self.options.write(client, API.Admin.applyAssignment, request) { result in
                "\(enterprise.legalName) is now followed by \(officer.name)"
            }
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Sign-ins: add users, change roles, deactivate, set passwords (administrators).",
        subcommands: [Add.self, Update.self, Password.self, SignIns.self]
    )

    struct SignIns: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign-ins",
            abstract: "Every attempt to sign in, newest first: who, when, from which device, and how it ended."
        )
        @OptionGroup var options: ClientOptions
        @Option(name: .customLong("user"), help: "Only attempts with this username.") var username: String?
        @Option(help: "At most this many (1–1000).") var limit = 100

        func validate() throws {
            guard (1...1000).contains(self.limit) else {
                throw ValidationError("--limit is 1 to 1000, not \(self.limit)")
            }
        }

        func run() async throws {
            let client = try self.options.client()
            let request = Chaindesk_V1_SignInsRequest.with {
                $0.username = self.username ?? ""
                $0.limit = UInt32(self.limit)
            }
            let response = try await attempt { try await client.call(API.Admin.signIns, request) }
            if self.options.json { return try self.options.printJSON(response) }
            self.options.table(
                ["when", "username", "staff", "device", "outcome"],
                response.signIns.map { [Formats.time($0.atMs), $0.username, $0.staffID, $0.device, $0.outcome] }
            )
        }
    }

    static func readPassword(_ prompt: String, fromStandardInput: Bool) throws -> String {
        if fromStandardInput { return readLine(strippingNewline: true) ?? "" }
        guard let typed = getpass(prompt) else { throw CLIError("no password given", status: 64) }
        return String(cString: typed)
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Creates a user: a new staff member, or a sign-in for an existing one (--staff)."
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "The new user's username.") var username: String
        @Option(help: "Their name as shown.") var name: String?
        @Option(help: "officer, deputyHead, director, leadership, aftercare or admin.") var role: String?
        @Option(help: "A chain they cover (id); repeat for several.") var sector: [String] = []
        @Option(help: "An existing staff member (id) to give this sign-in to.") var staff: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the new password from standard input.")
        var passwordFromStandardInput = false

        func validate() throws {
            if self.staff == nil, self.name == nil || self.role == nil {
                throw ValidationError("a new staff member needs --name and --role (or give --staff)")
            }
        }

        func run() async throws {
            let client = try self.options.client()
            let password = try UserCommand.readPassword(
                "password for \(self.username): ",
                fromStandardInput: self.passwordFromStandardInput
            )
            let request = Chaindesk_V1_CreateUserRequest.with {
                $0.username = self.username
                $0.password = password
                $0.name = self.name ?? ""
                $0.role = self.role ?? ""
                $0.sectors = self.sector
                $0.staffID = self.staff ?? ""
            }
            let user = try await attempt { try await client.call(API.Auth.createUser, request) }
            if self.options.json { return try self.options.printJSON(user) }
            print("created \(user.username) (\(user.name), \(self.options.labels[user.role]))")
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Changes a user's role, name, sectors or state.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The username.") var username: String
        @Option(help: "The new role.") var role: String?
        @Option(help: "The new name.") var name: String?
        @Option(help: "Replace the sectors with these chain ids (repeat).") var sector: [String] = []
        @Flag(help: "Stop the user signing in; their sessions end at once.") var deactivate = false
        @Flag(help: "Let a deactivated user sign in again.") var activate = false

        func run() async throws {
            let client = try self.options.client()
            let request = Chaindesk_V1_UpdateUserRequest.with {
                $0.username = self.username
                $0.role = self.role ?? ""
                $0.name = self.name ?? ""
                $0.sectors = self.sector
                $0.replaceSectors = !self.sector.isEmpty
                $0.state = self.deactivate ? "inactive" : self.activate ? "active" : ""
            }
            let user = try await attempt { try await client.call(API.Admin.updateUser, request) }
            if self.options.json { return try self.options.printJSON(user) }
            print("updated \(user.username) (\(user.name), \(self.options.labels[user.role]))")
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sets a password: your own, or (administrators) another user's. Their sessions end."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The username (default: yours).") var username: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the new password from standard input.")
        var passwordFromStandardInput = false

        func run() async throws {
            let client = try self.options.client()
            let password = try UserCommand.readPassword(
                "new password: ",
                fromStandardInput: self.passwordFromStandardInput
            )
            let request = Chaindesk_V1_SetPasswordRequest.with {
                $0.username = self.username ?? ""
                $0.password = password
            }
            let user = try await attempt { try await client.call(API.Admin.setPassword, request) }
            if self.options.json { return try self.options.printJSON(user) }
            print("password set for \(user.username); sign in again")
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Every change to a record: who, when, from which device, old → new."
    )
    @OptionGroup var options: ClientOptions
    @Argument(help: "enterprise, contact, project, serviceRequest, leadBatch, leadCandidate, referral, …") var entity:
        String
    @Argument(help: "The record: its id (for enterprises also a credit code or part of the name).") var record: String

    func run() async throws {
        let client = try self.options.client()
        var id = self.record
        if self.entity == "enterprise" { id = try await attempt { try await client.resolveEnterprise(self.record).id } }
        if self.entity == "project" { id = try await attempt { try await client.resolveProject(self.record).id } }
        let request = Chaindesk_V1_AuditTrailRequest.with {
            $0.entity = self.entity
            $0.id = id
        }
        let trail = try await attempt { try await client.call(API.Admin.auditTrail, request) }
        if self.options.json { return try self.options.printJSON(trail) }
        self.options.table(
            ["when", "who", "device", "field", "old", "new"],
            trail.entries.map { [Formats.time($0.atMs), $0.staffID, $0.device, $0.field, $0.old, $0.new] }
        )
    }
}
