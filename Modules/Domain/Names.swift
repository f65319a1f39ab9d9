internal import Foundation

/// Enterprise names for matching and search: normalisation, legal-form stripping, pinyin and initials.
public enum Names {
    /// Legal forms and group markers at the end of a name, longest first.
    public static let legalSuffixes = [
        "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "集团公司", "股份公司", "集团",
        "公司", "co.,ltd.", "co.,ltd", "co.ltd", "ltd.", "ltd", "inc.", "inc", "limited", "corporation", "corp.",
    ].sorted { $0.count > $1.count }

    /// Folds width and case: full-width letters, digits and brackets become half-width, Latin letters lower case,
    /// and all white space is removed.
    public static func normalized(_ name: String) -> String {
        let folded = name.applyingTransform(.fullwidthToHalfwidth, reverse: false) ?? name
        return String(
            folded.lowercased().unicodeScalars.filter {
                !CharacterSet.whitespacesAndNewlines.contains($0) && !"·•・‧".unicodeScalars.contains($0)
            }
            .map { scalar -> Character in
                switch scalar {
                case "【", "〔", "［", "[": "("
                case "】", "〕", "］", "]": ")"
                default: Character(scalar)
                }
            }
        )
    }

    /// The distinctive part of a name for duplicate detection: normalised, without bracketed parts, middle dots,
    /// a leading administrative region (`东莞市`, `四川省成都市`) or a trailing legal form (`有限公司`).
    ///
    /// `东莞市豪顺精密科技有限公司` and `豪顺精密科技（东莞）有限公司` both give `豪顺精密科技`.
    public static func matchKey(_ name: String) -> String {
        var key = Self.normalized(name)
        while let open = key.firstIndex(of: "("), let close = key[open...].firstIndex(of: ")") {
            key.removeSubrange(open...close)
        }
        key.removeAll { $0 == "·" || $0 == "•" }
        var stripped = true
        while stripped {
            stripped = false
            for suffix in Self.legalSuffixes where key.hasSuffix(suffix) && key.count > suffix.count {
                key.removeLast(suffix.count)
                stripped = true
            }
        }
        return Self.droppingRegionPrefix(key)
    }

    /// Provinces and the cities that most often lead an enterprise's name without 省 or 市.
    static let regionNames: [String] = [
        "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
        "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
        "青海", "宁夏", "新疆", "台湾", "香港", "澳门", "成都", "青白江", "德阳", "绵阳", "东莞", "深圳", "广州", "佛山",
        "珠海", "惠州", "中山", "苏州", "常熟", "昆山", "无锡", "常州", "南京", "杭州", "宁波", "温州", "嘉兴", "合肥",
        "厦门", "泉州", "福州", "济南", "青岛", "烟台", "郑州", "武汉", "长沙", "西安", "昆明", "贵阳", "南宁", "沈阳",
        "大连", "长春", "哈尔滨", "石家庄", "太原", "兰州", "乌鲁木齐", "南昌", "宜宾", "泸州", "乐山", "眉山", "遂宁",
    ].sorted { $0.count > $1.count }

    /// Removes up to two leading region names: a name ending in 省, 市, 自治区, 区, 县 or 州 within its first five
    /// characters, or a known province or city; at least two characters always remain.
    static func droppingRegionPrefix(_ key: String) -> String {
        var rest = Substring(key)
        for _ in 0..<2 {
            var after: Substring? = nil
            if let end = rest.prefix(5).firstIndex(where: { "省市区县州".contains($0) }), end > rest.startIndex {
                after = rest[rest.index(after: end)...]
            } else if let region = Self.regionNames.first(where: { rest.hasPrefix($0) }) {
                after = rest.dropFirst(region.count)
            }
            guard let remaining = after, remaining.count >= 2 else { break }
            rest = remaining
        }
        return String(rest)
    }

    /// A name as the search index holds it: normalised, without punctuation of any kind.
    public static func searchable(_ name: String) -> String {
        String(
            Self.normalized(name).unicodeScalars.filter {
                !CharacterSet.punctuationCharacters.contains($0) && !CharacterSet.symbols.contains($0)
            }.map(Character.init)
        )
    }
}
