internal import CoreMetrics

/// What the store reports through swift-metrics (nothing unless the process bootstraps a backend): each group
/// commit's size and how long it took.
enum StoreMetrics {
    static func committed(_ mutations: Int, took elapsed: Duration) {
        Recorder(label: "chaindesk_store_commit_batch_size", aggregate: true).record(mutations)
        Timer(label: "chaindesk_store_commit_duration_seconds").recordNanoseconds(
            elapsed.components.seconds &* 1_000_000_000 &+ elapsed.components.attoseconds / 1_000_000_000
        )
    }
}
