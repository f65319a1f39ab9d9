import ChainDeskClient
import ChainDeskDomain
import ChainDeskTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Lead lists from CSV")
struct LeadCSVTests {
    /// Accepts any code but one marked bad, to keep these tests about the file format.
    static func check(_ code: String) -> String? { code.hasSuffix("X") ? "the check character is wrong" : nil }

    @Test("UTF-8 with a byte order mark and GB18030 read the same rows")
    func encodings() throws {
        let text = "企业名称,统一社会信用代码\r\n东莞市豪顺精密科技有限公司,91441900MA4UH3010M\r\n东莞世界莞商会,\r\n"
        let utf8 = try LeadCSV(data: Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), validateCode: Self.check)
        let gb = try LeadCSV(data: gb18030(text), validateCode: Self.check)
        #expect(utf8.encoding == "UTF-8" && gb.encoding == "GB18030")
        #expect(utf8.rows == gb.rows)
        #expect(gb.rows.map(\.name) == ["东莞市豪顺精密科技有限公司", "东莞世界莞商会"])
        #expect(gb.rows.map(\.creditCode) == ["91441900MA4UH3010M", ""])
        #expect(gb.rows.map(\.line) == [2, 3])
    }

    @Test("quoted fields keep their commas, quotes and line breaks; line numbers count them")
    func quoting() throws {
        let text = "name,note\n\"A, Ltd.\",\"said \"\"yes\"\"\nnext day\"\nB,plain\n"
        let csv = try LeadCSV(data: Data(text.utf8), validateCode: Self.check)
        #expect(csv.rows.map(\.name) == ["A, Ltd.", "B"])
        #expect(csv.rows.map(\.line) == [2, 4])
    }

    @Test(
        "every bad row is named by line and nothing is returned",
        arguments: [
            (
                "名称,信用代码\n甲公司,1\n,2\n甲公司,3\n乙公司,91441900MA4UH3010X\n",
                [
                    "line 3: the name is empty", "line 4: 甲公司 is already on line 2",
                    "line 5: credit code 91441900MA4UH3010X: the check character is wrong",
                ]
            ),
            ("公司,代码\n甲,1\n", ["line 1: no name column"]),
            ("name\n", ["the file has no rows"]),
            ("name\n\"open\n", ["line 2: a quoted field is not closed"]),
            ("name,code\nA,1,extra\n", ["line 2: 3 fields, the header has 2"]),
        ]
    )
    func problems(text: String, expected: [String]) throws {
        do {
            _ = try LeadCSV(data: Data(text.utf8), validateCode: Self.check)
            Issue.record("accepted a bad file")
        } catch let error as LeadCSV.Problems {
            #expect(error.problems.count == expected.count, "\(error)")
            for (problem, prefix) in zip(error.problems, expected) {
                #expect(problem.description.hasPrefix(prefix), "\(problem)")
            }
        }
    }

    @Test("bytes that are neither UTF-8 nor GB18030 are refused")
    func notText() {
        #expect(throws: LeadCSV.Problems.self) {
            _ = try LeadCSV(
                data: Data([0x6E, 0x61, 0x6D, 0x65, 0x0A, 0xFF, 0xFF, 0xFF, 0x0A]),
                validateCode: Self.check
            )
        }
    }
}

@Suite("Naming records on the command line")
struct ReferenceTests {
    struct Item {
        let id: String
        let name: String
    }

    static let items = [
        Item(id: "dg-1", name: "东莞市华科精密模具有限公司"), Item(id: "dg-5", name: "东莞市恒信精密五金有限公司"),
        Item(id: "haoshun", name: "东莞市豪顺精密科技有限公司"),
    ]

    static func resolve(_ reference: String) throws -> String {
        try References.resolve(reference, among: Self.items, kind: "enterprise", id: \.id, names: { [$0.name] }).id
    }

    @Test("an id, an exact name, an id prefix or a unique fragment names one record")
    func unique() throws {
        #expect(try Self.resolve("dg-5") == "dg-5")
        #expect(try Self.resolve("东莞市华科精密模具有限公司") == "dg-1")
        #expect(try Self.resolve("haos") == "haoshun")
        #expect(try Self.resolve("恒信") == "dg-5")
    }

    @Test("an ambiguous fragment lists the candidates; an unknown one says so")
    func ambiguous() {
        #expect {
            _ = try Self.resolve("精密")
        } throws: { error in
            "\(error)".contains("matches 3 enterprises") && "\(error)".contains("东莞市恒信精密五金有限公司 [dg-5]")
        }
        #expect {
            _ = try Self.resolve("蓉欧")
        } throws: { error in
            "\(error)".contains("no enterprise matches")
        }
    }
}

@Suite("Labels and formats")
struct LabelTests {
    @Test("the locale chooses the language; values are translated in context")
    func language() {
        #expect(Labels.fromEnvironment(["LANG": "zh_CN.UTF-8"]).language == .zh)
        #expect(Labels.fromEnvironment(["LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"]).language == .en)
        #expect(Labels.fromEnvironment([:]).language == .en)
        let zh = Labels(.zh)
        #expect(zh.value("stage", "signed") == "签约" && zh["signed"] == "签约日期")
        #expect(zh.value("stage", "siteVisit") == "考察" && Labels(.en).value("stage", "siteVisit") == "site visit")
        #expect(zh["something new"] == "something new")
    }

    @Test("money as 万元 and 亿元, exact; times in the given zone")
    func formats() throws {
        #expect(Formats.money(1_200_000_000) == "12亿元")
        #expect(Formats.money(80_000_000) == "8000万元")
        #expect(Formats.money(0, blankZero: true) == "")
        #expect(try Formats.parseMoney("2.4亿") == 240_000_000)
        #expect(throws: (any Error).self) { _ = try Formats.parseMoney("lots") }
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        #expect(Formats.time(1_764_388_800_000, timeZone: shanghai) == "2025-11-29 12:00")
        #expect(Formats.time(0) == "")
    }

    /// The seed's own names, and the rarer characters Simplified lists hold (GBK's extension area: 堃, 喆, 珺, 昇).
    @Test("a Simplified GB18030 list, rare characters too, is never taken for Big5")
    func gb18030IsNotBig5() throws {
        let names = [
            "东莞市豪顺精密科技有限公司", "东莞世界莞商会", "苏州清蓝新型复合材料有限公司", "台玻欧文斯科宁新材料有限公司",
            "成都埃尔法焊割设备有限公司", "四川蓉欧供应链管理有限公司", "王堃科技有限公司", "张喆贸易有限公司",
            "李珺精工有限公司", "昇辉电子有限公司",
        ]
        let csv = try LeadCSV(
            data: gb18030("名称\n" + names.joined(separator: "\n")),
            validateCode: LeadCSVTests.check
        )
        #expect(csv.encoding == "GB18030" && csv.rows.map(\.name) == names)
    }

    @Test("what a terminal is given: controls escaped, line breaks and tabs kept, other text unchanged")
    func visible() {
        #expect(Formats.visible("红\u{1B}[31m字\u{7}\r") == "红\\u{1B}[31m字\\u{7}\\u{D}")
        #expect(Formats.visible("一\n二\t三") == "一\n二\t三")
        #expect(Formats.visible("\u{9B}2J") == "\\u{9B}2J")
    }
}
