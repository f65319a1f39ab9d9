public import ChainDeskRPC
public import ChainDeskRPCNIO
internal import ChainDeskWire
internal import Foundation
internal import Histogram
internal import NIOCore
internal import Synchronization

/// Monotonic time in nanoseconds, cheap enough to read around every call.
enum Monotonic {
    static var now: UInt64 { NIODeadline.now().uptimeNanoseconds }
}

/// When a load run sends and which calls it counts: calls start until `warmup + seconds` from its creation, and
/// those started after the warm-up are measured.
struct LoadWindow: Sendable {
    let measureFrom: UInt64
    let stopAt: UInt64

    init(seconds: Double, warmup: Double) {
        let now = Monotonic.now
        self.measureFrom = now + UInt64(warmup * 1e9)
        self.stopAt = self.measureFrom + UInt64(seconds * 1e9)
    }

    func measures(_ started: UInt64) -> Bool { started >= self.measureFrom && started < self.stopAt }
    func isOpen(at now: UInt64) -> Bool { now < self.stopAt }
}

/// The window of a run with several connections, opened by the first connection that is up.
final class WindowStart: Sendable {
    let seconds: Double
    let warmup: Double
    let opened = Mutex<LoadWindow?>(nil)

    init(seconds: Double, warmup: Double) {
        self.seconds = seconds
        self.warmup = warmup
    }

    var window: LoadWindow {
        self.opened.withLock { opened in
            if let opened { return opened }
            let window = LoadWindow(seconds: self.seconds, warmup: self.warmup)
            opened = window
            return window
        }
    }
}

/// Latency percentiles from an HdrHistogram of nanoseconds (3 significant digits), in microseconds: of calls,
/// searches, reports — every latency chaindesk-bench reports goes through here.
public struct CallLatency: Codable, Sendable, CustomStringConvertible {
    public var samples: Int
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double

    static func makeHistogram() -> Histogram<UInt64> {
        Histogram(
            lowestDiscernibleValue: 1_000,
            highestTrackableValue: 120_000_000_000,
            numberOfSignificantValueDigits: .three
        )
    }

    init(_ histogram: Histogram<UInt64>) {
        func microseconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1000 }
        self.samples = Int(histogram.totalCount)
        self.p50 = microseconds(histogram.valueAtPercentile(50))
        self.p90 = microseconds(histogram.valueAtPercentile(90))
        self.p99 = microseconds(histogram.valueAtPercentile(99))
        self.p999 = microseconds(histogram.valueAtPercentile(99.9))
        self.max = microseconds(histogram.max)
    }

    /// The percentiles of measured durations.
    init(_ durations: [Duration]) {
        var histogram = Self.makeHistogram()
        for duration in durations {
            let (seconds, attoseconds) = duration.components
            _ = histogram.record(UInt64(Swift.max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)))
        }
        self.init(histogram)
    }

    /// For people, in milliseconds.
    public var description: String {
        func ms(_ microseconds: Double) -> String { String(format: "%.2f", microseconds / 1000) }
        return "p50 \(ms(self.p50)) ms, p90 \(ms(self.p90)) ms, p99 \(ms(self.p99)) ms, p99.9 \(ms(self.p999)) ms, "
            + "max \(ms(self.max)) ms (n=\(self.samples))"
    }
}

/// Bytes per call, both directions together: on the wire, in message payloads as carried (compressed or not),
/// the rest (framing: frame headers, CALL/END, window updates, the amortised preface and SETTINGS), and the
/// messages as the application sees them.
public struct BytesPerCall: Codable, Sendable {
    public var wire: Double
    public var payload: Double
    public var framing: Double
    public var messages: Double

    init(wire: Double, payload: Double, messages: Double) {
        self.wire = wire
        self.payload = payload
        self.framing = wire - payload
        self.messages = messages
    }

    /// Per call over `calls`; the connections' setup, paid once each, is left out.
    init(_ traffic: ChainDeskRPC.Connection.Traffic.Figures, calls: Int) {
        let calls = Double(Swift.max(1, calls))
        self.init(
            wire: Double(traffic.wireSent + traffic.wireReceived - traffic.setup) / calls,
            payload: Double(traffic.payloadSent + traffic.payloadReceived) / calls,
            messages: Double(traffic.messagesSent + traffic.messagesReceived) / calls
        )
    }
}

