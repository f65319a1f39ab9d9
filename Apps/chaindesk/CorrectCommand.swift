internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

struct CorrectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Corrects a logged contact: a new record that replaces it in history and reports.",
        discussion: """
            Contacts are never edited or deleted (every record says who knew what when): a correction is a new \
            record pointing at the one it corrects, about the same contact (same kind and time unless given), and \
            history and reports show the correction in its place (history --all shows both). An officer corrects \
            what they logged; a deputy head or director anyone's. \
            Example: chaindesk correct 常熟新材 3f2a9c1e "met 周经理, not 王经理" --next +7d
            """
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "The enterprise: id, credit code or an unambiguous part of its name.") var enterprise: String
    @Argument(help: "The contact to correct: its id or the start of it (see `chaindesk history`).") var interaction:
        String
    @Argument(help: "What happened, corrected (or give it with --summary-file).") var summary: String?
    @Option(help: "Read the corrected summary from this file (UTF-8), or from standard input for -.")
    var summaryFile: String?
    @Option(
        parsing: .unconditional,
        help: "The day the next step is due: YYYY-MM-DD, tomorrow, +7d (default: as it was)."
    )
    var next: String?
    @Option(help: "What the next step is (default: as it was).") var step: String?
    @Option(help: "The kind, if that was wrong: wechat, phone, video, email, visit, inspection, meeting or event.")
    var kind: String?

    func validate() throws {
        guard (self.summary == nil) != (self.summaryFile == nil) else {
            throw ValidationError(
                "give the corrected summary as an argument or with --summary-file, not both or neither"
            )
        }
        if let kind, !LogCommand.kinds.contains(kind) {
            throw ValidationError("kind \"\(kind)\" is not one of \(LogCommand.kinds.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let client = try self.options.client()
        let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
        let logged = try await attempt { try await client.interactions(of: enterprise.id, limit: 500) }
        let original = try await attempt {
            try References.resolve(self.interaction, among: logged, kind: "contact", id: \.id, names: { _ in [] })
        }
        var correction = original
        correction.id = UUID().uuidString.lowercased()
        correction.correctsID = original.id
        correction.summary = try self.summary ?? TextInput.read(self.summaryFile ?? "-", for: "--summary-file")
        guard !correction.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIError("the corrected summary is empty", status: 64)
        }
        if let kind { correction.kind = kind }
        if let next { correction.nextStepDue = try Parse.day(next, "--next") }
        if let step { correction.nextStep = step }
        let stored = try await attempt { try await client.logInteraction(correction, key: "log-\(correction.id)") }
        if self.options.json {
            return try printJSON(["id": stored.id, "corrects": original.id, "enterprise": enterprise.legalName])
        }
        print("corrected \(Formats.shortID(original.id)) with \(Formats.shortID(stored.id)) at \(enterprise.legalName)")
    }
}
