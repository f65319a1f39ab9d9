internal import ChainDeskDomain

extension Labels {
    /// A phrase of the web pages in the chosen language; the English key itself when no translation is listed.
    func phrase(_ key: String) -> String {
        switch self.language {
        case .en: key
        case .zh: Self.webChinese[key] ?? self[key]
        }
    }

    /// The web pages' own phrases in Chinese (the protocol's values and column names come from `Labels`).
    static let webChinese: [String: String] = [
        "sign in": "登录", "sign out": "退出", "username": "用户名", "password": "密码",
        "wrong username or password": "用户名或密码错误", "form token refused": "表单已失效或来源不明，请刷新页面后重试",
        "the form could not be read": "无法读取表单", "refused": "无法完成", "dashboard": "驾驶舱",
        "funnel": "项目漏斗", "period": "统计期", "show": "查看", "this year": "本年", "last year": "上年同期",
        "major projects": "新引进重大项目", "total investment": "总投资", "change": "增减",
        "major projects signed": "重大项目清单", "awaiting verification": "待核实的签约",
        "verify": "核实", "none": "无", "signed by month": "逐月签约（重大项目）", "print": "打印",
        "projects by status": "项目状态", "projects needing attention": "需关注的项目",
        "reached": "曾到达", "conversion to next": "转下一阶段", "back to the dashboard": "返回驾驶舱",
        "language": "English", "verified": "已核实", "signed on": "签约日期", "investment": "投资额",
        "threshold": "重大项目标准", "figures as of": "数据截至", "month": "月", "download": "下载",
        "close this period": "本期关账", "reopen this period": "重新开账", "note": "备注", "reason": "理由",
        "industry map": "产业图谱", "referrals": "以商招商", "aftercare": "企业服务", "activity": "工作量",
        "enterprises": "企业", "open requests": "未办结诉求", "response overdue": "响应逾期",
        "resolution overdue": "办结逾期", "events": "活动成效", "search": "搜索", "contacts": "联系人",
        "history": "走访联络", "requests": "企业诉求",
        "changed since closing": "关账后变动", "kind": "变动", "when closed": "关账时", "now": "当前", "changes": "经办记录",
    ]
}

extension Labels {
    /// The phrases a template names, by the names it uses (`{{words.signIn}}` → "sign in").
    func words(_ names: [String: String]) -> [String: String] {
        names.mapValues { self.phrase($0) }
    }

    /// The words every page's tables share.
    var commonWords: [String: String] {
        self.words([
            "project": "project", "stage": "stage", "status": "status", "reason": "reason", "total": "total",
            "none": "none", "signedOn": "signed on", "investment": "investment", "download": "download",
        ])
    }
}
