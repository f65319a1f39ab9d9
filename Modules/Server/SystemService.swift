public import ChainDeskAPI
public import ChainDeskProto
public import ChainDeskRPC
public import ChainDeskStore
internal import ChainDeskWire

/// The system service (Protocol/chaindesk/v1/system.proto): health and server information.
struct SystemService: API.System.Service {
    /// A method as listed by ServerInfo.
    struct Listing: Sendable {
        var id: UInt32
        var name: String
        var kind: String

        init(id: UInt32, name: String, kind: String) {
            self.id = id
            self.name = name
            self.kind = kind
        }
    }

    let store: Store
    let isDraining: @Sendable () -> Bool
    let listings: [Listing]

    func health(_ request: Chaindesk_V1_HealthRequest, call: ServerCall) async throws -> Chaindesk_V1_HealthResponse {
        var response = Chaindesk_V1_HealthResponse()
        response.status = self.isDraining() ? .draining : .serving
        response.revision = try await self.store.latestRevision()
        return response
    }

    func serverInfo(
        _ request: Chaindesk_V1_ServerInfoRequest,
        call: ServerCall
    ) async throws -> Chaindesk_V1_ServerInfoResponse {
        var response = Chaindesk_V1_ServerInfoResponse()
        response.name = "chaindesk-server"
        response.version = OfficeNode.version
        response.minProtocolVersion = UInt32(Preface.current.versions.lowerBound)
        response.maxProtocolVersion = UInt32(Preface.current.versions.upperBound)
        response.store = "sqlite"
        response.methods = self.listings.map { listing in
            var method = Chaindesk_V1_MethodInfo()
            method.id = listing.id
            method.name = listing.name
            method.kind = listing.kind
            return method
        }
        return response
    }
}
