internal import CoreMetrics

/// What the node counts about its calls and sign-ins, through swift-metrics: nothing when no metrics backend is
/// bootstrapped, Prometheus series on `/metrics` when the node's command bootstraps one (docs/operations.md).
enum NodeMetrics {
    /// One call of a method (RPC or web page alike), its final status and how long it took.
    static func call(_ method: String, status: String, took elapsed: Duration) {
        Counter(label: "chaindesk_calls_total", dimensions: [("method", method), ("status", status)]).increment()
        Timer(label: "chaindesk_call_duration_seconds", dimensions: [("method", method)]).recordNanoseconds(
            elapsed.components.seconds &* 1_000_000_000 &+ elapsed.components.attoseconds / 1_000_000_000
        )
    }

    /// One sign-in attempt and how it ended (`ok`, `wrongPassword`, `throttled`, …).
    static func signIn(_ outcome: String) {
        Counter(label: "chaindesk_sign_ins_total", dimensions: [("outcome", outcome)]).increment()
    }
}
