internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskProto
public import Foundation
internal import SwiftProtobuf

/// A lead batch's header as typed: where it came from by reference, criteria as `name:weight`.
public struct LeadBatchDraft: Sendable {
    public var name: String
    /// chamber, referral, event or list.
    public var source = "list"
    /// The chamber or enterprise it came from: id, credit code or part of the name.
    public var from: String?
    /// The event it came from: id or name.
    public var event: String?
    /// The person to tell the outcome, a contact at `from`: name.
    public var referrer: String?
    /// The day it arrived (default today).
    public var received: String?
    /// Screening criteria with their weights, `产业链契合:3`.
    public var criteria: [String] = []

    public init(name: String) {
        self.name = name
    }
}

/// A batch imported: how many candidates, how many already on file, what the file's reading skipped.
public struct ImportedLeads: Presentable {
    public let summary: Chaindesk_V1_LeadBatchSummary
    public let csv: LeadCSV

    public func present(into out: inout Printout) throws {
        try out.json(self.summary)
        out.line(
            "imported \(self.summary.candidates) candidates (\(self.csv.encoding)) into \(self.summary.batch.name) "
                + "[\(self.summary.batch.id)]; \(self.summary.linked) already on file"
        )
        let skipped = self.csv.skippedLines
        if !skipped.isEmpty {
            let lines = skipped.prefix(10).map(String.init).joined(separator: ", ")
            let more = skipped.count > 10 ? ", …" : ""
            out.line("skipped \(skipped.count) blank line\(skipped.count == 1 ? "" : "s") (\(lines)\(more))")
        }
    }
}

/// Lead batches, newest first, with their counts.
public struct LeadBatchListing: Presentable {
    public let batches: [Chaindesk_V1_LeadBatchSummary]

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_LeadBatchList.with { $0.batches = self.batches })
        let labels = out.labels
        out.table(
            ["name", "source", "received", "candidates", "shortlisted", "rejected", "id"],
            self.batches.map {
                [
                    $0.batch.name, labels[$0.batch.source], $0.batch.receivedOn, "\($0.candidates)",
                    "\($0.shortlisted)", "\($0.rejected)", Formats.shortID($0.batch.id),
                ]
            }
        )
    }
}

/// A batch's clocks and its candidates, best score first.
public struct LeadBatchDossier: Presentable {
    public let detail: Chaindesk_V1_LeadBatchDetail

    public func present(into out: inout Printout) throws {
        try out.json(self.detail)
        let labels = out.labels
        out.line(self.detail.batch.name)
        out.table(
            ["clock", "due", "done", "overdue"],
            self.detail.clocks.map { [labels[$0.name], $0.due, $0.doneOn, $0.overdue ? labels["yes"] : ""] }
        )
        out.line("")
        let criteria = self.detail.batch.criteria.map(\.name)
        out.table(
            ["name"] + criteria + ["score", "decision", "reason"],
            self.detail.candidates.sorted { ($0.total, $1.name) > ($1.total, $0.name) }.map { candidate in
                [candidate.name] + criteria.map { candidate.scores[$0].map(String.init) ?? "" }
                    + ["\(candidate.total)", labels[candidate.decision], candidate.reason]
            }
        )
    }
}

/// Who introduced whom, with the names of both.
public struct ReferralListing: Presentable {
    public let list: Chaindesk_V1_ReferralList

    public func present(into out: inout Printout) throws {
        try out.json(self.list)
        let names = self.list.names
        let labels = out.labels
        out.table(
            ["introducer", "kind", "introduced", "when", "note"],
            self.list.referrals.map {
                [
                    names[$0.introducerID] ?? $0.introducerID, labels[$0.introducerKind],
                    names[$0.introducedID] ?? $0.introducedID, $0.introducedOn, $0.note,
                ]
            }
        )
    }
}

extension FieldClient {
    /// Imports a lead batch read from a file. Up to `leadPageSize` candidates go in one call, which can wait on
    /// this device when the office is out of reach; more go as a stream committed as one, which needs the office.
    public func importLeads(_ csv: LeadCSV, into draft: LeadBatchDraft) async throws -> ImportedLeads {
        let criteria = try draft.criteria.map { text in
            let parts = text.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let weight = Int32(parts[1]), weight > 0, !parts[0].isEmpty else {
                throw ClientError(.badArgument, "--criterion \"\(text)\" is not name:weight (产业链契合:3)")
            }
            return Chaindesk_V1_Criterion.with {
                $0.name = String(parts[0])
                $0.weight = weight
            }
        }
        var batch = Chaindesk_V1_LeadBatch.with {
            $0.name = draft.name
            $0.source = draft.source
            $0.criteria = criteria
        }
        if let received = draft.received { batch.receivedOn = try Arguments.day(received, "--received") }
        if let from = draft.from {
            let source = try await self.resolveEnterprise(from)
            batch.sourceEnterpriseID = source.id
            if let referrer = draft.referrer {
                let contacts = try await self.contacts(ofID: source.id)
                batch.referrerContactID =
                    try References.resolve(referrer, among: contacts, kind: "contact", id: \.id, names: { [$0.name] })
                    .id
            }
        } else if draft.referrer != nil {
            throw ClientError(.badArgument, "--referrer needs --from: the chamber or enterprise the referrer works at")
        }
        if let event = draft.event { batch.sourceEventID = try await self.resolveEvent(event).id }
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
        guard request.candidates.count > leadPageSize else {
            let detail = try await self.call(API.Leads.importLeadBatch, request, key: newKey())
            let summary = Chaindesk_V1_LeadBatchSummary.with {
                $0.batch = detail.batch
                $0.candidates = Int32(detail.candidates.count)
                $0.linked = Int32(detail.candidates.count { !$0.enterpriseID.isEmpty })
            }
            return ImportedLeads(summary: summary, csv: csv)
        }
        do {
            try request.check(by: self.actor, now: ClientClock.current.now)
            let summary = try await self.office.streamLeadBatch(
                request.batch,
                candidates: request.candidates,
                key: newKey()
            )
            return ImportedLeads(summary: summary, csv: csv)
        } catch {
            throw ClientError(error)
        }
    }
}

