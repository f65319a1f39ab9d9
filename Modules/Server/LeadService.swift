internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// Lead batches, screening and referrals (Protocol/chaindesk/v1/leads.proto).
struct LeadService: API.Leads.Service {
    let store: Store
    let gate: Gate

    /// The most candidates ImportLeadBatch takes, a StreamLeadBatch message carries and GetLeadBatch answers at
    /// once: 2,000 candidates are about 300 KB, well inside a message.
    static let pageLimit = 2_000
    /// The most candidates one batch may have: a large chamber's member list, many times over.
    static let batchLimit = 200_000

    let rules = LeadClockRules()

    func detail(_ batch: LeadBatch, _ candidates: [LeadCandidate], total: Int)
        -> Chaindesk_V1_LeadBatchDetail
    {
        .with {
            $0.batch = Self.message(batch)
            $0.candidates = candidates.map { Self.message($0, criteria: batch.criteria) }
            $0.totalCandidates = Int32(total)
            $0.clocks = batch.clocks(rules, today: Day(store.now)).map { clock in
                .with {
                    $0.name = clock.name.rawValue
                    $0.due = clock.due.description
                    $0.doneOn = clock.doneOn.text
                    $0.overdue = clock.overdue
                }
            }
        }
    }

    func importLeadBatch(_ request: Chaindesk_V1_ImportLeadBatchRequest, caller: Caller) async throws
        -> Chaindesk_V1_LeadBatchDetail
    {
        let actor = caller.actor
        guard request.candidates.count <= Self.pageLimit else {
            throw RPCError(
                code: .invalidArgument,
                message:
                    "ImportLeadBatch takes at most \(Self.pageLimit) candidates (this batch has \(request.candidates.count)); send a larger batch with StreamLeadBatch"
            )
        }
        let (stored, candidates) = try await Self.importBatch(
            request.batch,
            request.candidates,
            store: store,
            by: actor,
            key: caller.key
        )
        return detail(stored, candidates, total: candidates.count)
    }

    func streamLeadBatch(
        _ requests: Messages<Chaindesk_V1_ImportLeadBatchRequest>,
        caller: Caller
    ) async throws -> Chaindesk_V1_LeadBatchSummary {
        let actor = caller.actor
        var header: Chaindesk_V1_LeadBatch?
        var messages: [Chaindesk_V1_LeadCandidate] = []
        var index = 0
        for try await request in requests {
            index += 1
            if index == 1 {
                guard request.hasBatch else {
                    throw RPCError(code: .invalidArgument, message: "the first message must carry the batch")
                }
                header = request.batch
            } else if request.hasBatch {
                throw RPCError(
                    code: .invalidArgument,
                    message: "message \(index) carries a batch; only the first message does"
                )
            }
            guard request.candidates.count <= Self.pageLimit else {
                throw RPCError(
                    code: .invalidArgument,
                    message:
                        "message \(index) carries \(request.candidates.count) candidates; a message carries at most \(Self.pageLimit)"
                )
            }
            guard messages.count + request.candidates.count <= Self.batchLimit else {
                throw RPCError(
                    code: .invalidArgument,
                    message:
                        "a batch has at most \(Self.batchLimit) candidates; split the list into several batches"
                )
            }
            messages += request.candidates
        }
        guard let header else {
            throw RPCError(code: .invalidArgument, message: "the stream carried no batch")
        }
        let (stored, candidates) = try await Self.importBatch(
            header,
            messages,
            store: store,
            by: actor,
            key: caller.key
        )
        return .with {
            $0.batch = Self.message(stored)
            $0.candidates = Int32(candidates.count)
            $0.linked = Int32(candidates.count { $0.enterpriseID != nil })
        }
    }

    func listLeadBatches(_ request: Chaindesk_V1_ListLeadBatchesRequest, caller: Caller) async throws
        -> Chaindesk_V1_LeadBatchList
    {
        let counts = try await store.leadBatchCounts()
        let batches = try await store.fetchAll(LeadBatch.self)
        return .with {
            $0.batches = batches.sorted { $0.receivedOn > $1.receivedOn }.map { batch in
                let counted = counts[batch.id] ?? (0, 0, 0)
                return .with {
                    $0.batch = Self.message(batch)
                    $0.candidates = Int32(counted.all)
                    $0.shortlisted = Int32(counted.shortlisted)
                    $0.rejected = Int32(counted.rejected)
                }
            }
        }
    }

