public import ChainDeskDomain
internal import GRDB

/// The leadership figures, kept current by the database itself: triggers on the project and enterprise tables
/// move them in the same transaction as the change that moves them, whichever code path writes the row. A report
/// then reads what it returns and nothing else — the signings of its period, a few dozen counters — instead of
/// every project (docs/reports.md §11).
///
/// - `figureSigning`: one row per verified signing, ordered by its day: the cumulative report's candidates.
/// - `figureFunnel`: projects by current stage and status: the funnel.
/// - `figureRelationship`: enterprises by kind and relationship stage: 朋友圈 → 客户圈.
///
/// The definitions stay in `Reports` (Domain); the figures are only where their inputs are kept. A test replays
/// random operations and compares every figure with the definition computed from all records.
enum Figures {
    static func create(_ db: Database) throws {
        // Clustered by day, so a period's signings are one range of the table.
        try db.execute(
            sql: """
                CREATE TABLE figureSigning (
                    signedOn TEXT NOT NULL,
                    projectID TEXT NOT NULL,
                    name TEXT NOT NULL,
                    plannedInvestment INTEGER NOT NULL,
                    PRIMARY KEY (signedOn, projectID)
                ) WITHOUT ROWID;
                CREATE TABLE figureFunnel (
                    stage TEXT NOT NULL,
                    status TEXT NOT NULL,
                    projects INTEGER NOT NULL CHECK (projects >= 0),
                    PRIMARY KEY (stage, status)
                ) WITHOUT ROWID;
                CREATE TABLE figureRelationship (
                    kind TEXT NOT NULL,
                    relationship TEXT NOT NULL,
                    enterprises INTEGER NOT NULL CHECK (enterprises >= 0),
                    PRIMARY KEY (kind, relationship)
                ) WITHOUT ROWID;
                -- Capital added to a project after a period's end is taken off its amount: the few such entries
                -- are found by day without reading the rest of the log.
                CREATE INDEX projectLog_capital_by_day ON projectLog("on") WHERE kind = 'investment';
                """
        )
        try db.execute(sql: Self.triggers)
        try Self.rebuild(db)
    }

    static let triggers = """
        CREATE TRIGGER figures_project_inserted AFTER INSERT ON project BEGIN
            INSERT INTO figureSigning (signedOn, projectID, name, plannedInvestment)
                SELECT NEW.signedOn, NEW.id, NEW.name, NEW.plannedInvestment
                WHERE NEW.signingVerifiedBy IS NOT NULL;
            INSERT INTO figureFunnel (stage, status, projects) VALUES (NEW.stage, NEW.status, 1)
                ON CONFLICT (stage, status) DO UPDATE SET projects = projects + 1;
        END;
        CREATE TRIGGER figures_project_updated AFTER UPDATE ON project BEGIN
            DELETE FROM figureSigning WHERE signedOn = OLD.signedOn AND projectID = OLD.id;
            INSERT INTO figureSigning (signedOn, projectID, name, plannedInvestment)
                SELECT NEW.signedOn, NEW.id, NEW.name, NEW.plannedInvestment
                WHERE NEW.signingVerifiedBy IS NOT NULL;
            UPDATE figureFunnel SET projects = projects - 1 WHERE stage = OLD.stage AND status = OLD.status;
            INSERT INTO figureFunnel (stage, status, projects) VALUES (NEW.stage, NEW.status, 1)
                ON CONFLICT (stage, status) DO UPDATE SET projects = projects + 1;
        END;
        CREATE TRIGGER figures_project_deleted AFTER DELETE ON project BEGIN
            DELETE FROM figureSigning WHERE signedOn = OLD.signedOn AND projectID = OLD.id;
            UPDATE figureFunnel SET projects = projects - 1 WHERE stage = OLD.stage AND status = OLD.status;
        END;
        CREATE TRIGGER figures_enterprise_inserted AFTER INSERT ON enterprise BEGIN
            INSERT INTO figureRelationship (kind, relationship, enterprises) VALUES (NEW.kind, NEW.relationship, 1)
                ON CONFLICT (kind, relationship) DO UPDATE SET enterprises = enterprises + 1;
        END;
        CREATE TRIGGER figures_enterprise_updated AFTER UPDATE OF kind, relationship ON enterprise
        WHEN OLD.kind IS NOT NEW.kind OR OLD.relationship IS NOT NEW.relationship BEGIN
            UPDATE figureRelationship SET enterprises = enterprises - 1
                WHERE kind = OLD.kind AND relationship = OLD.relationship;
            INSERT INTO figureRelationship (kind, relationship, enterprises) VALUES (NEW.kind, NEW.relationship, 1)
                ON CONFLICT (kind, relationship) DO UPDATE SET enterprises = enterprises + 1;
        END;
        CREATE TRIGGER figures_enterprise_deleted AFTER DELETE ON enterprise BEGIN
            UPDATE figureRelationship SET enterprises = enterprises - 1
                WHERE kind = OLD.kind AND relationship = OLD.relationship;
        END;
        """

