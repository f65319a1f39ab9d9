internal import ChainDeskDomain
internal import Foundation
internal import GRDB

/// One result of a search: an enterprise or a contact, with why it matched.
public struct SearchHit: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case enterprise, contact }

    public var kind: Kind
    public var id: String
    /// The name to show: the enterprise's legal name, or the contact's name.
    public var title: String
    /// Higher is better; see `SearchIndex.score`.
    public var score: Int
}

/// Keeps the search tables in step with enterprises and contacts, and answers queries from them.
///
/// Chinese text is indexed as characters and overlapping character pairs (so any substring of two or more
/// characters is a phrase of pairs); pinyin, initials, credit codes, phones and e-mail addresses go to a trigram
/// index (substrings of three or more); a plain table of names answers prefixes, short queries and duplicate checks.
enum SearchIndex {
    struct Entry {
        var key: String
        var names: [(String, Int)]
        var codes: [String]
    }

    static func entry<R: StoredRecord>(for record: R) -> Entry? {
        switch record {
        case let enterprise as Enterprise:
            var names = [(enterprise.legalName, 3)]
            if let short = enterprise.shortName { names.append((short, 5)) }
            names += enterprise.aliases.map { ($0, 4) }
            return Entry(
                key: "e:\(enterprise.id)",
                names: names,
                codes: enterprise.creditCode.map { [$0.rawValue] } ?? []
            )
        case let contact as Contact:
            return Entry(
                key: "c:\(contact.id)",
                names: [(contact.name, 5)],
                codes: [contact.phone, contact.wechat, contact.email].compactMap { $0 }
            )
        default:
            return nil
        }
    }

    /// How names are read into the index: 1, the likeliest pinyin only; 2, every plausible reading of a polyphone
    /// (长风 as chang and zhang). Raise it whenever the readings change.
    static let version = 2

    /// Indexes every enterprise and contact again when the store was indexed with another version.
    static func upgrade(in db: any SQLConnection) throws {
        guard try db.value("SELECT version FROM searchVersion") != Self.version else { return }
        for enterprise in try db.all(Enterprise.self) { try Self.update(enterprise, in: db) }
        for contact in try db.all(Contact.self) { try Self.update(contact, in: db) }
        try db.execute("UPDATE searchVersion SET version = ?", [Self.version])
    }

    static func update<R: StoredRecord>(_ record: R, in db: any SQLConnection) throws {
        guard let entry = Self.entry(for: record) else { return }
        let row: Int64
        if let existing: Int64 = try db.value("SELECT id FROM searchKey WHERE recordKey = ?", [entry.key]) {
            row = existing
            try db.execute("DELETE FROM searchHan WHERE rowid = ?", [row])
            try db.execute("DELETE FROM searchLatin WHERE rowid = ?", [row])
            try db.execute("DELETE FROM searchName WHERE recordKey = ?", [entry.key])
        } else {
            row = try db.value("INSERT INTO searchKey (recordKey) VALUES (?) RETURNING id", [entry.key]) ?? 0
        }
        let normalized = entry.names.map { (Names.searchable($0.0), $0.1) }
        let chars = Set(normalized.flatMap { Array($0.0) }).map(String.init).sorted().joined(separator: " ")
        let pairs = normalized.map { name, _ in
            let characters = Array(name)
            return characters.count < 2
                ? name : (0..<(characters.count - 1)).map { String(characters[$0...$0 + 1]) }.joined(separator: " ")
        }.joined(separator: " zzz ")
        try db.execute(
            "INSERT INTO searchHan (rowid, recordKey, chars, pairs) VALUES (?, ?, ?, ?)",
            [row, entry.key, chars, pairs]
        )
        // Every plausible reading of each name (长风: chang and zhang), so either spelling finds it.
        let readings = entry.names.map { Names.pinyinReadings($0.0) }
        try db.execute(
            "INSERT INTO searchLatin (rowid, recordKey, pinyin, initials, codes) VALUES (?, ?, ?, ?, ?)",
            [
                row, entry.key, readings.joined().map(\.full).joined(separator: " "),
                readings.joined().map(\.initials).joined(separator: " "),
                (entry.codes.map { Names.searchable($0) } + normalized.map(\.0).filter { $0.allSatisfy(\.isASCII) })
                    .joined(separator: " "),
            ]
        )
        for ((name, weight), nameReadings) in zip(normalized, readings) {
            for initials in Set(nameReadings.map(\.initials)) {
                try db.execute(
                    "INSERT INTO searchName (recordKey, name, matchKey, initials, weight) VALUES (?, ?, ?, ?, ?)",
                    [entry.key, name, Names.matchKey(name), initials, weight]
                )
            }
        }
    }