/// What one load run measured.
public struct LoadFigures: Codable, Sendable {
    /// Calls completed in the measured window.
    public var calls: Int
    /// Messages both ways in the measured window (a unary call: 2).
    public var messages: Int
    public var seconds: Double
    public var callsPerSecond: Double
    public var latency: CallLatency
    public var bytesPerCall: BytesPerCall
    /// Heap allocations per call in the client process and in the server's, when counted (Tools/malloc-count).
    public var clientAllocationsPerCall: Double?
    public var serverAllocationsPerCall: Double?
    /// The server process's resident memory after the run, and its peak, in KiB (when it is a process of its own).
    public var serverRSSKiB: Int?
    public var serverPeakRSSKiB: Int?

    /// Records the server process's memory now (one read of /proc).
    mutating func noteMemory(of server: ServerProcess) {
        let memory = server.memory
        self.serverRSSKiB = memory?.rss
        self.serverPeakRSSKiB = memory?.peak
    }

    init(calls: Int, messages: Int, seconds: Double, latency: CallLatency, bytes: BytesPerCall) {
        self.calls = calls
        self.messages = messages
        self.seconds = seconds
        self.callsPerSecond = Double(calls) / seconds
        self.latency = latency
        self.bytesPerCall = bytes
    }
}

/// Drives ChainDesk calls: `connections` TCP connections, `inFlight` calls kept going on each.
enum Load {
    /// One call of a scenario on `client`; returns the messages it moved, both ways.
    typealias Operation = @Sendable (RPCClient) async throws -> Int

    private struct Tally: Sendable {
        var histogram = CallLatency.makeHistogram()
        var measured = 0
        var messages = 0
        var all = 0
        var traffic = ChainDeskRPC.Connection.Traffic.Figures()

        mutating func add(_ other: Tally) {
            self.histogram.add(other.histogram)
            self.measured += other.measured
            self.messages += other.messages
            self.all += other.all
            self.traffic = self.traffic + other.traffic
        }
    }

    static func drive(
        host: String = "127.0.0.1",
        port: Int,
        configuration: RPCConfiguration,
        connections: Int,
        inFlight: Int,
        seconds: Double,
        warmup: Double = 0.3,
        _ operation: @escaping Operation
    ) async throws -> LoadFigures {
        // The clock starts when the first connection is up, not before connecting: a slow connect must not eat
        // the measured window.
        let start = WindowStart(seconds: seconds, warmup: warmup)
        let allocationsBefore = Allocations.current
        let tally = try await withThrowingTaskGroup(of: Tally.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    try await TCPTransport.withClient(host: host, port: port, configuration: configuration) { client in
                        let window = start.window
                        var tally = try await withThrowingTaskGroup(of: Tally.self) { workers in
                            // The callers never block, so they run on the connection's event loop, as the
                            // server's handlers do: no thread hop between a response and the next request.
                            for _ in 0..<inFlight {
                                workers.addTask(executorPreference: client.connection.executor) {
                                    var tally = Tally()
                                    while true {
                                        let started = Monotonic.now
                                        guard window.isOpen(at: started) else { break }
                                        let messages = try await operation(client)
                                        tally.all += 1
                                        if window.measures(started) {
                                            _ = tally.histogram.record(Monotonic.now - started)
                                            tally.measured += 1
                                            tally.messages += messages
                                        }
                                    }
                                    return tally
                                }
                            }
                            return try await workers.reduce(into: Tally()) { $0.add($1) }
                        }
                        tally.traffic = client.connection.traffic.figures
                        return tally
                    }
                }
            }
            return try await group.reduce(into: Tally()) { $0.add($1) }
        }
        var figures = LoadFigures(
            calls: tally.measured,
            messages: tally.messages,
            seconds: seconds,
            latency: CallLatency(tally.histogram),
            bytes: BytesPerCall(tally.traffic, calls: tally.all)
        )
        if let before = allocationsBefore, let after = Allocations.current {
            figures.clientAllocationsPerCall = Double(after - before) / Double(max(1, tally.all))
        }
        return figures
    }
}
