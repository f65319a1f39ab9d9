internal import ChainDeskServer
internal import ChainDeskStore
internal import Foundation
internal import Hummingbird
internal import NIOCore
internal import Prometheus

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

    static func metrics(_ registry: PrometheusCollectorRegistry?) -> Response {
        guard let registry else {
            return Site.response("metrics are not collected by this node\n", status: .notFound, type: "text/plain")
        }
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
