internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import SwiftProtobuf

/// The industry map (Protocol/chaindesk/v1/industry_map.proto).
struct IndustryMapService: API.IndustryMap.Service {
    let store: Store
    let gate: Gate

    func getChainMap(_ request: Chaindesk_V1_ChainMapRequest, caller: Caller) async throws -> Chaindesk_V1_ChainMap {
        var map = Chaindesk_V1_ChainMap()
        let chains = try await store.fetchAll(Chain.self)
        let selected = request.chainID.isEmpty ? chains : chains.filter { $0.id.rawValue == request.chainID }
        guard !selected.isEmpty || request.chainID.isEmpty else {
            throw RPCError(code: .notFound, message: "no chain \(request.chainID)")
        }
        let chainIDs = Set(selected.map(\.id))
        let links = try await store.fetchAll(ChainLink.self).filter { chainIDs.contains($0.chainID) }
        let linkIDs = Set(links.map(\.id))
        let placements = try await store.fetchAll(Placement.self).filter { linkIDs.contains($0.linkID) }
        map.chains = selected.map(Self.message)
        map.links = links.sorted(by: ChainLink.inLinkOrder).map(Self.message)
        map.placements = placements.map(Self.message)
        for id in Set(placements.map(\.enterpriseID)) {
            map.enterpriseNames[id.rawValue] = try await store.fetch(Enterprise.self, id: id.rawValue)?.legalName
        }
        return map
    }

    func putChain(_ request: Chaindesk_V1_PutChainRequest, caller: Caller) async throws -> Chaindesk_V1_Chain {
        let actor = caller.actor
        let key = caller.key
        let message = request.chain
        guard !message.name.isEmpty else { throw RPCError(code: .invalidArgument, message: "name is missing") }
        let chain = Chain(id: Fields.newID(message.id), name: message.name, summary: message.summary)
        return Self.message(try await Self.put(chain, version: message.version, store: store, actor, key))
    }

    func putLink(_ request: Chaindesk_V1_PutLinkRequest, caller: Caller) async throws -> Chaindesk_V1_ChainLink {
        let actor = caller.actor
        let key = caller.key
        let message = request.link
        guard !message.name.isEmpty else { throw RPCError(code: .invalidArgument, message: "name is missing") }
        let chainID: ID<Chain> = try Fields.required(message.chainID, "chain_id")
        guard try await store.fetch(Chain.self, id: chainID.rawValue) != nil else {
            throw RPCError(code: .notFound, message: "no chain \(chainID)")
        }
        let link = ChainLink(
            id: Fields.newID(message.id),
            chainID: chainID,
            name: message.name,
            position: try Fields.value(message.position, "position"),
            order: Int(message.order),
            gap: try Fields.value(message.gap, "gap", default: .covered)
        )
        return Self.message(try await Self.put(link, version: message.version, store: store, actor, key))
    }

    func place(_ request: Chaindesk_V1_PlaceRequest, caller: Caller) async throws -> Chaindesk_V1_Placement {
        let actor = caller.actor
        let key = caller.key
        let message = request.placement
        let placement = Placement(
            id: Fields.newID(message.id),
            enterpriseID: try Fields.required(message.enterpriseID, "enterprise_id"),
            linkID: try Fields.required(message.linkID, "link_id"),
            role: try Fields.value(message.role, "role", default: .member)
        )
        guard try await store.fetch(Enterprise.self, id: placement.enterpriseID.rawValue) != nil else {
            throw RPCError(code: .notFound, message: "no enterprise \(placement.enterpriseID)")
        }
        guard try await store.fetch(ChainLink.self, id: placement.linkID.rawValue) != nil else {
            throw RPCError(code: .notFound, message: "no chain link \(placement.linkID)")
        }
        let existing = try await store.records(
            Placement.self,
            where: "enterpriseID",
            is: placement.enterpriseID.rawValue
        )
        if let same = existing.first(where: { $0.linkID == placement.linkID && $0.id != placement.id }) {
            throw RPCError(
                code: .alreadyExists,
                message: "the enterprise is already placed on this link (placement \(same.id))"
            )
        }
        return Self.message(try await Self.put(placement, version: message.version, store: store, actor, key))
    }

    func unplace(_ request: Chaindesk_V1_UnplaceRequest, caller: Caller) async throws -> Chaindesk_V1_Placement {
        let actor = caller.actor
        guard let placement = try await store.fetch(Placement.self, id: request.id) else {
            throw RPCError(code: .notFound, message: "no placement \(request.id)")
        }
        return Self.message(
            try await store.remove(Placement.self, id: request.id, expecting: placement.version, by: actor)
        )
    }

    /// Creates a record whose id is new, or updates the existing one from `version`.
    static func put<R: StoredRecord>(_ record: R, version: Int64, store: Store, _ actor: Actor, _ key: String?)
        async throws -> R
    {
        if try await store.fetch(R.self, id: record.recordID) != nil {
            return try await store.update(record, expecting: Int(version), by: actor, key: key)
        }
        return try await store.create(record, by: actor, key: key)
    }

    static func message(_ chain: Chain) -> Chaindesk_V1_Chain {
        .with {
            $0.id = chain.id.rawValue
            $0.name = chain.name
            $0.summary = chain.summary
            $0.version = Int64(chain.version)
        }
    }

    static func message(_ link: ChainLink) -> Chaindesk_V1_ChainLink {
        .with {
            $0.id = link.id.rawValue
            $0.chainID = link.chainID.rawValue
            $0.name = link.name
            $0.position = link.position.rawValue
            $0.order = Int32(link.order)
            $0.gap = link.gap.rawValue
            $0.version = Int64(link.version)
        }
    }

    static func message(_ placement: Placement) -> Chaindesk_V1_Placement {
        .with {
            $0.id = placement.id.rawValue
            $0.enterpriseID = placement.enterpriseID.rawValue
            $0.linkID = placement.linkID.rawValue
            $0.role = placement.role.rawValue
            $0.version = Int64(placement.version)
        }
    }
}
