internal import ChainDeskAPI
public import ChainDeskProto
internal import SwiftProtobuf

extension OfficeClient {
    /// A staff member by id, username or name; `me` is the signed-in user.
    public func resolveStaff(_ reference: String) async throws -> Chaindesk_V1_StaffMember {
        let staff = try await self.call(API.Admin.listStaff, .init()).staff
        if reference == "me" {
            let me = try await self.whoAmI().staffID
            if let found = staff.first(where: { $0.id == me }) { return found }
        }
        if let byUsername = staff.first(where: { $0.username == reference }) { return byUsername }
        return try References.resolve(reference, among: staff, kind: "staff member", id: \.id, names: { [$0.name] })
    }

    public func resolveProject(_ reference: String) async throws -> Chaindesk_V1_Project {
        let projects = try await self.call(API.Projects.list, .init()).projects
        return try References.resolve(reference, among: projects, kind: "project", id: \.id, names: { [$0.name] })
    }

    public func resolveLeadBatch(_ reference: String) async throws -> Chaindesk_V1_LeadBatch {
        let batches = try await self.call(API.Leads.listBatches, .init()).batches.map(\.batch)
        return try References.resolve(reference, among: batches, kind: "lead batch", id: \.id, names: { [$0.name] })
    }

    public func resolveEvent(_ reference: String) async throws -> Chaindesk_V1_Event {
        let events = try await self.call(API.Events.listEvents, .init()).events
        return try References.resolve(reference, among: events, kind: "event", id: \.id, names: { [$0.name] })
    }

    public func resolveTrip(_ reference: String) async throws -> Chaindesk_V1_Trip {
        let trips = try await self.call(API.Events.listTrips, .init()).trips
        return try References.resolve(
            reference,
            among: trips,
            kind: "trip",
            id: \.id,
            names: { [$0.name, $0.destination] }
        )
    }

    public func resolveServiceRequest(_ reference: String) async throws -> Chaindesk_V1_ServiceRequest {
        let requests = try await self.call(API.ServiceRequests.list, .init()).requests
        return try References.resolve(
            reference,
            among: requests,
            kind: "service request",
            id: \.id,
            names: { [$0.title] }
        )
    }

    public func resolveChain(_ reference: String) async throws -> Chaindesk_V1_Chain {
        let chains = try await self.call(API.IndustryMap.getChainMap, .init()).chains
        return try References.resolve(reference, among: chains, kind: "chain", id: \.id, names: { [$0.name] })
    }

    /// A chain link by id or name, optionally within one chain.
    public func resolveLink(_ reference: String, chainID: String = "") async throws -> Chaindesk_V1_ChainLink {
        let links = try await self.call(API.IndustryMap.getChainMap, .with { $0.chainID = chainID }).links
        return try References.resolve(reference, among: links, kind: "chain link", id: \.id, names: { [$0.name] })
    }

    /// The legal names of enterprises by id (ids that no longer resolve are left out).
    public func enterpriseNames(_ ids: some Sequence<String>) async throws -> [String: String] {
        var names: [String: String] = [:]
        for id in Set(ids) where !id.isEmpty {
            names[id] = try? await self.enterprise(id).legalName
        }
        return names
    }
}
