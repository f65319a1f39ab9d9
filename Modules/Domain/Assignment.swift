/// Suggests who should follow which enterprise (重新分配联系企业): sector fit first, then an even load.
///
/// The suggestion is deterministic (ties go to the lower id) and each move says why; nothing changes until a
/// person confirms it.
public enum Assignment {
    /// One suggested change of owner.
    public struct Move: Hashable, Sendable {
        public var enterpriseID: ID<Enterprise>
        public var from: ID<Staff>?
        public var to: ID<Staff>
        public var reason: String

        public init(enterpriseID: ID<Enterprise>, from: ID<Staff>?, to: ID<Staff>, reason: String) {
            self.enterpriseID = enterpriseID
            self.from = from
            self.to = to
            self.reason = reason
        }
    }

    /// What an enterprise needs for assignment: its chain and current owner.
    public struct Item: Hashable, Sendable {
        public var enterpriseID: ID<Enterprise>
        public var chainID: ID<Chain>?
        public var ownerID: ID<Staff>?

        public init(enterpriseID: ID<Enterprise>, chainID: ID<Chain>?, ownerID: ID<Staff>?) {
            self.enterpriseID = enterpriseID
            self.chainID = chainID
            self.ownerID = ownerID
        }
    }

    /// Suggests moves so that every enterprise is followed by an active officer who covers its chain where one
    /// exists, and loads differ by at most one where that costs no sector fit.
    ///
    /// 1. Enterprises without an active owner, or whose owner does not cover their chain while another officer
    ///    does, go to the least-loaded officer who covers the chain (any officer if none does).
    /// 2. Then, while some officer has at least two more than another, the busiest such officer gives the least
    ///    loaded such officer one enterprise that keeps or gains sector fit (enterprises without a chain first);
    ///    balance stops where it would cost sector fit.
    public static func suggest(officers: [Staff], items: [Item]) -> [Move] {
        let active = officers.filter { $0.active && $0.role == .officer }.sorted { $0.id < $1.id }
        guard !active.isEmpty else { return [] }
        let sectors = Dictionary(uniqueKeysWithValues: active.map { ($0.id, Set($0.sectors)) })
        var owner: [ID<Enterprise>: ID<Staff>] = [:]
        var load = Dictionary(uniqueKeysWithValues: active.map { ($0.id, 0) })
        for item in items {
            if let current = item.ownerID, load[current] != nil {
                owner[item.enterpriseID] = current
                load[current]! += 1
            }
        }
        var moves: [ID<Enterprise>: Move] = [:]
        func covers(_ staff: ID<Staff>, _ chain: ID<Chain>?) -> Bool {
            chain.map { sectors[staff]?.contains($0) ?? false } ?? false
        }
        func record(_ item: Item, to target: ID<Staff>, _ reason: String) {
            if let previous = owner[item.enterpriseID] { load[previous]! -= 1 }
            owner[item.enterpriseID] = target
            load[target]! += 1
            moves[item.enterpriseID] = Move(
                enterpriseID: item.enterpriseID,
                from: item.ownerID,
                to: target,
                reason: reason
            )
        }

        // 1. Sector fit.
        for item in items.sorted(by: { $0.enterpriseID < $1.enterpriseID }) {
            let current = owner[item.enterpriseID]
            let fitting = active.filter { covers($0.id, item.chainID) }.map(\.id)
            if let current, fitting.isEmpty || fitting.contains(current) { continue }
            let pool = fitting.isEmpty ? active.map(\.id) : fitting
            let target = pool.min { (load[$0]!, $0) < (load[$1]!, $1) }!
            let reason =
                current == nil
                ? "无人跟进，分给\(fitting.isEmpty ? "负荷最低" : "覆盖该产业链且负荷最低")的专员（负荷\(load[target]!)）"
                : "原专员不覆盖该产业链，改由覆盖该链且负荷最低的专员跟进（负荷\(load[target]!)）"
            record(item, to: target, reason)
        }

        // 2. Load, without losing sector fit: the busiest officer that can give, to the least-loaded one that can take.
        func nextMove() -> (Item, ID<Staff>, ID<Staff>)? {
            let ids = active.map(\.id)
            for giver in ids.sorted(by: { (load[$1]!, $0) < (load[$0]!, $1) }) {
                let candidates = items.filter { owner[$0.enterpriseID] == giver }.sorted {
                    $0.enterpriseID < $1.enterpriseID
                }
                for receiver in ids.sorted(by: { (load[$0]!, $0) < (load[$1]!, $1) })
                where load[giver]! - load[receiver]! > 1 {
                    let movable =
                        candidates.first { $0.chainID == nil }
                        ?? candidates.first { covers(receiver, $0.chainID) }
                        ?? candidates.first { !covers(giver, $0.chainID) }
                    if let item = movable { return (item, giver, receiver) }
                }
            }
            return nil
        }
        while let (item, giver, receiver) = nextMove() {
            record(
                item,
                to: receiver,
                "均衡负荷：\(load[giver]!) → \(load[giver]! - 1)，接收专员 \(load[receiver]!) → \(load[receiver]! + 1)"
            )
        }
        return moves.values.filter { $0.from != $0.to }.sorted { $0.enterpriseID < $1.enterpriseID }
    }
}
