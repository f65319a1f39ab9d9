internal import ChainDeskAPI
public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskWire
public import Foundation
internal import SwiftProtobuf

/// How far a sync has come, for a progress line.
public struct SyncProgress: Sendable, Hashable {
    /// Queued calls sent so far, refused so far, and waiting in all.
    public var pushed = 0
    public var refused = 0
    public var queued = 0
    /// Records received so far in this pull, and the node's estimate of the total.
    public var received = 0
    public var total = 0
}

/// What a sync did.
public struct SyncReport: Sendable, Hashable {
    public var progress: SyncProgress
    /// The summaries and reasons of the queued calls the node refused this time.
    public var refusals: [String]
    /// The queued call that could not be sent this time, neither refused nor for want of the node (too large for a
    /// message, a node error): it and the calls after it stay queued, and the pull went ahead all the same.
    public var stuck: FieldCache.OutboxEntry?
    /// The revision the cache is now up to.
    public var cursor: Int64
}

extension OfficeClient {
    /// Sends the calls queued offline, in order, each with the key it was made with (so a call the node already
    /// has is not applied twice), then pulls the working set's changes into `cache`, a batch at a time, each stored
    /// with its cursor in one transaction. A cut connection leaves everything consistent; the next sync continues.
    ///
    /// A queued call the node refuses for good (not permitted, no longer valid) is kept as refused, with the
    /// reason, for the user to see; the node being unreachable ends the sync with UNAVAILABLE and leaves the rest
    /// queued.
    public func sync(
        into cache: FieldCache,
        batchSize: UInt32 = 500,
        progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }
    ) async throws -> SyncReport {
        try await self.withClient { client in
            try await self.sync(into: cache, over: client, batchSize: batchSize, progress: progress)
        }
    }

    /// The same, over a connection already open to the node.
    public func sync(
        into cache: FieldCache,
        over client: RPCClient,
        batchSize: UInt32 = 500,
        progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }
    ) async throws -> SyncReport {
        let options = self.options
        let pending = try cache.pending()
        let request = Chaindesk_V1_PullRequest.with {
            // A refetch pulls the whole working set again, from the start.
            $0.cursor = cache.needsRefetch ? 0 : cache.cursor
            $0.resume = cache.needsRefetch ? Data() : cache.resume
            $0.batchSize = batchSize
        }
        do {
            var state = SyncProgress(queued: pending.count)
            var refusals: [String] = []
            var stuck: FieldCache.OutboxEntry?
            for entry in pending {
                var keyed = options
                keyed.idempotencyKey = Array(entry.key.utf8)
                do {
                    let limit = Int(self.configuration.wire.limits.maxMessageSize)
                    guard entry.request.count <= limit else {
                        throw RPCError(
                            code: .resourceExhausted,
                            message:
                                "it is \(Formats.size(entry.request.count)), more than the \(Formats.size(limit)) one call may carry"
                        )
                    }
                    _ = try await client.unary(.raw(id: entry.method), [UInt8](entry.request), options: keyed)
                    try cache.sent(entry)
                    state.pushed += 1
                } catch let error as RPCError where Self.isFinal(error.code) {
                    try cache.refused(entry, reason: error.message)
                    refusals.append("\(entry.summary): \(error.message)")
                    state.refused += 1
                } catch let error as RPCError where !FieldClient.isUnreachable(error.code) {
                    // Kept first in line: the calls after it may need it (a contact logged at an enterprise added
                    // offline), so none of them is sent past it.
                    try cache.stuck(entry, reason: error.message)
                    stuck = entry
                    stuck?.lastError = error.message
                    break
                }
                progress(state)
            }
            let pushed = state
            let final = try await client.serverStreaming(API.Sync.pull, request, options: options) { batches in
                var state = pushed
                for try await batch in batches {
                    try cache.apply(batch, finished: false)
                    state.received = Int(batch.sent)
                    state.total = Int(batch.total)
                    progress(state)
                }
                return state
            }
            try cache.markSynced()
            return SyncReport(progress: final, refusals: refusals, stuck: stuck, cursor: cache.cursor)
        }
    }

    /// Whether a refusal is for good: sending the call again would be refused again.
    static func isFinal(_ code: StatusCode) -> Bool {
        switch code {
        case .unavailable, .deadlineExceeded, .cancelled, .resourceExhausted, .unknown, .internal: false
        default: true
        }
    }
}
