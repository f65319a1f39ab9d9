internal import ChainDeskAPI
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskRPCNIO
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf
internal import Synchronization

/// The mixed CRM workload: what an office does in a day, in proportion — per 20 calls, 8 searches, 6 enterprise
/// reads, 3 contacts logged, 1 project advanced and 2 cumulative reports — as the officer who follows every
/// enterprise of the synthetic node, with realistic messages (the node's own records).
final class CRMWorkload: Sendable {
    let options: CallOptions
    let enterprises: [String]
    /// Projects made at the lead stage for this run; each advance moves the next one on a stage.
    let projects: [String]
    let next = Atomic<Int>(0)
    let advanced = Atomic<Int>(0)
    static let queries = ["精密", "科技", "制造", "东莞", "新材料", "电子", "智能", "供应链", "苏州", "有限公司"]
    static let stages = ["contacted", "siteVisit", "negotiation"]

    private init(options: CallOptions, enterprises: [String], projects: [String]) {
        self.options = options
        self.enterprises = enterprises
        self.projects = projects
    }

    /// Reads the node's enterprises and makes the projects the run will advance.
    static func prepare(port: Int, token: String, projects: Int = 600) async throws -> CRMWorkload {
        var options = CallOptions(timeout: .seconds(30))
        options.metadata.add("authorization", token)
        let chosen = options
        return try await TCPTransport.withClient(host: "127.0.0.1", port: port) { client in
            var enterprises: [String] = []
            var after = ""
            repeat {
                let page = try await client.unary(
                    API.Enterprises.listEnterprises,
                    .with {
                        $0.limit = 1000
                        $0.after = after
                    },
                    options: chosen
                )
                enterprises += page.enterprises.map(\.id)
                after = page.next
            } while !after.isEmpty
            guard !enterprises.isEmpty else { throw BenchError("the office has no enterprises") }
            var made: [String] = []
            for index in 0..<projects {
                let project = try await client.unary(
                    API.Projects.createProject,
                    .with {
                        $0.project.name = "基准项目 \(index)"
                        $0.project.enterpriseID = enterprises[index % enterprises.count]
                        $0.project.plannedInvestmentYuan = Int64(index + 1) * 1_000_000
                    },
                    options: chosen
                )
                made.append(project.id)
            }
            return CRMWorkload(options: chosen, enterprises: enterprises, projects: made)
        }
    }

    /// One call of the mix; returns the messages it moved (2).
    func call(_ client: RPCClient) async throws -> Int {
        let turn = self.next.add(1, ordering: .relaxed).newValue
        let enterprise = self.enterprises[(turn &* 7919) % self.enterprises.count]
        switch turn % 20 {
        case 0..<8:
            _ = try await client.unary(
                API.Enterprises.search,
                .with {
                    $0.query = Self.queries[turn % Self.queries.count]
                    $0.limit = 10
                },
                options: self.options
            )
        case 8..<14:
            _ = try await client.unary(
                API.Enterprises.getEnterprise,
                .with { $0.id = enterprise },
                options: self.options
            )
        case 14..<17:
            _ = try await client.unary(
                API.Interactions.logInteraction,
                .with {
                    $0.interaction.kind = "wechat"
                    $0.interaction.enterpriseID = enterprise
                    $0.interaction.summary = "微信沟通扩产用地需求，约下周到园区考察"
                    $0.interaction.needsFound = ["用地"]
                    $0.interaction.nextStep = "安排考察"
                },
                options: self.options
            )
        case 17:
            let index = self.advanced.add(1, ordering: .relaxed).newValue - 1
            let round = index / self.projects.count
            guard round < Self.stages.count else {
                // Every project has gone as far as the run takes them: read one instead.
                _ = try await client.unary(
                    API.Projects.getProject,
                    .with { $0.id = self.projects[index % self.projects.count] },
                    options: self.options
                )
                break
            }
            _ = try await client.unary(
                API.Projects.advanceProject,
                .with {
                    $0.id = self.projects[index % self.projects.count]
                    $0.stage = Self.stages[round]
                    $0.evidence = "洽谈会议纪要"
                },
                options: self.options
            )
        default:
            _ = try await client.unary(
                API.Reports.cumulative,
                .with {
                    $0.year = 2026
                    $0.throughMonth = 11
                },
                options: self.options
            )
        }
        return 2
    }
}
