import ChainDeskDomain
import Testing

@Suite("Yuan")
struct YuanTests {
    @Test(
        "amounts parse exactly",
        arguments: [
            ("240亿", Int64(24_000_000_000)), ("2.4亿元", 240_000_000), ("5000万", 50_000_000),
            ("1,200万元", 12_000_000), ("300元", 300), ("86000", 86_000), ("１２万", 120_000),
            ("0.0001亿", 10_000), ("0.5万亿", 500_000_000_000), ("3千万", 30_000_000), ("12,345,678", 12_345_678),
        ]
    )
    func parse(text: String, amount: Int64) throws {
        #expect(try Yuan(parsing: text).amount == amount)
    }

    @Test(
        "bad amounts are refused with the reason",
        arguments: [
            ("", "empty"), ("2.4亿美元", "not an amount"), ("1.5元", "not a whole number"), ("-5万", "negative"),
            ("1,20万", "separators"), ("2.", "missing after the decimal"), ("99999999999亿", "too large"),
            ("1.5万亿", "over the limit"),
            ("1.123456789亿", "not a whole number"),
        ]
    )
    func refuse(text: String, reason: String) {
        #expect {
            try Yuan(parsing: text)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test(
        "amounts print in the largest exact unit",
        arguments: [
            (Int64(24_000_000_000), "240亿元"), (240_000_000, "2.4亿元"), (50_000_000, "5000万元"),
            (12_345_678, "1234.5678万元"), (300, "300元"), (243_650_000, "2.4365亿元"),
        ]
    )
    func format(amount: Int64, text: String) throws {
        #expect(Yuan(amount).description == text)
        #expect(try Yuan(parsing: text).amount == amount)
    }

    @Test(
        "headline figures round down and say 超 when they do",
        arguments: [
            (Int64(24_360_000_000), "超240亿元"), (24_000_000_000, "240亿元"), (1_050_000_000, "超10亿元"),
            (2_400_000_000, "24亿元"), (50_000_000, "5000万元"), (56_780_000, "超5670万元"),
        ]
    )
    func headline(amount: Int64, text: String) {
        #expect(Yuan(amount).headline == text)
    }
}

@Suite("Names")
struct NameTests {
    @Test(
        "names that differ in region, brackets, width and legal form share a match key",
        arguments: [
            ("东莞市豪顺精密科技有限公司", "豪顺精密科技"), ("豪顺精密科技（东莞）有限公司", "豪顺精密科技"),
            ("成都埃尔法焊割设备有限公司", "埃尔法焊割设备"), ("四川省成都市ＡＢＣ智能科技股份有限公司", "abc智能科技"),
            ("台玻·欧文斯科宁新材料集团", "台玻欧文斯科宁新材料"),
        ]
    )
    func matchKey(name: String, key: String) {
        #expect(Names.matchKey(name) == key)
    }

    @Test("pinyin and initials of an enterprise name")
    func pinyin() {
        let (full, initials) = Names.pinyin("东莞市豪顺精密科技有限公司")
        #expect(full == "dongguanshihaoshunjingmikejiyouxiangongsi")
        #expect(initials == "dgshsjmkjyxgs")
        #expect(Names.pinyin("长虹").full == "changhong")
        #expect(Names.pinyin("TCL科技").initials == "tkj")
    }

    @Test("every plausible reading of a name with polyphones, the likeliest first; a bounded number of them")
    func readings() {
        let readings = Names.pinyinReadings("长风新能源")
        #expect(readings.map(\.full) == ["changfengxinnengyuan", "zhangfengxinnengyuan"])
        #expect(readings.map(\.initials) == ["cfxny", "zfxny"])
        #expect(Names.pinyinReadings("重庆长安").map(\.full) == ["chongqingchangan"], "known words are read one way")
        #expect(Names.pinyinReadings("银行").count == 1)
        // Ten polyphones would be 1,024 readings: the likeliest and each one-character variant instead.
        let many = Names.pinyinReadings("长长长长长长长长长长")
        #expect(many.count == 11 && many[0].full == String(repeating: "chang", count: 10))
    }
}
