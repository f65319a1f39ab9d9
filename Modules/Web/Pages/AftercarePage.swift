internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskServer
internal import ChainDeskSheets
internal import Foundation
internal import Hummingbird
internal import SwiftProtobuf

/// 企业服务: the open requests against their clocks, overdue first, and the period's timeliness and satisfaction
/// (ListServiceRequests and the Aftercare report; `from` and `through` pick the period, this month by default).
enum AftercarePage {
    struct Model {
        struct Request {
            let id: String
            let title: String
            let enterprise: String
            let category: String
            let urgency: String
            let status: String
            let respondBy: String
            let resolveBy: String
            let overdue: String
        }

        let chrome: Chrome
        let words: [String: String]
        let registered: Int32
        let onTime: String
        let closed: String
        let satisfaction: String
        let requests: [Request]
    }

    static let template = """
        {{<layout}}{{$body}}
        <p class="exports">{{words.download}}: <a href="/reports/aftercare.xlsx">XLSX</a>
        · <a href="/reports/aftercare.csv">CSV</a></p>
        <table class="figures" id="aftercare">
          <tbody>
          <tr><th>{{words.registered}}</th><td class="n">{{registered}}</td></tr>
          <tr><th>{{words.respondedOnTime}}</th><td class="n">{{onTime}}</td></tr>
          <tr><th>{{words.closed}}</th><td class="n">{{closed}}</td></tr>
          <tr><th>{{words.satisfaction}}</th><td class="n">{{satisfaction}}</td></tr>
          </tbody>
        </table>
        <h2>{{words.openRequests}}</h2>
        <table id="requests">
          <thead><tr><th>{{words.title}}</th><th>{{words.enterprise}}</th><th>{{words.category}}</th><th>{{words.urgency}}</th>
          <th>{{words.status}}</th><th>{{words.respondBy}}</th><th>{{words.resolveBy}}</th><th></th></tr></thead>
          <tbody>
          {{#requests}}<tr data-id="{{id}}"><td>{{title}}</td><td>{{enterprise}}</td><td>{{category}}</td><td>{{urgency}}</td>
          <td>{{status}}</td><td>{{respondBy}}</td><td>{{resolveBy}}</td><td class="overdue">{{overdue}}</td></tr>{{/requests}}
          {{^requests}}<tr><td colspan="8">{{words.none}}</td></tr>{{/requests}}
          </tbody>
        </table>
        {{/body}}{{/layout}}
        """

    static func page(_ visit: Visit) async throws -> Response {
        let labels = visit.labels
        let period = visit.periodRequest
        let report = try await visit.call(API.Reports.aftercare) { caller, services in
            try await services.reportService.aftercare(period, caller: caller)
        }
        let open = try await visit.call(API.ServiceRequests.listServiceRequests) { caller, services in
            try await services.serviceRequestService.listServiceRequests(.with { $0.openOnly = true }, caller: caller)
        }
        var names: [String: String] = [:]
        for id in Set(open.requests.map(\.enterpriseID)) {
            names[id] = try? await visit.call(API.Enterprises.getEnterprise) { caller, services in
                try await services.enterpriseService.getEnterprise(.with { $0.id = id }, caller: caller).legalName
            }
        }
        let sorted = open.requests.sorted {
            ($0.escalation, -$0.resolveByMs, $0.id) > ($1.escalation, -$1.resolveByMs, $1.id)
        }
        let model = Model(
            chrome: Chrome(title: labels.phrase("aftercare"), visit: visit, current: "/aftercare"),
            words: labels.commonWords.merging(
                [
                    "registered": labels["registered"], "respondedOnTime": labels["responded on time"],
                    "closed": labels["closed"], "satisfaction": labels["satisfaction"],
                    "openRequests": labels.phrase("open requests"), "title": labels["title"],
                    "enterprise": labels["enterprise"], "category": labels["category"], "urgency": labels["urgency"],
                    "respondBy": labels["respond by"], "resolveBy": labels["resolve by"],
                ],
                uniquingKeysWith: { _, new in new }
            ),
            registered: report.registered,
            onTime: String(format: "%.1f%%", report.respondedOnTimePercent),
            closed: String(format: "%.1f%%", report.closedPercent),
            satisfaction: report.averageSatisfaction == 0 ? "" : String(format: "%.2f / 5", report.averageSatisfaction),
            requests: sorted.map {
                Model.Request(
                    id: $0.id,
                    title: $0.title,
                    enterprise: names[$0.enterpriseID] ?? $0.enterpriseID,
                    category: labels[$0.category],
                    urgency: labels[$0.urgency],
                    status: labels.value("status", $0.status),
                    respondBy: $0.respondByMs == 0 ? "" : ReportSheets.officeTime($0.respondByMs),
                    resolveBy: $0.resolveByMs == 0 ? "" : ReportSheets.officeTime($0.resolveByMs),
                    overdue: $0.escalation == 0
                        ? "" : labels.phrase($0.escalation == 1 ? "response overdue" : "resolution overdue")
                )
            }
        )
        return visit.render("aftercare", model)
    }
}
