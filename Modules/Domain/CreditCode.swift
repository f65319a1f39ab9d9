/// A unified social credit code (统一社会信用代码), validated per GB 32100-2015.
///
/// Eighteen characters from `0-9 A-H J-N P-R T U W-Y` (no I, O, S, V, Z):
///
/// | position | part |
/// |---|---|
/// | 1 | registration authority (登记管理部门代码): `9` market regulation, `5` civil affairs, `1` establishment … |
/// | 2 | entity type (机构类别代码), which the authority defines: `91` enterprise, `92` individual business … |
/// | 3–8 | administrative division code (登记管理机关行政区划码), six digits |
/// | 9–17 | organisation code (主体标识码, GB 11714), eight characters and a check character |
/// | 18 | check character over positions 1–17 |
public struct CreditCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The eighteen characters, upper-case.
    public let rawValue: String

    /// Validates `text`; spaces and hyphens are ignored, and lower-case and full-width characters are accepted.
    public init(_ text: String) throws(CreditCodeError) {
        let halfWidth = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
                }
            )
        )
        let compact = halfWidth.uppercased().filter { $0 != " " && $0 != "-" && $0 != "\u{3000}" }
        try Self.validate(compact)
        self.rawValue = compact
    }

    public var description: String { self.rawValue }

    /// The registration authority and entity type, such as "市场监督管理 · 企业".
    public var entityKind: String {
        let chars = Array(self.rawValue)
        let authority = Self.authorities[chars[0]]!
        return "\(authority.name) · \(authority.types[chars[1]]!)"
    }

    /// The six-digit administrative division code.
    public var divisionCode: String { String(self.rawValue.dropFirst(2).prefix(6)) }

    /// The nine-character organisation code, as `XXXXXXXX-X`.
    public var organisationCode: String {
        let code = Array(self.rawValue.dropFirst(8).prefix(9))
        return String(code[0..<8]) + "-" + String(code[8])
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try CreditCode(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }

    // MARK: - The standard's tables

    /// The 31 characters of the code set, in value order.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let values: [Character: Int] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) }
    )
    /// Weights of positions 1–17 for the final check character: 3^(i−1) mod 31.
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// Weights of the organisation code's eight characters (GB 11714).
    static let organisationWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    struct Authority {
        var name: String
        var types: [Character: String]
    }

    /// Registration authorities and the entity types each defines (GB 32100-2015, Appendix A, with later codes).
    static let authorities: [Character: Authority] = [
        "1": Authority(name: "机构编制", types: ["1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"]),
        "2": Authority(name: "外交", types: ["1": "外国常驻新闻机构", "9": "其他"]),
        "3": Authority(
            name: "司法行政",
            types: ["1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构", "5": "仲裁委员会", "9": "其他"]
        ),
        "4": Authority(name: "文化", types: ["1": "外国在华文化中心", "9": "其他"]),
        "5": Authority(name: "民政", types: ["1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"]),
        "6": Authority(name: "旅游", types: ["1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地代表机构", "9": "其他"]),
        "7": Authority(name: "宗教", types: ["1": "宗教活动场所", "2": "宗教院校", "9": "其他"]),
        "8": Authority(name: "工会", types: ["1": "基层工会", "9": "其他"]),
        "9": Authority(name: "市场监督管理", types: ["1": "企业", "2": "个体工商户", "3": "农民专业合作社"]),
        "A": Authority(name: "中央军委改革和编制办公室", types: ["1": "军队事业单位", "9": "其他"]),
        "N": Authority(name: "农业", types: ["1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"]),
        "Y": Authority(name: "其他", types: ["1": "其他"]),
    ]

    /// The first two digits of valid division codes: 10 for national registrations, then the provinces (GB/T 2260).
    static let provinces: Set<String> = [
        "10", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
        "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ]

    // MARK: - Validation

    static func validate(_ code: String) throws(CreditCodeError) {
        let chars = Array(code)
        guard chars.count == 18 else {
            throw CreditCodeError(
                .length,
                "统一社会信用代码应为18位，实际为\(chars.count)位",
                "a credit code has 18 characters, not \(chars.count)"
            )
        }
        if let (index, char) = chars.enumerated().first(where: { Self.values[$0.element] == nil }) {
            throw CreditCodeError(
                .characters,
                "第\(index + 1)位“\(char)”不是统一社会信用代码允许的字符（不含I、O、S、V、Z）",
                "character \(index + 1) '\(char)' is not allowed (the code set has no I, O, S, V or Z)"
            )
        }
        guard let authority = Self.authorities[chars[0]] else {
            throw CreditCodeError(
                .authority,
                "第1位登记管理部门代码“\(chars[0])”不存在",
                "registration authority code '\(chars[0])' (position 1) does not exist"
            )
        }
        guard authority.types[chars[1]] != nil else {
            throw CreditCodeError(
                .entityType,
                "第2位机构类别代码“\(chars[1])”不属于登记管理部门“\(authority.name)”",
                "entity type '\(chars[1])' (position 2) is not defined for authority '\(chars[0])' (\(authority.name))"
            )
        }
        let division = String(chars[2..<8])
        guard division.allSatisfy(\.isASCIIDigit) else {
            throw CreditCodeError(
                .division,
                "第3–8位行政区划码“\(division)”应为6位数字",
                "administrative division code '\(division)' (positions 3–8) must be six digits"
            )
        }
        guard Self.provinces.contains(String(division.prefix(2))) else {
            throw CreditCodeError(
                .division,
                "行政区划码“\(division)”的省级代码“\(division.prefix(2))”不存在",
                "administrative division code '\(division)' starts with '\(division.prefix(2))', which is no province"
            )
        }
        let expectedOrganisationCheck = Self.organisationCheck(chars[8..<16])
        guard chars[16] == expectedOrganisationCheck else {
            throw CreditCodeError(
                .organisationCheck,
                "第9–17位组织机构代码校验位应为“\(expectedOrganisationCheck)”，实际为“\(chars[16])”",
                "organisation code check (position 17) should be '\(expectedOrganisationCheck)', not '\(chars[16])'"
            )
        }
        let expected = Self.checkCharacter(for: chars[0..<17])
        guard chars[17] == expected else {
            throw CreditCodeError(
                .checkCharacter,
                "第18位校验码应为“\(expected)”，实际为“\(chars[17])”",
                "check character (position 18) should be '\(expected)', not '\(chars[17])'"
            )
        }
    }

    /// The GB 11714 check character of an eight-character organisation code body: `0-9` or `X`.
    ///
    /// GB 11714 values its characters on their own scale — digits as themselves, letters A=10 … Z=35 — not by
    /// their place in GB 32100's 31-character set (where J is 18, not 19), so the two tables must not be mixed.
    static func organisationCheck<C: Collection<Character>>(_ body: C) -> Character {
        let sum = zip(body, Self.organisationWeights).reduce(0) { $0 + Self.organisationValue($1.0) * $1.1 }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let digit: return Character(String(digit))
        }
    }

    /// A character's value in GB 11714: `0`–`9` are 0–9, `A`–`Z` are 10–35.
    static func organisationValue(_ char: Character) -> Int {
        let scalar = char.unicodeScalars.first!.value
        return char.isASCIIDigit ? Int(scalar - 48) : Int(scalar - 65) + 10
    }

    /// The GB 32100 check character over the first seventeen characters, which must be from the code set.
    static func checkCharacter<C: Collection<Character>>(for first17: C) -> Character {
        let sum = zip(first17, Self.weights).reduce(0) { $0 + Self.values[$1.0]! * $1.1 }
        return Self.alphabet[(31 - sum % 31) % 31]
    }

    /// Builds a valid code from its parts, computing both check characters; for demo and synthetic data.
    ///
    /// - Parameters:
    ///   - prefix: authority and type, such as `"91"`.
    ///   - division: six digits, such as `"510113"` (成都市青白江区).
    ///   - body: eight characters of the organisation code from the code set.
    public static func make(prefix: String, division: String, body: String) throws(CreditCodeError) -> CreditCode {
        let first16 = Array(prefix + division + body)
        guard first16.count == 16 else {
            throw CreditCodeError(.length, "前缀、区划码和主体标识码共应16位", "prefix, division and body must make 16 characters")
        }
        if let bad = first16.first(where: { Self.values[$0] == nil }) {
            throw CreditCodeError(.characters, "“\(bad)”不是统一社会信用代码允许的字符", "'\(bad)' is not in the code set")
        }
        let first17 = prefix + division + body + String(Self.organisationCheck(Array(body)))
        return try CreditCode(first17 + String(Self.checkCharacter(for: Array(first17))))
    }
}

/// Why a credit code is invalid: which part failed, in Chinese and English.
public struct CreditCodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The part of the code that failed.
    public enum Part: String, Hashable, Sendable, CaseIterable {
        case length, characters, authority, entityType, division, organisationCheck, checkCharacter
    }

    public let part: Part
    /// The explanation in Chinese, for the office's staff.
    public let chinese: String
    /// The explanation in English.
    public let english: String

    init(_ part: Part, _ chinese: String, _ english: String) {
        self.part = part
        self.chinese = chinese
        self.english = english
    }

    public var description: String { "\(self.chinese) (\(self.english))" }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
