public import ChainDeskDomain
internal import GRDB

/// Reads the services need beyond fetching a record by id.
extension Store {
    /// The staff member who created a record (from its first change), if known.
    public func creator(entity: String, id: String) async throws -> ID<Staff>? {
        try await self.read { db in
            try
                (db.value(
                    "SELECT staffID FROM change WHERE entity = ? AND recordID = ? AND operation = 'insert' ORDER BY revision LIMIT 1",
                    [entity, id]
                ) as String?).map { ID($0) }
        }
    }

    /// Enterprises in id order after `after`, filtered by owner, kind and chain when given.
    public func listEnterprises(ownerID: String?, kind: String?, chainID: String?, after: String, limit: Int)
        async throws
        -> [Enterprise]
    {
        try await self.read { db in
            var conditions = ["id > ?"]
            var arguments: [String] = [after]
            for (column, value) in [("ownerID", ownerID), ("kind", kind), ("chainID", chainID)] {
                guard let value else { continue }
                conditions.append("\(column) = ?")
                arguments.append(value)
            }
            return try db.all(
                Enterprise.self,
                where: conditions.joined(separator: " AND "),
                SQLArguments(arguments),
                orderBy: "id LIMIT \(max(0, limit))"
            )
        }
    }

    /// An enterprise's interactions, newest first.
    public func interactions(of enterpriseID: ID<Enterprise>, limit: Int) async throws -> [Interaction] {
        try await self.read { db in
            try db.all(
                Interaction.self,
                where: "enterpriseID = ?",
                [enterpriseID.rawValue],
                orderBy: "occurredAt DESC, id LIMIT \(max(0, limit))"
            )
        }
    }

    /// The contacts of an enterprise, by name.
    public func contacts(of enterpriseID: ID<Enterprise>) async throws -> [Contact] {
        try await self.read { db in
            try db.all(Contact.self, where: "enterpriseID = ?", [enterpriseID.rawValue], orderBy: "name, id")
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
            var conditions = ["TRUE"]
            var arguments: [String] = []
            let wanted = [
                ("enterpriseID", filter.enterpriseID?.rawValue), ("ownerID", filter.ownerID?.rawValue),
                ("stage", filter.stage?.rawValue), ("status", filter.status?.rawValue),
            ]
            for (column, value) in wanted {
                guard let value else { continue }
                conditions.append("\(column) = ?")
                arguments.append(value)
            }
            var order = "rowid"
            if filter.awaitingVerification {
                conditions.append("signedOn IS NOT NULL AND signingVerifiedBy IS NULL")
                order = "signedOn, id"
            }
            if filter.limit > 0 { order += " LIMIT \(filter.limit)" }
            return try db.all(
                Project.self,
                where: conditions.joined(separator: " AND "),
                SQLArguments(arguments),
                orderBy: order
            )
        }
    }
}
