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
