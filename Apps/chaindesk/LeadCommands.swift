internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskDomain
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

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
            let criteria = try self.criterion.map { text in
                let parts = text.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let weight = Int32(parts[1]), weight > 0, !parts[0].isEmpty else {
                    throw CLIError("--criterion \"\(text)\" is not name:weight (产业链契合:3)", status: 64)
                }
                return Chaindesk_V1_Criterion.with {
                    $0.name = String(parts[0])
                    $0.weight = weight
                }
            }
            let client = try self.options.client()
            var batch = Chaindesk_V1_LeadBatch.with {
                $0.name = self.name
                $0.source = self.source
                $0.criteria = criteria
            }
            if let received { batch.receivedOn = try Parse.day(received, "--received") }
            if let from {
                let source = try await attempt { try await client.resolveEnterprise(from) }
                batch.sourceEnterpriseID = source.id
                if let referrer {
                    let contacts = try await attempt {
                        try await client.call(API.Contacts.listContacts, .with { $0.enterpriseID = source.id }).contacts
                    }
                    batch.referrerContactID = try await attempt {
                        try References.resolve(
                            referrer,
                            among: contacts,
                            kind: "contact",
                            id: \.id,
                            names: { [$0.name] }
                        )
                        .id
                    }
                }
            } else if self.referrer != nil {
                throw CLIError("--referrer needs --from: the chamber or enterprise the referrer works at", status: 64)
            }
            if let event { batch.sourceEventID = try await attempt { try await client.resolveEvent(event).id } }
            let request = Chaindesk_V1_ImportLeadBatchRequest.with {
                $0.batch = batch
                $0.candidates = csv.rows.map { row in
                    .with {
                        $0.name = row.name
                        $0.creditCode = row.creditCode
                        $0.mainBusiness = row.mainBusiness
                    }
                }
            }
            let summary: Chaindesk_V1_LeadBatchSummary
            if request.candidates.count <= leadPageSize {
                // One call, which can wait on this device when the office is out of reach.
                let detail = try await attempt {
                    try await client.call(API.Leads.importLeadBatch, request, key: newKey())
                }
                summary = .with {
                    $0.batch = detail.batch
                    $0.candidates = Int32(detail.candidates.count)
                    $0.linked = Int32(detail.candidates.count { !$0.enterpriseID.isEmpty })
                }
            } else {
                // A stream of pages, committed as one; it needs the office.
                summary = try await attempt {
                    try await client.office.streamLeadBatch(
                        request.batch,
                        candidates: request.candidates,
                        key: newKey()
                    )
                }
            }
            if self.options.json { return try self.options.printJSON(summary) }
            print(
                "imported \(summary.candidates) candidates (\(csv.encoding)) into \(summary.batch.name) "
                    + "[\(summary.batch.id)]; \(summary.linked) already on file"
            )
            if !csv.skippedLines.isEmpty {
                let lines = csv.skippedLines.prefix(10).map(String.init).joined(separator: ", ")
                let more = csv.skippedLines.count > 10 ? ", …" : ""
                print(
                    "skipped \(csv.skippedLines.count) blank line\(csv.skippedLines.count == 1 ? "" : "s") (\(lines)\(more))"
                )
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists lead batches, newest first.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            let list = try await attempt { try await client.call(API.Leads.listLeadBatches, .init()) }
            if self.options.json { return try self.options.printJSON(list) }
            self.options.table(
                ["name", "source", "received", "candidates", "shortlisted", "rejected", "id"],
                list.batches.map {
                    [
                        $0.batch.name, labels[$0.batch.source], $0.batch.receivedOn, "\($0.candidates)",
                        "\($0.shortlisted)", "\($0.rejected)", Formats.shortID($0.batch.id),
                    ]
                }
            )
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
            let labels = self.options.labels
            let batch = try await attempt { try await client.resolveLeadBatch(self.batch) }
            var detail = try await attempt { try await client.leadBatch(batch.id) }
            if let decision { detail.candidates = detail.candidates.filter { $0.decision == decision } }
            if self.options.json { return try self.options.printJSON(detail) }
            print(detail.batch.name)
            self.options.table(
                ["clock", "due", "done", "overdue"],
                detail.clocks.map { [labels[$0.name], $0.due, $0.doneOn, $0.overdue ? labels["yes"] : ""] }
            )
            print("")
            let criteria = detail.batch.criteria.map(\.name)
            self.options.table(
                ["name"] + criteria + ["score", "decision", "reason"],
                detail.candidates.sorted { ($0.total, $1.name) > ($1.total, $0.name) }.map { candidate in
                    [candidate.name] + criteria.map { candidate.scores[$0].map(String.init) ?? "" }
                        + ["\(candidate.total)", labels[candidate.decision], candidate.reason]
                }
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
            let batch = try await attempt { try await client.resolveLeadBatch(self.batch) }
            let detail = try await attempt { try await client.leadBatch(batch.id) }
            let candidate = try await attempt {
                try References.resolve(
                    self.candidate,
                    among: detail.candidates,
                    kind: "candidate",
                    id: \.id,
                    names: { [$0.name] }
                )
            }
            var scores: [String: Int32] = [:]
            for text in self.score {
                let parts = text.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Int32(parts[1]) else {
                    throw CLIError("--score \"\(text)\" is not criterion=score", status: 64)
                }
                scores[String(parts[0])] = value
            }
            let request = Chaindesk_V1_ScreenCandidateRequest.with {
                $0.candidateID = candidate.id
                $0.scores = scores
                $0.decision = self.decision ?? ""
                $0.reason = self.reason ?? ""
                $0.version = candidate.version
            }
            try await self.options.write(client, API.Leads.screenCandidate, request) { stored in
                "\(stored.name): \(self.options.labels[stored.decision]), score \(stored.total)"
            }
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
            let batch = try await attempt { try await client.resolveLeadBatch(self.batch) }
            let request = Chaindesk_V1_MarkLeadBatchRequest.with {
                $0.batchID = batch.id
                $0.step = self.step
                $0.version = batch.version
            }
            var dated = request
            if let on { dated.on = try Parse.day(on, "--on") }
            try await self.options.write(client, API.Leads.markLeadBatch, dated) { detail in
                "\(detail.batch.name): \(self.step)"
            }
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
            let introduced = try await attempt { try await client.resolveEnterprise(self.introduced) }
            var referral = Chaindesk_V1_Referral()
            switch self.kind {
            case nil, "enterprise", "chamber":
                let introducer = try await attempt { try await client.resolveEnterprise(self.introducer) }
                referral.introducerID = introducer.id
                referral.introducerKind = self.kind ?? (introducer.kind == "chamber" ? "chamber" : "enterprise")
            case "staff":
                referral.introducerID = try await attempt { try await client.resolveStaff(self.introducer).id }
                referral.introducerKind = "staff"
            case "event":
                referral.introducerID = try await attempt { try await client.resolveEvent(self.introducer).id }
                referral.introducerKind = "event"
            case "contact":
                let hits = try await attempt { try await client.search(self.introducer) }.filter {
                    $0.kind == "contact"
                }
                let contact = try await attempt {
                    try References.resolve(
                        self.introducer,
                        among: hits,
                        kind: "contact",
                        id: \.id,
                        names: { [$0.title] }
                    )
                }
                referral.introducerID = contact.id
                referral.introducerKind = "contact"
            case let other?:
                throw CLIError("--kind \(other) is not enterprise, chamber, contact, staff or event", status: 64)
            }
            referral.introducedID = introduced.id
            referral.note = self.note
            if let on { referral.introducedOn = try Parse.day(on, "--on") }
            let request = Chaindesk_V1_CreateReferralRequest.with { $0.referral = referral }
            try await self.options.write(client, API.Leads.createReferral, request) { stored in
                "recorded: \(self.introducer) introduced \(introduced.legalName) on \(stored.introducedOn)"
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists referrals.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try self.options.client()
            let list = try await attempt { try await client.call(API.Leads.listReferrals, .init()) }
            if self.options.json { return try self.options.printJSON(list) }
            let names = list.names
            self.options.table(
                ["introducer", "kind", "introduced", "when", "note"],
                list.referrals.map {
                    [
                        names[$0.introducerID] ?? $0.introducerID, self.options.labels[$0.introducerKind],
                        names[$0.introducedID] ?? $0.introducedID, $0.introducedOn, $0.note,
                    ]
                }
            )
        }
    }
}
