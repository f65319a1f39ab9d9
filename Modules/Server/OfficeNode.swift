internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskRPC
public import ChainDeskStore
internal import ChainDeskWire
public import Foundation
public import Logging
internal import Synchronization

/// The central office node: the store, the services over it, and the RPC server that exposes them.
public final class OfficeNode: Sendable {
    public static let version = "0.1.0"

    /// How the node is set up; every field has a command-line flag and an environment variable.
    public struct Configuration: Sendable {
        /// The folder holding the store (`office.sqlite`) and the node's other files.
        public var dataDirectory: URL
        /// Load the demo office (the seed article) into an empty store.
        public var loadDemo = false
        /// Methods the node serves beside the office's own: the protocol's test service (ids 1–9) for
        /// conformance and benchmarks, which `chaindesk-server --test-service` adds. The node itself depends on
        /// no such service.
        public var extraMethods: [ExtraMethods] = []
        /// How long a session lasts after signing in.
        public var sessionLifetime: Duration = .seconds(12 * 3600)
        /// When repeated failures lock a username out of signing in.
        public var signInPolicy = SignInPolicy()
        public var rpc = RPCConfiguration()
        /// The store's settings: the 重大项目 threshold, service-request deadlines, durability.
        public var store = Store.Configuration()

        public init(dataDirectory: URL) {
            self.dataDirectory = dataDirectory
            // Field clients on weak links: accept and use the CRM dictionary (Protocol/dictionaries/crm-v1.dict).
            self.rpc.wire.compression.dictionaries = [API.crmDictionary]
        }

        /// Where the store lives; nil for the SQLite file `office.sqlite` in the data directory.
        public var storeLocation: StoreLocation? = nil

        /// The store's file inside the data directory.
        public var storePath: String { self.dataDirectory.appendingPathComponent("office.sqlite").path }

        /// Where the store lives, as given or by default.
        public var resolvedStoreLocation: StoreLocation { self.storeLocation ?? .sqlite(self.storePath) }
    }

    public let configuration: Configuration
    public let store: Store
    public let server: RPCServer
    /// The first administrator's credentials, when this start created them (print them once; they are not kept).
    public let firstAdmin: (username: String, password: String)?
    /// The demo staff's shared password, when this start loaded the demo office (print it once; it is not kept).
    public let demoPassword: String?
    /// The services the RPC methods call, for the node's other surfaces (the web pages) to call the same way.
    package let services: OfficeServices
    let logger: Logger
    private let draining = DrainFlag()

    /// Opens (creating if needed) the data directory and the store; loads the demo office if asked and empty.
    public static func open(_ configuration: Configuration, logger: Logger) async throws -> OfficeNode {
        do {
            try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw NodeError(
                "cannot create the data directory \(configuration.dataDirectory.path): \(error.localizedDescription)"
            )
        }
        let store: Store
        let location = configuration.resolvedStoreLocation
        do {
            store = try await Store.open(location, configuration: configuration.store)
        } catch {
            throw NodeError("cannot open the store \(location): \(error)")
        }
        var demoPassword: String? = nil
        if configuration.loadDemo {
            if try await store.latestRevision() == 0 {
                try await DemoData.load(into: store)
                demoPassword = ""
                logger.info("loaded the demo office", metadata: ["store": "\(location)"])
            } else {
                logger.notice(
                    "the store is not empty; the demo office was not loaded",
                    metadata: ["store": "\(location)"]
                )
            }
        }
        var firstAdmin: (String, String)? = nil
        if try await store.userCount() == 0 {
            let password = Credentials.newPassword()
            let admin = Staff(id: "admin", name: "管理员 (administrator)", role: .admin)
            let system = Actor(staffID: "admin", role: .admin, device: "chaindesk-server")
            do {
                if try await store.fetch(Staff.self, id: "admin") == nil {
                    _ = try await store.createUser(
                        staff: admin,
                        username: "admin",
                        passwordHash: try Credentials.hash(password: password),
                        by: system
                    )
                }
                firstAdmin = ("admin", password)
            } catch let error as StoreError where Self.isDuplicate(error) {
                // Another node of the office, starting at the same moment on the same PostgreSQL, made it first.
                logger.notice("another node created the administrator")
            }
        }
        if demoPassword != nil { demoPassword = try await Self.signInsForDemoStaff(store) }
        return OfficeNode(
            configuration: configuration,
            store: store,
            firstAdmin: firstAdmin,
            demoPassword: demoPassword,
            logger: logger
        )
    }

