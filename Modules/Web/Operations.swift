internal import ChainDeskRPC
internal import ChainDeskServer
internal import ChainDeskStore
internal import Foundation
internal import Hummingbird
internal import NIOCore
internal import Prometheus
internal import Synchronization

/// What operators scrape: `/health` (ready: the store answers and its schema is current; 503 otherwise or while
/// draining), `/health/live` (the process answers) and `/metrics` in Prometheus' text format (docs/operations.md).
enum Operations {
    static func health(_ node: OfficeNode) async -> Response {
        let readiness = await node.store.readiness()
        let draining = node.isDraining
        let ready = readiness.reachable && readiness.migrationsCurrent && !draining
        var fields = [
            "\"status\":\"\(ready ? "ready" : draining ? "draining" : "not ready")\"",
            "\"live\":true",
            "\"ready\":\(ready)",
            "\"storeReachable\":\(readiness.reachable)",
            "\"migrationsCurrent\":\(readiness.migrationsCurrent)",
        ]
        if let revision = readiness.revision { fields.append("\"revision\":\(revision)") }
        if let problem = readiness.problem {
            let escaped = problem.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"",
                with: "\\\""
            )
            fields.append("\"problem\":\"\(escaped)\"")
        }
        return Site.response(
            "{" + fields.joined(separator: ",") + "}\n",
            status: ready ? .ok : .serviceUnavailable,
            type: "application/json"
        )
    }

    static func live() -> Response {
        Site.response("{\"live\":true}\n", type: "application/json")
    }

    static func metrics(_ registry: PrometheusCollectorRegistry?, _ node: OfficeNode, _ reported: TrafficReported)
        -> Response
    {
        guard let registry else {
            return Site.response("metrics are not collected by this node\n", status: .notFound, type: "text/plain")
        }
        reported.report(node.server.traffic, connections: node.server.openConnections, into: registry)
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}

/// The RPC server's connection and byte counts as Prometheus series, brought up to date at each scrape: they are
/// kept by the connections themselves (no cost per call), and each scrape adds what moved since the last one.
final class TrafficReported: Sendable {
    private let last = Mutex(Connection.Traffic.Figures())

    func report(_ now: Connection.Traffic.Figures, connections: Int, into registry: PrometheusCollectorRegistry) {
        let before = self.last.withLock { last in
            defer { last = now }
            return last
        }
        registry.makeGauge(name: "chaindesk_connections_open").set(Double(connections))
        let series: [(String, String, Int, Int)] = [
            ("chaindesk_wire_bytes_total", "received", now.wireReceived, before.wireReceived),
            ("chaindesk_wire_bytes_total", "sent", now.wireSent, before.wireSent),
            // Message bytes as the application sees them, and as carried (compressed or not): their ratio is the
            // compression's.
            ("chaindesk_message_bytes_total", "received", now.messagesReceived, before.messagesReceived),
            ("chaindesk_message_bytes_total", "sent", now.messagesSent, before.messagesSent),
            ("chaindesk_payload_bytes_total", "received", now.payloadReceived, before.payloadReceived),
            ("chaindesk_payload_bytes_total", "sent", now.payloadSent, before.payloadSent),
        ]
        for (name, direction, value, previous) in series {
            registry.makeCounter(name: name, labels: [("direction", direction)]).increment(
                by: Int64(max(0, value - previous))
            )
        }
        let messages = now.messagesReceived + now.messagesSent
        let carried = now.payloadReceived + now.payloadSent
        registry.makeGauge(name: "chaindesk_compression_ratio").set(
            messages == 0 ? 1 : Double(carried) / Double(messages)
        )
    }
}
