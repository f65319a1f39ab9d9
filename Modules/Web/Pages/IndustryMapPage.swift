internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskServer
internal import Foundation
internal import Hummingbird
internal import SwiftProtobuf

/// 产业图谱: each chain's links upstream to downstream, drawn by the node, coloured by their gap (补链 missing,
/// 强链 weak, 延链 extension), with the enterprises placed on each, the 链主, and the targets that would fill a gap
/// (GetChainMap and ChainCoverage).
enum IndustryMapPage {
    struct Model {
        struct Chain {
            let id: String
            let name: String
            let summary: String
            let chart: String
            let links: [Link]
        }

        struct Link {
            let id: String
            let name: String
            let position: String
            let gap: String
            let gapKey: String
            let leader: String
            let members: String
            let targets: String
        }

        let chrome: Chrome
        let words: [String: String]
        let chains: [Chain]
    }

    static let template = """
        {{<layout}}{{$body}}
        <p class="exports">{{words.download}}: <a href="/reports/chains.xlsx">XLSX</a>
        · <a href="/reports/chains.csv">CSV</a></p>
        <p class="legend"><span class="gap-covered">{{words.covered}}</span> <span class="gap-missing">{{words.missing}}</span>
        <span class="gap-weak">{{words.weak}}</span> <span class="gap-extension">{{words.extension}}</span></p>
        {{#chains}}
        <section class="chain" id="chain-{{id}}">
          <h2>{{name}} <small>{{summary}}</small></h2>
          {{{chart}}}
          <table class="links">
            <thead><tr><th>{{words.link}}</th><th>{{words.position}}</th><th>{{words.gap}}</th><th>{{words.chainLeader}}</th>
            <th>{{words.parkEnterprises}}</th><th>{{words.targets}}</th></tr></thead>
            <tbody>
            {{#links}}<tr data-link="{{id}}" data-gap="{{gapKey}}"><td>{{name}}</td><td>{{position}}</td>
            <td class="gap-{{gapKey}}">{{gap}}</td><td>{{leader}}</td><td>{{members}}</td><td>{{targets}}</td></tr>{{/links}}
            </tbody>
          </table>
        </section>
        {{/chains}}
        {{^chains}}<p>{{words.none}}</p>{{/chains}}
        {{/body}}{{/layout}}
        """

    static func page(_ visit: Visit) async throws -> Response {
        let labels = visit.labels
        let map = try await visit.call(API.IndustryMap.getChainMap) { caller, services in
            try await services.industryMapService.getChainMap(.init(), caller: caller)
        }
        let coverage = try await visit.call(API.Reports.chainCoverage) { caller, services in
            try await services.reportService.chainCoverage(.init(), caller: caller)
        }
        let gaps = Dictionary(coverage.links.map { ($0.link.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = map.enterpriseNames
        let positions = ["upstream", "midstream", "downstream"]
        let chains = map.chains.map { chain in
            let links = map.links.filter { $0.chainID == chain.id }
                .sorted {
                    (positions.firstIndex(of: $0.position) ?? 3, $0.order) < (
                        positions.firstIndex(of: $1.position) ?? 3, $1.order
                    )
                }
            let rows = links.map { link in
                let placed = map.placements.filter { $0.linkID == link.id }
                func named(_ role: String) -> [String] {
                    placed.filter { $0.role == role }.map { names[$0.enterpriseID] ?? $0.enterpriseID }.sorted()
                }
                let gap = gaps[link.id]?.effectiveGap ?? link.gap
                return Model.Link(
                    id: link.id,
                    name: link.name,
                    position: labels[link.position],
                    gap: labels[gap],
                    gapKey: gap,
                    leader: named("chainLeader").joined(separator: "、"),
                    members: named("member").joined(separator: "、"),
                    targets: named("target").joined(separator: "、")
                )
            }
            return Model.Chain(
                id: chain.id,
                name: chain.name,
                summary: chain.summary,
                chart: Charts.chain(
                    columns: positions.map { position in
                        (
                            labels[position],
                            rows.filter { row in links.first { $0.id == row.id }?.position == position }.map {
                                Charts.ChainBox(
                                    name: $0.name,
                                    detail: $0.leader.isEmpty
                                        ? "\($0.gap)" : "\(labels["chainLeader"]) \($0.leader)",
                                    gap: $0.gapKey
                                )
                            }
                        )
                    }
                ),
                links: rows
            )
        }
        let model = Model(
            chrome: Chrome(title: labels.phrase("industry map"), visit: visit, current: "/map"),
            words: labels.commonWords.merging(
                [
                    "covered", "missing", "weak", "extension", "link", "position", "gap", "chainLeader", "targets",
                    "park enterprises",
                ].reduce(into: [:]) { $0[Self.key($1)] = labels[$1] },
                uniquingKeysWith: { _, new in new }
            ),
            chains: chains
        )
        return visit.render("map", model)
    }

    /// `park enterprises` → `parkEnterprises`, as templates name words.
    static func key(_ words: String) -> String {
        let parts = words.split(separator: " ")
        return parts.enumerated().map { $0 == 0 ? String($1) : $1.prefix(1).uppercased() + $1.dropFirst() }.joined()
    }
}
