internal import ChainDeskDomain
internal import Foundation

/// The demo office, built from the news report the product comes from (青白江 欧洲产业城, 2026 dates): its officers,
/// chains, park enterprises, the chamber and its secretary-general, the delegation, the fair and its batch signing,
/// the ordering conference, the trips, 21 major projects signed in 1–10月 (over 240亿元) and a service request.
///
/// People and companies named in the report keep their names; credit codes, the delegation's members, the other
/// projects and all figures not in the report are made up for the demo.
public enum DemoData {
    static let chains: [(String, String, [(String, ChainLink.Position, ChainLink.Gap)])] = [
        (
            "smart", "智能制造",
            [("工业软件", .upstream, .missing), ("精密零部件", .midstream, .weak), ("智能装备整机", .downstream, .covered)]
        ),
        (
            "precision", "精密制造",
            [("模具", .upstream, .weak), ("焊割设备", .midstream, .covered), ("精密结构件", .downstream, .missing)]
        ),
        (
            "materials", "新材料",
            [("复合材料", .upstream, .missing), ("玻璃纤维", .midstream, .extension_), ("医用材料", .downstream, .missing)]
        ),
        ("finance", "金融供应链", [("供应链金融", .midstream, .missing), ("跨境结算", .downstream, .weak)]),
    ]

    static let delegation = [
        "东莞市华科精密模具有限公司", "东莞市鼎盛智能装备有限公司", "东莞市联创供应链管理有限公司", "东莞市精工电子科技有限公司",
        "东莞市恒信精密五金有限公司", "东莞市智造云科技有限公司", "东莞市宏达新材料有限公司", "东莞市远航机器人有限公司",
        "东莞市汇通商业保理有限公司", "东莞市星辰光电科技有限公司", "东莞市安捷自动化设备有限公司", "东莞市润丰精密塑胶有限公司",
        "东莞市金泰电器有限公司", "东莞市博远精密机械有限公司", "东莞市瑞能电池科技有限公司", "东莞市朗峰智能科技有限公司",
        "东莞市普惠供应链金融服务有限公司", "东莞市骏达传动科技有限公司", "东莞市晶睿半导体设备有限公司", "东莞市卓越检测技术有限公司",
    ]

    /// Who does what in the demo: the deputy head records most of it, officers their own contacts, the director verifies.
    static let chen = Actor(staffID: "chen-yiyi", role: .deputyHead, device: "demo-loader")
    static let director = Actor(staffID: "director", role: .director, device: "office")
    static let li = Actor(staffID: "li-xingzhi", role: .officer, device: "field-li")
    static let liu = Actor(staffID: "liu-zixuan", role: .officer, device: "field-liu")
    static let wu = Actor(staffID: "wu-fangyi", role: .officer, device: "field-wu")

    static let haoshunID: ID<Enterprise> = "haoshun"
    static let chamberID: ID<Enterprise> = "dg-chamber"
    static let alphaID: ID<Enterprise> = "alpha"
    static let moID: ID<Contact> = "mo-liuchan"

    /// A valid enterprise credit code (authority 9, type 1) for a demo company.
    static func code(_ division: String, _ body: String) throws -> CreditCode {
        try CreditCode.make(prefix: "91", division: division, body: body)
    }

    /// Loads the demo office through the store's own operations, so audit and feed are complete.
    public static func load(into store: Store) async throws {
        try await Self.loadOffice(into: store)
        try await Self.loadDelegation(into: store)
        try await Self.loadPipeline(into: store)
    }

