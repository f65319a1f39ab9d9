public import ChainDeskDomain
public import Foundation
internal import GRDB

// The store operations behind the office's services beyond enterprises and interactions: removal, lead batches
// and screening, users, and the queries the services list with.

extension Store {
    /// Removes a record last seen at `version` (a placement taken off a link); audited and published as a delete.
    public func remove<R: StoredRecord>(_ type: R.Type, id: String, expecting version: Int, by actor: Actor)
        async throws -> R
    {
        try await self.mutate(by: actor, key: nil, operation: "remove \(R.entity) \(id)") { db, context in
            try db.deleteRecord(R.self, id, expecting: version, context)
        }
    }

    /// The records of a type whose `column` holds `value`, in id order.
    public func records<R: StoredRecord>(_ type: R.Type, where column: String, is value: String) async throws -> [R] {
        try await self.read { db in try db.all(R.self, where: "\(db.identifier(column)) = ?", [value]) }
    }

    /// A page of those records, in id order, and how many there are in all.
    public func records<R: StoredRecord>(
        _ type: R.Type,
        where column: String,
        is value: String,
        offset: Int,
        limit: Int
    ) async throws -> (page: [R], total: Int) {
        try await self.read { db in
            let condition = "\(db.identifier(column)) = ?"
            let page = try db.all(
                R.self,
                where: condition,
                [value],
                orderBy: "id LIMIT \(max(0, limit)) OFFSET \(max(0, offset))"
            )
            return (page, try db.count(R.self, where: condition, [value]))
        }
    }

    /// Each lead batch's candidates counted: all, shortlisted and rejected.
    public func leadBatchCounts() async throws -> [ID<LeadBatch>: (all: Int, shortlisted: Int, rejected: Int)] {
        try await self.read { db in
            let rows = try db.rows(
                """
                SELECT batchID, count(*) AS n, count(*) FILTER (WHERE decision = 'shortlisted') AS kept,
                    count(*) FILTER (WHERE decision = 'rejected') AS cut
                FROM leadCandidate GROUP BY batchID
                """
            )
            return Dictionary(
                uniqueKeysWithValues: try rows.map { row in
                    (
                        ID<LeadBatch>(try row["batchID"] as String),
                        (try row["n"] as Int, try row["kept"] as Int, try row["cut"] as Int)
                    )
                }
            )
        }
    }

    /// The enterprises on file going by exactly these names (legal name, short name or alias, compared as search
    /// compares them: width, case and punctuation aside), by the name given.
    public func enterprises(named names: some Collection<String>) async throws -> [String: ID<Enterprise>] {
        guard !names.isEmpty else { return [:] }
        let byKey = Dictionary(names.map { (Names.searchable($0), $0) }, uniquingKeysWith: { first, _ in first })
        let keys = Array(byKey.keys)
        return try await self.read { db in
            var found: [String: ID<Enterprise>] = [:]
            for row in try db.rows(
                """
                SELECT recordKey, name FROM searchName
                WHERE name IN (\(Database.placeholders(keys.count))) AND recordKey LIKE 'e:%'
                """,
                SQLArguments(keys)
            ) {
                let key: String = try row["name"]
                if let given = byKey[key] { found[given] = ID(String((try row["recordKey"] as String).dropFirst(2))) }
            }
            return found
        }
    }

    /// The enterprises on file with these credit codes, by code.
    public func enterprises(creditCodes: some Collection<String>) async throws -> [String: ID<Enterprise>] {
        guard !creditCodes.isEmpty else { return [:] }
        let codes = Array(creditCodes)
        return try await self.read { db in
            var found: [String: ID<Enterprise>] = [:]
            for row in try db.rows(
                "SELECT id, creditCode FROM enterprise WHERE creditCode IN (\(Database.placeholders(codes.count)))",
                SQLArguments(codes)
            ) {
                found[try row["creditCode"]] = ID(try row["id"] as String)
            }
            return found
        }
    }

    /// How many enterprises each staff member follows.
    public func ownerLoads() async throws -> [ID<Staff>: Int] {
        try await self.read { db in
            let rows = try db.rows(
                "SELECT ownerID, count(*) AS n FROM enterprise WHERE ownerID IS NOT NULL GROUP BY ownerID"
            )
            return Dictionary(
                uniqueKeysWithValues: try rows.map { (ID<Staff>(try $0["ownerID"] as String), try $0["n"] as Int) }
            )
        }
    }

    /// Every enterprise as the assignment suggestion sees it: its chain and owner.
    public func assignmentItems() async throws -> [Assignment.Item] {
        try await self.read { db in
            try db.rows("SELECT id, chainID, ownerID FROM enterprise ORDER BY id").map { row in
                Assignment.Item(
                    enterpriseID: ID(try row["id"] as String),
                    chainID: (try row["chainID"] as String?).map { ID($0) },
                    ownerID: (try row["ownerID"] as String?).map { ID($0) }
                )
            }
        }
    }

    // MARK: Lead batches