    /// Enterprises and contacts matching `query`, best first.
    static func search(_ query: String, limit: Int, in db: any SQLConnection) throws -> [SearchHit] {
        let q = Names.searchable(query)
        guard !q.isEmpty else { return [] }
        var keys: [String] = []
        // Names starting with the query.
        keys += try db.values(
            "SELECT recordKey FROM searchName WHERE name >= ? AND name < ? LIMIT 50",
            [q, q + "\u{10FFFF}"]
        )
        if q.unicodeScalars.contains(where: { $0.value >= 0x2E80 }) {
            let characters = Array(q)
            let column = q.count == 1 ? "chars" : "pairs"
            let words =
                q.count == 1 ? [q] : (0..<(characters.count - 1)).map { String(characters[$0...$0 + 1]) }
            keys += try db.values(
                Self.hanQuery(column, db.dialect),
                ["pattern": Self.hanPattern(column, words, db.dialect)]
            )
        } else if q.count >= 3 {
            keys += try db.values(Self.latinQuery(db.dialect), ["pattern": Self.latinPattern(q, db.dialect)])
        } else {
            keys += try db.values(
                "SELECT recordKey FROM searchName WHERE initials >= ? AND initials < ? LIMIT 300",
                [q, q + "\u{10FFFF}"]
            )
        }
        var seen: Set<String> = []
        let candidates = keys.filter { seen.insert($0).inserted }
        guard !candidates.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: candidates.count).joined(separator: ",")
        let names = try db.rows(
            "SELECT recordKey, name, initials, weight FROM searchName WHERE recordKey IN (\(placeholders))",
            SQLArguments(candidates)
        )
        let latin = try db.rows(
            """
            SELECT searchKey.recordKey, pinyin, codes FROM searchKey JOIN searchLatin ON searchLatin.rowid = searchKey.id
            WHERE searchKey.recordKey IN (\(placeholders))
            """,
            SQLArguments(candidates)
        )
        var scores: [String: Int] = [:]
        for row in names {
            let key: String = try row["recordKey"]
            let name: String = try row["name"]
            let initials: String = try row["initials"]
            let weight: Int = try row["weight"]
            var score = 0
            if name == q {
                score = 100
            } else if name.hasPrefix(q) {
                score = 80
            } else if name.contains(q) {
                score = 50
            } else if initials == q {
                score = 45
            } else if initials.hasPrefix(q) {
                score = 40
            } else if initials.contains(q) {
                score = 30
            }
            scores[key] = max(scores[key] ?? 0, score == 0 ? 0 : score + weight)
        }
        for row in latin {
            let key: String = try row["recordKey"]
            let codes: String = try row["codes"]
            let pinyin: String = try row["pinyin"]
            if codes.split(separator: " ").contains(where: { $0 == q }) {
                scores[key] = max(scores[key] ?? 0, 110)
            } else if codes.contains(q) {
                scores[key] = max(scores[key] ?? 0, 35)
            }
            if pinyin.split(separator: " ").contains(where: { $0 == q }) {
                scores[key] = max(scores[key] ?? 0, 60)
            } else if pinyin.contains(q) {
                scores[key] = max(scores[key] ?? 0, 25)
            }
        }
        let ranked = candidates.filter { (scores[$0] ?? 0) > 0 }
            .sorted { (scores[$1]!, $0) < (scores[$0]!, $1) }
            .prefix(limit)
        return try ranked.map { key in
            let id = String(key.dropFirst(2))
            if key.hasPrefix("e:") {
                let title = try db.value("SELECT legalName FROM enterprise WHERE id = ?", [id]) ?? id
                return SearchHit(kind: .enterprise, id: id, title: title, score: scores[key]!)
            }
            let title = try db.value("SELECT name FROM contact WHERE id = ?", [id]) ?? id
            return SearchHit(kind: .contact, id: id, title: title, score: scores[key]!)
        }
    }

    // MARK: The engines' full-text forms

    /// Records whose `column` (characters or pairs, as words) holds every one of the query's words. SQLite asks its
    /// FTS5 table for the phrase; PostgreSQL its GIN index over the column's words (`PostgresSchema.fullText`).
    static func hanQuery(_ column: String, _ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "SELECT recordKey FROM searchHan WHERE searchHan MATCH :pattern LIMIT 300"
        case .postgres:
            "SELECT recordKey FROM searchHan WHERE string_to_array(\(column), ' ') @> string_to_array(:pattern, ' ') LIMIT 300"
        }
    }

    static func hanPattern(_ column: String, _ words: [String], _ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "\(column) : \"" + words.joined(separator: " ") + "\""
        case .postgres: words.joined(separator: " ")
        }
    }

    /// Records whose pinyin, initials or codes contain the query (three or more characters): SQLite's trigram FTS5
    /// table, or PostgreSQL's pg_trgm indexes; both compare without regard to case.
    static func latinQuery(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "SELECT recordKey FROM searchLatin WHERE searchLatin MATCH :pattern LIMIT 300"
        case .postgres:
            """
            SELECT recordKey FROM searchLatin WHERE pinyin ILIKE :pattern OR initials ILIKE :pattern
                OR codes ILIKE :pattern LIMIT 300
            """
        }
    }

    static func latinPattern(_ q: String, _ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "\"" + q.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .postgres:
            "%"
                + q.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
        }
    }
}
