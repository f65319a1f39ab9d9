internal import ArgumentParser
internal import ChainDeskClient
internal import ChainDeskDomain
internal import Foundation

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Logs a contact with an enterprise in one line.",
        discussion: "Example: chaindesk log wechat 豪顺 \"sent the 蓉欧 park brochure\" --next +7d"
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "wechat, phone, video, email, visit, inspection, meeting or event.") var kind: String
    @Argument(help: "The enterprise: id, credit code or an unambiguous part of its name.") var enterprise: String
    @Argument(help: "What happened (or give it with --summary-file).") var summary: String?
    @Option(help: "Read what happened from this file (UTF-8), or from standard input for -: long notes, minutes.")
    var summaryFile: String?
    @Option(parsing: .unconditional, help: "The day the next step is due: YYYY-MM-DD, tomorrow, +7d, +2w.") var next:
        String?
    @Option(help: "What the next step is (default: follow up).") var step: String?
    @Option(help: "A need the enterprise mentioned; repeat for several.") var need: [String] = []
    @Option(name: .customLong("with"), help: "A contact at the enterprise you spoke with (name); repeat for several.")
    var contacts: [String] = []
    @Option(help: "The event it happened at (a delegation's visit, a fair): id or name.") var event: String?
    @Option(
        parsing: .unconditional,
        help: "When it happened, if not now: YYYY-MM-DD (noon, local time) or YYYY-MM-DDTHH:MM."
    ) var at: String?

    func validate() throws {
        guard Interaction.Kind(rawValue: self.kind) != nil else {
            let kinds = Interaction.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("kind \"\(self.kind)\" is not one of \(kinds)")
        }
        guard (self.summary == nil) != (self.summaryFile == nil) else {
            throw ValidationError("give the summary as an argument or with --summary-file, not both or neither")
        }
        if let summary, summary.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("the summary is empty")
        }
    }

    func run() async throws {
        let client = try self.options.client()
        let summary = try self.summary ?? TextInput.read(self.summaryFile ?? "-", for: "--summary-file")
        var entry = ContactLog(
            kind: Interaction.Kind(rawValue: self.kind) ?? .phone,
            enterprise: self.enterprise,
            summary: summary
        )
        entry.nextDue = self.next
        entry.nextStep = self.step
        entry.needs = self.need
        entry.with = self.contacts
        entry.event = self.event
        entry.at = self.at
        try self.options.show(try await attempt { try await client.log(entry) })
    }
}
