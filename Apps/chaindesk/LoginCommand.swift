internal import ArgumentParser
internal import ChainDeskClient
internal import Foundation

struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Signs in and keeps the session (0600) for the other commands."
    )

    @OptionGroup var options: ClientOptions
    @Option(name: .customLong("user"), help: "Your username.") var username: String
    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of asking.")
    var passwordFromStandardInput = false
    @Option(help: "A name for this device, recorded with your changes. [default: the host name]") var device: String?
    @Flag(name: .customLong("no-sync"), help: "Do not fetch your working set for offline use now.") var noSync = false

    func run() async throws {
        let client = try self.options.officeClient(requireSession: false)
        let password: String
        if self.passwordFromStandardInput {
            password = (readLine(strippingNewline: true) ?? "")
        } else {
            guard let typed = getpass("password for \(self.username): ") else { throw CLIError("no password given") }
            password = String(cString: typed)
        }
        let device = self.device ?? ProcessInfo.processInfo.hostName
        let cache = try ClientOptions.cache(server: "\(client.host):\(client.port)", username: self.username)
        let signedIn = try await attempt {
            try await client.signIn(
                username: self.username,
                password: password,
                device: device,
                trustRoots: self.options.resolvedTrustRoots,
                sessionFile: self.options.sessionFile,
                cache: cache,
                sync: !self.noSync,
                progress: SyncCommand.progressLine(quiet: self.options.json)
            )
        }
        try self.options.show(signedIn)
    }
}

struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Signs out and forgets the session."
    )

    @OptionGroup var options: ClientOptions

    func run() async throws {
        let client = try self.options.officeClient()
        try? await client.logout()
        let session = try? self.options.sessionFile.load()
        try self.options.sessionFile.remove()
        if let session,
            let waiting = try? ClientOptions.cache(server: session.server, username: session.username)
                .pending().count, waiting > 0
        {
            FileHandle.standardError.write(
                Data(
                    "chaindesk: \(waiting) change\(waiting == 1 ? "" : "s") made offline stay on this device; they go to the office when \(session.username) signs in and syncs\n"
                        .utf8
                )
            )
        }
        if !self.options.json { print("signed out") }
    }
}

struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Shows who you are signed in as.")

    @OptionGroup var options: ClientOptions

    func run() async throws {
        let client = try self.options.client()
        try self.options.show(try await attempt { try await client.identity() })
    }
}

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Finds enterprises and contacts by name, short name, pinyin, initials, credit code or phone."
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "What to look for: 豪顺, haoshun, dgh, a credit code …") var query: String
    @Option(help: "At most this many results.") var limit = 20

    func validate() throws {
        guard !self.query.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("the query is empty")
        }
        guard (1...200).contains(self.limit) else { throw ValidationError("--limit must be 1–200") }
    }

    func run() async throws {
        let client = try self.options.client()
        try self.options.show(try await attempt { try await client.find(self.query, limit: self.limit) })
    }
}
