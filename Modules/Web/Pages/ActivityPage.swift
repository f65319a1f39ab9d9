internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskServer
internal import ChainDeskStore
internal import Foundation
internal import Hummingbird
internal import SwiftProtobuf

/// 工作量: each officer's contacts in the period (OfficerActivity; `from` and `through`, this month by default) and
/// every event's yield (EventYield).
enum ActivityPage {
    struct Model {
        struct Officer {
            let name: String
            let interactions: Int
            let kinds: String
            let touched: Int32
            let stageChanges: Int32
            let overdue: Int32
        }

        struct Event {
            let name: String
            let interactions: Int32
            let met: Int32
            let leads: Int32
            let projects: Int32
            let yuan: Int64
            let amount: String
        }

        let chrome: Chrome
        let words: [String: String]
        let from: String
        let through: String
        let chart: String
        let officers: [Officer]
        let events: [Event]
    }

    static let template = """
        {{<layout}}{{$body}}
        <form class="period" method="get" action="/activity">
          <label>{{words.from}} <input type="date" name="from" value="{{from}}"></label>
          <label>{{words.to}} <input type="date" name="through" value="{{through}}"></label>
          <button type="submit">{{words.show}}</button>
        </form>
        <p class="exports">{{words.download}}: <a href="/reports/activity.xlsx?from={{from}}&amp;through={{through}}">XLSX</a>
        · <a href="/reports/events.xlsx">{{words.events}} XLSX</a></p>
        <section>{{{chart}}}</section>
        <table id="officers">
          <thead><tr><th>{{words.name}}</th><th class="n">{{words.interactions}}</th><th></th>
          <th class="n">{{words.enterprisesTouched}}</th><th class="n">{{words.stageChanges}}</th>
          <th class="n">{{words.overdueNextSteps}}</th></tr></thead>
          <tbody>
          {{#officers}}<tr><td>{{name}}</td><td class="n">{{interactions}}</td><td>{{kinds}}</td><td class="n">{{touched}}</td>
          <td class="n">{{stageChanges}}</td><td class="n">{{overdue}}</td></tr>{{/officers}}
          {{^officers}}<tr><td colspan="6">{{words.none}}</td></tr>{{/officers}}
          </tbody>
        </table>
        <h2>{{words.events}}</h2>
        <table id="events">
          <thead><tr><th>{{words.event}}</th><th class="n">{{words.interactions}}</th><th class="n">{{words.enterprisesMet}}</th>
          <th class="n">{{words.leads}}</th><th class="n">{{words.projects}}</th><th class="n">{{words.investment}}</th></tr></thead>
          <tbody>
          {{#events}}<tr><td>{{name}}</td><td class="n">{{interactions}}</td><td class="n">{{met}}</td><td class="n">{{leads}}</td>
          <td class="n">{{projects}}</td><td class="n" data-yuan="{{yuan}}">{{amount}}</td></tr>{{/events}}
          {{^events}}<tr><td colspan="6">{{words.none}}</td></tr>{{/events}}
          </tbody>
        </table>
        {{/body}}{{/layout}}
        """

    static func page(_ visit: Visit) async throws -> Response {
        let labels = visit.labels
        let period = visit.periodRequest
        let activity = try await visit.call(API.Reports.officerActivity) { caller, services in
            try await services.reportService.officerActivity(period, caller: caller)
        }
        let yields = try await visit.call(API.Reports.eventYield) { caller, services in
            try await services.reportService.eventYield(.init(), caller: caller)
        }
        let officers = activity.officers.map { officer in
            Model.Officer(
                name: officer.name,
                interactions: officer.interactions.values.reduce(0) { $0 + Int($1) },
                kinds: officer.interactions.sorted { $0.key < $1.key }.map { "\(labels[$0.key]) \($0.value)" }
                    .joined(separator: "、"),
                touched: officer.enterprisesTouched,
                stageChanges: officer.stageChanges,
                overdue: officer.overdueNextSteps
            )
        }
        let today = Day(visit.site.node.store.now)
        let model = Model(
            chrome: Chrome(title: labels.phrase("activity"), visit: visit, current: "/activity"),
            words: labels.commonWords.merging(
                [
                    "name": labels["name"], "interactions": labels["interactions"],
                    "enterprisesTouched": labels["enterprises touched"], "stageChanges": labels["stage changes"],
                    "overdueNextSteps": labels["overdue next steps"], "events": labels.phrase("events"),
                    "event": labels["event"], "enterprisesMet": labels["enterprises met"], "leads": labels["leads"],
                    "projects": labels["projects"], "from": labels["from"], "to": labels["to"],
                    "show": labels.phrase("show"),
                ],
                uniquingKeysWith: { _, new in new }
            ),
            from: period.from.isEmpty ? String(format: "%04d-%02d-01", today.year, today.month) : period.from,
            through: period.through.isEmpty ? today.description : period.through,
            chart: Charts.bars(officers.map { ($0.name, Int64($0.interactions), "\($0.interactions)") }),
            officers: officers,
            events: yields.events.map {
                Model.Event(
                    name: $0.name,
                    interactions: $0.interactions,
                    met: $0.enterprisesMet,
                    leads: $0.leads,
                    projects: $0.projectsSigned,
                    yuan: $0.investmentYuan,
                    amount: Yuan($0.investmentYuan).description
                )
            }
        )
        return visit.render("activity", model)
    }
}
