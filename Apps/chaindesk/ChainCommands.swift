internal import ArgumentParser
internal import ChainDeskAPI
internal import ChainDeskClient
internal import ChainDeskProto
internal import Foundation
internal import SwiftProtobuf

struct ChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "The industry map (产业图谱): chains, links and the enterprises placed on them.",
        subcommands: [Map.self, Add.self, Link.self, Gap.self, Place.self, Unplace.self]
    )

    struct Map: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows the map: each chain's links upstream to downstream, their gaps and enterprises."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "One chain (id or name); every chain when left out.") var chain: String?

        func run() async throws {
            let client = try self.options.client()
            let labels = self.options.labels
            var request = Chaindesk_V1_ChainMapRequest()
            if let chain { request.chainID = try await attempt { try await client.resolveChain(chain).id } }
            let map = try await attempt { try await client.call(API.IndustryMap.getChainMap, request) }
            if self.options.json { return try self.options.printJSON(map) }
            var rows: [[String]] = []
            for chain in map.chains {
                for link in map.links where link.chainID == chain.id {
                    let placed = map.placements.filter { $0.linkID == link.id }.map { placement in
                        let name = map.enterpriseNames[placement.enterpriseID] ?? placement.enterpriseID
                        return placement.role == "member" ? name : "\(name)（\(labels[placement.role])）"
                    }
                    rows.append([
                        chain.name, labels[link.position], link.name, labels[link.gap],
                        placed.joined(separator: "、"),
                    ])
                }
                if !map.links.contains(where: { $0.chainID == chain.id }) { rows.append([chain.name, "", "", "", ""]) }
            }
            self.options.table(["chain", "position", "link", "gap", "enterprise"], rows, empty: "the map is empty")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a chain (产业链).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Its name: 智能制造, 新材料 …") var name: String
        @Option(help: "A short description.") var summary = ""
        @Option(help: "An id to give it (default: generated).") var id: String?

        func run() async throws {
            let client = try self.options.client()
            let chain = Chaindesk_V1_Chain.with {
                $0.id = self.id ?? ""
                $0.name = self.name
                $0.summary = self.summary
            }
            let stored = try await attempt {
                try await client.call(API.IndustryMap.putChain, .with { $0.chain = chain }, key: newKey())
            }
            if self.options.json { return try self.options.printJSON(stored) }
            print("added chain \(stored.name) [\(stored.id)]")
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a link (环节) to a chain.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The chain: id or name.") var chain: String
        @Argument(help: "The link's name: 传感器, 整机装配 …") var name: String
        @Option(help: "upstream, midstream or downstream.") var position: String
        @Option(help: "Its order within the position, from 0.") var order = 0
        @Option(help: "covered, missing (补链), weak (强链) or extension (延链).") var gap = "covered"

        func run() async throws {
            let client = try self.options.client()
            let chain = try await attempt { try await client.resolveChain(self.chain) }
            let link = Chaindesk_V1_ChainLink.with {
                $0.chainID = chain.id
                $0.name = self.name
                $0.position = self.position
                $0.order = Int32(self.order)
                $0.gap = self.gap
            }
            let stored = try await attempt {
                try await client.call(API.IndustryMap.putLink, .with { $0.link = link }, key: newKey())
            }
            if self.options.json { return try self.options.printJSON(stored) }
            print("added link \(stored.name) to \(chain.name) [\(stored.id)]")
        }
    }

    struct Gap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sets a link's gap status.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The link: id or name.") var link: String
        @Argument(help: "covered, missing (补链), weak (强链) or extension (延链).") var gap: String

        func run() async throws {
            let client = try self.options.client()
            var link = try await attempt { try await client.resolveLink(self.link) }
            link.gap = self.gap
            let request = Chaindesk_V1_PutLinkRequest.with { $0.link = link }
            try await self.options.write(client, API.IndustryMap.putLink, request) { stored in
                "\(stored.name): \(self.options.labels[stored.gap])"
            }
        }
    }

    struct Place: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Places an enterprise on a link.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "The link: id or name.") var link: String
        @Option(help: "chainLeader (链主), member or target.") var role = "member"

        func run() async throws {
            let client = try self.options.client()
            let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
            let link = try await attempt { try await client.resolveLink(self.link) }
            let placement = Chaindesk_V1_Placement.with {
                $0.enterpriseID = enterprise.id
                $0.linkID = link.id
                $0.role = self.role
            }
            let stored = try await attempt {
                try await client.call(API.IndustryMap.place, .with { $0.placement = placement }, key: newKey())
            }
            if self.options.json { return try self.options.printJSON(stored) }
            print("placed \(enterprise.legalName) on \(link.name) as \(self.options.labels[stored.role])")
        }
    }

    struct Unplace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Takes an enterprise off a link.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The enterprise: id, credit code or part of the name.") var enterprise: String
        @Argument(help: "The link: id or name.") var link: String

        func run() async throws {
            let client = try self.options.client()
            let enterprise = try await attempt { try await client.resolveEnterprise(self.enterprise) }
            let link = try await attempt { try await client.resolveLink(self.link) }
            let map = try await attempt {
                try await client.call(API.IndustryMap.getChainMap, .with { $0.chainID = link.chainID })
            }
            guard
                let placement = map.placements.first(where: { $0.linkID == link.id && $0.enterpriseID == enterprise.id }
                )
            else {
                throw CLIError("\(enterprise.legalName) is not placed on \(link.name)", status: 3)
            }
            let removed = try await attempt {
                try await client.call(API.IndustryMap.unplace, .with { $0.id = placement.id })
            }
            if self.options.json { return try self.options.printJSON(removed) }
            print("took \(enterprise.legalName) off \(link.name)")
        }
    }
}
