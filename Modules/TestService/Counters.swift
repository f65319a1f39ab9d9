internal import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskWire
internal import SwiftProtobuf

extension TestService {
    /// Count's state: the counters' totals, and the outcome of every Count made with an idempotency key, so that
    /// a retry adds nothing and gets the first answer (SPEC.md §12).
    ///
    /// The test service has no principals: a key is identified by itself (the method is always Count). Outcomes
    /// are kept for the server's lifetime, up to `capacity` keys; past that the oldest are forgotten — a test
    /// service's retention, not a node's.
    public actor Counters {
        private var totals: [String: Int64] = [:]
        private var outcomes: [[UInt8]: Outcome] = [:]
        private var keysInOrder: [[UInt8]] = []
        private let capacity: Int

        private struct Outcome {
            /// The request as encoded, to tell a retry from a different request under the same key.
            let request: [UInt8]
            let result: Result<CountResponse, RPCError>
        }

        public init(capacity: Int = 100_000) {
            precondition(capacity > 0, "Counters keep at least one outcome")
            self.capacity = capacity
        }

        /// Adds the request's amount to its counter, once per idempotency key.
        func add(_ request: CountRequest, key: [UInt8]?) throws(RPCError) -> CountResponse {
            guard let key else { return try self.apply(request) }
            let bytes: [UInt8]
            do {
                bytes = try request.serializedBytes()
            } catch {
                throw RPCError(code: .internal, message: "the request could not be encoded again")
            }
            if let outcome = self.outcomes[key] {
                guard outcome.request == bytes else {
                    throw RPCError(
                        code: .failedPrecondition,
                        message: "this idempotency key was used with a different request"
                    )
                }
                return try outcome.result.get()
            }
            let result = Result { () throws(RPCError) in try self.apply(request) }
            self.remember(key, Outcome(request: bytes, result: result))
            return try result.get()
        }

        private func apply(_ request: CountRequest) throws(RPCError) -> CountResponse {
            let (total, overflow) = self.totals[request.counter, default: 0].addingReportingOverflow(request.amount)
            guard !overflow else {
                throw RPCError(code: .outOfRange, message: "counter \(request.counter) would overflow")
            }
            self.totals[request.counter] = total
            return CountResponse.with { $0.total = total }
        }

        private func remember(_ key: [UInt8], _ outcome: Outcome) {
            if self.keysInOrder.count >= self.capacity {
                let dropped = self.keysInOrder.count - self.capacity + 1
                for old in self.keysInOrder.prefix(dropped) { self.outcomes[old] = nil }
                self.keysInOrder.removeFirst(dropped)
            }
            self.outcomes[key] = outcome
            self.keysInOrder.append(key)
        }
    }
}
