public import ChainDeskAPI
public import ChainDeskDomain
public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire

/// Enterprises and search (Protocol/chaindesk/v1/enterprises.proto).
struct EnterpriseService: API.Enterprises.Service {
    let store: Store
    let gate: Gate

    typealias Message = Chaindesk_V1_Enterprise
    typealias CreateRequest = Chaindesk_V1_CreateEnterpriseRequest
    typealias GetRequest = Chaindesk_V1_GetEnterpriseRequest
    typealias UpdateRequest = Chaindesk_V1_UpdateEnterpriseRequest
    typealias ListRequest = Chaindesk_V1_ListEnterprisesRequest
    typealias List = Chaindesk_V1_EnterpriseList
    typealias SearchRequest = Chaindesk_V1_SearchRequest
    typealias SearchResponse = Chaindesk_V1_SearchResponse

    func createEnterprise(_ request: Chaindesk_V1_CreateEnterpriseRequest, caller: Caller) async throws
        -> Chaindesk_V1_Enterprise
    {
        let actor = caller.actor
        var enterprise = try Enterprise(wire: request.enterprise)
        if enterprise.id.rawValue.isEmpty { enterprise.id = .random() }
        return Self.message(try await store.create(enterprise, by: actor, key: caller.key))
    }

    func getEnterprise(_ request: Chaindesk_V1_GetEnterpriseRequest, caller: Caller) async throws
        -> Chaindesk_V1_Enterprise
    {
        guard let enterprise = try await store.fetch(Enterprise.self, id: request.id) else {
            throw RPCError(code: .notFound, message: "no enterprise \(request.id)")
        }
        return Self.message(enterprise)
    }

    func updateEnterprise(_ request: Chaindesk_V1_UpdateEnterpriseRequest, caller: Caller) async throws
        -> Chaindesk_V1_Enterprise
    {
        let actor = caller.actor
        let enterprise = try Enterprise(wire: request.enterprise)
        guard try await gate.mayEdit(enterprise: enterprise.id.rawValue, actor) else {
            throw RPCError(
                code: .permissionDenied,
                message: "an officer edits only the enterprises assigned to them or that they created"
            )
        }
        if request.hasBase {
            let base = try Enterprise(wire: request.base)
            let (merged, _) = try await store.merge(enterprise, base: base, by: actor, key: caller.key)
            return Self.message(merged)
        }
        return Self.message(
            try await store.update(enterprise, expecting: Int(request.enterprise.version), by: actor, key: caller.key)
        )
    }

    func listEnterprises(_ request: Chaindesk_V1_ListEnterprisesRequest, caller: Caller) async throws
        -> Chaindesk_V1_EnterpriseList
    {
        let limit = Int(request.limit == 0 ? 100 : min(request.limit, 1000))
        let page = try await store.listEnterprises(
            ownerID: request.ownerID.isEmpty ? nil : request.ownerID,
            kind: request.kind.isEmpty ? nil : request.kind,
            chainID: request.chainID.isEmpty ? nil : request.chainID,
            after: request.after,
            limit: limit
        )
        var list = List()
        list.enterprises = page.map(Self.message)
        list.next = page.count == limit ? page.last?.id.rawValue ?? "" : ""
        return list
    }

    func search(_ request: Chaindesk_V1_SearchRequest, caller: Caller) async throws -> Chaindesk_V1_SearchResponse {
        let hits = try await store.search(
            request.query,
            limit: Int(request.limit == 0 ? 20 : min(request.limit, 200))
        )
        var response = SearchResponse()
        response.hits = hits.map { hit in
            var out = Chaindesk_V1_SearchHit()
            out.kind = hit.kind.rawValue
            out.id = hit.id
            out.title = hit.title
            out.score = Int32(hit.score)
            return out
        }
        return response
    }

    static func message(_ enterprise: Enterprise) -> Message {
        var message = Message()
        message.id = enterprise.id.rawValue
        message.kind = enterprise.kind.rawValue
        message.creditCode = enterprise.creditCode?.rawValue ?? ""
        message.legalName = enterprise.legalName
        message.shortName = enterprise.shortName ?? ""
        message.aliases = enterprise.aliases
        message.location = enterprise.location
        message.industry = enterprise.industry
        message.chainID = enterprise.chainID?.rawValue ?? ""
        message.scale = enterprise.scale.rawValue
        message.developmentStatus = enterprise.developmentStatus
        message.ownerID = enterprise.ownerID?.rawValue ?? ""
        message.relationship = enterprise.relationship.rawValue
        message.version = Int64(enterprise.version)
        return message
    }
}