    /// Staff, the industry map, the park enterprises, the chamber, their people and who introduced whom.
    static func loadOffice(into store: Store) async throws {
        let staff = [
            Staff(id: "chen-yiyi", name: "陈夷逸", role: .deputyHead, sectors: ["smart", "finance"]),
            Staff(id: "li-xingzhi", name: "李行知", role: .officer, sectors: ["smart", "precision"]),
            Staff(id: "liu-zixuan", name: "刘子璇", role: .officer, sectors: ["precision", "materials"]),
            Staff(id: "wu-fangyi", name: "伍芳谊", role: .officer, sectors: ["materials", "finance"]),
            Staff(id: "director", name: "投资促进部部长", role: .director),
            Staff(id: "leader", name: "欧管委领导", role: .leadership),
            Staff(id: "aftercare", name: "企业服务专员", role: .aftercare),
        ]
        for person in staff { _ = try await store.create(person, by: Self.chen) }

        for (id, name, links) in chains {
            _ = try await store.create(Chain(id: ID(id), name: name), by: Self.chen)
            for (order, (linkName, position, gap)) in links.enumerated() {
                _ = try await store.create(
                    ChainLink(
                        id: ID("\(id)-\(order)"),
                        chainID: ID(id),
                        name: linkName,
                        position: position,
                        order: order,
                        gap: gap
                    ),
                    by: Self.chen
                )
            }
        }

        _ = try await store.create(
            Enterprise(
                id: "haoshun",
                kind: .park,
                creditCode: try Self.code("441900", "MA4UH301"),
                legalName: "东莞市豪顺精密科技有限公司",
                shortName: "东莞豪顺",
                aliases: ["豪顺精密", "豪顺智能电器精密零部件生产加工基地"],
                location: "广东省东莞市；成都市青白江区欧洲产业城",
                industry: "智能电器精密零部件",
                chainID: "smart",
                scale: .medium,
                developmentStatus: "3月基地投产，产品供应创维、TCL、小米、比亚迪、康佳、长虹",
                ownerID: "chen-yiyi",
                relationship: .landed
            ),
            by: Self.chen
        )
        _ = try await store.create(
            Enterprise(
                id: "dg-chamber",
                kind: .chamber,
                creditCode: try CreditCode.make(prefix: "51", division: "441900", body: "MJL2B7C0"),
                legalName: "东莞世界莞商会",
                shortName: "世界莞商会",
                location: "广东省东莞市",
                industry: "商会",
                developmentStatus: "世界莞商大会常态化运作机构；已与区欧管委建立战略合作",
                ownerID: "li-xingzhi",
                relationship: .engaged
            ),
            by: Self.chen
        )
        _ = try await store.create(
            Enterprise(
                id: "alpha",
                kind: .park,
                creditCode: try Self.code("510113", "MA6CA201"),
                legalName: "成都埃尔法焊割设备有限公司",
                shortName: "埃尔法",
                location: "成都市青白江区",
                industry: "焊割设备",
                chainID: "precision",
                scale: .medium,
                developmentStatus: "下周举办客户订货会，配套企业到场",
                ownerID: "liu-zixuan",
                relationship: .landed
            ),
            by: Self.chen
        )
        _ = try await store.create(
            Placement(id: "pl-haoshun", enterpriseID: Self.haoshunID, linkID: "smart-1", role: .member),
            by: Self.chen
        )
        _ = try await store.create(
            Placement(id: "pl-alpha", enterpriseID: Self.alphaID, linkID: "precision-1", role: .chainLeader),
            by: Self.chen
        )

        let luo = try await store.create(
            Contact(
                id: "luo-chaolong",
                enterpriseID: Self.haoshunID,
                name: "罗朝龙",
                title: "董事",
                wechat: "luochaolong_hs"
            ),
            by: Self.chen
        )
        _ = try await store.create(
            Contact(
                id: "mo-liuchan",
                enterpriseID: Self.chamberID,
                name: "莫柳禅",
                title: "执行秘书长",
                phone: "0769-22881234"
            ),
            by: Self.chen
        )
        _ = try await store.create(
            Referral(
                id: "ref-chamber",
                introducerKind: .contact,
                introducerID: luo.id.rawValue,
                introducedID: Self.chamberID,
                introducedOn: try Day(parsing: "2026-04-20"),
                note: "罗朝龙董事牵线，建立战略合作"
            ),
            by: Self.chen
        )
        _ = try await store.create(
            Referral(
                id: "ref-chamber-by-haoshun",
                introducerKind: .enterprise,
                introducerID: Self.haoshunID.rawValue,
                introducedID: Self.chamberID,
                introducedOn: try Day(parsing: "2026-04-20"),
                note: "园区企业口碑招商"
            ),
            by: Self.chen
        )
    }
}
