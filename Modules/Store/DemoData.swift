public import ChainDeskDomain
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

    /// Loads the demo office through the store's own operations, so audit and feed are complete.
    public static func load(into store: Store) async throws {
        let admin = Actor(staffID: "chen-yiyi", role: .deputyHead, device: "demo-loader")
        let staff = [
            Staff(id: "chen-yiyi", name: "陈夷逸", role: .deputyHead, sectors: ["smart", "finance"]),
            Staff(id: "li-xingzhi", name: "李行知", role: .officer, sectors: ["smart", "precision"]),
            Staff(id: "liu-zixuan", name: "刘子璇", role: .officer, sectors: ["precision", "materials"]),
            Staff(id: "wu-fangyi", name: "伍芳谊", role: .officer, sectors: ["materials", "finance"]),
            Staff(id: "director", name: "投资促进部部长", role: .director),
            Staff(id: "leader", name: "欧管委领导", role: .leadership),
            Staff(id: "aftercare", name: "企业服务专员", role: .aftercare),
        ]
        for person in staff { _ = try await store.create(person, by: admin) }
        let director = Actor(staffID: "director", role: .director, device: "office")
        let chen = admin
        let li = Actor(staffID: "li-xingzhi", role: .officer, device: "field-li")
        let liu = Actor(staffID: "liu-zixuan", role: .officer, device: "field-liu")
        let wu = Actor(staffID: "wu-fangyi", role: .officer, device: "field-wu")

        for (id, name, links) in chains {
            _ = try await store.create(Chain(id: ID(id), name: name), by: chen)
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
                    by: chen
                )
            }
        }

        func code(_ division: String, _ body: String) throws -> CreditCode {
            try CreditCode.make(prefix: "91", division: division, body: body)
        }
        let haoshun = try await store.create(
            Enterprise(
                id: "haoshun",
                kind: .park,
                creditCode: try code("441900", "MA4UH301"),
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
            by: chen
        )
        let chamber = try await store.create(
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
            by: chen
        )
        let alpha = try await store.create(
            Enterprise(
                id: "alpha",
                kind: .park,
                creditCode: try code("510113", "MA6CA201"),
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
            by: chen
        )
        _ = try await store.create(
            Placement(id: "pl-haoshun", enterpriseID: haoshun.id, linkID: "smart-1", role: .member),
            by: chen
        )
        _ = try await store.create(
            Placement(id: "pl-alpha", enterpriseID: alpha.id, linkID: "precision-1", role: .chainLeader),
            by: chen
        )

        let luo = try await store.create(
            Contact(id: "luo-chaolong", enterpriseID: haoshun.id, name: "罗朝龙", title: "董事", wechat: "luochaolong_hs"),
            by: chen
        )
        let mo = try await store.create(
            Contact(id: "mo-liuchan", enterpriseID: chamber.id, name: "莫柳禅", title: "执行秘书长", phone: "0769-22881234"),
            by: chen
        )
        _ = try await store.create(
            Referral(
                id: "ref-chamber",
                introducerKind: .contact,
                introducerID: luo.id.rawValue,
                introducedID: chamber.id,
                introducedOn: try Day(parsing: "2026-04-20"),
                note: "罗朝龙董事牵线，建立战略合作"
            ),
            by: chen
        )
        _ = try await store.create(
            Referral(
                id: "ref-chamber-by-haoshun",
                introducerKind: .enterprise,
                introducerID: haoshun.id.rawValue,
                introducedID: chamber.id,
                introducedOn: try Day(parsing: "2026-04-20"),
                note: "园区企业口碑招商"
            ),
            by: chen
        )

        // The delegation of ~20 Dongguan enterprises, 2026-11-07, and the 座谈会.
        let visit = try await store.create(
            Event(
                id: "dg-delegation",
                kind: .delegation,
                name: "东莞世界莞商会企业考察欧洲产业城及座谈会",
                startsOn: try Day(parsing: "2026-11-07"),
                endsOn: try Day(parsing: "2026-11-07"),
                location: "青白江欧洲产业城",
                hostID: chamber.id
            ),
            by: chen
        )
        let sectors: [ID<Chain>] = [
            "precision", "smart", "finance", "smart", "precision", "smart", "materials", "smart", "finance", "smart",
        ]
        var delegates: [Enterprise] = []
        for (index, name) in delegation.enumerated() {
            let body = "MA5D" + String(format: "%02d", index) + "Q" + String(index % 10)
            let enterprise = try await store.create(
                Enterprise(
                    id: ID("dg-\(index + 1)"),
                    kind: .target,
                    creditCode: try code("441900", body),
                    legalName: name,
                    location: "广东省东莞市",
                    industry: "演示企业",
                    chainID: sectors[index % sectors.count],
                    scale: .small,
                    ownerID: ["li-xingzhi", "liu-zixuan", "wu-fangyi", "chen-yiyi"][index % 4],
                    relationship: .contactMade
                ),
                by: chen
            )
            delegates.append(enterprise)
            _ = try await store.create(
                Referral(
                    id: ID("ref-dg-\(index + 1)"),
                    introducerKind: .chamber,
                    introducerID: chamber.id.rawValue,
                    introducedID: enterprise.id,
                    introducedOn: visit.startsOn,
                    note: "随商会考察团来访"
                ),
                by: chen
            )
        }
        let evening = try Day(parsing: "2026-11-07").start.addingTimeInterval(16 * 3600)
        for enterprise in delegates.prefix(6) {
            _ = try await store.logInteraction(
                Interaction(
                    id: ID("met-\(enterprise.id)"),
                    kind: .meeting,
                    enterpriseID: enterprise.id,
                    staffID: "chen-yiyi",
                    occurredAt: evening,
                    summary: "座谈会交流，加入朋友圈",
                    eventID: visit.id,
                    recordedAt: evening
                ),
                by: chen
            )
        }
        let morning = try Day(parsing: "2026-11-08").start.addingTimeInterval(9 * 3600)
        _ = try await store.logInteraction(
            Interaction(
                id: "wechat-brochure",
                kind: .wechat,
                enterpriseID: delegates[1].id,
                staffID: "chen-yiyi",
                occurredAt: morning,
                summary: "微信发送蓉欧智能制造产业园资料",
                nextStep: "到东莞拜访",
                nextStepDue: try Day(parsing: "2026-11-30"),
                recordedAt: morning
            ),
            by: chen
        )
        _ = try await store.logInteraction(
            Interaction(
                id: "call-mo",
                kind: .phone,
                enterpriseID: chamber.id,
                contactIDs: [mo.id],
                staffID: "li-xingzhi",
                occurredAt: morning.addingTimeInterval(7200),
                summary: "莫柳禅执行秘书长来电：不少会员企业对青白江有兴趣，邀请管委会赴东莞考察",
                needsFound: ["了解落地政策"],
                nextStep: "安排赴东莞考察",
                nextStepDue: try Day(parsing: "2026-11-20"),
                recordedAt: morning.addingTimeInterval(7200)
            ),
            by: li
        )
        _ = try await store.logInteraction(
            Interaction(
                id: "visit-alpha",
                kind: .visit,
                enterpriseID: alpha.id,
                staffID: "liu-zixuan",
                occurredAt: morning.addingTimeInterval(10_800),
                summary: "走访埃尔法：下周客户订货会，邀请参加",
                nextStep: "准备订货会招商资料",
                nextStepDue: try Day(parsing: "2026-11-15"),
                recordedAt: morning.addingTimeInterval(10_800)
            ),
            by: liu
        )

        // The lead batch: the chamber's members, screened down to 30.
        let criteria = [
            LeadBatch.Criterion(name: "产业契合", weight: 3), LeadBatch.Criterion(name: "投资能力", weight: 2),
            LeadBatch.Criterion(name: "落地意向", weight: 2),
        ]
        let batch = try await store.create(
            LeadBatch(
                id: "dg-members",
                name: "世界莞商会会员企业研判",
                source: .chamber,
                sourceEnterpriseID: chamber.id,
                referrerContactID: mo.id,
                receivedOn: try Day(parsing: "2026-10-20"),
                criteria: criteria,
                respondedOn: try Day(parsing: "2026-10-21"),
                screenedOn: try Day(parsing: "2026-10-23"),
                referrerNotifiedOn: try Day(parsing: "2026-10-27")
            ),
            by: chen
        )
        for index in 0..<30 {
            var candidate = LeadCandidate(
                id: ID("cand-\(index + 1)"),
                batchID: batch.id,
                enterpriseID: index < delegates.count ? delegates[index].id : nil,
                name: index < delegation.count ? delegation[index] : "东莞会员企业\(index + 1)（演示）",
                scores: ["产业契合": 3 + index % 3, "投资能力": 2 + index % 4, "落地意向": 2 + index % 3]
            )
            try candidate.decide(.shortlisted, reason: "主导产业可推动建圈强链", criteria: criteria)
            _ = try await store.create(candidate, by: chen)
        }

        // Events: the fair and the ordering conference.
        let ciie = try await store.create(
            Event(
                id: "ciie-2026",
                kind: .fair,
                name: "进博会亚蓉欧开放合作峰会集中签约",
                startsOn: try Day(parsing: "2026-11-05"),
                endsOn: try Day(parsing: "2026-11-06"),
                location: "上海"
            ),
            by: chen
        )
        _ = try await store.create(
            Event(
                id: "alpha-order-conference",
                kind: .orderingConference,
                name: "埃尔法客户订货会",
                startsOn: try Day(parsing: "2026-11-16"),
                endsOn: try Day(parsing: "2026-11-16"),
                location: "成都市青白江区",
                hostID: alpha.id
            ),
            by: chen
        )

        // 21 major projects signed in 1–10月, verified: 243.6亿元 in all.
        let signed: [(String, String, String, ID<Chain>, String)] = [
            ("航天赛博项目", "50亿", "2026-02-18", "smart", "航天赛博"), ("南水北调项目", "25亿", "2026-03-26", "finance", "南水北调"),
            ("智能装备产业园", "18亿", "2026-01-12", "smart", ""), ("精密结构件基地", "15亿", "2026-02-27", "precision", ""),
            ("玻纤复合材料项目", "14亿", "2026-03-09", "materials", ""), ("供应链金融中心", "12亿", "2026-04-02", "finance", ""),
            ("工业机器人项目", "12亿", "2026-04-19", "smart", ""), ("精密模具城", "10亿", "2026-05-08", "precision", ""),
            ("医用新材料项目", "10亿", "2026-05-21", "materials", ""), ("智能电器配套园", "9.6亿", "2026-06-03", "smart", ""),
            ("跨境结算平台", "9亿", "2026-06-17", "finance", ""), ("激光焊接装备项目", "8亿", "2026-06-30", "precision", ""),
            ("新能源电池结构件", "8亿", "2026-07-14", "smart", ""), ("特种玻璃项目", "7.5亿", "2026-07-28", "materials", ""),
            ("工业软件研发中心", "7亿", "2026-08-06", "smart", ""), ("精密传动项目", "6亿", "2026-08-20", "precision", ""),
            ("检测认证中心", "6亿", "2026-09-03", "smart", ""), ("半导体设备项目", "5.5亿", "2026-09-16", "smart", ""),
            ("光电材料项目", "5亿", "2026-09-29", "materials", ""), ("商业保理中心", "3亿", "2026-10-15", "finance", ""),
            ("自动化产线项目", "3亿", "2026-10-28", "smart", ""),
        ]
        for (index, (name, amount, signedOn, chain, company)) in signed.enumerated() {
            let enterprise = try await store.create(
                Enterprise(
                    id: ID("proj-ent-\(index + 1)"),
                    kind: .park,
                    creditCode: try code("510113", "MA6P" + String(format: "%02d", index) + "K" + String(index % 10)),
                    legalName: company.isEmpty
                        ? "成都\(name.replacingOccurrences(of: "项目", with: ""))有限公司（演示）" : "\(company)（青白江）有限公司",
                    shortName: company.isEmpty ? nil : company,
                    location: "成都市青白江区",
                    industry: "演示企业",
                    chainID: chain,
                    scale: .large,
                    ownerID: ["li-xingzhi", "liu-zixuan", "wu-fangyi"][index % 3],
                    relationship: .landed
                ),
                by: chen
            )
            let day = try Day(parsing: signedOn)
            var project = try await store.create(
                Project(
                    id: ID("proj-\(index + 1)"),
                    name: name,
                    enterpriseID: enterprise.id,
                    chainID: chain,
                    ownerID: enterprise.ownerID,
                    stageOn: day.adding(days: -60),
                    plannedInvestment: try Yuan(parsing: amount),
                    fixedAssetInvestment: Yuan(try Yuan(parsing: amount).amount * 7 / 10),
                    jobs: 200 + index * 20,
                    landMu: 100 + index * 10
                ),
                by: chen
            )
            project = try await store.advanceProject(
                project.id,
                to: .negotiation,
                on: day.adding(days: -20),
                evidence: "洽谈纪要",
                expecting: project.version,
                by: chen
            )
            project = try await store.advanceProject(
                project.id,
                to: .signed,
                on: day,
                evidence: "投资协议",
                expecting: project.version,
                by: chen
            )
            project = try await store.verifySigning(
                project.id,
                on: day,
                note: "核实协议原件",
                expecting: project.version,
                by: director
            )
        }

        // The fair's batch signing: two projects for 欧洲产业城, awaiting the director's verification.
        for (id, company, name, amount, chain) in [
            ("qinglan", "苏州清蓝新型复合材料有限公司（演示名称）", "苏州清蓝新型复合材料液体绷带项目", "12亿", ID<Chain>("materials")),
            ("taibo", "台玻·欧文斯科宁新材料有限公司（演示名称）", "台玻·欧文斯科宁新材料生产制造基地", "30亿", ID<Chain>("materials")),
        ] {
            let enterprise = try await store.create(
                Enterprise(
                    id: ID(id),
                    kind: .target,
                    legalName: company,
                    location: id == "qinglan" ? "江苏省苏州市" : "上海",
                    chainID: chain,
                    scale: .large,
                    ownerID: "wu-fangyi",
                    relationship: .customer
                ),
                by: wu
            )
            var project = try await store.create(
                Project(
                    id: ID("proj-\(id)"),
                    name: name,
                    enterpriseID: enterprise.id,
                    chainID: chain,
                    ownerID: "wu-fangyi",
                    stageOn: try Day(parsing: "2026-08-01"),
                    plannedInvestment: try Yuan(parsing: amount),
                    signedAtEventID: ciie.id
                ),
                by: wu
            )
            project = try await store.advanceProject(
                project.id,
                to: .signed,
                on: ciie.startsOn,
                evidence: "进博会集中签约",
                expecting: project.version,
                by: wu
            )
        }

        // The trips: Shanghai for the fair (5 visits, done), 常熟 this week (planned).
        let shanghai = try await store.create(
            Trip(
                id: "trip-shanghai",
                name: "进博会招商",
                destination: "上海",
                staffIDs: ["wu-fangyi"],
                startsOn: try Day(parsing: "2026-11-05"),
                endsOn: try Day(parsing: "2026-11-06"),
                eventID: ciie.id
            ),
            by: wu
        )
        for index in 0..<5 {
            let enterprise = try await store.create(
                Enterprise(
                    id: ID("sh-\(index + 1)"),
                    kind: .target,
                    legalName: "上海重点跟踪企业\(index + 1)（演示）",
                    location: "上海",
                    chainID: "materials",
                    ownerID: "wu-fangyi",
                    relationship: .engaged
                ),
                by: wu
            )
            let at = try Day(parsing: "2026-11-06").start.addingTimeInterval(Double(9 + index) * 3600)
            let interaction = try await store.logInteraction(
                Interaction(
                    id: ID("sh-visit-\(index + 1)"),
                    kind: .visit,
                    enterpriseID: enterprise.id,
                    staffID: "wu-fangyi",
                    occurredAt: at,
                    summary: "进博会期间拜访，表示将尽快到青白江考察",
                    nextStep: "安排来访考察",
                    nextStepDue: try Day(parsing: "2026-12-15"),
                    eventID: ciie.id,
                    recordedAt: at
                ),
                by: wu
            )
            _ = try await store.create(
                PlannedVisit(
                    id: ID("pv-sh-\(index + 1)"),
                    tripID: shanghai.id,
                    enterpriseID: enterprise.id,
                    plannedOn: try Day(parsing: "2026-11-06"),
                    status: .done,
                    interactionID: interaction.id
                ),
                by: wu
            )
        }
        let changshu = try await store.create(
            Trip(
                id: "trip-changshu",
                name: "常熟招商拜访",
                destination: "江苏省常熟市",
                staffIDs: ["wu-fangyi"],
                startsOn: try Day(parsing: "2026-11-11"),
                endsOn: try Day(parsing: "2026-11-12")
            ),
            by: wu
        )
        let target = try await store.create(
            Enterprise(
                id: "changshu-1",
                kind: .target,
                legalName: "常熟新材料重点企业（演示）",
                location: "江苏省常熟市",
                chainID: "materials",
                ownerID: "wu-fangyi"
            ),
            by: wu
        )
        _ = try await store.create(
            PlannedVisit(
                id: "pv-cs-1",
                tripID: changshu.id,
                enterpriseID: target.id,
                plannedOn: try Day(parsing: "2026-11-11")
            ),
            by: wu
        )

        // The service request: supplies for closed-loop production, March 2026.
        var request = try await store.registerServiceRequest(
            id: "sr-haoshun-supplies",
            enterpriseID: haoshun.id,
            category: .supplies,
            urgency: .urgent,
            title: "疫情期间闭环生产所需生活物资和原材料保供",
            details: "基地3月投产后遇疫情，需协调闭环生产生活物资及原材料运输",
            by: chen
        )
        let now = request.registeredAt
        request = try await store.changeServiceRequest(
            request.id,
            expecting: request.version,
            by: chen,
            operation: "assign"
        ) { r, _ throws(DomainError) in try r.assign(to: "aftercare") }
        request = try await store.changeServiceRequest(
            request.id,
            expecting: request.version,
            by: chen,
            operation: "respond"
        ) { r, _ throws(DomainError) in try r.respond(at: now) }
        request = try await store.changeServiceRequest(
            request.id,
            expecting: request.version,
            by: chen,
            operation: "resolve"
        ) { r, _ throws(DomainError) in
            try r.resolve(at: now, account: "管委会协调保供物资与原材料运输，企业按时向客户交货")
        }
        request = try await store.changeServiceRequest(
            request.id,
            expecting: request.version,
            by: chen,
            operation: "callBack"
        ) { r, _ throws(DomainError) in try r.callBack(at: now, satisfaction: 5) }
        _ = try await store.changeServiceRequest(request.id, expecting: request.version, by: chen, operation: "close") {
            r,
            _ throws(DomainError) in try r.close(at: now)
        }
    }
}
