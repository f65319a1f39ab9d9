public import ChainDeskDomain
internal import GRDB

/// Reads the services need beyond fetching a record by id.
extension Store {
    /// The staff member who created a record (from its first change), if known.
    public func creator(entity: String, id: String) async throws -> ID<Staff>? {
        try await self.read { db in
            try String.fetchOne(
                db,
                sql:
                    "SELECT staffID FROM change WHERE entity = ? AND recordID = ? AND operation = 'insert' ORDER BY revision LIMIT 1",
                arguments: [entity, id]
            ).map { ID($0) }
        }
    }

    /// Enterprises in id order after `after`, filtered by owner, kind and chain when given.
    public func listEnterprises(ownerID: String?, kind: String?, chainID: String?, after: String, limit: Int)
        async throws
        -> [Enterprise]
    {
        try await self.read { db in
            var request = Enterprise.filter(Column("id") > after)
            if let ownerID { request = request.filter(Column("ownerID") == ownerID) }
            if let kind { request = request.filter(Column("kind") == kind) }
            if let chainID { request = request.filter(Column("chainID") == chainID) }
            return try request.order(Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// An enterprise's interactions, newest first.
    public func interactions(of enterpriseID: ID<Enterprise>, limit: Int) async throws -> [Interaction] {
        try await self.read { db in
            try Interaction.filter(Column("enterpriseID") == enterpriseID.rawValue)
                .order(Column("occurredAt").desc, Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// The contacts of an enterprise, by name.
    public func contacts(of enterpriseID: ID<Enterprise>) async throws -> [Contact] {
        try await self.read { db in
            try Contact.filter(Column("enterpriseID") == enterpriseID.rawValue).order(Column("name"), Column("id"))
                .fetchAll(db)
        }
    }
}

extension Store {
    /// Which projects a list wants; every condition given must hold.
    public struct ProjectFilter: Sendable {
        public var enterpriseID: ID<Enterprise>?
        public var ownerID: ID<Staff>?
        public var stage: Project.Stage?
        public var status: Project.Status?
        /// Signed and not yet verified by a director, earliest signing first.
        public var awaitingVerification: Bool
        /// At most this many; 0 for all.
        public var limit: Int

        public init(
            enterpriseID: ID<Enterprise>? = nil,
            ownerID: ID<Staff>? = nil,
            stage: Project.Stage? = nil,
            status: Project.Status? = nil,
            awaitingVerification: Bool = false,
            limit: Int = 0
        ) {
            self.enterpriseID = enterpriseID
            self.ownerID = ownerID
            self.stage = stage
            self.status = status
            self.awaitingVerification = awaitingVerification
            self.limit = limit
        }
    }

    /// The projects `filter` selects, in the order they were entered (by signing for those awaiting verification),
    /// selected by SQLite rather than read whole.
    public func projects(matching filter: ProjectFilter) async throws -> [Project] {
        try await self.read { db in
            var request = Project.all()
            if let id = filter.enterpriseID { request = request.filter(Column("enterpriseID") == id.rawValue) }
            if let id = filter.ownerID { request = request.filter(Column("ownerID") == id.rawValue) }
            if let stage = filter.stage { request = request.filter(Column("stage") == stage.rawValue) }
            if let status = filter.status { request = request.filter(Column("status") == status.rawValue) }
            if filter.awaitingVerification {
                request = request.filter(Column("signedOn") != nil && Column("signingVerifiedBy") == nil)
                    .order(Column("signedOn"), Column("id"))
            } else {
                request = request.order(sql: "rowid")
            }
            if filter.limit > 0 { request = request.limit(filter.limit) }
            return try request.fetchAll(db)
        }
    }
}
