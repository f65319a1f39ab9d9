internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// Answers calls from the local copy while the node is unreachable: reads from the cached working set, writes
/// applied to the cache and queued for the next sync. A call it cannot answer fails UNAVAILABLE, saying so.
struct Offline: API.FieldCopy {
    let cache: FieldCache
    /// The most a queued call's request may be: what one message may carry (SPEC.md §7.1), so that nothing is
    /// queued that could never be sent.
    var maxMessageSize = Int(WireConfiguration().limits.maxMessageSize)

    struct Answer {
        var response: any SwiftProtobuf.Message
        /// Whether the call was queued (a write).
        var queued: Bool
    }

    func answer<Request: SwiftProtobuf.Message, Response>(
        _ method: Method<Request, Response>,
        _ request: Request,
        key: String?
    ) throws -> Answer {
        guard let offline = API.declaration(method.id)?.offline, offline != .needsNode else {
            throw ClientError(
                .unreachable,
                "the office node is unreachable, and \(method.name) needs it; try again when online"
            )
        }
        guard let response = try self.answer(method.id, request, key: key ?? UUID().uuidString.lowercased()) else {
            throw ClientError(
                .officeFailed,
                "\(method.name) is declared \(offline.rawValue) offline, but API.FieldCopy does not answer it"
            )
        }
        return Answer(response: response, queued: offline == .queued)
    }

    func all(_ entity: String) throws -> [Chaindesk_V1_SyncRecord] { try self.cache.records(entity) }

    func enterprises() throws -> [Chaindesk_V1_Enterprise] {
        try self.all("enterprise").compactMap { if case .enterprise(let e) = $0.record { e } else { nil } }
    }

    func candidates() throws -> [Chaindesk_V1_LeadCandidate] {
        try self.all("leadCandidate").compactMap { if case .candidate(let c) = $0.record { c } else { nil } }
    }

    /// A candidate's weighted score out of 100, by the node's rule (Domain `LeadCandidate.score`).
    static func score(_ candidate: Chaindesk_V1_LeadCandidate, _ criteria: [Chaindesk_V1_Criterion]) -> Int32 {
        let criteria = criteria.map { LeadBatch.Criterion(name: $0.name, weight: Int($0.weight)) }
        return Int32(LeadCandidate.score(candidate.scores.mapValues { Int($0) }, with: criteria))
    }

    func projects() throws -> [Chaindesk_V1_Project] {
        try self.all("project").compactMap { if case .project(let p) = $0.record { p } else { nil } }
    }

    func serviceRequests() throws -> [Chaindesk_V1_ServiceRequest] {
        try self.all("serviceRequest").compactMap { if case .serviceRequest(let r) = $0.record { r } else { nil } }
    }

    static func missing(_ what: String) -> ClientError {
        ClientError(.unreachable, "the office node is unreachable and this device has not synced \(what)")
    }
}
