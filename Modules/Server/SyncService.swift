internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// Offline field clients' pulls and the conflicts between edits (Protocol/chaindesk/v1/sync.proto).
struct SyncService: API.Sync.Service {
    let store: Store
    let gate: Gate

    /// Those who see and resolve every conflict, not only their own.
    static let overseers: Set<Staff.Role> = [.deputyHead, .director, .admin]

    func pull(
        _ request: Chaindesk_V1_PullRequest,
        to writer: MessageWriter<Chaindesk_V1_SyncBatch>,
        caller: Caller
    ) async throws {
        let actor = caller.actor
        let limit = Int(request.batchSize == 0 ? 500 : min(request.batchSize, 2000))
        var position = try Self.position(request.resume)
        var cursor = request.cursor
        let snapshot = cursor == 0 || position != nil
        let total =
            snapshot
            ? try await store.workingSetSize(of: actor.staffID) : try await store.changeCount(since: cursor)
        var sent = 0
        func batch(_ page: SyncPage) -> Chaindesk_V1_SyncBatch {
            sent += page.records.count + page.removals.count
            return Self.batch(
                page,
                sent: sent,
                total: total,
                threshold: store.majorProjectThreshold,
                now: store.now
            )
        }
        if snapshot {
            repeat {
                let page = try await store.snapshotPage(of: actor.staffID, from: position, limit: limit)
                try await writer.send(batch(page))
                position = page.position
                cursor = page.cursor
            } while position != nil
        }
        // The changes since, the last batch ending the call (one frame less for a pull with nothing to do).
        while true {
            let page = try await store.deltaPage(of: actor.staffID, since: cursor, limit: limit)
            cursor = page.cursor
            if !page.hasMore {
                try await writer.finish(with: batch(page))
                break
            }
            try await writer.send(batch(page))
        }
    }

    func listConflicts(_ request: Chaindesk_V1_ListConflictsRequest, caller: Caller) async throws
        -> Chaindesk_V1_ConflictList
    {
        let actor = caller.actor
        let all = try await store.fetchAll(EditConflict.self)
        let seen = all.filter {
            (Self.overseers.contains(actor.role) || $0.involves(actor.staffID))
                && (request.all || $0.status == .open)
        }
        var names: [String: String] = [:]
        for conflict in seen where conflict.subjectEntity == Enterprise.entity {
            names[conflict.subjectID] = try await store.fetch(Enterprise.self, id: conflict.subjectID)?.legalName
        }
        return .with {
            $0.conflicts = seen.sorted { $0.otherAt > $1.otherAt }.map {
                Self.message($0, name: names[$0.subjectID] ?? "")
            }
        }
    }

    func resolveConflict(_ request: Chaindesk_V1_ResolveConflictRequest, caller: Caller) async throws
        -> Chaindesk_V1_Conflict
    {
        let actor = caller.actor
        guard let conflict = try await store.fetch(EditConflict.self, id: request.id) else {
            throw RPCError(code: .notFound, message: "no conflict \(request.id)")
        }
        guard conflict.involves(actor.staffID) || Self.overseers.contains(actor.role) else {
            throw RPCError(
                code: .permissionDenied,
                message: "a conflict is resolved by one of its two sides, a deputy head, a director or an admin"
            )
        }
        if request.choice == "other", conflict.subjectEntity == Enterprise.entity,
            !(try await gate.mayEdit(enterprise: conflict.subjectID, actor))
        {
            throw RPCError(code: .permissionDenied, message: "you may not edit this enterprise any more")
        }
        let resolved = try await store.resolveConflict(
            conflict.id,
            choosing: try Fields.value(request.choice, "choice"),
            by: actor,
            key: caller.key
        )
        return Self.message(resolved, name: "")
    }

    /// A snapshot position travels as `revision:kind:after`, opaque to clients.
    static func position(_ bytes: Data) throws -> SnapshotPosition? {
        guard !bytes.isEmpty else { return nil }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count >= 2, let revision = Int64(parts[0]), let kind = Int(parts[1]), revision >= 0, kind >= 0
        else {
            throw RPCError(code: .invalidArgument, message: "resume is not a position this node gave out")
        }
        return SnapshotPosition(revision: revision, kind: kind, after: parts.count == 3 ? parts[2] : "")
    }

    static func batch(_ page: SyncPage, sent: Int, total: Int, threshold: Yuan, now: Date) -> Chaindesk_V1_SyncBatch {
        .with {
            var interactions: [Chaindesk_V1_Interaction] = []
            for record in page.records {
                if case .interaction(let interaction) = record {
                    interactions.append(InteractionService.message(interaction))
                } else {
                    $0.records.append(Self.record(record, threshold: threshold, now: now))
                }
            }
            if !interactions.isEmpty { $0.interactions = InteractionColumnsCodec.encode(interactions) }
            $0.removals = page.removals.map { removal in
                .with {
                    $0.entity = removal.entity
                    $0.id = removal.id
                }
            }
            $0.cursor = page.cursor
            if let position = page.position {
                $0.resume = Data("\(position.revision):\(position.kind):\(position.after)".utf8)
            }
            $0.sent = UInt32(clamping: sent)
            $0.total = UInt32(clamping: max(total, sent))
        }
    }

    static func record(_ record: SyncRecord, threshold: Yuan, now: Date) -> Chaindesk_V1_SyncRecord {
        .with {
            switch record {
            case .enterprise(let value): $0.enterprise = EnterpriseService.message(value)
            case .contact(let value): $0.contact = ContactService.message(value)
            case .interaction(let value): $0.interaction = InteractionService.message(value)
            case .project(let value): $0.project = ProjectService.message(value, threshold: threshold)
            case .serviceRequest(let value): $0.serviceRequest = ServiceRequestService.message(value, now: now)
            case .chain(let value): $0.chain = IndustryMapService.message(value)
            case .link(let value): $0.link = IndustryMapService.message(value)
            case .placement(let value): $0.placement = IndustryMapService.message(value)
            case .staff(let value): $0.staff = AdminService.member(value, load: 0, username: "")
            case .event(let value): $0.event = EventService.message(value)
            case .conflict(let value): $0.conflict = Self.message(value, name: "")
            case .trip(let value): $0.trip = EventService.message(value, visits: [])
            case .visit(let value): $0.visit = EventService.message(value)
            case .referral(let value): $0.referral = LeadService.message(value)
            case .leadBatch(let value): $0.leadBatch = LeadService.message(value)
            case .candidate(let value): $0.candidate = LeadService.message(value, criteria: [])
            }
        }
    }

    static func message(_ conflict: EditConflict, name: String) -> Chaindesk_V1_Conflict {
        .with {
            $0.id = conflict.id.rawValue
            $0.entity = conflict.subjectEntity
            $0.recordID = conflict.subjectID
            $0.recordName = name
            $0.field = conflict.field
            $0.keptValue = conflict.keptValue
            $0.otherValue = conflict.otherValue
            $0.keptBy = conflict.keptBy.rawValue
            $0.keptAtMs = Fields.ms(conflict.keptAt)
            $0.otherBy = conflict.otherBy.rawValue
            $0.otherDevice = conflict.otherDevice
            $0.otherAtMs = Fields.ms(conflict.otherAt)
            $0.status = conflict.status.rawValue
            $0.resolution = conflict.resolution?.rawValue ?? ""
            $0.resolvedBy = conflict.resolvedBy.text
            $0.resolvedAtMs = Fields.ms(conflict.resolvedAt)
            $0.version = Int64(conflict.version)
        }
    }
}
