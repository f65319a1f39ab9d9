internal import Foundation

/// A target enterprise, a park enterprise, a chamber (商会) or an intermediary.
public struct Enterprise: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// 目标企业: an enterprise the office wants to attract.
        case target
        /// 园区企业: already in the park.
        case park
        /// 商会 / association.
        case chamber
        /// An intermediary: agency, consultancy, bank.
        case intermediary
    }

    public enum Scale: String, Hashable, Sendable, Codable, CaseIterable {
        case large, medium, small, micro, unknown
    }

    /// 朋友圈 → 客户圈: how close the office is to the enterprise, separate from any project's stage.
    public enum Relationship: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        /// Contact made (加入朋友圈).
        case contactMade
        /// Engaged: talking regularly, materials exchanged.
        case engaged
        /// Customer (客户圈): has an active project with the office.
        case customer
        /// Landed: has invested in the park.
        case landed

        public var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

        public var chinese: String {
            switch self {
            case .contactMade: "已建联（朋友圈）"
            case .engaged: "互动中"
            case .customer: "客户圈"
            case .landed: "已落地"
            }
        }
    }

    public var id: ID<Enterprise>
    public var kind: Kind
    public var creditCode: CreditCode?
    public var legalName: String
    public var shortName: String?
    public var aliases: [String]
    /// Where it is: `广东省东莞市`.
    public var location: String
    /// Its main industry, in the office's words.
    public var industry: String
    /// The chain it belongs to, if placed.
    public var chainID: ID<Chain>?
    public var scale: Scale
    /// 发展情况: how it is doing, in the officer's words.
    public var developmentStatus: String
    /// The officer who follows it.
    public var ownerID: ID<Staff>?
    public var relationship: Relationship
    public var version: Int

    public init(
        id: ID<Enterprise>,
        kind: Kind,
        creditCode: CreditCode? = nil,
        legalName: String,
        shortName: String? = nil,
        aliases: [String] = [],
        location: String = "",
        industry: String = "",
        chainID: ID<Chain>? = nil,
        scale: Scale = .unknown,
        developmentStatus: String = "",
        ownerID: ID<Staff>? = nil,
        relationship: Relationship = .contactMade,
        version: Int = 0
    ) {
        self.id = id
        self.kind = kind
        self.creditCode = creditCode
        self.legalName = legalName
        self.shortName = shortName
        self.aliases = aliases
        self.location = location
        self.industry = industry
        self.chainID = chainID
        self.scale = scale
        self.developmentStatus = developmentStatus
        self.ownerID = ownerID
        self.relationship = relationship
        self.version = version
    }

    /// Checks the fields a person typed: a legal name, no empty aliases.
    public func validate() throws(DomainError) {
        guard !self.legalName.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(.missingField, "企业名称不能为空", "an enterprise needs a legal name")
        }
        try TextRule.line.check(self.legalName, "企业名称", "legal name")
        if let short = self.shortName { try TextRule.line.check(short, "简称", "short name") }
        if self.aliases.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw DomainError(.invalidValue, "别名不能为空", "an alias cannot be empty")
        }
        for alias in self.aliases { try TextRule.line.check(alias, "别名", "alias") }
        try TextRule.line.check(self.location, "所在地", "location")
        try TextRule.line.check(self.industry, "行业", "industry")
        try TextRule.text.check(self.developmentStatus, "发展情况", "development status")
    }

    /// Every name the enterprise goes by: legal name, short name, aliases.
    public var allNames: [String] { [self.legalName] + (self.shortName.map { [$0] } ?? []) + self.aliases }

    /// Moves the relationship; going back needs a reason.
    public mutating func move(to relationship: Relationship, reason: String?) throws(DomainError) {
        if relationship < self.relationship, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw DomainError(
                .illegalTransition,
                "关系阶段从“\(self.relationship.chinese)”退回“\(relationship.chinese)”需要说明原因",
                "moving the relationship back from \(self.relationship.rawValue) to \(relationship.rawValue) needs a reason"
            )
        }
        self.relationship = relationship
    }
}

