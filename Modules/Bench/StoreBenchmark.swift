public import ChainDeskDomain
public import ChainDeskStore
public import Foundation
internal import GRDB

/// Measures the store on a dataset: search latency, the cumulative report, and durable mutations per second
/// under concurrent writers against one writer at a time (the baseline, measured in the same run).
public enum StoreBenchmark {
    public struct Result: Codable, Sendable {
        public var enterprises: Int
        public var interactions: Int
        public var search: CallLatency
        public var searchByKind: [String: CallLatency]
        /// The report as the store answers it, from the maintained figures.
        public var cumulativeReport: CallLatency
        /// The baseline: the same report computed by its definition from every project and log entry.
        public var cumulativeRecomputed: CallLatency
        public var funnel: CallLatency
        public var funnelRecomputed: CallLatency
        public var concurrentWriters: Int
        public var mutationsPerSecond: Double
        public var baselineMutationsPerSecond: Double
        public var ratio: Double {
            self.baselineMutationsPerSecond == 0 ? 0 : self.mutationsPerSecond / self.baselineMutationsPerSecond
        }
    }

    static func timed(_ body: () async throws -> Void) async rethrows -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }

    /// Queries people type: Chinese fragments of names, pinyin, initials, credit codes and phone numbers, drawn
    /// from the dataset's own records.
    public static func queries(from store: Store, count: Int) async throws -> [(kind: String, text: String)] {
        let sample = try await store.read { db in
            try db.all(Enterprise.self, orderBy: "rowid LIMIT \(count) OFFSET 7")
        }
        var out: [(String, String)] = []
        for (index, enterprise) in sample.enumerated() {
            let short = enterprise.shortName ?? enterprise.legalName
            switch index % 5 {
            case 0: out.append(("chinese", String(short.prefix(2))))
            case 1: out.append(("chinese", String(enterprise.legalName.dropFirst(2).prefix(4))))
            case 2: out.append(("pinyin", Names.pinyin(String(short.prefix(2))).full))
            case 3: out.append(("initials", Names.pinyin(enterprise.legalName).initials))
            default: out.append(("creditCode", enterprise.creditCode?.rawValue ?? short))
            }
        }
        return out
    }

    public static func run(store: Store, queries queryCount: Int = 500, writers: Int = 64, seconds: Double = 5)
        async throws -> Result
    {
        let counts = try await store.read { db in
            (
                try db.count(Enterprise.self),
                try db.count(Interaction.self)
            )
        }
        let queries = try await Self.queries(from: store, count: queryCount)
        for query in queries.prefix(20) { _ = try await store.search(query.text) }  // warm the page cache
        var all: [Duration] = []
        var byKind: [String: [Duration]] = [:]
        for query in queries {
            let elapsed = try await Self.timed { _ = try await store.search(query.text) }
            all.append(elapsed)
            byKind[query.kind, default: []].append(elapsed)
        }
        let reports = try await Self.reports(store: store)
        let run = UUID().uuidString.prefix(8)
        let baseline = try await Self.mutationRate(
            store: store,
            writers: 1,
            seconds: seconds / 2,
            prefix: "bench-\(run)-one"
        )
        let concurrent = try await Self.mutationRate(
            store: store,
            writers: writers,
            seconds: seconds,
            prefix: "bench-\(run)-many"
        )
        return Result(
            enterprises: counts.0,
            interactions: counts.1,
            search: CallLatency(all),
            searchByKind: byKind.mapValues { CallLatency($0) },
            cumulativeReport: reports.cumulative,
            cumulativeRecomputed: reports.cumulativeRecomputed,
            funnel: reports.funnel,
            funnelRecomputed: reports.funnelRecomputed,
            concurrentWriters: writers,
            mutationsPerSecond: concurrent,
            baselineMutationsPerSecond: baseline
        )
    }

    /// The cumulative report for 1–10月 2026 and the funnel, each from the maintained figures and, as the
    /// baseline in the same run, by its definition over every record (what they cost before the figures were
    /// kept); both must give the same answer.
    static func reports(store: Store, rounds: Int = 20) async throws -> (
        cumulative: CallLatency, cumulativeRecomputed: CallLatency, funnel: CallLatency, funnelRecomputed: CallLatency
    ) {
        let threshold = store.majorProjectThreshold
        let recompute: @Sendable (any SQLConnection) throws -> Reports.Cumulative = { db in
            try Reports.cumulative(
                year: 2026,
                throughMonth: 10,
                projects: try db.all(Project.self, orderBy: "rowid"),
                investmentLog: try db.all(ProjectLogEntry.self, where: "kind = 'investment'", orderBy: "rowid"),
                threshold: threshold
            )
        }
        guard try await store.cumulativeReport(year: 2026, throughMonth: 10) == (try await store.read(recompute)),
            try await store.funnelReport()
                == (try await store.read { Reports.funnel(projects: try $0.all(Project.self)) })
        else {
            throw BenchError("the maintained figures differ from the reports' definitions on this store")
        }
        var timings: [[Duration]] = Array(repeating: [], count: 4)
        for _ in 0..<rounds {
            timings[0].append(
                try await Self.timed { _ = try await store.cumulativeReport(year: 2026, throughMonth: 10) }
            )
            timings[1].append(try await Self.timed { _ = try await store.read(recompute) })
            timings[2].append(try await Self.timed { _ = try await store.funnelReport() })
            timings[3].append(
                try await Self.timed { _ = try await store.read { Reports.funnel(projects: try $0.all(Project.self)) } }
            )
        }
        return (CallLatency(timings[0]), CallLatency(timings[1]), CallLatency(timings[2]), CallLatency(timings[3]))
    }

    /// Logs interactions from `writers` concurrent tasks for `seconds`; returns acknowledged mutations per second.
    /// Each mutation writes the record, its change-feed row and its audit rows, durably.
    public static func mutationRate(
        store: Store,
        writers: Int,
        seconds: Double,
        prefix: String,
        onAck: (@Sendable (String) -> Void)? = nil
    ) async throws -> Double {
        let enterprise: String? = try await store.read { db in try db.value("SELECT id FROM enterprise LIMIT 1") }
        let staff: String? = try await store.read { db in
            try db.value("SELECT id FROM staff WHERE role = 'officer' LIMIT 1")
        }
        guard let enterprise, let staff else {
            throw BenchError(
                "the store has no enterprise or no officer to write for; fill it with store-generate first"
            )
        }
        let actor = Actor(staffID: ID(staff), role: .officer, device: "bench")
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let start = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var done = 0
                    while ContinuousClock.now < deadline {
                        let id = "\(prefix)-\(writer)-\(done)"
                        let at = Date()
                        _ = try await store.logInteraction(
                            Interaction(
                                id: ID(id),
                                kind: .phone,
                                enterpriseID: ID(enterprise),
                                staffID: ID(staff),
                                occurredAt: at.addingTimeInterval(-1),
                                summary: "基准测试电话记录",
                                recordedAt: at
                            ),
                            by: actor
                        )
                        onAck?(id)
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - start
        return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
