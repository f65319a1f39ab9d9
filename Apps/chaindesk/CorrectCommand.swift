internal import ArgumentParser
internal import ChainDeskClient
internal import ChainDeskDomain

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
        if let kind, Interaction.Kind(rawValue: kind) == nil {
            let kinds = Interaction.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("kind \"\(kind)\" is not one of \(kinds)")
        }
    }

    func run() async throws {
        let client = try self.options.client()
        let summary = try self.summary ?? TextInput.read(self.summaryFile ?? "-", for: "--summary-file")
        var entry = ContactCorrection(enterprise: self.enterprise, interaction: self.interaction, summary: summary)
        entry.kind = self.kind.flatMap(Interaction.Kind.init)
        entry.nextDue = self.next
        entry.nextStep = self.step
        try self.options.show(try await attempt { try await client.correct(entry) })
    }
}
