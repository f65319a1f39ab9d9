internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

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

    static let kinds = ["wechat", "phone", "video", "email", "visit", "inspection", "meeting", "event"]

    func validate() throws {
        guard Self.kinds.contains(self.kind) else {
            throw ValidationError("kind \"\(self.kind)\" is not one of \(Self.kinds.joined(separator: ", "))")
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
        let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
        var interaction = Chaindesk_V1_Interaction()
        interaction.id = UUID().uuidString.lowercased()
        interaction.kind = self.kind
        interaction.enterpriseID = enterprise.id
        interaction.summary = try self.summary ?? TextInput.read(self.summaryFile ?? "-", for: "--summary-file")
        guard !interaction.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIError("the summary is empty", status: 64)
        }
        interaction.nextStepDue = try self.next.map { try Parse.day($0, "--next") } ?? ""
        interaction.nextStep = self.step ?? ""
        interaction.needsFound = self.need
        if !self.contacts.isEmpty {
            let known = try await attempt {
                try await client.call(API.Contacts.listContacts, .with { $0.enterpriseID = enterprise.id }).contacts
            }
            interaction.contactIds = try await attempt {
                try self.contacts.map { name in
                    try References.resolve(name, among: known, kind: "contact", id: \.id, names: { [$0.name] }).id
                }
            }
        }
        if let event { interaction.eventID = try await attempt { try await client.resolveEvent(event).id } }
        if let at { interaction.occurredAtMs = try Self.milliseconds(at) }
        let stored = try await attempt { try await client.logInteraction(interaction, key: "log-\(interaction.id)") }
        if self.options.json {
            try printJSON([
                "id": stored.id, "enterprise": enterprise.legalName, "kind": stored.kind,
                "next_step_due": stored.nextStepDue,
            ])
        } else {
            let next = stored.nextStepDue.isEmpty ? "" : "; next step due \(stored.nextStepDue)"
            print("logged \(stored.kind) with \(enterprise.legalName)\(next)")
        }
    }
}

extension LogCommand {
    /// `YYYY-MM-DD` (noon) or `YYYY-MM-DDTHH:MM`, local time, as Unix milliseconds.
    static func milliseconds(_ text: String) throws -> Int64 {
        let parts = text.split(separator: "T", maxSplits: 1).map(String.init)
        let day = try Parse.day(parts[0], "--at")
        var hour = 12
        var minute = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":").compactMap { Int($0) }
            guard time.count == 2, (0..<24).contains(time[0]), (0..<60).contains(time[1]) else {
                throw CLIError("--at \(text): the time is not HH:MM", status: 64)
            }
            (hour, minute) = (time[0], time[1])
        }
        let numbers = day.split(separator: "-").compactMap { Int($0) }
        var components = DateComponents()
        components.year = numbers[0]
        components.month = numbers[1]
        components.day = numbers[2]
        components.hour = hour
        components.minute = minute
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        guard let date = calendar.date(from: components) else {
            throw CLIError("--at \(text) is not a time", status: 64)
        }
        return Int64(date.timeIntervalSince1970 * 1000)
    }
}
