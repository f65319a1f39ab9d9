internal import ArgumentParser
internal import ChainDeskClient
internal import ChainDeskDomain
internal import Foundation

@main
struct ChaindeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaindesk",
        abstract: "The ChainDesk field client: the office's records from wherever you are.",
        discussion: """
            Records are named by id, by credit code (enterprises) or by an unambiguous part of their name; an \
            ambiguous name lists the candidates. Money is typed and shown as 万元 / 亿元 (5000万, 2.4亿), days as \
            YYYY-MM-DD, times in local time. Every read command takes --json.

            Exit status: 0 done; 1 the office refused the request; 3 not found; 64 bad arguments; 65 bad input \
            file; 69 the office is unreachable (and the command needs it); 70 the office failed; 73 this device's \
            copy cannot be opened; 77 not signed in or not permitted.
            """,
        subcommands: [
            LoginCommand.self, LogoutCommand.self, WhoAmICommand.self, StatusCommand.self, SearchCommand.self,
            EnterpriseCommand.self, ContactCommand.self, LogCommand.self, HistoryCommand.self, ChainCommand.self,
            LeadsCommand.self, ReferralCommand.self, ProjectCommand.self, EventCommand.self, TripCommand.self,
            RequestCommand.self, StaffCommand.self, AssignCommand.self, ReportCommand.self, UserCommand.self,
            AuditCommand.self, SyncCommand.self, ConflictsCommand.self, OutboxCommand.self, CorrectCommand.self,
        ]
    )

    /// Runs the command; a failure is one line on standard error and an exit status scripts can rely on.
    static func main() async {
        do {
            try TextInput.checkArguments()
            var command = try Self.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            printError(error.description)
            Foundation.exit(error.status)
        } catch {
            Self.exit(withError: error)
        }
    }
}

/// Options every command shares.
struct ClientOptions: ParsableArguments {
    @Option(
        help: """
            The office node, host:port; several, comma-separated, when the office runs several nodes (the next is \
            used when one goes away). [env: CHAINDESK_SERVER] (default: the signed-in server, else 127.0.0.1:7420)
            """
    )
    var server: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(help: "Labels in zh or en. [env: CHAINDESK_LANG] (default: from the locale)")
    var lang: String?

    @Flag(help: "Speak TLS to the node, checking its certificate. [env: CHAINDESK_TLS=1]")
    var tls = false

    @Option(
        name: .customLong("ca"),
        help:
            "PEM certificates to trust for the node's TLS certificate (with --tls). [env: CHAINDESK_CA] (default: the system's)"
    )
    var trustRoots: String?

    var sessionFile: SessionFile { SessionFile() }

    func validate() throws {
        if let lang = self.lang, Labels.Language(rawValue: lang) == nil {
            throw ValidationError("--lang must be zh or en")
        }
        do {
            try ClientClock.check()
        } catch {
            throw ValidationError("CHAINDESK_CLOCK: \(error.english)")
        }
    }

    var labels: Labels {
        if let lang, let chosen = Labels.Language(rawValue: lang) { return Labels(chosen) }
        if let chosen = ProcessInfo.processInfo.environment["CHAINDESK_LANG"].flatMap(Labels.Language.init) {
            return Labels(chosen)
        }
        return Labels.fromEnvironment()
    }

    /// --tls, or CHAINDESK_TLS set.
    var tlsRequested: Bool {
        self.tls
            || ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["CHAINDESK_TLS"]?.lowercased() ?? "")
    }

    /// --ca, else CHAINDESK_CA.
    var resolvedTrustRoots: String? { self.trustRoots ?? ProcessInfo.processInfo.environment["CHAINDESK_CA"] }

    /// The node's address: --server, else CHAINDESK_SERVER, else the signed-in server, else 127.0.0.1:7420.
    func address(_ session: SessionFile.Session?) -> String {
        self.server ?? ProcessInfo.processInfo.environment["CHAINDESK_SERVER"] ?? session?.server ?? "127.0.0.1:7420"
    }

    /// The online client for the chosen server, with the saved token when it belongs to that server.
    func officeClient(requireSession: Bool = true) throws -> OfficeClient {
        let session = try? self.sessionFile.load()
        let address = self.address(session)
        var client: OfficeClient
        do {
            client = try OfficeClient(address: address)
        } catch {
            throw CLIError(ClientError(error))
        }
        // The session of this server, when there is one: its token, and TLS if it was opened over TLS — a token
        // that crossed the network encrypted is never sent in the clear afterwards.
        let saved = session.flatMap { $0.server == address ? $0 : nil }
        if let saved { client.token = saved.token }
        let trustRoots = self.resolvedTrustRoots ?? saved?.trustRoots
        if self.tlsRequested || saved?.tls == true {
            if let trustRoots, !FileManager.default.isReadableFile(atPath: trustRoots) {
                let named = self.resolvedTrustRoots == nil ? "the certificates this session trusts" : "--ca"
                throw CLIError("\(named), \(trustRoots): no readable file there", status: 66)
            }
            client.requireTLS(trustRoots: trustRoots)
        } else if self.trustRoots != nil {
            throw CLIError("--ca goes with --tls", status: 64)
        }
        if requireSession, client.token == nil {
            throw CLIError("not signed in to \(address); run: chaindesk login --user NAME", status: 77)
        }
        return client
    }

    /// The field client: the node when it answers, this device's copy when it does not.
    func client() throws -> FieldClient {
        let office = try self.officeClient()
        let session = try? self.sessionFile.load()
        let cache = try session.map { try Self.cache(server: $0.server, username: $0.username) }
        return FieldClient(office: office, cache: cache) { line in
            printError(line)
        }
    }

    /// This device's copy for the signed-in user.
    func deviceCache() throws -> FieldCache {
        guard let session = try? self.sessionFile.load() else {
            throw CLIError("not signed in; run: chaindesk login --user NAME", status: 77)
        }
        return try Self.cache(server: session.server, username: session.username)
    }

    /// This device's copy of what `username` works on at `server`.
    static func cache(server: String, username: String) throws -> FieldCache {
        do {
            return try FieldCache(folder: FieldCache.defaultFolder(), server: server, username: username)
        } catch {
            throw CLIError("cannot open this device's copy of the office: \(error)", status: 73)
        }
    }

    /// An empty printout in the user's language, for JSON when --json was given.
    var printout: Printout { Printout(self.labels, json: self.json) }

    /// Prints what a use case returned, as text or as JSON.
    func show(_ result: some Presentable) throws {
        var out = self.printout
        try result.present(into: &out)
        print(out.output)
    }
}

/// A failure to report as one line, with the exit status it ends the command with.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    let status: Int32

    init(_ description: String, status: Int32 = 1) {
        self.description = description
        self.status = status
    }

    /// The line and status for a failed call.
    init(_ error: ClientError) {
        let status: Int32 =
            switch error.code {
            case .badArgument: 64
            case .notFound: 3
            case .notSignedIn, .notPermitted: 77
            case .unreachable: 69
            case .officeFailed: 70
            case .localCopy: 73
            default: 1
            }
        self.init(error.description, status: status)
    }
}

/// Runs client calls, turning any failure into one line with its exit status.
func attempt<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as CLIError {
        throw error
    } catch {
        throw CLIError(ClientError(error))
    }
}
