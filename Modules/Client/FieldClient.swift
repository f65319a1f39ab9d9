internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskWire
public import Foundation
public import SwiftProtobuf
internal import Synchronization

/// The field client: calls the office node when it is reachable and works from the local copy when it is not.
///
/// The first call that reaches the node first syncs (sends what was queued offline, pulls what changed), so what
/// follows sees the office as it is. When the node is unreachable, reads are answered from the cache and writes
/// are applied to it and queued, each with the idempotency key it will be sent with; `notice` is told once which
/// of the two happened, for the user.
public final class FieldClient: OfficeCalls {
    public let office: OfficeClient
    public let cache: FieldCache?
    let notice: @Sendable (String) -> Void
    private let state = Mutex(State())

    struct State {
        var synced = false
        var offline = false
        var told = false
    }

    public init(office: OfficeClient, cache: FieldCache?, notice: @escaping @Sendable (String) -> Void) {
        self.office = office
        self.cache = cache
        self.notice = notice
    }

    /// Whether this client has found the node unreachable.
    public var isOffline: Bool { self.state.withLock { $0.offline } }

    /// Calls a method on the node, or answers it from this device's copy when the node is unreachable; whatever
    /// fails is thrown as a ``ClientError``.
    public func call<Request: Sendable & SwiftProtobuf.Message, Response: Sendable & SwiftProtobuf.Message>(
        _ method: Method<Request, Response>,
        _ request: Request,
        key: String? = nil
    ) async throws -> Response {
        do {
            return try await self.reach(method, request, key: key)
        } catch {
            throw ClientError(error)
        }
    }

    private func reach<Request: Sendable & SwiftProtobuf.Message, Response: Sendable & SwiftProtobuf.Message>(
        _ method: Method<Request, Response>,
        _ request: Request,
        key: String?
    ) async throws -> Response {
        // A value the node would refuse is refused here, before it is sent or queued, in the node's words.
        if let write = request as? any CheckedWrite {
            try write.check(by: self.actor, now: ClientClock.current.now)
        }
        if let cache = self.cache, !self.isOffline {
            do {
                try await self.syncOnce(cache)
                let response = try await self.office.call(method, request, key: key)
                if key != nil { try? Offline(cache: cache).remember(response) }
                return response
            } catch let error as RPCError where Self.isUnreachable(error.code) {
                self.state.withLock { $0.offline = true }
            }
        }
        guard let cache = self.cache, self.isOffline else {
            return try await self.office.call(method, request, key: key)
        }
        let offline = Offline(cache: cache, maxMessageSize: Int(self.office.configuration.wire.limits.maxMessageSize))
        let answer = try offline.answer(method, request, key: key)
        self.tell(cache, wrote: answer.queued)
        guard let response = answer.response as? Response else {
            throw ClientError(.officeFailed, "the offline copy answered \(method.name) with the wrong type")
        }
        return response
    }

    /// Who is calling, as this device last learned it: what a write is checked as before it leaves.
    var actor: Actor { Offline.actor(self.cache?.identity, device: "field") }

    /// Syncs once per client, when the cache has been filled before or has calls waiting.
    func syncOnce(_ cache: FieldCache) async throws {
        let due = self.state.withLock { state in
            defer { state.synced = true }
            return !state.synced
        }
        guard due, try cache.isReady || cache.needsRefetch || !cache.pending().isEmpty else { return }
        let report: SyncReport
        do {
            report = try await self.office.sync(into: cache)
        } catch let error as RPCError where !Self.isUnreachable(error.code) {
            // A sync that fails must not stop the command it came before: the node answers that on its own.
            self.notice("could not sync this device's copy: \(error.message)")
            return
        }
        if report.progress.pushed > 0 {
            self.notice("sent \(report.progress.pushed) change\(report.progress.pushed == 1 ? "" : "s") made offline")
        }
        for refusal in report.refusals { self.notice("refused by the office: \(refusal)") }
        if let stuck = report.stuck {
            self.notice(Self.stuckNotice(stuck, waiting: (try? cache.pending().count) ?? 1))
        }
    }

    /// What a user is told of a queued call that cannot be sent, and how to see and drop it.
    public static func stuckNotice(_ entry: FieldCache.OutboxEntry, waiting: Int) -> String {
        let behind = waiting > 1 ? " (\(waiting - 1) more queued behind it)" : ""
        return
            "queued change #\(entry.seq) cannot be sent: \(entry.summary): \(entry.lastError ?? "unknown error")\(behind); "
            + "see it with `chaindesk outbox`, drop it with `chaindesk outbox drop \(entry.seq)`"
    }

    /// Tells the user, once, that answers come from this device's copy; and after every write made offline, that
    /// it is saved here and waiting.
    func tell(_ cache: FieldCache, wrote: Bool) {
        let waiting = (try? cache.pending().count) ?? 0
        let changes = "\(waiting) change\(waiting == 1 ? "" : "s")"
        if wrote {
            self.notice("offline: saved on this device; \(changes) will go to the office at the next sync")
            return
        }
        let first = self.state.withLock { state in
            defer { state.told = true }
            return !state.told
        }
        guard first else { return }
        let age = cache.syncedAt.map { Self.age(since: $0) } ?? "never synced"
        self.notice("offline: showing this device's copy (\(age)); \(changes) waiting to be sent")
    }

    /// `synced 12 min ago`, in words a person reads at a glance.
    static func age(since date: Date, now: Date = ClientClock.current.now) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "synced just now"
        case ..<3600: return "synced \(seconds / 60) min ago"
        case ..<86_400: return "synced \(seconds / 3600) h ago"
        default: return "synced \(seconds / 86_400) days ago"
        }
    }

    static func isUnreachable(_ code: StatusCode) -> Bool { code == .unavailable || code == .deadlineExceeded }
}
