public import ChainDeskAPI
public import ChainDeskProto
public import ChainDeskRPC
public import ChainDeskStore
internal import ChainDeskWire

/// The system service (Protocol/chaindesk/v1/system.proto): health and server information.
public enum SystemService {
    public typealias HealthRequest = Chaindesk_V1_HealthRequest
    public typealias HealthResponse = Chaindesk_V1_HealthResponse
    public typealias ServerInfoRequest = Chaindesk_V1_ServerInfoRequest
    public typealias ServerInfoResponse = Chaindesk_V1_ServerInfoResponse

    public static let health = API.System.health
    public static let serverInfo = API.System.serverInfo

    /// A method as listed by ServerInfo.
    public struct Listing: Sendable {
        public var id: UInt32
        public var name: String
        public var kind: String

        public init(id: UInt32, name: String, kind: String) {
            self.id = id
            self.name = name
            self.kind = kind
        }
    }

    static func register(
        on router: inout Router,
        store: Store,
        isDraining: @escaping @Sendable () -> Bool,
        listings: [Listing]
    ) {
        router.unary(Self.health) { _, _ in
            var response = HealthResponse()
            response.status = isDraining() ? .draining : .serving
            response.revision = try await store.latestRevision()
            return response
        }
        router.unary(Self.serverInfo) { _, _ in
            var response = ServerInfoResponse()
            response.name = "chaindesk-server"
            response.version = OfficeNode.version
            response.minProtocolVersion = UInt32(Preface.current.versions.lowerBound)
            response.maxProtocolVersion = UInt32(Preface.current.versions.upperBound)
            response.store = "sqlite"
            response.methods = listings.map { listing in
                var method = Chaindesk_V1_MethodInfo()
                method.id = listing.id
                method.name = listing.name
                method.kind = listing.kind
                return method
            }
            return response
        }
    }
}
