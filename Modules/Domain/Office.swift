public import Foundation

/// A member of the office's staff and what they may do.
public struct Staff: Hashable, Sendable, Codable {
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
        /// 招商专员: logs contacts, follows assigned enterprises.
        case officer
        /// 副部长: keeps the industry map, screens leads, assigns and verifies stage changes.
        case deputyHead
        /// 部长 / director: verifies signings.
        case director
        /// 领导: reads reports; never writes.
        case leadership
        /// 企业服务: handles service requests.
        case aftercare
        /// Manages users.
        case admin
    }

    public var id: ID<Staff>
    public var name: String
    public var role: Role
    /// The chains the person covers, for assignment by sector fit.
    public var sectors: [ID<Chain>]
    public var active: Bool
    public var version: Int

    public init(
        id: ID<Staff>,
        name: String,
        role: Role,
        sectors: [ID<Chain>] = [],
        active: Bool = true,
        version: Int = 0
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.sectors = sectors
        self.active = active
        self.version = version
    }
}

/// An industrial chain (产业链) of the industry map.
public struct Chain: Hashable, Sendable, Codable {
    public var id: ID<Chain>
    public var name: String
    public var summary: String
    public var version: Int

    public init(id: ID<Chain>, name: String, summary: String = "", version: Int = 0) {
        self.id = id
        self.name = name
        self.summary = summary
        self.version = version
    }
}

/// One link (环节) of a chain, with the park's gap status there.
public struct ChainLink: Hashable, Sendable, Codable {
    public enum Position: String, Hashable, Sendable, Codable, CaseIterable {
        case upstream, midstream, downstream

        /// Upstream 0, midstream 1, downstream 2: the order a chain is read in.
        public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    }

    /// Link order, the one every listing and report uses: by chain, then upstream → midstream → downstream, then
    /// the link's order within its position, then name.
    public static func inLinkOrder(_ a: ChainLink, _ b: ChainLink) -> Bool {
        (a.chainID, a.position.rank, a.order, a.name, a.id) < (b.chainID, b.position.rank, b.order, b.name, b.id)
    }

    /// What the park needs at this link: "建圈强链".
    public enum Gap: String, Hashable, Sendable, Codable, CaseIterable {
        /// Covered: the park has what it needs here.
        case covered
        /// 补链: the park lacks this link.
        case missing
        /// 强链: the park has it, but weakly.
        case weak
        /// 延链: an extension the park wants to add.
        case extension_ = "extension"
    }

    public var id: ID<ChainLink>
    public var chainID: ID<Chain>
    public var name: String
    public var position: Position
    /// Order along the chain, upstream first.
    public var order: Int
    public var gap: Gap
    public var version: Int

    public init(
        id: ID<ChainLink>,
        chainID: ID<Chain>,
        name: String,
        position: Position,
        order: Int,
        gap: Gap,
        version: Int = 0
    ) {
        self.id = id
        self.chainID = chainID
        self.name = name
        self.position = position
        self.order = order
        self.gap = gap
        self.version = version
    }
}

/// An enterprise placed on a chain link.
public struct Placement: Hashable, Sendable, Codable {
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
        /// 链主: the chain's leading enterprise.
        case chainLeader
        /// A park enterprise at this link.
        case member
        /// A target that would fill or strengthen the link.
        case target
    }

    public var id: ID<Placement>
    public var enterpriseID: ID<Enterprise>
    public var linkID: ID<ChainLink>
    public var role: Role
    public var version: Int

    public init(id: ID<Placement>, enterpriseID: ID<Enterprise>, linkID: ID<ChainLink>, role: Role, version: Int = 0) {
        self.id = id
        self.enterpriseID = enterpriseID
        self.linkID = linkID
        self.role = role
        self.version = version
    }
}

/// Who made a change, and from which device; every mutation carries one.
public struct Actor: Hashable, Sendable, Codable {
    public var staffID: ID<Staff>
    public var role: Staff.Role
    /// The client or device the change came from (`office`, `field-07`).
    public var device: String

    public init(staffID: ID<Staff>, role: Staff.Role, device: String) {
        self.staffID = staffID
        self.role = role
        self.device = device
    }
}

extension Staff {
    /// The actor for changes this person makes from `device`.
    public func acting(from device: String) -> Actor {
        Actor(staffID: self.id, role: self.role, device: device)
    }
}

extension Date {
    /// The day this instant falls on in the office's time zone.
    public var day: Day { Day(self) }
}
