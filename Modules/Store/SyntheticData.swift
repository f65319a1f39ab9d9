public import ChainDeskDomain
internal import Foundation
internal import GRDB

/// Large, deterministic datasets for benchmarks: the same seed gives the same office, record for record.
///
/// Records are written in bulk transactions with their search entries and one change-feed row each (as an
/// import would be), but without per-field audit rows.
public enum SyntheticData {
    public struct Size: Sendable {
        public var enterprises: Int
        public var interactions: Int
        public var officers: Int

        public init(enterprises: Int, interactions: Int, officers: Int = 20) {
            self.enterprises = enterprises
            self.interactions = interactions
            self.officers = officers
        }

        /// 100k enterprises and 1M interactions.
        public static let large = Size(enterprises: 100_000, interactions: 1_000_000)
    }

    static let cities = ["成都", "东莞", "深圳", "苏州", "常熟", "上海", "重庆", "武汉", "西安", "宁波", "佛山", "无锡", "德阳", "绵阳"]
    static let brandCharacters = Array(
        "华兴盛达恒通信诚宏伟鑫瑞安泰丰源博远明亮金银海天宇新东方正广顺豪星辰光电汇聚鼎力卓越创联合众精工智能科技美嘉佳德利和中国龙凤祥云川蜀锦城青白江欧亚蓉欧宏图骏马飞腾晨曦朝阳雄峰岭松柏竹梅兰菊"
    )
    static let industries = [
        ("精密机械", "precision"), ("智能装备", "smart"), ("新材料", "materials"), ("电子科技", "smart"), ("供应链管理", "finance"),
        ("模具", "precision"), ("复合材料", "materials"), ("机器人", "smart"), ("商业保理", "finance"), ("五金制品", "precision"),
    ]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰凤丹萍鹏飞宇浩然")

