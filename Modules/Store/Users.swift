public import ChainDeskDomain
public import Foundation
internal import GRDB

/// A staff member's sign-in: the username and the stored password hash (never the password).
public struct UserRecord: Sendable, Hashable {
    public var staffID: ID<Staff>
    public var username: String
    public var passwordHash: String
    public var disabled: Bool
}

/// A session found by its token's hash.
public struct SessionRecord: Sendable, Hashable {
    public var staffID: ID<Staff>
    public var device: String
    public var expiresAt: Date
    public var revoked: Bool
}

extension Store {
    /// How many users exist.
    public func userCount() async throws -> Int {
        try await self.read { try $0.value(#"SELECT count(*) FROM "user""#) ?? 0 }
    }

    /// Creates a staff member and their sign-in together; the staff record is audited and published, the
    /// credentials are not (an audit row notes that a sign-in was created, without the hash).
    public func createUser(staff: Staff, username: String, passwordHash: String, by actor: Actor) async throws -> Staff
    {
        try await self.mutate(by: actor, key: nil, operation: "create user") { db, context in
            let stored = try db.insertRecord(staff, context)
            try db.insertUser(staffID: stored.id, username: username, passwordHash: passwordHash, context)
            return stored
        }
    }

    /// Gives an existing staff member who has no sign-in yet (a demo officer) one.
    public func attachUser(staffID: ID<Staff>, username: String, passwordHash: String, by actor: Actor) async throws
        -> Staff
    {
        try await self.mutate(by: actor, key: nil, operation: "create user") { db, context in
            let staff = try db.existing(Staff.self, staffID.rawValue)
            if try db.value(#"SELECT count(*) FROM "user" WHERE staffID = ?"#, [staffID.rawValue]) ?? 0 > 0 {
                throw DomainError(.duplicate, "\(staff.name)已有登录账号", "\(staff.name) already has a sign-in")
            }
            try db.insertUser(staffID: staffID, username: username, passwordHash: passwordHash, context)
            return staff
        }
    }

    /// The user with `username`, if any.
    public func user(named username: String) async throws -> UserRecord? {
        try await self.read { db in
            try db.row(#"SELECT * FROM "user" WHERE username = ?"#, [username]).map {
                UserRecord(
                    staffID: ID(try $0["staffID"]),
                    username: try $0["username"],
                    passwordHash: try $0["passwordHash"],
                    disabled: try $0["disabled"]
                )
            }
        }
    }

    /// The username of a staff member who can sign in.
    public func username(of staffID: ID<Staff>) async throws -> String? {
        try await self.read { db in
            try db.value(#"SELECT username FROM "user" WHERE staffID = ?"#, [staffID.rawValue])
        }
    }

    /// Every sign-in's username, by staff member.
    public func usernames() async throws -> [ID<Staff>: String] {
        try await self.read { db in
            Dictionary(
                uniqueKeysWithValues: try db.rows(#"SELECT staffID, username FROM "user""#).map {
                    (ID<Staff>(try $0["staffID"] as String), try $0["username"] as String)
                }
            )
        }
    }

    /// Records a session for `staffID` under the hash of its token.
    public func createSession(tokenHash: String, staffID: ID<Staff>, device: String, expiresAt: Date) async throws {
        let now = self.configuration.clock()
        _ = try await self.write { db in
            try db.execute(
                "INSERT INTO session (tokenHash, staffID, device, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)",
                [tokenHash, staffID.rawValue, device, now, expiresAt]
            )
            return true
        }
    }

    /// The session with this token hash, if any.
    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await self.read { db in
            try db.row("SELECT * FROM session WHERE tokenHash = ?", [tokenHash]).map {
                SessionRecord(
                    staffID: ID(try $0["staffID"]),
                    device: try $0["device"],
                    expiresAt: try $0["expiresAt"],
                    revoked: (try $0["revokedAt"] as Date?) != nil
                )
            }
        }
    }

    /// Ends a session now.
    public func revokeSession(tokenHash: String) async throws {
        let now = self.configuration.clock()
        _ = try await self.write { db in
            try db.execute(
                "UPDATE session SET revokedAt = ? WHERE tokenHash = ? AND revokedAt IS NULL",
                [now, tokenHash]
            )
            return true
        }
    }
}

extension SQLConnection {
    /// Inserts a sign-in; the audit row notes that it was created, without the hash.
    fileprivate func insertUser(staffID: ID<Staff>, username: String, passwordHash: String, _ context: MutationContext)
        throws
    {
        if try self.value(#"SELECT count(*) FROM "user" WHERE username = ?"#, [username]) ?? 0 > 0 {
            throw DomainError(.duplicate, "用户名“\(username)”已被使用", "username '\(username)' is taken")
        }
        try self.execute(
            #"INSERT INTO "user" (staffID, username, passwordHash, disabled, createdAt) VALUES (?, ?, ?, 0, ?)"#,
            [staffID.rawValue, username, passwordHash, context.at]
        )
        try self.execute(
            """
            INSERT INTO audit (revision, at, staffID, device, entity, recordID, field, old, new)
            VALUES ((SELECT coalesce(max(revision), 0) FROM change), ?, ?, ?, 'user', ?, 'username', NULL, ?)
            """,
            [
                context.at, context.actor.staffID.rawValue, context.actor.device, staffID.rawValue,
                FieldText.quoted(username),
            ]
        )
    }
}
