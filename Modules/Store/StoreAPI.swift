public import ChainDeskDomain
public import Foundation
internal import GRDB

extension Store {
    /// The mutation's actor and time; the time is cut to whole milliseconds, the precision the store keeps, so a
    /// value read back compares equal to the one written.
    func context(_ actor: Actor) -> MutationContext {
        let now = self.configuration.clock().timeIntervalSince1970
        return MutationContext(actor: actor, at: Date(timeIntervalSince1970: (now * 1000).rounded(.down) / 1000))
    }

    /// Runs one mutation in the next group commit, once per idempotency key.
    func mutate<T: Codable & Sendable>(
        by actor: Actor,
        key: String?,
        operation: String,
        _ body: @escaping @Sendable (any SQLConnection, MutationContext) throws -> T
    ) async throws -> T {
        let context = self.context(actor)
        return try await self.write { db in
            try db.idempotent(key: key, operation: operation, context) { try body(db, context) }
        }
    }

    /// Stores a new record. With a key, a repeat returns the first result and changes nothing.
    public func create<R: StoredRecord>(_ record: R, by actor: Actor, key: String? = nil) async throws -> R {
        try await self.mutate(by: actor, key: key, operation: "create \(R.entity)") { db, context in
            try db.insertRecord(record, context)
        }
    }

    /// Replaces a record edited from `version`. Fails with a conflict naming both values of every differing field
    /// if the record has changed since.
    public func update<R: StoredRecord>(_ record: R, expecting version: Int, by actor: Actor, key: String? = nil)
        async throws -> R
    {
        try await self.mutate(by: actor, key: key, operation: "update \(R.entity) \(record.recordID)") { db, context in
            try R.checkDirectUpdate(from: try db.existing(R.self, record.recordID), to: record)
            return try db.updateRecord(record, expecting: version, context)
        }
    }

    /// The record with `id`, if any.
    public func fetch<R: StoredRecord>(_ type: R.Type, id: String) async throws -> R? {
        try await self.read { try $0.find(R.self, id: id) }
    }

    /// Every record of a type, in id order.
    public func fetchAll<R: StoredRecord>(_ type: R.Type) async throws -> [R] {
        try await self.read { try $0.all(R.self) }
    }

    /// Enterprises and contacts matching `query` — Chinese substrings, pinyin in full or initials, short names,
    /// aliases, credit codes, phones — best first.
    public func search(_ query: String, limit: Int = 20) async throws -> [SearchHit] {
        try await self.read { try SearchIndex.search(query, limit: limit, in: $0) }
    }

    /// Enterprises that look like the same one: the same credit code, or the same name once region, brackets and
    /// legal form are set aside.
    public func possibleDuplicates(name: String, creditCode: CreditCode?) async throws -> [Enterprise] {
        let key = Names.matchKey(name)
        return try await self.read { db in
            var ids: [String] = try db.values(
                "SELECT DISTINCT substr(recordKey, 3) FROM searchName WHERE matchKey = ? AND recordKey LIKE 'e:%'",
                [key]
            )
            if let code = creditCode {
                ids += try db.values("SELECT id FROM enterprise WHERE creditCode = ?", [code.rawValue]) as [String]
            }
            return try db.all(Enterprise.self, ids: Set(ids))
        }
    }

    // MARK: Interactions

    /// Appends an interaction. A correction must point at an interaction with the same enterprise.
    public func logInteraction(_ interaction: Interaction, by actor: Actor, key: String? = nil) async throws
        -> Interaction
    {
        try await self.mutate(by: actor, key: key, operation: "log interaction") { db, context in
            try interaction.validate(now: context.at)
            if let corrected = interaction.correctsID {
                let original = try db.existing(Interaction.self, corrected.rawValue)
                guard original.enterpriseID == interaction.enterpriseID else {
                    throw DomainError(.invalidValue, "更正记录须针对同一企业", "a correction must be about the same enterprise")
                }
                // An officer corrects what they logged; deputy heads and directors anyone's.
                guard original.staffID == actor.staffID || [.deputyHead, .director].contains(actor.role) else {
                    throw DomainError(
                        .notPermitted,
                        "只能更正自己的联络记录",
                        "an officer corrects only the contacts they logged"
                    )
                }
                if let later = try db.all(Interaction.self, where: "correctsID = ?", [corrected.rawValue]).first {
                    throw DomainError(
                        .conflict,
                        "这条记录已被\(later.id)更正，请更正那一条",
                        "the interaction was already corrected by \(later.id); correct that one instead"
                    )
                }
            }
            return try db.insertRecord(interaction, context)
        }
    }

    // MARK: Projects

    /// Applies a project operation against `version`, storing the project and its log entry together.
    func changeProject(
        _ id: ID<Project>,
        expecting version: Int,
        by actor: Actor,
        key: String?,
        operation: String,
        _ change: @escaping @Sendable (inout Project, MutationContext) throws(DomainError) -> ProjectLogEntry
    ) async throws -> Project {
        try await self.mutate(by: actor, key: key, operation: "\(operation) project \(id)") { db, context in
            var project = try db.existing(Project.self, id.rawValue)
            let before = project
            let entry = try change(&project, context)
            project.version = before.version
            let stored = try db.updateRecord(project, expecting: version, context)
            _ = try db.insertRecord(entry, context)
            return stored
        }
    }