    func getLeadBatch(_ request: Chaindesk_V1_GetLeadBatchRequest, caller: Caller) async throws
        -> Chaindesk_V1_LeadBatchDetail
    {
        guard let batch = try await store.fetch(LeadBatch.self, id: request.id) else {
            throw RPCError(code: .notFound, message: "no lead batch \(request.id)")
        }
        guard request.offset >= 0, request.limit >= 0 else {
            throw RPCError(code: .invalidArgument, message: "offset and limit cannot be negative")
        }
        let limit = request.limit == 0 ? Self.pageLimit : min(Int(request.limit), Self.pageLimit)
        let (page, total) = try await store.records(
            LeadCandidate.self,
            where: "batchID",
            is: request.id,
            offset: Int(request.offset),
            limit: limit
        )
        return detail(batch, page, total: total)
    }

    func screenCandidate(_ request: Chaindesk_V1_ScreenCandidateRequest, caller: Caller) async throws
        -> Chaindesk_V1_LeadCandidate
    {
        let actor = caller.actor
        guard let candidate = try await store.fetch(LeadCandidate.self, id: request.candidateID),
            let batch = try await store.fetch(LeadBatch.self, id: candidate.batchID.rawValue)
        else {
            throw RPCError(code: .notFound, message: "no lead candidate \(request.candidateID)")
        }
        let stored = try await store.screenCandidate(
            candidate.id,
            scores: request.scores.mapValues { Int($0) },
            decision: try Fields.value(request.decision, "decision", default: candidate.decision),
            reason: request.reason.isEmpty ? candidate.reason : request.reason,
            expecting: request.version == 0 ? candidate.version : Int(request.version),
            by: actor,
            key: caller.key
        )
        return Self.message(stored, criteria: batch.criteria)
    }

    func markLeadBatch(_ request: Chaindesk_V1_MarkLeadBatchRequest, caller: Caller) async throws
        -> Chaindesk_V1_LeadBatchDetail
    {
        let actor = caller.actor
        let step: Store.LeadBatchStep = try Fields.value(request.step, "step")
        guard let current = try await store.fetch(LeadBatch.self, id: request.batchID) else {
            throw RPCError(code: .notFound, message: "no lead batch \(request.batchID)")
        }
        let batch = try await store.markLeadBatch(
            current.id,
            step,
            on: try Fields.day(request.on, "on", default: Day(store.now)),
            expecting: request.version == 0 ? current.version : Int(request.version),
            by: actor,
            key: caller.key
        )
        let (page, total) = try await store.records(
            LeadCandidate.self,
            where: "batchID",
            is: request.batchID,
            offset: 0,
            limit: Self.pageLimit
        )
        return detail(batch, page, total: total)
    }

    func createReferral(_ request: Chaindesk_V1_CreateReferralRequest, caller: Caller) async throws
        -> Chaindesk_V1_Referral
    {
        let actor = caller.actor
        let referral = try Referral(wire: request.referral, today: Day(store.now))
        guard try await store.fetch(Enterprise.self, id: referral.introducedID.rawValue) != nil else {
            throw RPCError(code: .notFound, message: "no enterprise \(referral.introducedID)")
        }
        guard try await Self.introducerExists(referral, store) else {
            throw RPCError(
                code: .notFound,
                message: "no \(referral.introducerKind.rawValue) \(referral.introducerID) to credit"
            )
        }
        return Self.message(try await store.create(referral, by: actor, key: caller.key))
    }

    func listReferrals(_ request: Chaindesk_V1_ListReferralsRequest, caller: Caller) async throws
        -> Chaindesk_V1_ReferralList
    {
        let chosen = try await store.fetchAll(Referral.self).filter {
            request.introducerID.isEmpty || $0.introducerID == request.introducerID
        }
        var names: [String: String] = [:]
        for referral in chosen {
            if names[referral.introducerID] == nil {
                names[referral.introducerID] = try await ReportService.name(
                    of: referral.introducerKind,
                    referral.introducerID,
                    store
                )
            }
            if names[referral.introducedID.rawValue] == nil {
                names[referral.introducedID.rawValue] = try await store.fetch(
                    Enterprise.self,
                    id: referral.introducedID.rawValue
                )?.legalName
            }
        }
        let shown = names
        return .with {
            $0.referrals = chosen.map(Self.message)
            $0.names = shown
        }
    }

