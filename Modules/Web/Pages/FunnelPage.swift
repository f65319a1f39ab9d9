internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskServer
internal import Foundation
internal import Hummingbird
internal import SwiftProtobuf

/// The pipeline funnel by stage with the conversion to the next (the Funnel method), and the projects that are
/// delayed, dormant or lost (ListProjects).
enum FunnelPage {
    struct Model {
        struct Stage {
            let stage: String
            let label: String
            let reached: Int32
            let conversion: String
            let now: [String]
        }

        struct Label {
            let label: String
        }

        struct Attention {
            let id: String
            let name: String
            let stage: String
            let status: String
            let reason: String
        }

        let chrome: Chrome
        let words: [String: String]
        let chart: String
        let statuses: [Label]
        let stages: [Stage]
        let attention: [Attention]
    }

    static let statuses = ["active", "delayed", "dormant", "lost", "abandoned"]
    /// The projects of each status needing attention that the page lists.
    static let attentionShown = 50

    static func page(_ visit: Visit) async throws -> Response {
        let labels = visit.labels
        let funnel = try await visit.call(API.Reports.funnel) { caller, services in
            try await services.reportService.funnel(.init(), caller: caller)
        }
        var attentionProjects: [Chaindesk_V1_Project] = []
        for status in ["delayed", "dormant", "lost"] {
            attentionProjects += try await visit.call(API.Projects.listProjects) { caller, services in
                try await services.projectService.listProjects(
                    .with {
                        $0.status = status
                        $0.limit = UInt32(Self.attentionShown)
                    },
                    caller: caller
                )
            }.projects
        }
        let stages = funnel.stages.map { stage in
            Model.Stage(
                stage: stage.stage,
                label: labels.value("stage", stage.stage),
                reached: stage.reached,
                conversion: stage.hasConversionPercent ? String(format: "%.1f%%", stage.conversionPercent) : "",
                now: Self.statuses.map { "\(stage.current[$0] ?? 0)" }
            )
        }
        let attention =
            attentionProjects
            .sorted { ($0.status, $0.name) < ($1.status, $1.name) }
            .map {
                Model.Attention(
                    id: $0.id,
                    name: $0.name,
                    stage: labels.value("stage", $0.stage),
                    status: labels.value("status", $0.status),
                    reason: $0.statusReason
                )
            }
        let model = Model(
            chrome: Chrome(title: labels.phrase("funnel"), visit: visit, current: "/funnel"),
            words: labels.commonWords.merging(
                labels.words([
                    "reached": "reached", "conversionToNext": "conversion to next",
                    "projectsNeedingAttention": "projects needing attention",
                ]),
                uniquingKeysWith: { _, new in new }
            ),
            chart: Charts.funnel(stages.map { ($0.label, Int($0.reached), $0.conversion) }),
            statuses: Self.statuses.map { Model.Label(label: labels.value("status", $0)) },
            stages: stages,
            attention: attention
        )
        return visit.render("funnel", model)
    }
}