    /// The triggers above on PostgreSQL: one row-level function per table (docs/reports.md §11).
    static let postgresTriggers = [
        """
        CREATE FUNCTION figures_project() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM figureSigning WHERE signedOn = OLD.signedOn AND projectID = OLD.id;
                UPDATE figureFunnel SET projects = projects - 1 WHERE stage = OLD.stage AND status = OLD.status;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                IF NEW.signingVerifiedBy IS NOT NULL THEN
                    INSERT INTO figureSigning (signedOn, projectID, name, plannedInvestment)
                        VALUES (NEW.signedOn, NEW.id, NEW.name, NEW.plannedInvestment);
                END IF;
                INSERT INTO figureFunnel (stage, status, projects) VALUES (NEW.stage, NEW.status, 1)
                    ON CONFLICT (stage, status) DO UPDATE SET projects = figureFunnel.projects + 1;
            END IF;
            RETURN NULL;
        END $$
        """,
        "CREATE TRIGGER figures_project AFTER INSERT OR UPDATE OR DELETE ON project FOR EACH ROW EXECUTE FUNCTION figures_project()",
        """
        CREATE FUNCTION figures_enterprise() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.kind IS NOT DISTINCT FROM NEW.kind
                AND OLD.relationship IS NOT DISTINCT FROM NEW.relationship THEN
                RETURN NULL;
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE figureRelationship SET enterprises = enterprises - 1
                    WHERE kind = OLD.kind AND relationship = OLD.relationship;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO figureRelationship (kind, relationship, enterprises) VALUES (NEW.kind, NEW.relationship, 1)
                    ON CONFLICT (kind, relationship) DO UPDATE SET enterprises = figureRelationship.enterprises + 1;
            END IF;
            RETURN NULL;
        END $$
        """,
        "CREATE TRIGGER figures_enterprise AFTER INSERT OR UPDATE OR DELETE ON enterprise FOR EACH ROW EXECUTE FUNCTION figures_enterprise()",
    ]

    /// Recomputes every figure from the records: once when the tables are made, and whenever an operator asks.
    static func rebuild(_ db: any SQLConnection) throws {
        let statements = [
            "DELETE FROM figureSigning",
            "DELETE FROM figureFunnel",
            "DELETE FROM figureRelationship",
            """
            INSERT INTO figureSigning (signedOn, projectID, name, plannedInvestment)
                SELECT signedOn, id, name, plannedInvestment FROM project WHERE signingVerifiedBy IS NOT NULL
            """,
            """
            INSERT INTO figureFunnel (stage, status, projects)
                SELECT stage, status, count(*) FROM project GROUP BY stage, status
            """,
            """
            INSERT INTO figureRelationship (kind, relationship, enterprises)
                SELECT kind, relationship, count(*) FROM enterprise GROUP BY kind, relationship
            """,
        ]
        for statement in statements { try db.execute(statement) }
    }

    // MARK: Reading

    /// The cumulative report from the period's signings and the capital added after its end.
    static func cumulative(year: Int, throughMonth: Int, threshold: Yuan, in db: any SQLConnection) throws
        -> Reports.Cumulative
    {
        let first = try Day(year: year, month: 1, day: 1)
        let last = try Day(year: year, month: max(1, min(12, throughMonth)), day: 1).endOfMonth
        var signings: [Reports.Signing] = []
        let rows = try db.rows(
            """
            SELECT projectID, name, signedOn, plannedInvestment FROM figureSigning
            WHERE signedOn BETWEEN ? AND ?
            """,
            [first.description, last.description]
        )
        signings.reserveCapacity(rows.count)
        for row in rows {
            signings.append(
                Reports.Signing(
                    id: ID(try row[0] as String),
                    name: try row[1],
                    signedOn: try Day(parsing: try row[2] as String),
                    verified: true,
                    plannedInvestment: Yuan(try row[3] as Int64)
                )
            )
        }
        let capital = try db.rows(
            """
            SELECT projectID, "on", amount FROM projectLog
            WHERE kind = 'investment' AND "on" > ?
            """,
            [last.description]
        ).map { row in
            (
                project: ID<Project>(try row[0] as String),
                on: try Day(parsing: try row[1] as String),
                amount: (try row[2] as Int64?).map(Yuan.init)
            )
        }
        return try Reports.cumulative(
            year: year,
            throughMonth: throughMonth,
            signings: signings,
            investmentLog: capital,
            threshold: threshold
        )
    }

    /// The funnel from the counts of projects by stage and status.
    static func funnel(in db: any SQLConnection) throws -> Reports.Funnel {
        Reports.funnel(counts: try Self.counts(Project.Stage.self, Project.Status.self, in: "figureFunnel", db))
    }

    /// 朋友圈 → 客户圈 from the counts of enterprises by kind and relationship stage.
    static func relationships(in db: any SQLConnection) throws -> Reports.Relationships {
        Reports.relationships(
            counts: try Self.counts(Enterprise.Kind.self, Enterprise.Relationship.self, in: "figureRelationship", db)
        )
    }

    /// A counter table's non-zero rows: its two key columns read as `A` and `B`, then the count.
    static func counts<A: RawRepresentable<String>, B: RawRepresentable<String>>(
        _: A.Type,
        _: B.Type,
        in table: String,
        _ db: any SQLConnection
    ) throws -> [(A, B, Int)] {
        // Every counter table is (first key, second key, count); the count is its third column.
        try db.rows("SELECT * FROM \(table)").compactMap { row in
            guard let count = try row[2] as Int?, count > 0 else { return nil }
            let keys: (String, String) = (try row[0], try row[1])
            guard let first = A(rawValue: keys.0), let second = B(rawValue: keys.1) else {
                throw StoreError(.database("\(table) holds an unknown key: \(keys.0) \(keys.1)"))
            }
            return (first, second, count)
        }
    }
}

extension Store {
    /// Recomputes the maintained figures from the records, in one transaction.
    package func rebuildFigures() async throws {
        try await self.write { try Figures.rebuild($0) }
    }
}
