internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskProto
internal import SwiftProtobuf

/// The industry map (产业图谱): each chain's links upstream to downstream, their gaps and the enterprises on them.
public struct ChainMap: Presentable {
    public let map: Chaindesk_V1_ChainMap

    public func present(into out: inout Printout) throws {
        try out.json(self.map)
        let labels = out.labels
        var rows: [[String]] = []
        for chain in self.map.chains {
            for link in self.map.links where link.chainID == chain.id {
                let placed = self.map.placements.filter { $0.linkID == link.id }.map { placement in
                    let name = self.map.enterpriseNames[placement.enterpriseID] ?? placement.enterpriseID
                    return placement.role == "member" ? name : "\(name)（\(labels[placement.role])）"
                }
                rows.append([
                    chain.name, labels[link.position], link.name, labels[link.gap], placed.joined(separator: "、"),
                ])
            }
            if !self.map.links.contains(where: { $0.chainID == chain.id }) {
                rows.append([chain.name, "", "", "", ""])
            }
        }
        out.table(["chain", "position", "link", "gap", "enterprise"], rows, empty: "the map is empty")
    }
}

extension OfficeCalls {
    /// The map of one chain (a reference), or of every chain.
    public func chainMap(_ chain: String?) async throws -> ChainMap {
        var request = Chaindesk_V1_ChainMapRequest()
        if let chain { request.chainID = try await self.resolveChain(chain).id }
        return ChainMap(map: try await self.call(API.IndustryMap.getChainMap, request, key: nil))
    }

    /// Adds a chain (产业链), with the id given or a generated one.
    public func addChain(name: String, summary: String, id: String?) async throws -> Written<Chaindesk_V1_Chain> {
        let chain = Chaindesk_V1_Chain.with {
            $0.id = id ?? ""
            $0.name = name
            $0.summary = summary
        }
        let stored = try await self.call(API.IndustryMap.putChain, .with { $0.chain = chain }, key: newKey())
        return Written(stored) { stored, _ in "added chain \(stored.name) [\(stored.id)]" }
    }

    /// Adds a link (环节) to a chain (a reference).
    public func addLink(to chain: String, name: String, position: String, order: Int, gap: String) async throws
        -> Written<Chaindesk_V1_ChainLink>
    {
        let chain = try await self.resolveChain(chain)
        let link = Chaindesk_V1_ChainLink.with {
            $0.chainID = chain.id
            $0.name = name
            $0.position = position
            $0.order = Int32(clamping: order)
            $0.gap = gap
        }
        let stored = try await self.call(API.IndustryMap.putLink, .with { $0.link = link }, key: newKey())
        let chainName = chain.name
        return Written(stored) { stored, _ in "added link \(stored.name) to \(chainName) [\(stored.id)]" }
    }

    /// Sets a link's gap status: covered, missing (补链), weak (强链) or extension (延链).
    public func setGap(of link: String, to gap: String) async throws -> Written<Chaindesk_V1_ChainLink> {
        var found = try await self.resolveLink(link)
        found.gap = gap
        let stored = try await self.call(API.IndustryMap.putLink, .with { $0.link = found }, key: newKey())
        return Written(stored) { stored, labels in "\(stored.name): \(labels[stored.gap])" }
    }

    /// Places an enterprise on a link as chain leader (链主), member or target.
    public func place(_ enterprise: String, on link: String, role: String) async throws
        -> Written<Chaindesk_V1_Placement>
    {
        let enterprise = try await self.resolveEnterprise(enterprise)
        let link = try await self.resolveLink(link)
        let placement = Chaindesk_V1_Placement.with {
            $0.enterpriseID = enterprise.id
            $0.linkID = link.id
            $0.role = role
        }
        let stored = try await self.call(API.IndustryMap.place, .with { $0.placement = placement }, key: newKey())
        let (name, linkName) = (enterprise.legalName, link.name)
        return Written(stored) { stored, labels in "placed \(name) on \(linkName) as \(labels[stored.role])" }
    }

    /// Takes an enterprise off a link.
    public func unplace(_ enterprise: String, from link: String) async throws -> Written<Chaindesk_V1_Placement> {
        let enterprise = try await self.resolveEnterprise(enterprise)
        let link = try await self.resolveLink(link)
        let map = try await self.call(API.IndustryMap.getChainMap, .with { $0.chainID = link.chainID }, key: nil)
        guard let placement = map.placements.first(where: { $0.linkID == link.id && $0.enterpriseID == enterprise.id })
        else {
            throw ClientError(.notFound, "\(enterprise.legalName) is not placed on \(link.name)")
        }
        let removed = try await self.call(API.IndustryMap.unplace, .with { $0.id = placement.id }, key: nil)
        let (name, linkName) = (enterprise.legalName, link.name)
        return Written(removed) { _, _ in "took \(name) off \(linkName)" }
    }
}