/// A need an enterprise has expressed (企业需求): land, financing, talent, policy …
public struct EnterpriseNeed: Hashable, Sendable, Codable {
    public enum Category: String, Hashable, Sendable, Codable, CaseIterable {
        case land, factory, financing, talent, policy, supplyChain, market, logistics, other
    }

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case open, addressed, closed
    }

    public var id: ID<EnterpriseNeed>
    public var enterpriseID: ID<Enterprise>
    public var category: Category
    public var description: String
    public var raisedOn: Day
    public var status: Status
    public var version: Int

    public init(
        id: ID<EnterpriseNeed>,
        enterpriseID: ID<Enterprise>,
        category: Category,
        description: String,
        raisedOn: Day,
        status: Status = .open,
        version: Int = 0
    ) {
        self.id = id
        self.enterpriseID = enterpriseID
        self.category = category
        self.description = description
        self.raisedOn = raisedOn
        self.status = status
        self.version = version
    }
}

/// A person at an enterprise or chamber.
public struct Contact: Hashable, Sendable, Codable {
    public var id: ID<Contact>
    public var enterpriseID: ID<Enterprise>
    public var name: String
    /// 职务: `执行秘书长`, `董事`.
    public var title: String
    public var phone: String?
    public var wechat: String?
    public var email: String?
    public var version: Int

    public init(
        id: ID<Contact>,
        enterpriseID: ID<Enterprise>,
        name: String,
        title: String = "",
        phone: String? = nil,
        wechat: String? = nil,
        email: String? = nil,
        version: Int = 0
    ) {
        self.id = id
        self.enterpriseID = enterpriseID
        self.name = name
        self.title = title
        self.phone = phone
        self.wechat = wechat
        self.email = email
        self.version = version
    }

    /// Checks name, phone (mainland mobile `1[3-9]` + 9 digits, or a landline with area code), WeChat id and e-mail.
    public func validate() throws(DomainError) {
        guard !self.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(.missingField, "联系人姓名不能为空", "a contact needs a name")
        }
        try TextRule.line.check(self.name, "联系人姓名", "contact's name")
        try TextRule.line.check(self.title, "职务", "title")
        if let phone = self.phone, !Self.isPhone(phone) {
            throw DomainError(
                .invalidValue,
                "电话号码“\(phone)”格式不对（手机11位，座机如 0769-22881234）",
                "phone '\(phone)' is neither a mobile number (11 digits from 13–19) nor a landline such as 0769-22881234"
            )
        }
        if let wechat = self.wechat, !Self.isWeChatID(wechat) {
            throw DomainError(
                .invalidValue,
                "微信号“\(wechat)”格式不对（6–20位，字母开头，可含字母、数字、-、_，或手机号）",
                "WeChat id '\(wechat)' is invalid (6–20 characters starting with a letter, or a mobile number)"
            )
        }
        if let email = self.email, !Self.isEmail(email) {
            throw DomainError(.invalidValue, "邮箱“\(email)”格式不对", "e-mail address '\(email)' is invalid")
        }
    }

    static func isPhone(_ text: String) -> Bool {
        let digits = text.filter { $0 != " " && $0 != "-" }
        let plain = digits.hasPrefix("+86") ? String(digits.dropFirst(3)) : digits
        guard plain.allSatisfy(\.isASCIIDigit) else { return false }
        if plain.count == 11, plain.hasPrefix("1"), let second = plain.dropFirst().first, ("3"..."9").contains(second) {
            return true
        }
        return plain.hasPrefix("0") && (10...12).contains(plain.count)
    }

    static func isWeChatID(_ text: String) -> Bool {
        if Self.isPhone(text) { return true }
        guard (6...20).contains(text.count), let first = text.first, first.isASCII, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !text.contains(" ")
        else { return false }
        return true
    }
}
