import ChainDeskAPI
import ChainDeskProto
import ChainDeskRPC
import ChainDeskServer
import ChainDeskWire
import Foundation
import Logging
import SwiftProtobuf
import Testing

@Suite("Enterprises over RPC, with roles")
struct EnterpriseServiceTests {
    /// A node with the administrator and three users; `body` gets a client and each user's call options.
    static func withOffice(_ body: @escaping @Sendable (RPCClient, [String: CallOptions]) async throws -> Void)
        async throws
    {
        try await AuthTests.withOffice(users: [("li", "officer"), ("liu", "officer"), ("leader", "leadership")], body)
    }

    static func haoshun() -> Chaindesk_V1_Enterprise {
        .with {
            $0.id = "haoshun"
            $0.kind = "park"
            $0.legalName = "东莞市豪顺精密科技有限公司"
            $0.shortName = "东莞豪顺"
            $0.creditCode = "91110000600037341L"
        }
    }

    @Test("an officer creates and edits their enterprise; another officer and leadership may not")
    func roles() async throws {
        try await Self.withOffice { client, as_ in
            let created = try await client.unary(
                API.Enterprises.createEnterprise,
                .with { $0.enterprise = Self.haoshun() },
                options: as_["li"]!
            )
            #expect(created.version == 1)

            var edited = created
            edited.developmentStatus = "3月投产"
            let updated = try await client.unary(
                API.Enterprises.updateEnterprise,
                .with { $0.enterprise = edited },
                options: as_["li"]!
            )
            #expect(updated.version == 2)

            await #expect {
                _ = try await client.unary(
                    API.Enterprises.updateEnterprise,
                    .with { $0.enterprise = updated },
                    options: as_["liu"]!
                )
            } throws: { ($0 as? RPCError)?.code == .permissionDenied }
            await #expect {
                _ = try await client.unary(
                    API.Enterprises.createEnterprise,
                    .with { $0.enterprise = Self.haoshun() },
                    options: as_["leader"]!
                )
            } throws: { ($0 as? RPCError)?.code == .permissionDenied }
            let read = try await client.unary(
                API.Enterprises.getEnterprise,
                .with { $0.id = "haoshun" },
                options: as_["leader"]!
            )
            #expect(read.developmentStatus == "3月投产")
            await #expect {
                _ = try await client.unary(API.Enterprises.getEnterprise, .with { $0.id = "haoshun" })
            } throws: { ($0 as? RPCError)?.code == .unauthenticated }
        }
    }

    @Test("a stale edit is ABORTED naming the field; a repeated create with its key makes one record")
    func conflictsAndKeys() async throws {
        try await Self.withOffice { client, as_ in
            var keyed = as_["li"]!
            keyed.idempotencyKey = Array("create-haoshun-1".utf8)
            let first = try await client.unary(
                API.Enterprises.createEnterprise,
                .with { $0.enterprise = Self.haoshun() },
                options: keyed
            )
            let second = try await client.unary(
                API.Enterprises.createEnterprise,
                .with { $0.enterprise = Self.haoshun() },
                options: keyed
            )
            #expect(first == second)

            var mine = first
            mine.developmentStatus = "二期扩产"
            _ = try await client.unary(
                API.Enterprises.updateEnterprise,
                .with { $0.enterprise = mine },
                options: as_["li"]!
            )
            var theirs = first
            theirs.developmentStatus = "暂停"
            await #expect {
                _ = try await client.unary(
                    API.Enterprises.updateEnterprise,
                    .with { $0.enterprise = theirs },
                    options: as_["admin"]!
                )
            } throws: { error in
                let error = error as? RPCError
                return error?.code == .aborted && error?.message.contains("developmentStatus") == true
            }
        }
    }

    @Test("bad input is INVALID_ARGUMENT with the reason; search and paging work")
    func inputSearchAndPaging() async throws {
        try await Self.withOffice { client, as_ in
            var bad = Self.haoshun()
            bad.creditCode = "91110000600037341M"
            await #expect {
                _ = try await client.unary(
                    API.Enterprises.createEnterprise,
                    .with { $0.enterprise = bad },
                    options: as_["li"]!
                )
            } throws: { error in
                let error = error as? RPCError
                return error?.code == .invalidArgument && error?.message.contains("第18位校验码") == true
            }
            _ = try await client.unary(
                API.Enterprises.createEnterprise,
                .with { $0.enterprise = Self.haoshun() },
                options: as_["li"]!
            )
            for index in 0..<5 {
                _ = try await client.unary(
                    API.Enterprises.createEnterprise,
                    .with {
                        $0.enterprise = .with {
                            $0.id = "t\(index)"; $0.legalName = "测试企业\(index)有限公司"
                        }
                    },
                    options: as_["liu"]!
                )
            }
            let hits = try await client.unary(
                API.Enterprises.search,
                .with { $0.query = "haoshun" },
                options: as_["leader"]!
            )
            #expect(hits.hits.first?.id == "haoshun")
            let page1 = try await client.unary(
                API.Enterprises.listEnterprises,
                .with { $0.limit = 4 },
                options: as_["leader"]!
            )
            let page2 = try await client.unary(
                API.Enterprises.listEnterprises,
                .with {
                    $0.limit = 4; $0.after = page1.next
                },
                options: as_["leader"]!
            )
            #expect(page1.enterprises.count == 4 && page2.enterprises.count == 2 && page2.next.isEmpty)
        }
    }

    @Test("contacts: added by the enterprise's officer, refused to others, checked, listed")
    func contacts() async throws {
        try await Self.withOffice { client, as_ in
            _ = try await client.unary(
                API.Enterprises.createEnterprise,
                .with { $0.enterprise = Self.haoshun() },
                options: as_["li"]!
            )
            let luo = try await client.unary(
                API.Contacts.createContact,
                .with {
                    $0.contact = .with {
                        $0.enterpriseID = "haoshun"; $0.name = "罗朝龙"; $0.title = "董事"; $0.wechat = "luochaolong_hs"
                    }
                },
                options: as_["li"]!
            )
            #expect(luo.version == 1 && !luo.id.isEmpty)
            await #expect {
                _ = try await client.unary(
                    API.Contacts.createContact,
                    .with {
                        $0.contact = .with {
                            $0.enterpriseID = "haoshun"; $0.name = "某人"
                        }
                    },
                    options: as_["liu"]!
                )
            } throws: { ($0 as? RPCError)?.code == .permissionDenied }
            await #expect {
                _ = try await client.unary(
                    API.Contacts.createContact,
                    .with {
                        $0.contact = .with {
                            $0.enterpriseID = "haoshun"; $0.name = "某人"; $0.phone = "12345"
                        }
                    },
                    options: as_["li"]!
                )
            } throws: { error in
                let error = error as? RPCError
                return error?.code == .invalidArgument && error?.message.contains("12345") == true
            }
            let list = try await client.unary(
                API.Contacts.listContacts,
                .with { $0.enterpriseID = "haoshun" },
                options: as_["leader"]!
            )
            #expect(list.contacts.map(\.name) == ["罗朝龙"])
        }
    }
}
