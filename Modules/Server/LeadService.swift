internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// Lead batches, screening and referrals (Protocol/chaindesk/v1/leads.proto).
enum LeadService {
    static var listings: [SystemService.Listing] {
        let leads = API.Leads.self
        return [
            .init(leads.importBatch), .init(leads.listBatches), .init(leads.getBatch), .init(leads.screen),
            .init(leads.markBatch), .init(leads.createReferral), .init(leads.listReferrals),
        ]
    }

    static let importers: Set<Staff.Role> = [.officer, .deputyHead, .director]
    /// 研判 is the deputy head's (and the director's).
    static let screeners: Set<Staff.Role> = [.deputyHead, .director]

    static func register(on router: inout Router, store: Store, gate: Gate) {
        let rules = LeadClockRules()
        @Sendable func detail(_ batch: LeadBatch, _ candidates: [LeadCandidate]) -> Chaindesk_V1_LeadBatchDetail {
            .with {
                $0.batch = Self.message(batch)
                $0.candidates = candidates.map { Self.message($0, criteria: batch.criteria) }
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
        router.unary(API.Leads.importBatch, gate: gate, roles: Self.importers) { request, actor, key in
            var batch = try Self.domain(request.batch, today: Day(store.now))
            batch.respondedOn = nil
            batch.screenedOn = nil
            batch.referrerNotifiedOn = nil
            guard !request.candidates.isEmpty else {
                throw RPCError(code: .invalidArgument, message: "the batch has no candidates")
            }
            var candidates: [LeadCandidate] = []
            for (index, message) in request.candidates.enumerated() {
                guard !message.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw RPCError(code: .invalidArgument, message: "candidate \(index + 1): the name is empty")
                }
                var enterprise: ID<Enterprise>? = Fields.id(message.enterpriseID)
                if enterprise == nil, !message.creditCode.isEmpty {
                    let code: CreditCode
                    do {
                        code = try CreditCode(message.creditCode)
                    } catch {
                        throw RPCError(code: .invalidArgument, message: "candidate \(index + 1): \(error)")
                    }
                    enterprise = try await store.records(Enterprise.self, where: "creditCode", is: code.rawValue).first?
                        .id
                }
                candidates.append(
                    LeadCandidate(
                        id: Fields.newID(message.id),
                        batchID: batch.id,
                        enterpriseID: enterprise,
                        name: message.name
                    )
                )
            }
            let (stored, storedCandidates) = try await store.importLeadBatch(
                batch,
                candidates: candidates,
                by: actor,
                key: key
            )
            return detail(stored, storedCandidates)
        }
        router.unary(API.Leads.listBatches, gate: gate) { _, _ in
            let candidates = Dictionary(grouping: try await store.fetchAll(LeadCandidate.self), by: \.batchID)
            let batches = try await store.fetchAll(LeadBatch.self)
            return .with {
                $0.batches = batches.sorted { $0.receivedOn > $1.receivedOn }.map {
                    batch in
                    let own = candidates[batch.id] ?? []
                    return .with {
                        $0.batch = Self.message(batch)
                        $0.candidates = Int32(own.count)
                        $0.shortlisted = Int32(own.count { $0.decision == .shortlisted })
                        $0.rejected = Int32(own.count { $0.decision == .rejected })
                    }
                }
            }
        }
        router.unary(API.Leads.getBatch, gate: gate) { request, _ in
            guard let batch = try await store.fetch(LeadBatch.self, id: request.id) else {
                throw RPCError(code: .notFound, message: "no lead batch \(request.id)")
            }
            return detail(batch, try await store.records(LeadCandidate.self, where: "batchID", is: request.id))
        }
        router.unary(API.Leads.screen, gate: gate, roles: Self.screeners) { request, actor, key in
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
                key: key
            )
            return Self.message(stored, criteria: batch.criteria)
        }
        router.unary(API.Leads.markBatch, gate: gate, roles: Self.importers) { request, actor, key in
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
                key: key
            )
            return detail(batch, try await store.records(LeadCandidate.self, where: "batchID", is: request.batchID))
        }
        router.unary(API.Leads.createReferral, gate: gate, roles: Self.importers) { request, actor, key in
            let message = request.referral
            let referral = try Fields.validated(
                Referral(
                    id: Fields.newID(message.id),
                    introducerKind: try Fields.value(message.introducerKind, "introducer_kind"),
                    introducerID: (try Fields.required(message.introducerID, "introducer_id") as ID<Referral>).rawValue,
                    introducedID: try Fields.required(message.introducedID, "introduced_id"),
                    introducedOn: try Fields.day(message.introducedOn, "introduced_on", default: Day(store.now)),
                    note: message.note
                )
            )
            guard try await store.fetch(Enterprise.self, id: referral.introducedID.rawValue) != nil else {
                throw RPCError(code: .notFound, message: "no enterprise \(referral.introducedID)")
            }
            guard try await Self.introducerExists(referral, store) else {
                throw RPCError(
                    code: .notFound,
                    message: "no \(referral.introducerKind.rawValue) \(referral.introducerID) to credit"
                )
            }
            return Self.message(try await store.create(referral, by: actor, key: key))
        }
        router.unary(API.Leads.listReferrals, gate: gate) { request, _ in
            let all = try await store.fetchAll(Referral.self)
            return .with {
                $0.referrals = all.filter { request.introducerID.isEmpty || $0.introducerID == request.introducerID }
                    .map(Self.message)
            }
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

    static func domain(_ message: Chaindesk_V1_LeadBatch, today: Day) throws -> LeadBatch {
        guard !message.name.isEmpty else {
            throw RPCError(code: .invalidArgument, message: "the batch name is missing")
        }
        return try Fields.validated(
            LeadBatch(
                id: Fields.newID(message.id),
                name: message.name,
                source: try Fields.value(message.source, "source", default: .list),
                sourceEnterpriseID: Fields.id(message.sourceEnterpriseID),
                sourceEventID: Fields.id(message.sourceEventID),
                referrerContactID: Fields.id(message.referrerContactID),
                receivedOn: try Fields.day(message.receivedOn, "received_on", default: today),
                criteria: message.criteria.map { LeadBatch.Criterion(name: $0.name, weight: Int($0.weight)) }
            )
        )
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
