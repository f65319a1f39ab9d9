internal import GRDB

/// The store's schema, as named forward-only migrations. A migration, once released, is never edited.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: office records, audit, change feed, idempotency") { db in
            try createOffice(db)
            try createPipeline(db)
            try createBookkeeping(db)
        }
        migrator.registerMigration("v1: search index") { db in
            try createSearch(db)
        }
        migrator.registerMigration("v2: users and sessions") { db in
            // Sign-in credentials of staff members. Secrets never reach the change feed or the audit trail.
            try db.create(table: "user") { t in
                t.primaryKey("staffID", .text).references("staff")
                t.column("username", .text).notNull().unique().check(sql: "length(username) BETWEEN 1 AND 64")
                t.column("passwordHash", .text).notNull()
                t.column("disabled", .boolean).notNull().defaults(to: false)
                t.column("createdAt", .datetime).notNull()
            }
            // Sessions by the SHA-256 of their token; the token itself is never stored.
            try db.create(table: "session") { t in
                t.primaryKey("tokenHash", .text)
                t.column("staffID", .text).notNull().references("user", column: "staffID").indexed()
                t.column("device", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
            }
        }
        migrator.registerMigration("v3: edit conflicts") { db in
            // A field two people changed from the same version: the kept value and the other, until resolved.
            try db.create(table: "editConflict") { t in
                t.primaryKey("id", .text)
                t.column("subjectEntity", .text).notNull()
                t.column("subjectID", .text).notNull()
                t.column("field", .text).notNull()
                t.column("keptValue", .text).notNull()
                t.column("otherValue", .text).notNull()
                t.column("keptBy", .text).notNull().indexed()
                t.column("keptAt", .datetime).notNull()
                t.column("otherBy", .text).notNull().indexed()
                t.column("otherDevice", .text).notNull()
                t.column("otherAt", .datetime).notNull()
                t.column("status", .text).notNull().check(sql: "status IN ('open', 'resolved')")
                t.column("resolution", .text).check(sql: "resolution IS NULL OR resolution IN ('kept', 'other')")
                t.column("resolvedBy", .text)
                t.column("resolvedAt", .datetime)
                t.column("version", .integer).notNull().check(sql: "version >= 1")
            }
            try db.create(index: "editConflict_on_record", on: "editConflict", columns: ["subjectEntity", "subjectID"])
        }
        migrator.registerMigration("v4: sign-in log") { db in
            // Every attempt to sign in and how it ended; never the password. Also what login throttling counts.
            try db.create(table: "signIn") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("username", .text).notNull().check(sql: "length(username) <= 64")
                t.column("staffID", .text)
                t.column("device", .text).notNull()
                // Spelled out, not derived from SignInOutcome: a released migration never changes.
                t.column("outcome", .text).notNull()
                    .check(
                        sql:
                            "outcome IN ('ok', 'wrong-password', 'unknown-user', 'disabled', 'inactive', 'throttled')"
                    )
            }
            try db.create(index: "signIn_by_username", on: "signIn", columns: ["username", "at"])
        }
        migrator.registerMigration("v5: the search index's version") { db in
            // Which way of reading names the search tables were built with (SearchIndex.version); a store built
            // another way is indexed again when it is opened.
            try db.create(table: "searchVersion") { t in
                t.column("version", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO searchVersion (version) VALUES (1)")
        }
        migrator.registerMigration("v6: a lead candidate's credit code and main business") { db in
            // Kept from the imported list (they were checked and then dropped before).
            try db.alter(table: "leadCandidate") { t in
                t.add(column: "creditCode", .text)
                t.add(column: "mainBusiness", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("v7: closed periods") { db in
            // A director's closing of a period's cumulative figures (docs/reports.md §7): the report as it stood,
            // as JSON, kept until reopened. Changes reach the audit trail and the change feed like any record's.
            try db.create(table: "closedPeriod") { t in
                t.primaryKey("id", .text).check(sql: "id GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'")
                t.column("year", .integer).notNull()
                t.column("throughMonth", .integer).notNull().check(sql: "throughMonth BETWEEN 1 AND 12")
                t.column("closed", .boolean).notNull()
                t.column("closedBy", .text).notNull().references("staff")
                t.column("closedAt", .datetime).notNull()
                t.column("closedAtRevision", .integer).notNull()
                t.column("note", .text).notNull()
                t.column("reopenReason", .text).notNull()
                t.column("figures", .jsonText).notNull()
                t.column("threshold", .integer).notNull().check(sql: "threshold > 0")
                t.column("version", .integer).notNull()
            }
        }
        migrator.registerMigration("v8: report figures") { db in
            // The leadership figures kept by triggers in the writing transaction (Figures.swift).
            try Figures.create(db)
        }
        return migrator
    }

    static func list(_ values: [String]) -> String {
        values.map { "'\($0)'" }.joined(separator: ", ")
    }

    private static func createOffice(_ db: Database) throws {
        try db.create(table: "staff") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull().check(sql: "length(trim(name)) > 0")
            t.column("role", .text).notNull().check(
                sql: "role IN (\(list(["officer", "deputyHead", "director", "leadership", "aftercare", "admin"])))"
            )
            t.column("sectors", .text).notNull().defaults(to: "[]")
            t.column("active", .boolean).notNull()
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "chain") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull().unique()
            t.column("summary", .text).notNull()
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "chainLink") { t in
            t.primaryKey("id", .text)
            t.column("chainID", .text).notNull().references("chain").indexed()
            t.column("name", .text).notNull()
            t.column("position", .text).notNull().check(sql: "position IN ('upstream', 'midstream', 'downstream')")
            t.column("order", .integer).notNull()
            t.column("gap", .text).notNull().check(sql: "gap IN ('covered', 'missing', 'weak', 'extension')")
            t.column("version", .integer).notNull().check(sql: "version >= 1")
            t.uniqueKey(["chainID", "name"])
        }
        try db.create(table: "enterprise") { t in
            t.primaryKey("id", .text)
            t.column("kind", .text).notNull().check(sql: "kind IN ('target', 'park', 'chamber', 'intermediary')")
            t.column("creditCode", .text).unique().check(sql: "creditCode IS NULL OR length(creditCode) = 18")
            t.column("legalName", .text).notNull().check(sql: "length(trim(legalName)) > 0")
            t.column("shortName", .text)
            t.column("aliases", .text).notNull().defaults(to: "[]")
            t.column("location", .text).notNull()
            t.column("industry", .text).notNull()
            t.column("chainID", .text).references("chain").indexed()
            t.column("scale", .text).notNull().check(sql: "scale IN ('large', 'medium', 'small', 'micro', 'unknown')")
            t.column("developmentStatus", .text).notNull()
            t.column("ownerID", .text).references("staff").indexed()
            t.column("relationship", .text).notNull()
                .check(sql: "relationship IN ('contactMade', 'engaged', 'customer', 'landed')")
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "enterpriseNeed") { t in
            t.primaryKey("id", .text)
            t.column("enterpriseID", .text).notNull().references("enterprise").indexed()
            t.column("category", .text).notNull()
            t.column("description", .text).notNull()
            t.column("raisedOn", .text).notNull()
            t.column("status", .text).notNull().check(sql: "status IN ('open', 'addressed', 'closed')")
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "placement") { t in
            t.primaryKey("id", .text)
            t.column("enterpriseID", .text).notNull().references("enterprise").indexed()
            t.column("linkID", .text).notNull().references("chainLink").indexed()
            t.column("role", .text).notNull().check(sql: "role IN ('chainLeader', 'member', 'target')")
            t.column("version", .integer).notNull().check(sql: "version >= 1")
            t.uniqueKey(["enterpriseID", "linkID"])
        }
        try db.create(table: "contact") { t in
            t.primaryKey("id", .text)
            t.column("enterpriseID", .text).notNull().references("enterprise").indexed()
            t.column("name", .text).notNull().check(sql: "length(trim(name)) > 0")
            t.column("title", .text).notNull()
            t.column("phone", .text)
            t.column("wechat", .text)
            t.column("email", .text)
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "event") { t in
            t.primaryKey("id", .text)
            t.column("kind", .text).notNull().check(
                sql: "kind IN ('fair', 'delegation', 'orderingConference', 'meeting')"
            )
            t.column("name", .text).notNull()
            t.column("startsOn", .text).notNull()
            t.column("endsOn", .text).notNull().check(sql: "endsOn >= startsOn")
            t.column("location", .text).notNull()
            t.column("hostID", .text).references("enterprise")
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "trip") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull()
            t.column("destination", .text).notNull()
            t.column("staffIDs", .text).notNull()
            t.column("startsOn", .text).notNull()
            t.column("endsOn", .text).notNull().check(sql: "endsOn >= startsOn")
            t.column("eventID", .text).references("event")
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "plannedVisit") { t in
            t.primaryKey("id", .text)
            t.column("tripID", .text).notNull().references("trip").indexed()
            t.column("enterpriseID", .text).notNull().references("enterprise").indexed()
            t.column("plannedOn", .text).notNull()
            t.column("status", .text).notNull().check(sql: "status IN ('planned', 'done', 'cancelled')")
            t.column("interactionID", .text)
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "interaction") { t in
            t.primaryKey("id", .text)
            t.column("kind", .text).notNull()
                .check(sql: "kind IN ('wechat', 'phone', 'video', 'email', 'visit', 'inspection', 'meeting', 'event')")
            t.column("enterpriseID", .text).notNull().references("enterprise")
            t.column("contactIDs", .text).notNull()
            t.column("staffID", .text).notNull().references("staff")
            t.column("occurredAt", .datetime).notNull()
            t.column("summary", .text).notNull().check(sql: "length(trim(summary)) > 0")
            t.column("needsFound", .text).notNull()
            t.column("nextStep", .text)
            t.column("nextStepDue", .text)
            t.column("correctsID", .text).references("interaction")
            t.column("eventID", .text).references("event").indexed()
            t.column("recordedAt", .datetime).notNull()
        }
        try db.create(index: "interaction_on_enterprise", on: "interaction", columns: ["enterpriseID", "occurredAt"])
        try db.create(index: "interaction_on_staff", on: "interaction", columns: ["staffID", "occurredAt"])
    }

    private static func createPipeline(_ db: Database) throws {
        try db.create(table: "leadBatch") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull()
            t.column("source", .text).notNull().check(sql: "source IN ('chamber', 'referral', 'event', 'list')")
            t.column("sourceEnterpriseID", .text).references("enterprise")
            t.column("sourceEventID", .text).references("event")
            t.column("referrerContactID", .text).references("contact")
            t.column("receivedOn", .text).notNull()
            t.column("criteria", .text).notNull()
            t.column("respondedOn", .text)
            t.column("screenedOn", .text)
            t.column("referrerNotifiedOn", .text)
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "leadCandidate") { t in
            t.primaryKey("id", .text)
            t.column("batchID", .text).notNull().references("leadBatch").indexed()
            t.column("enterpriseID", .text).references("enterprise")
            t.column("name", .text).notNull()
            t.column("scores", .text).notNull()
            t.column("decision", .text).notNull().check(sql: "decision IN ('pending', 'shortlisted', 'rejected')")
            t.column("reason", .text).notNull()
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "referral") { t in
            t.primaryKey("id", .text)
            t.column("introducerKind", .text).notNull()
                .check(sql: "introducerKind IN ('enterprise', 'contact', 'chamber', 'staff', 'event')")
            t.column("introducerID", .text).notNull().indexed()
            t.column("introducedID", .text).notNull().references("enterprise").indexed()
            t.column("introducedOn", .text).notNull()
            t.column("note", .text).notNull()
            t.column("version", .integer).notNull().check(sql: "version >= 1")
        }
        try db.create(table: "project") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull().check(sql: "length(trim(name)) > 0")
            t.column("enterpriseID", .text).notNull().references("enterprise").indexed()
            t.column("chainID", .text).references("chain")
            t.column("ownerID", .text).references("staff")
            t.column("stage", .text).notNull()
                .check(
                    sql:
                        "stage IN ('lead', 'contacted', 'siteVisit', 'negotiation', 'signed', 'registered', 'construction', 'production')"
                )
            t.column("stageOn", .text).notNull()
            t.column("status", .text).notNull().check(
                sql: "status IN ('active', 'delayed', 'dormant', 'lost', 'abandoned')"
            )
            t.column("statusReason", .text)
            t.column("plannedInvestment", .integer).notNull().check(sql: "plannedInvestment >= 0")
            t.column("fixedAssetInvestment", .integer).notNull()
                .check(sql: "fixedAssetInvestment >= 0 AND fixedAssetInvestment <= plannedInvestment")
            t.column("jobs", .integer).notNull().check(sql: "jobs >= 0")
            t.column("landMu", .integer).notNull().check(sql: "landMu >= 0")
            t.column("signedOn", .text).indexed()
            t.column("signingVerifiedBy", .text).references("staff")
            t.column("signingVerifiedOn", .text)
            t.column("signedAtEventID", .text).references("event")
            t.column("version", .integer).notNull().check(sql: "version >= 1")
            t.check(sql: "signingVerifiedBy IS NULL OR signedOn IS NOT NULL")
        }
        try db.create(table: "projectLog") { t in
            t.primaryKey("id", .text)
            t.column("projectID", .text).notNull().references("project").indexed()
            t.column("kind", .text).notNull().check(sql: "kind IN ('stage', 'status', 'verification', 'investment')")
            t.column("from", .text)
            t.column("to", .text)
            t.column("on", .text).notNull()
            t.column("note", .text).notNull()
            t.column("amount", .integer)
            t.column("by", .text).notNull().references("staff")
            t.column("recordedAt", .datetime).notNull()
        }
        try db.create(table: "serviceRequest") { t in
            t.primaryKey("id", .text)
            t.column("enterpriseID", .text).notNull().references("enterprise").indexed()
            t.column("category", .text).notNull()
            t.column("urgency", .text).notNull().check(sql: "urgency IN ('urgent', 'high', 'normal', 'low')")
            t.column("title", .text).notNull()
            t.column("details", .text).notNull()
            t.column("status", .text).notNull()
                .check(sql: "status IN ('registered', 'assigned', 'responded', 'resolved', 'calledBack', 'closed')")
            t.column("registeredAt", .datetime).notNull().indexed()
            t.column("registeredBy", .text).notNull().references("staff")
            t.column("handlerID", .text).references("staff")
            t.column("respondBy", .datetime).notNull()
            t.column("resolveBy", .datetime).notNull()
            t.column("respondedAt", .datetime)
            t.column("resolvedAt", .datetime)
            t.column("resolution", .text)
            t.column("calledBackAt", .datetime)
            t.column("satisfaction", .integer).check(sql: "satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5")
            t.column("closedAt", .datetime)
            t.column("version", .integer).notNull().check(sql: "version >= 1")
            t.check(sql: "status <> 'closed' OR (resolution IS NOT NULL AND length(trim(resolution)) > 0)")
        }
    }

    private static func createBookkeeping(_ db: Database) throws {
        // One row per change: the feed field clients sync from.
        try db.create(table: "change") { t in
            t.autoIncrementedPrimaryKey("revision")
            t.column("at", .datetime).notNull()
            t.column("staffID", .text).notNull()
            t.column("device", .text).notNull()
            t.column("entity", .text).notNull()
            t.column("recordID", .text).notNull()
            t.column("operation", .text).notNull().check(sql: "operation IN ('insert', 'update', 'delete')")
            t.column("version", .integer).notNull()
            t.column("data", .text)
        }
        try db.create(index: "change_on_record", on: "change", columns: ["entity", "recordID", "revision"])
        // One row per changed field.
        try db.create(table: "audit") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("revision", .integer).notNull().references("change").indexed()
            t.column("at", .datetime).notNull()
            t.column("staffID", .text).notNull()
            t.column("device", .text).notNull()
            t.column("entity", .text).notNull()
            t.column("recordID", .text).notNull()
            t.column("field", .text).notNull()
            t.column("old", .text)
            t.column("new", .text)
        }
        try db.create(index: "audit_on_record", on: "audit", columns: ["entity", "recordID"])
        // Results of mutations that carried a client key, so a repeat has no second effect.
        try db.create(table: "idempotency") { t in
            t.column("staffID", .text).notNull()
            t.column("key", .text).notNull()
            t.column("operation", .text).notNull()
            t.column("result", .text).notNull()
            t.column("at", .datetime).notNull()
            t.primaryKey(["staffID", "key"])
        }
    }

    private static func createSearch(_ db: Database) throws {
        // The integer row that a record's entries carry in the full-text tables, so they are replaced by rowid.
        try db.create(table: "searchKey") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("recordKey", .text).notNull().unique()
        }
        // Chinese substring search: every name as its characters (`chars`) and its overlapping character pairs
        // (`pairs`), so a query of any length is a phrase of pairs, answered from the index.
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE searchHan USING fts5(
                    recordKey UNINDEXED, chars, pairs, tokenize = 'unicode61 remove_diacritics 0')
                """
        )
        // Latin search: pinyin in full and initials, codes, phones, Latin names — substrings of three or more.
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE searchLatin USING fts5(
                    recordKey UNINDEXED, pinyin, initials, codes, tokenize = 'trigram')
                """
        )
        // Names as people type them, for ranking, short queries and duplicate detection.
        try db.create(table: "searchName") { t in
            t.column("recordKey", .text).notNull().indexed()
            t.column("name", .text).notNull().indexed()
            t.column("matchKey", .text).notNull().indexed()
            t.column("initials", .text).notNull().indexed()
            t.column("weight", .integer).notNull()
        }
    }
}