    /// Writes a synthetic office of `size` into `store`, which should be empty.
    public static func generate(into store: Store, size: Size, seed: UInt64 = 2026) async throws {
        var random = SplitMix64(seed: seed)
        let start = try Day(parsing: "2025-01-01").start
        let officerIDs = (0..<size.officers).map { ID<Staff>("officer-\($0)") }
        let chainIDs: [ID<Chain>] = ["smart", "precision", "materials", "finance"]
        let context = MutationContext(
            actor: Actor(staffID: "officer-0", role: .deputyHead, device: "synthetic"),
            at: start
        )

        try await store.write { db in
            for (index, id) in officerIDs.enumerated() {
                let staff = Staff(
                    id: id,
                    name: "专员\(index)",
                    role: index == 0 ? .deputyHead : .officer,
                    sectors: [chainIDs[index % 4]]
                )
                _ = try db.insertRecord(staff, context)
            }
            _ = try db.insertRecord(Staff(id: "director", name: "部长", role: .director), context)
            for (id, name) in zip(chainIDs, ["智能制造", "精密制造", "新材料", "金融供应链"]) {
                _ = try db.insertRecord(Chain(id: id, name: name), context)
            }
        }

        let chunk = 5_000
        var written = 0
        while written < size.enterprises {
            var batch: [(Enterprise, Contact)] = []
            for index in written..<min(size.enterprises, written + chunk) {
                let city = cities[Int(random.next() % UInt64(cities.count))]
                let brand = String([
                    brandCharacters[Int(random.next() % UInt64(brandCharacters.count))],
                    brandCharacters[Int(random.next() % UInt64(brandCharacters.count))],
                ])
                let (industry, chain) = industries[Int(random.next() % UInt64(industries.count))]
                let body = String((0..<8).map { _ in CreditCode.alphabet[Int(random.next() % 31)] })
                let enterprise = Enterprise(
                    id: ID("e\(index)"),
                    kind: index % 5 == 0 ? .park : .target,
                    creditCode: try CreditCode.make(prefix: "91", division: "510113", body: body),
                    legalName: "\(city)\(brand)\(industry)有限公司\(index)号",
                    shortName: "\(brand)\(industry.prefix(2))",
                    location: city,
                    industry: industry,
                    chainID: ID(chain),
                    scale: [.large, .medium, .small, .micro][Int(random.next() % 4)],
                    ownerID: officerIDs[Int(random.next() % UInt64(officerIDs.count))],
                    relationship: Enterprise.Relationship.allCases[Int(random.next() % 4)],
                    version: 1
                )
                let name =
                    String(surnames[Int(random.next() % UInt64(surnames.count))])
                    + String(given[Int(random.next() % UInt64(given.count))])
                let contact = Contact(
                    id: ID("c\(index)"),
                    enterpriseID: enterprise.id,
                    name: name,
                    title: "总经理",
                    phone: "1\(3 + random.next() % 7)\(String(format: "%09d", Int(random.next() % 1_000_000_000)))",
                    version: 1
                )
                batch.append((enterprise, contact))
            }
            written += batch.count
            let rows = batch
            try await store.write { db in
                for (enterprise, contact) in rows {
                    try bulkInsert(enterprise, db, context)
                    try bulkInsert(contact, db, context)
                }
            }
        }

        // Projects: one in five enterprises, spread over the pipeline; a third of those past signing are verified.
        var projects: [Project] = []
        for index in stride(from: 0, to: size.enterprises, by: 5) {
            let stage = Project.Stage.allCases[Int(random.next() % 8)]
            let signedOn = stage >= .signed ? start.addingTimeInterval(Double(random.next() % (600 * 86_400))).day : nil
            let amount = Int64(random.next() % 500 + 1) * 10_000_000
            projects.append(
                Project(
                    id: ID("p\(index)"),
                    name: "项目\(index)",
                    enterpriseID: ID("e\(index)"),
                    chainID: chainIDs[index % 4],
                    ownerID: officerIDs[index % officerIDs.count],
                    stage: stage,
                    stageOn: signedOn ?? start.day,
                    plannedInvestment: Yuan(amount),
                    fixedAssetInvestment: Yuan(amount / 2),
                    signedOn: signedOn,
                    signingVerifiedBy: signedOn != nil && random.next() % 3 != 0 ? "director" : nil,
                    signingVerifiedOn: signedOn,
                    version: 1
                )
            )
        }
        for slice in stride(from: 0, to: projects.count, by: chunk) {
            let part = Array(projects[slice..<min(projects.count, slice + chunk)])
            try await store.write { db in
                for project in part { try bulkInsert(project, db, context) }
            }
        }

        let kinds = Interaction.Kind.allCases.filter { $0 != .event }
        let summaries = ["电话沟通项目进展", "微信发送园区资料", "上门走访了解需求", "视频洽谈投资方案", "来访考察园区", "座谈交流政策", "邮件发送投资协议草案"]
        written = 0
        while written < size.interactions {
            var batch: [Interaction] = []
            for index in written..<min(size.interactions, written + 20_000) {
                let at = start.addingTimeInterval(Double(random.next() % (690 * 86_400)))
                batch.append(
                    Interaction(
                        id: ID("i\(index)"),
                        kind: kinds[Int(random.next() % UInt64(kinds.count))],
                        enterpriseID: ID("e\(Int(random.next() % UInt64(size.enterprises)))"),
                        staffID: officerIDs[Int(random.next() % UInt64(officerIDs.count))],
                        occurredAt: at,
                        summary: summaries[Int(random.next() % UInt64(summaries.count))],
                        recordedAt: at
                    )
                )
            }
            written += batch.count
            let rows = batch
            try await store.write { db in
                for interaction in rows { try bulkInsert(interaction, db, context) }
            }
        }
    }

    /// Inserts a record with its search entry and a change row, without per-field audit rows.
    static func bulkInsert<R: StoredRecord>(_ record: R, _ db: any SQLConnection, _ context: MutationContext) throws {
        try db.insertRow(record)
        try db.execute(
            "INSERT INTO change (at, staffID, device, entity, recordID, operation, version, data) VALUES (?, ?, ?, ?, ?, 'insert', 1, NULL)",
            [context.at, context.actor.staffID.rawValue, context.actor.device, R.entity, record.recordID]
        )
        try SearchIndex.update(record, in: db)
    }
}
