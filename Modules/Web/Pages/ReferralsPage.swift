internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskServer
internal import Foundation
internal import Hummingbird
internal import SwiftProtobuf

/// 以商招商: who introduced whom, drawn as a graph by generation, and each introducer's credit in leads, projects
/// and yuan, directly and onward (ListReferrals and the Referral report).
enum ReferralsPage {
    struct Model {
        struct Credit {
            let name: String
            let kind: String
            let leads: Int32
            let projects: Int32
            let yuan: Int64
            let amount: String
            let onward: String
        }

        let chrome: Chrome
        let words: [String: String]
        let chart: String
        let credits: [Credit]
    }

    static let template = """
        {{<layout}}{{$body}}
        <p class="exports">{{words.download}}: <a href="/reports/referrals.xlsx">XLSX</a>
        · <a href="/reports/referrals.csv">CSV</a></p>
        <section>{{{chart}}}</section>
        <table id="credits">
          <thead><tr><th>{{words.introducer}}</th><th>{{words.kind}}</th><th class="n">{{words.leads}}</th>
          <th class="n">{{words.projects}}</th><th class="n">{{words.investment}}</th><th>{{words.transitive}}</th></tr></thead>
          <tbody>
          {{#credits}}<tr><td>{{name}}</td><td>{{kind}}</td><td class="n">{{leads}}</td><td class="n">{{projects}}</td>
          <td class="n" data-yuan="{{yuan}}">{{amount}}</td><td>{{onward}}</td></tr>{{/credits}}
          {{^credits}}<tr><td colspan="6">{{words.none}}</td></tr>{{/credits}}
          </tbody>
        </table>
        {{/body}}{{/layout}}
        """

    static func page(_ visit: Visit) async throws -> Response {
        let labels = visit.labels
        let list = try await visit.call(API.Leads.listReferrals) { caller, services in
            try await services.leadService.listReferrals(.init(), caller: caller)
        }
        let report = try await visit.call(API.Reports.referral) { caller, services in
            try await services.reportService.referral(.init(), caller: caller)
        }
        // Generations: an introducer nobody introduced is 0; whom it introduced, one more (cycles stop the walk).
        var depth: [String: Int] = [:]
        let introduced = Set(list.referrals.map(\.introducedID))
        var frontier = Array(Set(list.referrals.map(\.introducerID)).subtracting(introduced)).sorted()
        frontier.forEach { depth[$0] = 0 }
        while !frontier.isEmpty {
            var next: [String] = []
            for id in frontier {
                for referral in list.referrals where referral.introducerID == id && depth[referral.introducedID] == nil
                {
                    depth[referral.introducedID] = (depth[id] ?? 0) + 1
                    next.append(referral.introducedID)
                }
            }
            frontier = next.sorted()
        }
        for referral in list.referrals {
            if depth[referral.introducerID] == nil { depth[referral.introducerID] = 0 }
            if depth[referral.introducedID] == nil {
                depth[referral.introducedID] = (depth[referral.introducerID] ?? 0) + 1
            }
        }
        let nodes = depth.map { (id: $0.key, name: list.names[$0.key] ?? $0.key, depth: $0.value) }
            .sorted { ($0.depth, $0.name) < ($1.depth, $1.name) }
        let model = Model(
            chrome: Chrome(title: labels.phrase("referrals"), visit: visit, current: "/referrals"),
            words: labels.commonWords.merging(
                ["introducer", "kind", "leads", "projects", "transitive"].reduce(into: [:]) { $0[$1] = labels[$1] },
                uniquingKeysWith: { _, new in new }
            ),
            chart: Charts.referrals(nodes: nodes, edges: list.referrals.map { ($0.introducerID, $0.introducedID) }),
            credits: report.credits.map {
                Model.Credit(
                    name: $0.introducerName,
                    kind: labels[$0.introducerKind],
                    leads: $0.leads,
                    projects: $0.projects,
                    yuan: $0.investmentYuan,
                    amount: Yuan($0.investmentYuan).description,
                    onward: "\($0.transitiveLeads) / \($0.transitiveProjects) / \(Yuan($0.transitiveInvestmentYuan))"
                )
            }
        )
        return visit.render("referrals", model)
    }
}
