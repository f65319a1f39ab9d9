internal import ArgumentParser
internal import ChainDeskClient
internal import ChainDeskDomain
internal import Foundation

struct LeadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leads",
        abstract: "Lead batches (a chamber's member list, a fair's attendees) and their screening (研判).",
        subcommands: [Import.self, List.self, Show.self, Screen.self, Mark.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Imports a lead batch from a CSV file (UTF-8, GB18030, or Big5 with --encoding big5).",
            discussion: """
                The first row names the columns: a name column (名称, 企业名称, 单位名称, 会员单位, name) and \
                optionally 统一社会信用代码 (credit_code) and 主营 (主营业务, 经营范围, main_business), which are \
                kept. Every bad row is reported with its line — a blank or over-long name, a control character, a \
                repeated name, a bad credit code — and a file with any bad row imports nothing; blank lines are \
                skipped and counted. Candidates are linked to the enterprise on file with their credit code or \
                their very name. Lists longer than 2,000 rows are sent as a stream and need the office.
                """
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "The batch's name.") var name: String
        @Option(help: "chamber, referral, event or list.") var source = "list"
        @Option(help: "The chamber or enterprise it came from: id, credit code or part of the name.") var from: String?
        @Option(help: "The event it came from: id or name.") var event: String?
        @Option(help: "The person to tell the outcome (a contact at --from): name.") var referrer: String?
        @Option(parsing: .unconditional, help: "The day it arrived (YYYY-MM-DD; default today).") var received: String?
        @Option(help: "A screening criterion with its weight, name:weight (产业链契合:3); repeat for several.")
        var criterion: [String] = []
        @Option(help: "How the file is encoded: utf-8, gb18030 or big5 (default: UTF-8 if it is, else GB18030).")
        var encoding: String?

        func validate() throws {
            if let encoding, LeadCSV.Encoding(rawValue: encoding.lowercased()) == nil {
                throw ValidationError("--encoding must be utf-8, gb18030 or big5")
            }
        }

        func run() async throws {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: self.file))
            } catch {
                throw CLIError("cannot read \(self.file): \(error.localizedDescription)", status: 66)
            }
            let csv: LeadCSV
            do {
                csv = try LeadCSV(data: data, encoding: self.encoding.flatMap { .init(rawValue: $0.lowercased()) }) {
                    code in
                    do {
                        _ = try CreditCode(code)
                        return nil
                    } catch {
                        return "\(error)"
                    }
                }
            } catch {
                throw CLIError("\(self.file): \(error)", status: 65)
            }
            var draft = LeadBatchDraft(name: self.name)
            draft.source = self.source
            draft.from = self.from
            draft.event = self.event
            draft.referrer = self.referrer
            draft.received = self.received
            draft.criteria = self.criterion
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.importLeads(csv, into: draft) })
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists lead batches, newest first.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.leadBatches() })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows a batch: its clocks and every candidate's scores and decision."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The batch: id or part of its name.") var batch: String
        @Option(help: "Only candidates with this decision: pending, shortlisted or rejected.") var decision: String?

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(
                try await attempt { try await client.leadBatchDossier(self.batch, decision: self.decision) }
            )
        }
    }

    struct Screen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scores a candidate and records the decision (研判).",
            discussion:
                "Example: chaindesk leads screen 商会名单 精工 --score 产业链契合=5 --score 规模=3 --decision shortlisted --reason \"补链: 精密模具\""
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The batch: id or part of its name.") var batch: String
        @Argument(help: "The candidate: id or part of its name.") var candidate: String
        @Option(help: "A criterion's score 0–5, criterion=score; repeat for several.") var score: [String] = []
        @Option(help: "pending, shortlisted or rejected.") var decision: String?
        @Option(help: "Why (needed with a decision).") var reason: String?

        func run() async throws {
            let client = try self.options.client()
            let screened = try await attempt {
                try await client.screen(
                    batch: self.batch,
                    candidate: self.candidate,
                    scores: self.score,
                    decision: self.decision,
                    reason: self.reason
                )
            }
            try self.options.show(screened)
        }
    }

    struct Mark: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Records a step of the batch's handling: responded, screened or notified (the referrer told)."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The batch: id or part of its name.") var batch: String
        @Argument(help: "responded, screened or notified.") var step: String
        @Option(parsing: .unconditional, help: "The day it was done (default today).") var on: String?

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(
                try await attempt { try await client.markLeadBatch(self.batch, step: self.step, on: self.on) }
            )
        }
    }
}

struct ReferralCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referral",
        abstract: "Who introduced whom (以商招商): credit for introducers.",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Records that an introducer brought an enterprise to the office.",
            discussion: "Example: chaindesk referral add 豪顺 宁波商会 --on 2026-10-12"
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "Who introduced: an enterprise or chamber, or with --kind a contact, staff member or event.")
        var introducer: String
        @Argument(help: "The enterprise introduced: id, credit code or part of the name.") var introduced: String
        @Option(help: "enterprise, chamber, contact, staff or event (default: from the introducer).") var kind: String?
        @Option(parsing: .unconditional, help: "The day (default today).") var on: String?
        @Option(help: "A note.") var note = ""

        func run() async throws {
            let client = try self.options.client()
            let recorded = try await attempt {
                try await client.addReferral(
                    introducer: self.introducer,
                    introduced: self.introduced,
                    kind: self.kind,
                    on: self.on,
                    note: self.note
                )
            }
            try self.options.show(recorded)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists referrals.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            try self.options.show(try await attempt { try await client.referrals() })
        }
    }
}
