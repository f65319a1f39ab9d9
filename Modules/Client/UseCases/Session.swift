internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskProto
public import Foundation
internal import SwiftProtobuf

/// A sign-in kept on this device: who, until when, and how much of the working set came with it.
public struct SignedIn: Presentable {
    public let username: String
    public let user: Chaindesk_V1_UserInfo
    public let expiresAtMs: Int64
    /// Where, `host:port`.
    public let address: String
    /// Records fetched for offline use; nil when the working set was not fetched.
    public let received: Int?

    public func present(into out: inout Printout) throws {
        let expires = Formats.time(self.expiresAtMs)
        try out.json(
            value: ["username": self.username, "name": self.user.name, "role": self.user.role, "expires": expires]
        )
        out.line(
            "signed in to \(self.address) as \(self.user.name) (\(self.user.role)) until \(expires)"
                + (self.received.map { "; \($0) records on this device for offline use" } ?? "")
        )
    }
}

/// Who is signed in.
public struct Identity: Presentable {
    public let user: Chaindesk_V1_UserInfo

    public func present(into out: inout Printout) throws {
        try out.json(
            value: [
                "username": self.user.username, "staff_id": self.user.staffID, "name": self.user.name,
                "role": self.user.role,
            ]
        )
        out.line("\(self.user.username)\t\(self.user.name)\t\(self.user.role)")
    }
}

/// Enterprises and contacts found, best first.
public struct SearchResults: Presentable {
    public let query: String
    public let hits: [Chaindesk_V1_SearchHit]

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_SearchResponse.with { $0.hits = self.hits })
        let labels = out.labels
        out.table(
            ["kind", "id", "name"],
            self.hits.map { [labels[$0.kind], Formats.shortID($0.id), $0.title] },
            empty: "nothing found for \(self.query)"
        )
    }
}

/// What a sync did: sent, refused, received, and where it stopped.
public struct SyncOutcome: Presentable {
    public let report: SyncReport
    /// Changes still waiting on this device.
    public let waiting: Int

    public func present(into out: inout Printout) throws {
        let progress = self.report.progress
        try out.json(
            value: [
                "sent": progress.pushed, "refused": progress.refused, "waiting": self.waiting,
                "received": progress.received, "cursor": Int(self.report.cursor),
                "stuck": self.report.stuck.map { Int($0.seq) } ?? 0,
            ]
        )
        out.line(
            "sent \(progress.pushed), refused \(progress.refused); received \(progress.received) records; "
                + "up to revision \(self.report.cursor)"
        )
    }

    /// What the user is told on the side: each refusal, and the change that holds the queue.
    public var notices: [String] {
        self.report.refusals.map { "refused: \($0)" }
            + (self.report.stuck.map { [FieldClient.stuckNotice($0, waiting: self.waiting)] } ?? [])
    }
}

/// Conflicts the user is a side of, and their offline changes the office refused.
public struct ConflictListing: Presentable {
    public let conflicts: [Chaindesk_V1_Conflict]
    public let refused: [FieldCache.OutboxEntry]

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_ConflictList.with { $0.conflicts = self.conflicts })
        out.table(
            ["id", "enterprise", "field", "kept", "by", "other", "by", "when", "status"],
            self.conflicts.map {
                [
                    Formats.shortID($0.id), $0.recordName.isEmpty ? $0.recordID : $0.recordName, $0.field,
                    $0.keptValue, $0.keptBy, $0.otherValue, "\($0.otherBy) (\($0.otherDevice))",
                    Formats.time($0.otherAtMs), $0.status,
                ]
            },
            empty: "no conflicts"
        )
        if !self.refused.isEmpty {
            out.line("")
            out.table(
                ["seq", "change", "when", "reason"],
                self.refused.map {
                    [
                        "\($0.seq)", $0.summary, Formats.time(Int64($0.createdAt.timeIntervalSince1970 * 1000)),
                        $0.reason ?? "",
                    ]
                }
            )
        }
    }
}

extension OfficeClient {
    /// Signs in, keeps the session in `sessionFile` (with TLS and the trust roots it was opened with, so the token
    /// never goes in the clear afterwards), tells `cache` who is signed in and, with `sync`, fetches the working
    /// set for offline use.
    public func signIn(
        username: String,
        password: String,
        device: String,
        trustRoots: String?,
        sessionFile: SessionFile,
        cache: FieldCache,
        sync: Bool,
        progress: @escaping @Sendable (SyncProgress) -> Void
    ) async throws -> SignedIn {
        let response = try await self.login(username: username, password: password, device: device)
        let address = "\(self.host):\(self.port)"
        try sessionFile.save(
            .init(
                server: address,
                token: response.token,
                username: username,
                expiresAtMs: response.expiresAtMs,
                tls: self.tls != nil,
                trustRoots: trustRoots.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            )
        )
        try cache.setIdentity(response.user)
        var received: Int?
        if sync {
            var signedIn = self
            signedIn.token = response.token
            received = try await signedIn.sync(into: cache, progress: progress).progress.received
        }
        return SignedIn(
            username: username,
            user: response.user,
            expiresAtMs: response.expiresAtMs,
            address: address,
            received: received
        )
    }

    /// Sends what waits on this device, then fetches what changed, `batchSize` records a call.
    public func syncNow(
        into cache: FieldCache,
        batchSize: Int,
        progress: @escaping @Sendable (SyncProgress) -> Void
    ) async throws -> SyncOutcome {
        let report = try await self.sync(into: cache, batchSize: UInt32(clamping: batchSize), progress: progress)
        return SyncOutcome(report: report, waiting: try cache.pending().count)
    }
}

extension OfficeCalls {
    /// Who is signed in.
    public func identity() async throws -> Identity {
        Identity(user: try await self.whoAmI())
    }

    /// Enterprises and contacts by name, short name, pinyin, initials, credit code or phone, best first.
    public func find(_ query: String, limit: Int) async throws -> SearchResults {
        SearchResults(query: query, hits: try await self.search(query, limit: limit))
    }
}

extension FieldClient {
    /// Open conflicts the user is a side of (resolved ones too with `all`), and their refused offline changes.
    public func conflicts(all: Bool) async throws -> ConflictListing {
        let list = try await self.call(API.Sync.listConflicts, .with { $0.all = all }, key: nil)
        return ConflictListing(conflicts: list.conflicts, refused: (try? self.cache?.rejected()) ?? [])
    }

    /// Resolves a conflict (by id or the start of it): `kept` leaves the record as it is, `other` applies the
    /// other value.
    public func resolveConflict(_ reference: String, keep: String) async throws
        -> Written<Chaindesk_V1_Conflict>
    {
        let list = try await self.call(API.Sync.listConflicts, .init(), key: nil).conflicts
        let found = try References.resolve(reference, among: list, kind: "conflict", id: \.id, names: { [$0.field] })
        let request = Chaindesk_V1_ResolveConflictRequest.with {
            $0.id = found.id
            $0.choice = keep
        }
        let resolved = try await self.call(API.Sync.resolveConflict, request, key: newKey())
        let line =
            "\(found.recordName.isEmpty ? found.recordID : found.recordName) \(found.field): "
            + (keep == "other" ? "now \(found.otherValue)" : "stays \(found.keptValue)")
        return Written(resolved) { _, _ in line }
    }
}
