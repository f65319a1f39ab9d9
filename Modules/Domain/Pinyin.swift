internal import Foundation

// Pinyin for search: a name is found by every reading a person may type for it. Characters such as 长 (chang in
// 长风, zhang in 长老), 重, 行 and 乐 are read differently in different words, and the transliteration reads each in
// one way only, so a name is indexed under each plausible reading.

extension Names {
    /// Words whose reading is known and differs from the characters' most common one; read only this way.
    static let words: [String: [String]] = [
        "长虹": ["chang", "hong"], "长沙": ["chang", "sha"], "长春": ["chang", "chun"], "长安": ["chang", "an"],
        "长城": ["chang", "cheng"], "长江": ["chang", "jiang"], "银行": ["yin", "hang"], "行业": ["hang", "ye"],
        "重庆": ["chong", "qing"], "厦门": ["xia", "men"], "蚌埠": ["beng", "bu"], "六安": ["lu", "an"],
        "乐山": ["le", "shan"], "乐清": ["yue", "qing"], "单县": ["shan", "xian"], "莞": ["guan"],
    ]

    /// Characters read more than one way in names, each reading a person may type, the likeliest first.
    static let polyphones: [Character: [String]] = [
        "长": ["chang", "zhang"], "重": ["zhong", "chong"], "行": ["xing", "hang"], "乐": ["le", "yue"],
        "藏": ["cang", "zang"], "厦": ["xia", "sha"], "朝": ["chao", "zhao"], "传": ["chuan", "zhuan"],
        "和": ["he", "huo"], "解": ["jie", "xie"], "曾": ["zeng", "ceng"], "单": ["dan", "shan", "chan"],
        "查": ["cha", "zha"], "区": ["qu", "ou"], "盛": ["sheng", "cheng"], "大": ["da", "dai"], "都": ["du", "dou"],
        "调": ["diao", "tiao"], "会": ["hui", "kuai"], "参": ["can", "shen"], "柏": ["bai", "bo"],
        "薄": ["bo", "bao"], "贾": ["jia", "gu"], "蔚": ["wei", "yu"], "番": ["fan", "pan"], "车": ["che", "ju"],
        "石": ["shi", "dan"], "系": ["xi", "ji"], "强": ["qiang", "jiang"], "还": ["hai", "huan"],
        "省": ["sheng", "xing"], "合": ["he", "ge"], "便": ["bian", "pian"], "率": ["lv", "lu", "shuai"],
        "角": ["jiao", "jue"], "仇": ["qiu", "chou"], "翟": ["zhai", "di"], "朴": ["piao", "pu", "po"],
        "尉": ["wei", "yu"], "宿": ["su", "xiu"], "种": ["zhong", "chong"], "校": ["xiao", "jiao"],
        "弹": ["dan", "tan"], "差": ["cha", "chai"], "塞": ["sai", "se"], "落": ["luo", "la"], "露": ["lu", "lou"],
        "给": ["gei", "ji"], "卡": ["ka", "qia"], "万": ["wan", "mo"], "员": ["yuan", "yun"], "莘": ["xin", "shen"],
        "秘": ["mi", "bi"], "覃": ["qin", "tan"], "降": ["jiang", "xiang"], "奇": ["qi", "ji"], "阿": ["a", "e"],
        "女": ["nv", "nu"], "绿": ["lv", "lu"], "吕": ["lv", "lu"], "旅": ["lv", "lu"], "铝": ["lv", "lu"],
    ]

    /// The most readings of one name that are indexed in full; past it, the likeliest reading and every reading
    /// that differs from it in one character.
    static let maximumReadings = 16

    /// Pinyin of `text` as syllables, lower case without tones, in its likeliest reading:
    /// `东莞豪顺` → `["dong", "guan", "hao", "shun"]`. Latin letters and digits are kept as words of their own.
    public static func pinyinSyllables(_ text: String) -> [String] {
        Self.syllableChoices(text).map { $0[0] }
    }

    /// Full pinyin and initials of a name in its likeliest reading: `东莞市豪顺精密科技有限公司` →
    /// (`dongguanshihaoshunjingmikejiyouxiangongsi`, `dgshsjmkjyxgs`).
    public static func pinyin(_ text: String) -> (full: String, initials: String) {
        Self.pinyinReadings(text)[0]
    }

    /// Every plausible reading of `text`, full and as initials, the likeliest first: `长风新能源` gives
    /// (`changfengxinnengyuan`, `cfxny`) and (`zhangfengxinnengyuan`, `zfxny`).
    public static func pinyinReadings(_ text: String) -> [(full: String, initials: String)] {
        let choices = Self.syllableChoices(text)
        let count = choices.reduce(1) { product, choice in min(product * choice.count, Self.maximumReadings + 1) }
        var readings: [[String]]
        if count <= Self.maximumReadings {
            readings = choices.reduce([[]]) { partial, choice in partial.flatMap { head in choice.map { head + [$0] } }
            }
        } else {
            let likeliest = choices.map { $0[0] }
            readings = [likeliest]
            for (index, choice) in choices.enumerated() {
                for other in choice.dropFirst() {
                    var reading = likeliest
                    reading[index] = other
                    readings.append(reading)
                }
            }
        }
        return readings.map { ($0.joined(), String($0.compactMap(\.first))) }
    }

    /// The syllables of `text`, each with the readings it may have (one for most).
    static func syllableChoices(_ text: String) -> [[String]] {
        // Pieces: a known word, one Han character, or a run of other letters and digits.
        enum Piece {
            case word([String])
            case han(Character)
            case other(String)
        }
        var pieces: [Piece] = []
        let characters = Array(Self.normalized(text))
        var index = 0
        var run = ""
        func endRun() {
            if !run.isEmpty { pieces.append(.other(run)) }
            run = ""
        }
        while index < characters.count {
            if let (word, reading) = Self.words.first(where: { word, _ in
                characters[index...].starts(with: word)
            }) {
                endRun()
                pieces.append(.word(reading))
                index += word.count
                continue
            }
            let character = characters[index]
            if character.unicodeScalars.contains(where: { (0x3400...0x9FFF).contains($0.value) }) {
                endRun()
                pieces.append(.han(character))
            } else if character.isLetter || character.isNumber {
                run.append(character)
            } else {
                endRun()
            }
            index += 1
        }
        endRun()
        // One transliteration for the whole text, each Han character a word of its own.
        let han = pieces.compactMap { if case .han(let c) = $0 { String(c) } else { nil } }
        let latin = han.joined(separator: " ").applyingTransform(.mandarinToLatin, reverse: false) ?? ""
        let plain = (latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin).lowercased()
        var read = plain.split(separator: " ").map(String.init)
        if read.count != han.count {
            read = han.map { ($0.applyingTransform(.mandarinToLatin, reverse: false) ?? $0).lowercased() }
                .map { $0.applyingTransform(.stripDiacritics, reverse: false) ?? $0 }
        }
        var next = read.makeIterator()
        return pieces.flatMap { piece -> [[String]] in
            switch piece {
            case .word(let syllables): return syllables.map { [$0] }
            case .other(let run): return [[run]]
            case .han(let character):
                let transliterated = next.next() ?? String(character)
                guard let known = Self.polyphones[character] else { return [[transliterated]] }
                return [known.contains(transliterated) ? known : known + [transliterated]]
            }
        }
    }
}
