import ChainDeskDomain
import ChainDeskStore
import ChainDeskTesting
import Foundation
import Testing

@Suite("Store: mutations, audit, feed, conflicts, idempotency")
struct StoreTests {
    @Test("migrations run from empty, in order, and reopening applies nothing twice", arguments: TestEngine.all)
    func migrations(engine: TestEngine) async throws {
        let temporary = try await TemporaryStore(engine)
        let applied = try await temporary.store.appliedMigrations()
        #expect(
            applied == [
                "v1: office records, audit, change feed, idempotency", "v1: search index", "v2: users and sessions",
                "v3: edit conflicts", "v4: sign-in log", "v5: the search index's version",
                "v6: a lead candidate's credit code and main business", "v7: closed periods", "v8: report figures",
            ]
        )
        #expect(try await temporary.reopen().appliedMigrations() == applied)
    }

    @Test("records survive closing and reopening the file", arguments: TestEngine.all)
    func durability(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let reopened = try await temporary.reopen()
        let stored = try #require(try await reopened.fetch(Enterprise.self, id: "haoshun"))
        #expect(stored.legalName == haoshun.legalName)
        #expect(stored.creditCode == haoshun.creditCode)
        #expect(stored.aliases == ["豪顺精密"])
        #expect(stored.version == 1)
    }

    @Test("an update writes one audit row per changed field, with who, device, old and new", arguments: TestEngine.all)
    func audit(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        var edited = haoshun
        edited.developmentStatus = "3月投产，供应创维、TCL、小米"
        edited.scale = .large
        let stored = try await temporary.store.update(edited, expecting: 1, by: liActs)
        #expect(stored.version == 2)
        let trail = try await temporary.store.auditTrail(entity: "enterprise", id: "haoshun")
        let update = trail.filter { $0.old != nil }
        #expect(update.map(\.field) == ["developmentStatus", "scale"])
        #expect(update.allSatisfy { $0.staffID == "li" && $0.device == "field-02" })
        #expect(update.first { $0.field == "scale" }?.old == "\"medium\"")
        #expect(update.first { $0.field == "scale" }?.new == "\"large\"")
        #expect(trail.filter { $0.old == nil }.count >= 10, "the insert audits every field")
    }

    @Test("a stale update fails with a conflict carrying both values, and changes nothing", arguments: TestEngine.all)
    func conflict(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        var mine = haoshun
        mine.developmentStatus = "二期扩产"
        _ = try await temporary.store.update(mine, expecting: 1, by: liActs)
        var theirs = haoshun
        theirs.developmentStatus = "暂停扩产"
        do {
            _ = try await temporary.store.update(theirs, expecting: 1, by: chenActs)
            Issue.record("a stale update must conflict")
        } catch let error as StoreError {
            guard case .conflict(let conflict) = error.kind else { throw error }
            #expect(conflict.currentVersion == 2 && conflict.expectedVersion == 1)
            #expect(
                conflict.fields == [
                    Conflict.Field(name: "developmentStatus", current: "\"二期扩产\"", proposed: "\"暂停扩产\"")
                ]
            )
        }
        #expect(try await temporary.store.fetch(Enterprise.self, id: "haoshun")?.developmentStatus == "二期扩产")
    }

    @Test("a mutation repeated with its key has one effect and returns the first result", arguments: TestEngine.all)
    func idempotency(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let before = try await temporary.store.latestRevision()
        let interaction = Interaction(
            id: "i1",
            kind: .wechat,
            enterpriseID: "haoshun",
            staffID: "chen",
            occurredAt: TemporaryStore.now.addingTimeInterval(-600),
            summary: "发送蓉欧智能制造产业园资料",
            recordedAt: TemporaryStore.now
        )
        let first = try await temporary.store.logInteraction(interaction, by: chenActs, key: "k-1")
        let again = try await temporary.store.logInteraction(interaction, by: chenActs, key: "k-1")
        #expect(first == again)
        #expect(try await temporary.store.latestRevision() == before + 1)
        await #expect(throws: StoreError.self) {
            _ = try await temporary.store.create(Chain(id: "x", name: "新材料"), by: chenActs, key: "k-1")
        }
    }

    @Test("the change feed is strictly increasing and pages without gaps or repeats", arguments: TestEngine.all)
    func feed(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        for index in 0..<25 {
            _ = try await temporary.store.create(Chain(id: ID("c\(index)"), name: "链\(index)"), by: chenActs)
        }
        var revision: Int64 = 0
        var seen: [Int64] = []
        var pages = 0
        while true {
            let page = try await temporary.store.changes(since: revision, limit: 7)
            seen += page.changes.map(\.revision)
            revision = page.lastRevision
            pages += 1
            if !page.hasMore { break }
        }
        #expect(seen == seen.sorted() && Set(seen).count == seen.count)
        #expect(seen.count == 30)
        #expect(pages == 5)
        let last = try await temporary.store.changes(since: seen[28], limit: 7)
        #expect(last.changes.map(\.recordID) == ["c24"])
    }

    @Test("concurrent writers are all acknowledged, each exactly once", arguments: TestEngine.all)
    func concurrentWriters(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let store = temporary.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let interaction = Interaction(
                        id: ID("w\(index)"),
                        kind: .phone,
                        enterpriseID: "haoshun",
                        staffID: "li",
                        occurredAt: TemporaryStore.now.addingTimeInterval(-60),
                        summary: "电话回访 \(index)",
                        recordedAt: TemporaryStore.now
                    )
                    _ = try await store.logInteraction(interaction, by: liActs)
                }
            }
            try await group.waitForAll()
        }
        let reopened = try await temporary.reopen()
        #expect(try await reopened.fetchAll(Interaction.self).count == 200)
    }

    @Test("a failing mutation in a batch leaves the others, and nothing of itself", arguments: TestEngine.all)
    func failureIsolation(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        let store = temporary.store
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    // Every fourth names an enterprise that does not exist: the foreign key refuses it.
                    let enterprise: ID<Enterprise> = index % 4 == 0 ? "nobody" : "haoshun"
                    let contact = Contact(id: ID("ct\(index)"), enterpriseID: enterprise, name: "联系人\(index)")
                    return (try? await store.create(contact, by: chenActs)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 15)
        #expect(try await store.fetchAll(Contact.self).count == 15)
        let feed = try await store.changes(since: 0, limit: 1000)
        #expect(feed.changes.filter { $0.entity == "contact" }.count == 15)
    }
}
