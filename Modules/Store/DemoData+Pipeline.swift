internal import ChainDeskDomain
internal import Foundation

extension DemoData {
    /// The fair and the ordering conference, the 21 major projects of 1–10月, the fair's signings awaiting
    /// verification, the trips, and the closed-loop supplies request.
    static func loadPipeline(into store: Store) async throws {
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
            by: Self.chen
        )
        _ = try await store.create(
            Event(
                id: "alpha-order-conference",
                kind: .orderingConference,
                name: "埃尔法客户订货会",
                startsOn: try Day(parsing: "2026-11-16"),
                endsOn: try Day(parsing: "2026-11-16"),
                location: "成都市青白江区",
                hostID: Self.alphaID
            ),
            by: Self.chen
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
                    creditCode: try Self.code(
                        "510113",
                        "MA6P" + String(format: "%02d", index) + "K" + String(index % 10)
                    ),
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
                by: Self.chen
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
                by: Self.chen
            )
            project = try await store.advanceProject(
                project.id,
                to: .negotiation,
                on: day.adding(days: -20),
                evidence: "洽谈纪要",
                expecting: project.version,
                by: Self.chen
            )
            project = try await store.advanceProject(
                project.id,
                to: .signed,
                on: day,
                evidence: "投资协议",
                expecting: project.version,
                by: Self.chen
            )
            project = try await store.verifySigning(
                project.id,
                on: day,
                note: "核实协议原件",
                expecting: project.version,
                by: Self.director
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
                by: Self.wu
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
                by: Self.wu
            )
            project = try await store.advanceProject(
                project.id,
                to: .signed,
                on: ciie.startsOn,
                evidence: "进博会集中签约",
                expecting: project.version,
                by: Self.wu
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
            by: Self.wu
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
                by: Self.wu
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
                by: Self.wu
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
                by: Self.wu
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
            by: Self.wu
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
            by: Self.wu
        )
        _ = try await store.create(
            PlannedVisit(
                id: "pv-cs-1",
                tripID: changshu.id,
                enterpriseID: target.id,
                plannedOn: try Day(parsing: "2026-11-11")
            ),
            by: Self.wu
        )

        // The service request: supplies for closed-loop production, March 2026.
        var request = try await store.registerServiceRequest(
            id: "sr-haoshun-supplies",
            enterpriseID: Self.haoshunID,
            category: .supplies,
            urgency: .urgent,
            title: "疫情期间闭环生产所需生活物资和原材料保供",
            details: "基地3月投产后遇疫情，需协调闭环生产生活物资及原材料运输",
            by: Self.chen
        )
        let now = request.registeredAt
        request = try await store.changeServiceRequest(
            request.id,
            expecting: request.version,
            by: Self.chen,
            operation: "assign"
        ) { r, _ throws(DomainError) in try r.assign(to: "aftercare") }
        request = try await store.changeServiceRequest(
            request.id,
            expecting: request.version,
            by: Self.chen,
            operation: "respond"
        ) { r, _ throws(DomainError) in try r.respond(at: now) }
        request = try await store.changeServiceRequest(
            request.id,
            expecting: request.version,
            by: Self.chen,
            operation: "resolve"
        ) { r, _ throws(DomainError) in
            try r.resolve(at: now, account: "管委会协调保供物资与原材料运输，企业按时向客户交货")
        }
        request = try await store.changeServiceRequest(
            request.id,
            expecting: request.version,
            by: Self.chen,
            operation: "callBack"
        ) { r, _ throws(DomainError) in try r.callBack(at: now, satisfaction: 5) }
        _ = try await store.changeServiceRequest(
            request.id,
            expecting: request.version,
            by: Self.chen,
            operation: "close"
        ) {
            r,
            _ throws(DomainError) in try r.close(at: now)
        }
    }
}
