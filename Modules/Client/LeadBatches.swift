public import ChainDeskAPI
public import ChainDeskProto
internal import ChainDeskRPC
internal import Foundation
internal import SwiftProtobuf

// Lead batches of any size: a chamber's member list may have tens of thousands of candidates, more than one
// message carries (Protocol/chaindesk/v1/leads.proto), so they go as pages and streams.

/// The most candidates one ImportLeadBatch call, StreamLeadBatch message or GetLeadBatch page carries.
public let leadPageSize = 2_000

extension OfficeCalls {
    /// A batch with every candidate, read a page at a time (GetLeadBatch pages, in id order).
    public func leadBatch(_ id: String) async throws -> Chaindesk_V1_LeadBatchDetail {
        var detail = try await self.call(API.Leads.getLeadBatch, .with { $0.id = id }, key: nil)
        while detail.candidates.count < Int(detail.totalCandidates) {
            let offset = Int32(detail.candidates.count)
            let page = try await self.call(
                API.Leads.getLeadBatch,
                .with {
                    $0.id = id
                    $0.offset = offset
                },
                key: nil
            )
            // A batch whose candidates changed between pages ends where the node's pages end.
            guard !page.candidates.isEmpty else { break }
            detail.candidates += page.candidates
            detail.totalCandidates = page.totalCandidates
        }
        return detail
    }
}

extension OfficeClient {
    /// Imports a batch too large for one call: StreamLeadBatch, `leadPageSize` candidates a message, committed by
    /// the node in one transaction when the stream ends. `key` makes a repeated import one import. The deadline
    /// grows with the batch (30 s, and 1 s more for every 1,000 candidates).
    public func streamLeadBatch(
        _ batch: Chaindesk_V1_LeadBatch,
        candidates: [Chaindesk_V1_LeadCandidate],
        key: String
    ) async throws -> Chaindesk_V1_LeadBatchSummary {
        var options = self.options
        options.idempotencyKey = Array(key.utf8)
        options.timeout = .seconds(30 + candidates.count / 1_000)
        let chosen = options
        // With its key the import is applied once however often it arrives: a stream lost with its connection is
        // sent again on a new one.
        return try await self.withClient(idempotent: true) { client in
            try await client.clientStreaming(API.Leads.streamLeadBatch, options: chosen) { writer in
                var first = true
                for start in stride(from: 0, to: max(candidates.count, 1), by: leadPageSize) {
                    let chunk = candidates[start..<min(start + leadPageSize, candidates.count)]
                    try await writer.send(
                        .with {
                            if first { $0.batch = batch }
                            $0.candidates = Array(chunk)
                        }
                    )
                    first = false
                }
            }
        }
    }
}
