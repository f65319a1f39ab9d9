public import ChainDeskDomain
public import Foundation
internal import GRDB

/// How an attempt to sign in ended.
public enum SignInOutcome: String, Sendable, CaseIterable, Codable {
    case ok
    case wrongPassword = "wrong-password"
    case unknownUser = "unknown-user"
    case disabled
    case inactive
    /// Refused without checking the password, after repeated failures (`Store.signInLock`).
    case throttled

    /// Whether the attempt counts against the username for throttling.
    public var isFailure: Bool { self != .ok && self != .throttled }
}

/// One attempt to sign in, as recorded.
public struct SignInRecord: Sendable, Equatable {
    public var at: Date
    public var username: String
    public var staffID: ID<Staff>?
    public var device: String
    public var outcome: SignInOutcome
}

/// When repeated failures lock a username out of signing in, and for how long.
public struct SignInPolicy: Sendable {
    /// Failures allowed, since the last success and within `window`, before the username is locked.
    public var freeFailures = 5
    /// How far back failures count.
    public var window: Duration = .seconds(15 * 60)
    /// The lock after the first failure past the free ones; it doubles with each further failure.
    public var firstLock: Duration = .seconds(30)
    /// The longest lock.
    public var longestLock: Duration = .seconds(15 * 60)

    public init() {}

    /// How long after the last of `failures` (a count past the free ones counts double each) sign-in stays locked.
    func lock(afterFailures failures: Int) -> Duration? {
        guard failures >= self.freeFailures else { return nil }
        let doublings = min(failures - self.freeFailures, 20)
        let lock = self.firstLock * (1 << doublings)
        return min(lock, self.longestLock)
    }
}

extension Store {
    /// Records an attempt to sign in. The username is kept as typed, cut to 64 characters.
    public func recordSignIn(username: String, staffID: ID<Staff>?, device: String, outcome: SignInOutcome)
        async throws
    {
        let now = self.configuration.clock()
        _ = try await self.write { db in
            try db.execute(
                "INSERT INTO signIn (at, username, staffID, device, outcome) VALUES (?, ?, ?, ?, ?)",
                [now, String(username.prefix(64)), staffID?.rawValue, device, outcome.rawValue]
            )
            return true
        }
    }

    /// How much longer `username` may not sign in under `policy`: nil if it may now. Counts the failures since its
    /// last success within the policy's window; throttled attempts do not count, so waiting out a lock always works.
    public func signInLock(username: String, policy: SignInPolicy) async throws -> Duration? {
        let now = self.configuration.clock()
        let since = now.addingTimeInterval(-TimeInterval(policy.window.components.seconds))
        let name = String(username.prefix(64))
        let failures = try await self.read { db -> [Date] in
            let lastSuccess =
                try db.value("SELECT max(at) FROM signIn WHERE username = ? AND outcome = 'ok'", [name])
                ?? Date.distantPast
            let counted = SignInOutcome.allCases.filter(\.isFailure).map { "'\($0.rawValue)'" }.joined(separator: ", ")
            return try db.values(
                """
                SELECT at FROM signIn WHERE username = ? AND at > ? AND at > ? AND outcome IN (\(counted))
                ORDER BY at
                """,
                [name, since, lastSuccess]
            )
        }
        guard let lock = policy.lock(afterFailures: failures.count), let last = failures.last else { return nil }
        let remaining = last.addingTimeInterval(TimeInterval(lock.components.seconds)).timeIntervalSince(now)
        return remaining > 0 ? .milliseconds(Int64((remaining * 1000).rounded(.up))) : nil
    }

    /// Attempts to sign in, newest first: all, or one username's.
    public func signIns(username: String? = nil, limit: Int = 100) async throws -> [SignInRecord] {
        try await self.read { db in
            var sql = "SELECT * FROM signIn"
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let username {
                sql += " WHERE username = ?"
                arguments.append(username)
            }
            sql += " ORDER BY id DESC LIMIT ?"
            arguments.append(max(1, min(limit, 1000)))
            return try db.rows(sql, SQLArguments(arguments)).map { row in
                SignInRecord(
                    at: try row["at"],
                    username: try row["username"],
                    staffID: (try row["staffID"] as String?).map { ID($0) },
                    device: try row["device"],
                    outcome: SignInOutcome(rawValue: try row["outcome"]) ?? .wrongPassword
                )
            }
        }
    }
}
