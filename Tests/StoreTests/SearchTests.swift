import ChainDeskDomain
import ChainDeskStore
import ChainDeskTesting
import Foundation
import GRDB
import Testing

@Suite("Search")
struct SearchTests {
    static func store(_ engine: TestEngine) async throws -> TemporaryStore {
        let temporary = try await seededStore(engine)
        let others = [
            Enterprise(id: "alpha", kind: .park, legalName: "成都埃尔法焊割设备有限公司", shortName: "埃尔法"),
            Enterprise(id: "chamber", kind: .chamber, legalName: "东莞世界莞商会", shortName: "世界莞商会"),
            Enterprise(id: "haoxing", kind: .target, legalName: "深圳市豪星电子有限公司"),
            Enterprise(id: "taibo", kind: .target, legalName: "台玻·欧文斯科宁新材料有限公司", aliases: ["台玻欧文斯"]),
        ]
        for enterprise in others { _ = try await temporary.store.create(enterprise, by: chenActs) }
        _ = try await temporary.store.create(
            Contact(
                id: "mo",
                enterpriseID: "chamber",
                name: "莫柳禅",
                title: "执行秘书长",
                phone: "13800138000",
                wechat: "moliuchan"
            ),
            by: chenActs
        )
        return temporary
    }

    @Test(
        "东莞市豪顺精密科技有限公司 is found by its name, short name, pinyin, initials and credit code",
        arguments: TestEngine.all,
        ["豪顺", "东莞豪顺", "豪顺精密科技", "haoshun", "dongguanhaoshun", "dgshsjmkj", "dgh", "MA4UH301", "914419"]
    )
    func findsHaoshun(engine: TestEngine, query: String) async throws {
        let temporary = try await Self.store(engine)
        var q = query
        if q == "MA4UH301" { q = haoshun.creditCode!.rawValue }
        let hits = try await temporary.store.search(q)
        #expect(hits.first?.id == "haoshun", "\(q): \(hits.map(\.title))")
    }

    @Test(
        "a polyphone is found by each reading: 长风 as chang and zhang, 重工 as zhong and chong, 乐清 as yue",
        arguments: TestEngine.all,
        [
            ("changfeng", "changfeng"), ("zhangfeng", "changfeng"), ("cfxny", "changfeng"), ("zfxny", "changfeng"),
            ("changfengxinnengyuan", "changfeng"), ("zhonggong", "zhonggong"), ("chonggong", "zhonggong"),
            ("yueqing", "yueqing"), ("yqzx", "yueqing"), ("hangye", "hangye"),
        ]
    )
    func polyphones(engine: TestEngine, case: (query: String, expected: String)) async throws {
        let (query, expected) = `case`
        let temporary = try await TemporaryStore(engine)
        for enterprise in [
            Enterprise(id: "changfeng", kind: .target, legalName: "长风新能源科技有限公司"),
            Enterprise(id: "zhonggong", kind: .target, legalName: "三一重工股份有限公司"),
            Enterprise(id: "yueqing", kind: .target, legalName: "乐清正信电器有限公司"),
            Enterprise(id: "hangye", kind: .chamber, legalName: "东莞模具行业协会"),
        ] {
            _ = try await temporary.store.create(enterprise, by: chenActs)
        }
        let hits = try await temporary.store.search(query)
        #expect(hits.first?.id == expected, "\(query): \(hits.map(\.title))")
    }

    @Test(
        "a store indexed the old way is indexed again when opened, so old names find the new readings",
        arguments: TestEngine.all
    )
    func reindexOnOpen(engine: TestEngine) async throws {
        let temporary = try await TemporaryStore(engine)
        _ = try await temporary.store.create(
            Enterprise(id: "changfeng", kind: .target, legalName: "长风新能源科技有限公司"),
            by: chenActs
        )
        // As a store of the previous version: no index entries, version 1.
        try await temporary.store.write { db in
            for table in ["searchName", "searchLatin", "searchHan", "searchKey"] {
                try db.execute("DELETE FROM \(table)")
            }
            try db.execute("UPDATE searchVersion SET version = 1")
        }
        #expect(try await temporary.store.search("cfxny").isEmpty)
        let reopened = try await temporary.reopen()
        #expect(try await reopened.search("cfxny").first?.id == "changfeng")
        #expect(try await reopened.search("长风").first?.id == "changfeng")
    }

    @Test("an exact short name ranks above a substring match elsewhere", arguments: TestEngine.all)
    func ranking(engine: TestEngine) async throws {
        let temporary = try await Self.store(engine)
        let hits = try await temporary.store.search("埃尔法")
        #expect(hits.map(\.id) == ["alpha"])
        let hao = try await temporary.store.search("豪")
        #expect(Set(hao.map(\.id)) == ["haoshun", "haoxing"])
    }

    @Test("contacts are found by name, pinyin and phone", arguments: TestEngine.all)
    func contacts(engine: TestEngine) async throws {
        let temporary = try await Self.store(engine)
        for query in ["莫柳禅", "moliuchan", "13800138000", "mlc"] {
            let hits = try await temporary.store.search(query)
            #expect(hits.first?.kind == .contact && hits.first?.id == "mo", "\(query)")
        }
    }

    @Test("the index follows edits: a new alias is found, an old name is not", arguments: TestEngine.all)
    func followsEdits(engine: TestEngine) async throws {
        let temporary = try await Self.store(engine)
        var taibo = try #require(try await temporary.store.fetch(Enterprise.self, id: "taibo"))
        taibo.aliases = ["欧文斯科宁成都"]
        _ = try await temporary.store.update(taibo, expecting: 1, by: chenActs)
        #expect(try await temporary.store.search("欧文斯科宁成都").first?.id == "taibo")
        #expect(try await temporary.store.search("台玻欧文斯").first?.id == "taibo")  // still in the legal name
        #expect(try await temporary.store.search("taiboouwensikening").first?.id == "taibo")
    }

    @Test("possible duplicates are found by match key and credit code", arguments: TestEngine.all)
    func duplicates(engine: TestEngine) async throws {
        let temporary = try await Self.store(engine)
        let byName = try await temporary.store.possibleDuplicates(name: "豪顺精密科技（东莞）有限公司", creditCode: nil)
        #expect(byName.map(\.id) == ["haoshun"])
        let byCode = try await temporary.store.possibleDuplicates(name: "别的名字", creditCode: haoshun.creditCode)
        #expect(byCode.map(\.id) == ["haoshun"])
        await #expect(throws: StoreError.self) {
            _ = try await temporary.store.create(
                Enterprise(id: "copy", kind: .target, creditCode: haoshun.creditCode, legalName: "豪顺（复制）"),
                by: chenActs
            )
        }
    }
}