    static func isDuplicate(_ error: StoreError) -> Bool {
        switch error.kind {
        case .duplicate: true
        case .rule(let rule): rule.code == .duplicate
        default: false
        }
    }

    /// Gives every demo staff member a sign-in (username = staff id) with one shared password, returned to be
    /// printed once: the demo is for trying the office out, one role after another.
    static func signInsForDemoStaff(_ store: Store) async throws -> String {
        let password = Credentials.newPassword()
        let hash = try Credentials.hash(password: password)
        let system = Actor(staffID: "admin", role: .admin, device: "chaindesk-server")
        for staff in try await store.fetchAll(Staff.self) where try await store.username(of: staff.id) == nil {
            _ = try await store.attachUser(
                staffID: staff.id,
                username: staff.id.rawValue,
                passwordHash: hash,
                by: system
            )
        }
        return password
    }

    private init(
        configuration: Configuration,
        store: Store,
        firstAdmin: (username: String, password: String)?,
        demoPassword: String?,
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.firstAdmin = firstAdmin
        self.demoPassword = demoPassword
        self.logger = logger
        var router = Router()
        var listings = API.declarations.map { SystemService.Listing(id: $0.id, name: $0.name, kind: $0.kind.rawValue) }
        for extra in configuration.extraMethods {
            router.include(extra.router)
            listings += extra.names.sorted { $0.key < $1.key }.map {
                .init(id: $0.key, name: $0.value, kind: extra.kind)
            }
        }
        var gate = Gate(
            store: store,
            sessionLifetime: configuration.sessionLifetime,
            signInPolicy: configuration.signInPolicy
        )
        gate.logger = logger
        let services = OfficeServices(store: store, gate: gate)
        services.register(on: &router)
        self.services = services
        let draining = self.draining
        SystemService(store: store, isDraining: { draining.value }, listings: listings)
            .register(on: &router, through: gate)
        // Every declared method is served: a declaration without its implementation stops the node at once.
        let unserved = API.declarations.filter { !router.methods.contains($0.id) }.map(\.name)
        precondition(unserved.isEmpty, "declared in Protocol/chaindesk/v1 but not served: \(unserved)")
        self.server = RPCServer(router: router, configuration: configuration.rpc, logger: logger)
    }

    /// Whether the node is draining (after SIGTERM).
    public var isDraining: Bool { self.draining.value }

    /// Stops taking calls; open connections get GOAWAY and close once their calls finish.
    public func beginGracefulShutdown() {
        self.draining.set()
        self.server.beginGracefulShutdown()
    }
}

/// Set once the node starts draining.
final class DrainFlag: Sendable {
    private let state = Mutex(false)
    var value: Bool { self.state.withLock { $0 } }
    func set() { self.state.withLock { $0 = true } }
}

/// A node failed to start: what was wrong, for the operator.
public struct NodeError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Methods from outside the office's services that a node serves beside them, and how `ServerInfo` lists them.
public struct ExtraMethods: Sendable {
    public var router: Router
    /// Each method's name, by id.
    public var names: [UInt32: String]
    /// The kind `ServerInfo` gives them (`test` for the test service).
    public var kind: String

    public init(router: Router, names: [UInt32: String], kind: String) {
        self.router = router
        self.names = names
        self.kind = kind
    }
}
