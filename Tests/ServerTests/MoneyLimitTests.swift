import ChainDeskAPI
import ChainDeskDomain
import ChainDeskProto
import ChainDeskRPC
import ChainDeskServer
import ChainDeskWire
import Foundation
import SwiftProtobuf
import Testing

@Suite("Money at its limits over RPC")
struct MoneyLimitTests {
    @Test("an amount past 1万亿元 is refused, an addition that would pass it is refused, and the node keeps serving")
    func limits() async throws {
        try await AuthTests.withOffice(users: [("li", "officer")]) { client, as_ in
            let li = as_["li"]!
            let enterprise = try await client.unary(
                API.Enterprises.createEnterprise,
                .with { $0.enterprise = EnterpriseServiceTests.haoshun() },
                options: li
            )
            // The request that used to be accepted, and later made `project invest … 1亿` trap the node.
            await #expect {
                _ = try await client.unary(
                    API.Projects.createProject,
                    .with {
                        $0.project.enterpriseID = enterprise.id
                        $0.project.name = "溢出"
                        $0.project.plannedInvestmentYuan = Int64.max
                    },
                    options: li
                )
            } throws: { error in
                (error as? RPCError)?.code == .invalidArgument
                    && (error as? RPCError)?.message.contains("1万亿元") == true
            }
            let atLimit = try await client.unary(
                API.Projects.createProject,
                .with {
                    $0.project.enterpriseID = enterprise.id
                    $0.project.name = "上限"
                    $0.project.plannedInvestmentYuan = Yuan.maximum.amount
                    $0.project.stage = "lead"
                },
                options: li
            )
            for amount in [Yuan.yi, Int64.max, -1] {
                await #expect {
                    _ = try await client.unary(
                        API.Projects.addInvestment,
                        .with {
                            $0.id = atLimit.id
                            $0.amountYuan = amount
                            $0.version = atLimit.version
                        },
                        options: li
                    )
                } throws: { error in
                    (error as? RPCError)?.code == .invalidArgument || (error as? RPCError)?.code == .failedPrecondition
                }
            }
            // Still serving, with the project as it was.
            let again = try await client.unary(API.Projects.getProject, .with { $0.id = atLimit.id }, options: li)
            #expect(again.project.plannedInvestmentYuan == Yuan.maximum.amount)
            #expect(again.project.version == atLimit.version)
        }
    }
}