    static func introducerExists(_ referral: Referral, _ store: Store) async throws -> Bool {
        let id = referral.introducerID
        switch referral.introducerKind {
        case .enterprise, .chamber: return try await store.fetch(Enterprise.self, id: id) != nil
        case .contact: return try await store.fetch(Contact.self, id: id) != nil
        case .staff: return try await store.fetch(Staff.self, id: id) != nil
        case .event: return try await store.fetch(Event.self, id: id) != nil
        }
    }

    /// Checks a batch and its candidates and stores them in one transaction; candidates are numbered from 1 in
    /// errors, and linked to the enterprise already on file with their credit code.
    static func importBatch(
        _ header: Chaindesk_V1_LeadBatch,
        _ messages: [Chaindesk_V1_LeadCandidate],
        store: Store,
        by actor: Actor,
        key: String?
    ) async throws -> (LeadBatch, [LeadCandidate]) {
        var batch = try LeadBatch(wire: header, today: Day(store.now))
        batch.respondedOn = nil
        batch.screenedOn = nil
        batch.referrerNotifiedOn = nil
        guard !messages.isEmpty else {
            throw RPCError(code: .invalidArgument, message: "the batch has no candidates")
        }
        var codes: [Int: String] = [:]
        for (index, message) in messages.enumerated() {
            guard !message.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw RPCError(code: .invalidArgument, message: "candidate \(index + 1): the name is empty")
            }
            guard message.enterpriseID.isEmpty, !message.creditCode.isEmpty else { continue }
            do {
                codes[index] = try CreditCode(message.creditCode).rawValue
            } catch {
                throw RPCError(code: .invalidArgument, message: "candidate \(index + 1): \(error)")
            }
        }
        // Linked to the enterprise on file: by the id given, else the credit code, else the very same name.
        let onFile = try await store.enterprises(creditCodes: Set(codes.values))
        let named = try await store.enterprises(named: Set(messages.map(\.name)))
        let candidates = messages.enumerated().map { index, message in
            LeadCandidate(
                id: Fields.newID(message.id),
                batchID: batch.id,
                enterpriseID: Fields.id(message.enterpriseID) ?? codes[index].flatMap { onFile[$0] }
                    ?? named[message.name],
                name: message.name,
                creditCode: codes[index].flatMap { try? CreditCode($0) },
                mainBusiness: message.mainBusiness
            )
        }
        return try await store.importLeadBatch(batch, candidates: candidates, by: actor, key: key)
    }

    static func message(_ batch: LeadBatch) -> Chaindesk_V1_LeadBatch {
        .with {
            $0.id = batch.id.rawValue
            $0.name = batch.name
            $0.source = batch.source.rawValue
            $0.sourceEnterpriseID = batch.sourceEnterpriseID.text
            $0.sourceEventID = batch.sourceEventID.text
            $0.referrerContactID = batch.referrerContactID.text
            $0.receivedOn = batch.receivedOn.description
            $0.criteria = batch.criteria.map { criterion in
                .with {
                    $0.name = criterion.name
                    $0.weight = Int32(criterion.weight)
                }
            }
            $0.respondedOn = batch.respondedOn.text
            $0.screenedOn = batch.screenedOn.text
            $0.referrerNotifiedOn = batch.referrerNotifiedOn.text
            $0.version = Int64(batch.version)
        }
    }

    static func message(_ candidate: LeadCandidate, criteria: [LeadBatch.Criterion]) -> Chaindesk_V1_LeadCandidate {
        .with {
            $0.id = candidate.id.rawValue
            $0.batchID = candidate.batchID.rawValue
            $0.enterpriseID = candidate.enterpriseID.text
            $0.name = candidate.name
            $0.creditCode = candidate.creditCode?.rawValue ?? ""
            $0.mainBusiness = candidate.mainBusiness
            $0.scores = candidate.scores.mapValues { Int32($0) }
            $0.decision = candidate.decision.rawValue
            $0.reason = candidate.reason
            $0.version = Int64(candidate.version)
            $0.total = Int32(candidate.score(with: criteria))
        }
    }

    static func message(_ referral: Referral) -> Chaindesk_V1_Referral {
        .with {
            $0.id = referral.id.rawValue
            $0.introducerKind = referral.introducerKind.rawValue
            $0.introducerID = referral.introducerID
            $0.introducedID = referral.introducedID.rawValue
            $0.introducedOn = referral.introducedOn.description
            $0.note = referral.note
            $0.version = Int64(referral.version)
        }
    }
}
