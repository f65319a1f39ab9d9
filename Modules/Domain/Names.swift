internal import Foundation

/// Enterprise names for matching and search: normalisation, legal-form stripping, pinyin and initials.
public enum Names {
    /// Legal forms and group markers at the end of a name, longest first.
    public static let legalSuffixes = [
        "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "集团公司", "股份公司", "集团",
        "公司", "co.,ltd.", "co.,ltd", "co.ltd", "ltd.", "ltd", "inc.", "inc", "limited", "corporation", "corp.",
    ].sorted { $0.count > $1.count }

    /// Words whose reading differs from the characters' most common one.
    static let readings: [String: String] = [
        "长虹": "chang hong", "长沙": "chang sha", "长春": "chang chun", "长安": "chang an", "长城": "chang cheng",
        "长江": "chang jiang", "银行": "yin hang", "行业": "hang ye", "重庆": "chong qing", "厦门": "xia men",
        "蚌埠": "beng bu", "六安": "lu an", "乐山": "le shan", "单县": "shan xian", "曾": "zeng", "莞": "guan",
    ]

    /// Folds width and case: full-width letters, digits and brackets become half-width, Latin letters lower case,
    /// and all white space is removed.
    public static func normalized(_ name: String) -> String {
        let folded = name.applyingTransform(.fullwidthToHalfwidth, reverse: false) ?? name
        return String(
            folded.lowercased().unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }
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

    /// Removes up to two leading region names ending in 省, 市, 自治区, 区, 县 or 州, keeping at least two characters.
    static func droppingRegionPrefix(_ key: String) -> String {
        var rest = Substring(key)
        for _ in 0..<2 {
            let window = rest.prefix(5)
            guard let end = window.firstIndex(where: { "省市区县州".contains($0) }) else { break }
            let after = rest[rest.index(after: end)...]
            guard rest.distance(from: rest.startIndex, to: end) >= 1, after.count >= 2 else { break }
            // `自治区` is three characters; the marker search above stops at its last one.
            rest = after
        }
        return String(rest)
    }

    /// Pinyin of `text` as syllables, lower case without tones: `东莞豪顺` → `["dong", "guan", "hao", "shun"]`.
    ///
    /// Latin letters and digits in the text are kept as words of their own.
    public static func pinyinSyllables(_ text: String) -> [String] {
        var marked = text
        for (word, reading) in Self.readings where marked.contains(word) {
            marked = marked.replacingOccurrences(of: word, with: " \(reading) ")
        }
        let latin = marked.applyingTransform(.mandarinToLatin, reverse: false) ?? marked
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        return Self.normalized(plain.replacingOccurrences(of: " ", with: "\u{1}"))
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map(String.init)
            .filter { !$0.isEmpty }
    }

    /// Full pinyin and initials of a name, for search: `东莞市豪顺精密科技有限公司` → (`dongguanshihaoshunjingmikejiyouxiangongsi`,
    /// `dgshsjmkjyxgs`).
    public static func pinyin(_ text: String) -> (full: String, initials: String) {
        let syllables = Self.pinyinSyllables(text)
        return (syllables.joined(), String(syllables.compactMap(\.first)))
    }
}
