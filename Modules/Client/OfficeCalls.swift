internal import ChainDeskAPI
public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskWire
public import SwiftProtobuf

/// Calling the office's methods: what the online client (`OfficeClient`) and the offline-capable one
/// (`FieldClient`) both do, and what everything built on calls — references, lookups — is written against.
public protocol OfficeCalls: Sendable {
    /// Calls a method; a write given a `key` has one effect however often it is sent.
    func call<Request: Sendable & SwiftProtobuf.Message, Response: Sendable & SwiftProtobuf.Message>(
        _ method: Method<Request, Response>,
        _ request: Request,
        key: String?
    ) async throws -> Response
}

extension OfficeCalls {
    /// The signed-in user.
    public func whoAmI() async throws -> Chaindesk_V1_UserInfo {
        try await self.call(API.Auth.whoAmI, .init(), key: nil)
    }

    /// Enterprises and contacts matching `query`, best first.
    public func search(_ query: String, limit: Int = 20) async throws -> [Chaindesk_V1_SearchHit] {
        try await self.call(
            API.Enterprises.search,
            .with {
                $0.query = query
                $0.limit = UInt32(limit)
            },
            key: nil
        ).hits
    }

    /// The enterprise with `id`.
    public func enterprise(_ id: String) async throws -> Chaindesk_V1_Enterprise {
        try await self.call(API.Enterprises.getEnterprise, .with { $0.id = id }, key: nil)
    }

    /// The enterprise a person means: an id, a credit code, or a name fragment that matches exactly one enterprise.
    /// An ambiguous fragment fails with the candidates listed.
    public func resolveEnterprise(_ reference: String) async throws -> Chaindesk_V1_Enterprise {
        if let byID = try? await self.enterprise(reference) { return byID }
        if reference.count >= 4 {
            // A unique start of an id (tables show generated ids cut to 8 characters); ids sort after their prefix.
            let page = try await self.call(
                API.Enterprises.listEnterprises,
                .with {
                    $0.after = reference
                    $0.limit = 2
                },
                key: nil
            )
            let prefixed = page.enterprises.filter { $0.id.hasPrefix(reference) }
            if prefixed.count == 1 { return prefixed[0] }
        }
        let hits = try await self.search(reference, limit: 10).filter { $0.kind == "enterprise" }
        if let exact = hits.first(where: { $0.title == reference }) { return try await self.enterprise(exact.id) }
        switch hits.count {
        case 0:
            throw ClientError(.notFound, "no enterprise matches \"\(reference)\"")
        case 1:
            return try await self.enterprise(hits[0].id)
        default:
            let candidates = hits.prefix(8).map { "\($0.title) [\($0.id)]" }.joined(separator: "; ")
            throw ClientError(.refused, "\"\(reference)\" matches several enterprises: \(candidates)")
        }
    }

    /// Logs an interaction; the key makes a retry harmless.
    public func logInteraction(_ interaction: Chaindesk_V1_Interaction, key: String) async throws
        -> Chaindesk_V1_Interaction
    {
        try await self.call(API.Interactions.logInteraction, .with { $0.interaction = interaction }, key: key)
    }

    /// A staff member by id, username or name; `me` is the signed-in user.
    public func resolveStaff(_ reference: String) async throws -> Chaindesk_V1_StaffMember {
        let staff = try await self.call(API.Admin.listStaff, .init(), key: nil).staff
        if reference == "me" {
            let me = try await self.whoAmI().staffID
            if let found = staff.first(where: { $0.id == me }) { return found }
        }
        if let byUsername = staff.first(where: { $0.username == reference }) { return byUsername }
        return try References.resolve(reference, among: staff, kind: "staff member", id: \.id, names: { [$0.name] })
    }

    public func resolveProject(_ reference: String) async throws -> Chaindesk_V1_Project {
        let projects = try await self.call(API.Projects.listProjects, .init(), key: nil).projects
        return try References.resolve(reference, among: projects, kind: "project", id: \.id, names: { [$0.name] })
    }

    public func resolveLeadBatch(_ reference: String) async throws -> Chaindesk_V1_LeadBatch {
        let batches = try await self.call(API.Leads.listLeadBatches, .init(), key: nil).batches.map(\.batch)
        return try References.resolve(reference, among: batches, kind: "lead batch", id: \.id, names: { [$0.name] })
    }

    public func resolveEvent(_ reference: String) async throws -> Chaindesk_V1_Event {
        let events = try await self.call(API.Events.listEvents, .init(), key: nil).events
        return try References.resolve(reference, among: events, kind: "event", id: \.id, names: { [$0.name] })
    }

    public func resolveTrip(_ reference: String) async throws -> Chaindesk_V1_Trip {
        let trips = try await self.call(API.Events.listTrips, .init(), key: nil).trips
        return try References.resolve(
            reference,
            among: trips,
            kind: "trip",
            id: \.id,
            names: { [$0.name, $0.destination] }
        )
    }

    public func resolveServiceRequest(_ reference: String) async throws -> Chaindesk_V1_ServiceRequest {
        let requests = try await self.call(API.ServiceRequests.listServiceRequests, .init(), key: nil).requests
        return try References.resolve(
            reference,
            among: requests,
            kind: "service request",
            id: \.id,
            names: { [$0.title] }
        )
    }

    public func resolveChain(_ reference: String) async throws -> Chaindesk_V1_Chain {
        let chains = try await self.call(API.IndustryMap.getChainMap, .init(), key: nil).chains
        return try References.resolve(reference, among: chains, kind: "chain", id: \.id, names: { [$0.name] })
    }

    /// A chain link by id or name, optionally within one chain.
    public func resolveLink(_ reference: String, chainID: String = "") async throws -> Chaindesk_V1_ChainLink {
        let links = try await self.call(API.IndustryMap.getChainMap, .with { $0.chainID = chainID }, key: nil).links
        return try References.resolve(reference, among: links, kind: "chain link", id: \.id, names: { [$0.name] })
    }

    /// The legal names of enterprises by id (ids that no longer resolve are left out).
    /// The contacts logged with an enterprise, newest first, at most `limit` (1–500).
    public func interactions(of enterprise: String, limit: Int) async throws -> [Chaindesk_V1_Interaction] {
        try await self.call(
            API.Interactions.listInteractions,
            .with {
                $0.enterpriseID = enterprise
                $0.limit = UInt32(max(1, min(500, limit)))
            },
            key: nil
        ).interactions
    }

    public func enterpriseNames(_ ids: some Sequence<String>) async throws -> [String: String] {
        var names: [String: String] = [:]
        for id in Set(ids) where !id.isEmpty {
            names[id] = try? await self.enterprise(id).legalName
        }
        return names
    }
}
