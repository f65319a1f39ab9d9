internal import ArgumentParser
internal import ChainDeskClient
internal import ChainDeskRPC
internal import ChainDeskWire
internal import Foundation

@main
struct ChaindeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaindesk",
        abstract: "The ChainDesk field client: the office's records from wherever you are.",
        subcommands: [
            LoginCommand.self, LogoutCommand.self, WhoAmICommand.self, SearchCommand.self, LogCommand.self,
            AddUserCommand.self,
        ]
    )
}

/// Options every command shares.
struct ClientOptions: ParsableArguments {
    @Option(
        help: "The office node, host:port. [env: CHAINDESK_SERVER] (default: the signed-in server, else 127.0.0.1:7420)"
    )
    var server: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    var sessionFile: SessionFile { SessionFile() }

    /// The client for the chosen server, with the saved token when it belongs to that server.
    func client(requireSession: Bool = true) throws -> OfficeClient {
        let session = try? self.sessionFile.load()
        let address =
            self.server ?? ProcessInfo.processInfo.environment["CHAINDESK_SERVER"] ?? session?.server
            ?? "127.0.0.1:7420"
        var client: OfficeClient
        do {
            client = try OfficeClient(address: address)
        } catch let error as RPCError {
            throw ValidationError(error.message)
        }
        if let session, session.server == address { client.token = session.token }
        if requireSession, client.token == nil {
            throw CLIError("not signed in to \(address); run: chaindesk login --user NAME")
        }
        return client
    }
}

/// A failure to report as one line.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Error {
    /// One line for people, never a dump.
    var line: String {
        if let error = self as? RPCError {
            return "\(error.code.name.lowercased().replacingOccurrences(of: "_", with: " ")): \(error.message)"
        }
        return "\(self)"
    }
}

/// Runs a client call, turning its failure into one line.
func attempt<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as CLIError {
        throw error
    } catch {
        throw CLIError(error.line)
    }
}

/// Prints a value as JSON.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