extension OfficeCalls {
    /// Every lead batch, newest first.
    public func leadBatches() async throws -> LeadBatchListing {
        LeadBatchListing(batches: try await self.call(API.Leads.listLeadBatches, .init(), key: nil).batches)
    }

    /// A batch (a reference) with its clocks and candidates; only those with `decision` when given.
    public func leadBatchDossier(_ reference: String, decision: String?) async throws -> LeadBatchDossier {
        let batch = try await self.resolveLeadBatch(reference)
        var detail = try await self.leadBatch(batch.id)
        if let decision { detail.candidates = detail.candidates.filter { $0.decision == decision } }
        return LeadBatchDossier(detail: detail)
    }

    /// Scores a candidate of a batch, `criterion=score` each, and records the decision (研判).
    public func screen(batch: String, candidate: String, scores: [String], decision: String?, reason: String?)
        async throws -> Written<Chaindesk_V1_LeadCandidate>
    {
        var scored: [String: Int32] = [:]
        for text in scores {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Int32(parts[1]) else {
                throw ClientError(.badArgument, "--score \"\(text)\" is not criterion=score")
            }
            scored[String(parts[0])] = value
        }
        let found = try await self.resolveLeadBatch(batch)
        let detail = try await self.leadBatch(found.id)
        let candidate = try References.resolve(
            candidate,
            among: detail.candidates,
            kind: "candidate",
            id: \.id,
            names: { [$0.name] }
        )
        let request = Chaindesk_V1_ScreenCandidateRequest.with {
            $0.candidateID = candidate.id
            $0.scores = scored
            $0.decision = decision ?? ""
            $0.reason = reason ?? ""
            $0.version = candidate.version
        }
        let stored = try await self.call(API.Leads.screenCandidate, request, key: newKey())
        return Written(stored) { stored, labels in "\(stored.name): \(labels[stored.decision]), score \(stored.total)" }
    }

    /// Records a step of a batch's handling: responded, screened or notified (the referrer told).
    public func markLeadBatch(_ reference: String, step: String, on: String?) async throws
        -> Written<Chaindesk_V1_LeadBatchDetail>
    {
        let day = try on.map { try Arguments.day($0, "--on") }
        let batch = try await self.resolveLeadBatch(reference)
        let request = Chaindesk_V1_MarkLeadBatchRequest.with {
            $0.batchID = batch.id
            $0.step = step
            $0.version = batch.version
            $0.on = day ?? ""
        }
        let stored = try await self.call(API.Leads.markLeadBatch, request, key: newKey())
        return Written(stored) { detail, _ in "\(detail.batch.name): \(step)" }
    }

    /// Records that an introducer brought an enterprise to the office (以商招商). The introducer is an enterprise
    /// or chamber, or with `kind` a contact, staff member or event.
    public func addReferral(introducer: String, introduced: String, kind: String?, on: String?, note: String)
        async throws -> Written<Chaindesk_V1_Referral>
    {
        let day = try on.map { try Arguments.day($0, "--on") }
        let enterprise = try await self.resolveEnterprise(introduced)
        var referral = Chaindesk_V1_Referral()
        switch kind {
        case nil, "enterprise", "chamber":
            let found = try await self.resolveEnterprise(introducer)
            referral.introducerID = found.id
            referral.introducerKind = kind ?? (found.kind == "chamber" ? "chamber" : "enterprise")
        case "staff":
            referral.introducerID = try await self.resolveStaff(introducer).id
            referral.introducerKind = "staff"
        case "event":
            referral.introducerID = try await self.resolveEvent(introducer).id
            referral.introducerKind = "event"
        case "contact":
            let hits = try await self.search(introducer).filter { $0.kind == "contact" }
            referral.introducerID =
                try References.resolve(introducer, among: hits, kind: "contact", id: \.id, names: { [$0.title] }).id
            referral.introducerKind = "contact"
        case let other?:
            throw ClientError(.badArgument, "--kind \(other) is not enterprise, chamber, contact, staff or event")
        }
        referral.introducedID = enterprise.id
        referral.note = note
        referral.introducedOn = day ?? ""
        let stored = try await self.call(API.Leads.createReferral, .with { $0.referral = referral }, key: newKey())
        let name = enterprise.legalName
        return Written(stored) { stored, _ in "recorded: \(introducer) introduced \(name) on \(stored.introducedOn)" }
    }

    /// Every referral, with the names of both sides.
    public func referrals() async throws -> ReferralListing {
        ReferralListing(list: try await self.call(API.Leads.listReferrals, .init(), key: nil))
    }
}