    public func advanceProject(
        _ id: ID<Project>,
        to stage: Project.Stage,
        on day: Day,
        evidence: String,
        atEvent event: ID<Event>? = nil,
        expecting version: Int,
        by actor: Actor,
        key: String? = nil
    ) async throws -> Project {
        try await self.changeProject(id, expecting: version, by: actor, key: key, operation: "advance") {
            project,
            context throws(DomainError) in
            let entry = try project.advance(to: stage, on: day, evidence: evidence, by: context.actor, now: context.at)
            if let event, stage == .signed { project.signedAtEventID = event }
            return entry
        }
    }

    public func verifySigning(
        _ id: ID<Project>,
        on day: Day,
        note: String,
        expecting version: Int,
        by actor: Actor,
        key: String? = nil
    ) async throws -> Project {
        try await self.changeProject(id, expecting: version, by: actor, key: key, operation: "verify") {
            project,
            context throws(DomainError) in
            try project.verifySigning(by: context.actor, on: day, note: note, now: context.at)
        }
    }

    public func setProjectStatus(
        _ id: ID<Project>,
        to status: Project.Status,
        reason: String?,
        on day: Day,
        expecting version: Int,
        by actor: Actor,
        key: String? = nil
    ) async throws -> Project {
        try await self.changeProject(id, expecting: version, by: actor, key: key, operation: "status") {
            project,
            context throws(DomainError) in
            try project.setStatus(status, reason: reason, on: day, by: context.actor, now: context.at)
        }
    }

    public func addInvestment(
        _ id: ID<Project>,
        amount: Yuan,
        fixedAssets: Yuan = .zero,
        on day: Day,
        note: String,
        expecting version: Int,
        by actor: Actor,
        key: String? = nil
    ) async throws -> Project {
        try await self.changeProject(id, expecting: version, by: actor, key: key, operation: "invest") {
            project,
            context throws(DomainError) in
            try project.addInvestment(
                amount,
                fixedAssets: fixedAssets,
                on: day,
                note: note,
                by: context.actor,
                now: context.at
            )
        }
    }

    /// A project's history, oldest first.
    public func projectLog(_ id: ID<Project>) async throws -> [ProjectLogEntry] {
        try await self.read { db in
            try db.all(ProjectLogEntry.self, where: "projectID = ?", [id.rawValue], orderBy: "rowid")
        }
    }

    // MARK: Service requests

    /// Registers a request, with deadlines from the store's service rules.
    public func registerServiceRequest(
        id: ID<ServiceRequest>,
        enterpriseID: ID<Enterprise>,
        category: ServiceRequest.Category,
        urgency: ServiceRequest.Urgency,
        title: String,
        details: String,
        by actor: Actor,
        key: String? = nil
    ) async throws -> ServiceRequest {
        let rules = self.configuration.serviceRules
        return try await self.mutate(by: actor, key: key, operation: "register service request") { db, context in
            let request = try ServiceRequest(
                id: id,
                enterpriseID: enterpriseID,
                category: category,
                urgency: urgency,
                title: title,
                details: details,
                registeredAt: context.at,
                registeredBy: context.actor.staffID,
                rules: rules
            )
            return try db.insertRecord(request, context)
        }
    }

    /// Moves a service request along its loop (`assign`, `respond`, `resolve`, `callBack`, `close`, `reopen`).
    public func changeServiceRequest(
        _ id: ID<ServiceRequest>,
        expecting version: Int,
        by actor: Actor,
        key: String? = nil,
        operation: String,
        _ change: @escaping @Sendable (inout ServiceRequest, Date) throws(DomainError) -> Void
    ) async throws -> ServiceRequest {
        try await self.mutate(by: actor, key: key, operation: "\(operation) service request \(id)") { db, context in
            var request = try db.existing(ServiceRequest.self, id.rawValue)
            try change(&request, context.at)
            return try db.updateRecord(request, expecting: version, context)
        }
    }

    // MARK: Assignment

    /// Applies confirmed moves: each enterprise gets its new owner, audited like any edit.
    public func applyAssignment(_ moves: [Assignment.Move], by actor: Actor, key: String? = nil) async throws
        -> [Enterprise]
    {
        guard actor.role == .deputyHead || actor.role == .director else {
            throw StoreError(
                .rule(
                    DomainError(
                        .notPermitted,
                        "只有副部长或部长可以重新分配企业",
                        "only a deputy head or director may reassign enterprises"
                    )
                )
            )
        }
        return try await self.mutate(by: actor, key: key, operation: "assign") { db, context in
            try moves.map { move in
                var enterprise = try db.existing(Enterprise.self, move.enterpriseID.rawValue)
                guard enterprise.ownerID == move.from else {
                    throw DomainError(
                        .conflict,
                        "企业\(enterprise.legalName)的跟进人已变更，请重新生成分配建议",
                        "the owner of \(enterprise.id) changed since the suggestion; suggest again"
                    )
                }
                enterprise.ownerID = move.to
                return try db.updateRecord(enterprise, expecting: enterprise.version, context)
            }
        }
    }
}
