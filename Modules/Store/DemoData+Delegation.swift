internal import ChainDeskDomain
internal import Foundation

extension DemoData {
    /// The delegation's visit and 座谈会, the follow-ups of 11月8日, and the chamber's members screened down to 30.
    static func loadDelegation(into store: Store) async throws {
        // The delegation of ~20 Dongguan enterprises, 2026-11-07, and the 座谈会.
        let visit = try await store.create(
            Event(
                id: "dg-delegation",
                kind: .delegation,
                name: "东莞世界莞商会企业考察欧洲产业城及座谈会",
                startsOn: try Day(parsing: "2026-11-07"),
                endsOn: try Day(parsing: "2026-11-07"),
                location: "青白江欧洲产业城",
                hostID: Self.chamberID
            ),
            by: Self.chen
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
                    creditCode: try Self.code("441900", body),
                    legalName: name,
                    location: "广东省东莞市",
                    industry: "演示企业",
                    chainID: sectors[index % sectors.count],
                    scale: .small,
                    ownerID: ["li-xingzhi", "liu-zixuan", "wu-fangyi", "chen-yiyi"][index % 4],
                    relationship: .contactMade
                ),
                by: Self.chen
            )
            delegates.append(enterprise)
            _ = try await store.create(
                Referral(
                    id: ID("ref-dg-\(index + 1)"),
                    introducerKind: .chamber,
                    introducerID: Self.chamberID.rawValue,
                    introducedID: enterprise.id,
                    introducedOn: visit.startsOn,
                    note: "随商会考察团来访"
                ),
                by: Self.chen
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
                by: Self.chen
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
            by: Self.chen
        )
        _ = try await store.logInteraction(
            Interaction(
                id: "call-mo",
                kind: .phone,
                enterpriseID: Self.chamberID,
                contactIDs: [Self.moID],
                staffID: "li-xingzhi",
                occurredAt: morning.addingTimeInterval(7200),
                summary: "莫柳禅执行秘书长来电：不少会员企业对青白江有兴趣，邀请管委会赴东莞考察",
                needsFound: ["了解落地政策"],
                nextStep: "安排赴东莞考察",
                nextStepDue: try Day(parsing: "2026-11-20"),
                recordedAt: morning.addingTimeInterval(7200)
            ),
            by: Self.li
        )
        _ = try await store.logInteraction(
            Interaction(
                id: "visit-alpha",
                kind: .visit,
                enterpriseID: Self.alphaID,
                staffID: "liu-zixuan",
                occurredAt: morning.addingTimeInterval(10_800),
                summary: "走访埃尔法：下周客户订货会，邀请参加",
                nextStep: "准备订货会招商资料",
                nextStepDue: try Day(parsing: "2026-11-15"),
                recordedAt: morning.addingTimeInterval(10_800)
            ),
            by: Self.liu
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
                sourceEnterpriseID: Self.chamberID,
                referrerContactID: Self.moID,
                receivedOn: try Day(parsing: "2026-10-20"),
                criteria: criteria,
                respondedOn: try Day(parsing: "2026-10-21"),
                screenedOn: try Day(parsing: "2026-10-23"),
                referrerNotifiedOn: try Day(parsing: "2026-10-27")
            ),
            by: Self.chen
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
            _ = try await store.create(candidate, by: Self.chen)
        }
    }
}
