public import ChainDeskStore
public import Logging
public import ServiceLifecycle

/// The office's store as a service of the node's `ServiceGroup`, listed before the services that use it: the group
/// shuts its services down in reverse order, so the store closes only once the RPC service has drained its calls.
/// On graceful shutdown it writes the log back into the database file and closes it (`Store.close()`).
public struct StoreService: Service {
    public let store: Store
    let logger: Logger

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public func run() async throws {
        // Returns when graceful shutdown begins; throws if the group is cancelled instead, leaving the file as
        // SQLite keeps it after a crash, which it recovers from on the next open.
        try await gracefulShutdown()
        try await self.store.close()
        self.logger.notice("store closed", metadata: ["path": "\(self.store.path)"])
    }
}
