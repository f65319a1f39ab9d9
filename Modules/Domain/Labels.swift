public import Foundation

/// The words the command line and the web pages show, in Chinese or English. Values of the protocol's enumerations (`siteVisit`,
/// `calledBack`, …) and column names are looked up here; anything unknown is shown as it is.
public struct Labels: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case zh, en
    }

    public let language: Language

    public init(_ language: Language) {
        self.language = language
    }

    /// Chinese when the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) is Chinese, else English.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Labels
    {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return Labels(value.lowercased().hasPrefix("zh") ? .zh : .en)
            }
        }
        return Labels(.en)
    }

    /// The word for `key` in the chosen language.
    public subscript(_ key: String) -> String {
        switch self.language {
        case .en: Self.english[key] ?? key
        case .zh: Self.chinese[key] ?? Self.english[key] ?? key
        }
    }

    /// The word for a value of one of the protocol's enumerations, where the same raw value means different things
    /// (`stage.signed` 签约 against the column `signed` 签约日期).
    public func value(_ domain: String, _ raw: String) -> String {
        switch self.language {
        case .en: Self.english[raw] ?? raw
        case .zh: Self.chinese["\(domain).\(raw)"] ?? Self.chinese[raw] ?? Self.english[raw] ?? raw
        }
    }

    static let english: [String: String] = [
        "siteVisit": "site visit", "calledBack": "called back", "deputyHead": "deputy head",
        "landAndFactory": "land and factory", "orderingConference": "ordering conference",
        "chainLeader": "chain leader", "contactMade": "contact made", "notifyReferrer": "notify referrer",
    ]

    static let chinese: [String: String] = [
        // Column names.
        "id": "编号", "name": "名称", "kind": "类型", "short name": "简称", "credit code": "统一社会信用代码",
        "owner": "跟进人", "relationship": "关系阶段", "location": "所在地", "industry": "行业", "chain": "产业链",
        "scale": "规模", "stage": "阶段", "status": "状态", "since": "阶段日期", "planned": "计划投资",
        "fixed assets": "固定资产投资", "signed": "签约日期", "verified": "核实", "enterprise": "企业",
        "title": "标题", "category": "类别", "urgency": "紧急程度", "handler": "经办人", "respond by": "响应时限",
        "resolve by": "办结时限", "role": "角色", "sectors": "分管产业", "load": "跟进企业数", "username": "用户名",
        "active": "在岗", "when": "时间", "who": "经办", "summary": "内容", "next step": "下一步", "due": "到期",
        "candidates": "候选", "shortlisted": "入围", "rejected": "淘汰", "received": "收到", "source": "来源",
        "decision": "研判结论", "score": "得分", "reason": "理由", "introducer": "引荐方", "introduced": "被引荐企业",
        "leads": "引荐线索", "projects": "项目", "investment": "投资额", "transitive": "间接", "link": "环节",
        "position": "位置", "gap": "缺口", "park enterprises": "园区企业", "targets": "目标企业",
        "destination": "目的地", "from": "从", "to": "到", "starts": "开始", "ends": "结束", "visits": "走访",
        "field": "字段", "old": "原值", "new": "新值", "device": "设备", "reached": "曾到达", "now": "当前",
        "count": "数量", "interactions": "联络", "enterprises met": "接触企业", "overdue": "逾期",
        "stage changes": "阶段变更", "enterprises touched": "联系企业", "overdue next steps": "逾期待办",
        "satisfaction": "满意度", "registered": "登记", "evidence": "依据", "note": "备注", "amount": "金额",
        "clock": "时限", "done": "完成", "total": "合计", "phone": "电话", "wechat": "微信", "email": "邮箱",
        "method": "方法", "contact": "联系人", "job title": "职务", "alias": "别名", "major": "重大项目",
        "project": "项目", "responded on time": "按时响应率", "calledBack_at": "回访", "conversion": "转化率", "corrected": "已更正",
        "correction": "更正",
        // Project stages and statuses.
        "lead": "线索", "contacted": "接洽", "siteVisit": "考察", "negotiation": "洽谈", "stage.signed": "签约",
        "stage.registered": "注册",
        "status.active": "推进中", "visit.planned": "计划中", "visit.done": "已走访",
        "construction": "开工", "production": "投产", "delayed": "延期", "dormant": "停滞",
        "lost": "流失", "abandoned": "终止",
        // Enterprise kinds, relationships, scales.
        "target": "目标企业", "park": "园区企业", "chamber": "商会", "intermediary": "中介机构",
        "contactMade": "已接触", "engaged": "洽谈中", "customer": "客户", "landed": "已落地",
        "large": "大型", "medium": "中型", "small": "小型", "micro": "微型", "unknown": "未知",
        // Interaction kinds.
        "video": "视频", "visit": "走访", "inspection": "考察", "meeting": "座谈会", "event": "活动",
        // Service requests.
        "assigned": "已分派", "responded": "已响应", "resolved": "已办结", "calledBack": "已回访", "closed": "已关闭",
        "supplies": "物资", "logistics": "物流", "permits": "审批", "financing": "融资", "labour": "用工",
        "utilities": "水电气", "landAndFactory": "用地厂房", "policy": "政策", "other": "其他",
        "urgent": "特急", "high": "急", "normal": "一般", "low": "不急",
        // Lead batches and referrals.
        "pending": "待研判", "list": "名单", "referral": "引荐", "respond": "响应", "screen": "研判",
        "notifyReferrer": "告知引荐人", "staff": "工作人员",
        // Chain map.
        "upstream": "上游", "midstream": "中游", "downstream": "下游", "covered": "已覆盖", "missing": "补链",
        "weak": "强链", "extension": "延链", "chainLeader": "链主", "member": "成员",
        // Events.
        "fair": "展会", "delegation": "考察团", "orderingConference": "订货会", "cancelled": "取消",
        // Roles.
        "officer": "招商专员", "deputyHead": "副部长", "director": "部长", "leadership": "领导",
        "aftercare": "企业服务", "admin": "管理员",
        "yes": "是", "no": "否",
        // Closed periods.
        "added": "新增", "removed": "移出", "changed": "变更", "closed by": "关账人", "closed at": "关账时间",
        "reopened": "已重新开账", "open": "未关账",
    ]
}
