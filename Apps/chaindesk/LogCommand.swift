internal import ArgumentParser
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Logs a contact with an enterprise in one line.",
        discussion: "Example: chaindesk log wechat 豪顺 \"sent the 蓉欧 park brochure\" --next 2026-12-01"
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "wechat, phone, video, email, visit, inspection, meeting or event.") var kind: String
    @Argument(help: "The enterprise: id, credit code or an unambiguous part of its name.") var enterprise: String
    @Argument(help: "What happened.") var summary: String
    @Option(help: "The day the next step is due (YYYY-MM-DD).") var next: String?
    @Option(help: "What the next step is (default: follow up).") var step: String?
    @Option(help: "A need the enterprise mentioned; repeat for several.") var need: [String] = []

    static let kinds = ["wechat", "phone", "video", "email", "visit", "inspection", "meeting", "event"]

    func validate() throws {
        guard Self.kinds.contains(self.kind) else {
            throw ValidationError("kind \"\(self.kind)\" is not one of \(Self.kinds.joined(separator: ", "))")
        }
        guard !self.summary.trimmingCharacters(in: .whitespaces).isEmpty else {
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
        interaction.summary = self.summary
        interaction.nextStepDue = self.next ?? ""
        interaction.nextStep = self.step ?? ""
        interaction.needsFound = self.need
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