    /// Stores a batch and all its candidates in one transaction: any bad candidate refuses the whole batch, naming
    /// its position (1-based) in `candidates`.
    public func importLeadBatch(
        _ batch: LeadBatch,
        candidates: [LeadCandidate],
        by actor: Actor,
        key: String? = nil
    ) async throws -> (LeadBatch, [LeadCandidate]) {
        let stored = try await self.mutate(by: actor, key: key, operation: "import lead batch") { db, context in
            let storedBatch = try db.insertRecord(batch, context)
            var storedCandidates: [LeadCandidate] = []
            for (index, candidate) in candidates.enumerated() {
                do {
                    storedCandidates.append(try db.insertRecord(candidate, context))
                } catch let error as DomainError {
                    throw DomainError(
                        error.code,
                        "第\(index + 1)条候选企业：\(error.chinese)",
                        "candidate \(index + 1): \(error.english)"
                    )
                }
            }
            return ImportedBatch(batch: storedBatch, candidates: storedCandidates)
        }
        return (stored.batch, stored.candidates)
    }

    /// Scores a candidate and records the decision against the batch's criteria.
    public func screenCandidate(
        _ id: ID<LeadCandidate>,
        scores: [String: Int],
        decision: LeadCandidate.Decision,
        reason: String,
        expecting version: Int,
        by actor: Actor,
        key: String? = nil
    ) async throws -> LeadCandidate {
        try await self.mutate(by: actor, key: key, operation: "screen candidate \(id)") { db, context in
            var candidate = try db.existing(LeadCandidate.self, id.rawValue)
            let batch = try db.existing(LeadBatch.self, candidate.batchID.rawValue)
            let unknown = scores.keys.filter { name in !batch.criteria.contains { $0.name == name } }.sorted()
            guard unknown.isEmpty else {
                throw DomainError(
                    .invalidValue,
                    "研判标准中没有：\(unknown.joined(separator: "、"))",
                    "the batch has no criterion named \(unknown.joined(separator: ", "))"
                )
            }
            candidate.scores.merge(scores) { _, new in new }
            try candidate.decide(decision, reason: reason, criteria: batch.criteria)
            return try db.updateRecord(candidate, expecting: version, context)
        }
    }

    /// A lead batch's steps, each recorded once: responded, screened, the referrer notified.
    public enum LeadBatchStep: String, Sendable, CaseIterable {
        case responded, screened, notified
    }

    /// Records that a step of the batch's handling was done on `day`.
    public func markLeadBatch(
        _ id: ID<LeadBatch>,
        _ step: LeadBatchStep,
        on day: Day,
        expecting version: Int,
        by actor: Actor,
        key: String? = nil
    ) async throws -> LeadBatch {
        try await self.mutate(by: actor, key: key, operation: "mark lead batch \(id) \(step.rawValue)") {
            db,
            context in
            var batch = try db.existing(LeadBatch.self, id.rawValue)
            guard day >= batch.receivedOn, day <= context.at.day else {
                throw DomainError(
                    .invalidDate,
                    "日期须在收到名单（\(batch.receivedOn)）之后且不晚于今天",
                    "the day must be between the batch's arrival (\(batch.receivedOn)) and today"
                )
            }
            switch step {
            case .responded: batch.respondedOn = day
            case .screened:
                let pending = try db.count(
                    LeadCandidate.self,
                    where: "batchID = ? AND decision = 'pending'",
                    [id.rawValue]
                )
                guard pending == 0 else {
                    throw DomainError(
                        .illegalTransition,
                        "还有\(pending)家候选企业未研判",
                        "\(pending) candidates are not decided yet"
                    )
                }
                batch.screenedOn = day
            case .notified:
                guard batch.screenedOn != nil else {
                    throw DomainError(
                        .illegalTransition,
                        "名单研判完成后才能告知引荐人",
                        "the referrer is told the outcome once the batch is screened"
                    )
                }
                batch.referrerNotifiedOn = day
            }
            return try db.updateRecord(batch, expecting: version, context)
        }
    }

    // MARK: Users

    /// Replaces a user's password hash and ends every session they have.
    public func setPasswordHash(_ hash: String, of staffID: ID<Staff>, by actor: Actor) async throws {
        _ = try await self.mutate(by: actor, key: nil, operation: "set password") { db, context in
            try db.execute(#"UPDATE "user" SET passwordHash = ? WHERE staffID = ?"#, [hash, staffID.rawValue])
            try db.execute(
                "UPDATE session SET revokedAt = ? WHERE staffID = ? AND revokedAt IS NULL",
                [context.at, staffID.rawValue]
            )
            try db.execute(
                """
                INSERT INTO audit (revision, at, staffID, device, entity, recordID, field, old, new)
                VALUES ((SELECT coalesce(max(revision), 0) FROM change), ?, ?, ?, 'user', ?, 'password', NULL,
                        '"changed"')
                """,
                [context.at, context.actor.staffID.rawValue, context.actor.device, staffID.rawValue]
            )
            return true
        }
    }
}

/// A batch and its candidates as one stored result (so a repeated import key returns both).
struct ImportedBatch: Codable, Sendable {
    var batch: LeadBatch
    var candidates: [LeadCandidate]
}
