internal import ArgumentParser
internal import ChainDeskClient
internal import Foundation

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Whether the office node is serving, its version and its methods (no sign-in needed)."
    )
    @OptionGroup var options: ClientOptions
    @Flag(help: "Also list every method with its id.") var methods = false

    func run() async throws {
        let client = try self.options.officeClient(requireSession: false)
        try self.options.show(try await attempt { try await client.status(methods: self.methods) })
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
        try self.options.show(try await attempt { try await client.staff() })
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
            try self.options.show(try await attempt { try await client.suggestAssignment() })
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Applies the current suggestion, all moves or none (run suggest first to review it)."
        )
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            guard let applied = try await attempt({ try await client.applyAssignment() }) else {
                return print("nothing to move")
            }
            try self.options.show(applied)
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Gives one enterprise to an officer.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "The officer: username, id or name.") var to: String

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.move(self.enterprise, to: self.to) })
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
            try self.options.show(
                try await attempt { try await client.signIns(username: self.username, limit: self.limit) }
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
            var user = NewUser(username: self.username, password: password)
            user.name = self.name
            user.role = self.role
            user.sectors = self.sector
            user.staff = self.staff
            try self.options.show(try await attempt { try await client.createUser(user) })
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
            var change = UserChange(username: self.username)
            change.role = self.role
            change.name = self.name
            change.sectors = self.sector
            change.active = self.deactivate ? false : self.activate ? true : nil
            try self.options.show(try await attempt { try await client.updateUser(change) })
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
            try self.options.show(
                try await attempt { try await client.setPassword(of: self.username, to: password) }
            )
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
        try self.options.show(try await attempt { try await client.auditTrail(self.entity, self.record) })
    }
}
