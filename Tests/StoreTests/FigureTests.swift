import ChainDeskDomain
import ChainDeskStore
import ChainDeskTesting
import Foundation
import Testing

/// The maintained figures against the reports' definitions computed from every record, after random sequences of
/// the operations that move them: late verifications, status changes, reassignments, back-dated stages, capital
/// added after a period, renames, relationship moves and removals.
@Suite("Store: maintained report figures")
struct FigureTests {
    /// Random operations on a small office; whatever a rule refuses is simply skipped.
    struct Office {
        let store: Store
        var random: SplitMix64
        var projects: [ID<Project>] = []
        var enterprises: [ID<Enterprise>] = ["haoshun"]
        var refused = 0
        var applied = 0
        var created = 0

        static let amounts = ["3000万", "9999万", "1亿", "2亿", "8.5亿"]
        static let first = day("2025-01-01")
        static let today = Day(TemporaryStore.now)

        mutating func pick<T>(_ values: [T]) -> T { values[Int(self.random.next() % UInt64(values.count))] }

        /// A day from `from` to today, so that most changes are back-dated and some fall in earlier periods.
        mutating func someDay(from: Day) -> Day {
            let span = max(0, from.days(until: Self.today))
            return from.adding(days: Int(self.random.next() % UInt64(span + 1)))
        }

        mutating func step() async throws {
            let choice = self.projects.isEmpty ? 0 : self.random.next() % 10
            do {
                switch choice {
                case 0 where self.projects.count < 40: try await self.createProject()
                case 0, 1, 2: try await self.advance()
                case 3: try await self.verify()
                case 4: try await self.setStatus()
                case 5: try await self.addCapital()
                case 6: try await self.editProject()
                case 7: try await self.createEnterprise()
                case 8: try await self.editEnterprise()
                default: try await self.remove()
                }
                self.applied += 1
            } catch let error as StoreError {
                guard case .rule = error.kind else { throw error }
                self.refused += 1
            } catch is DomainError {
                self.refused += 1
            }
        }

        mutating func project() async throws -> Project {
            let id = self.pick(self.projects)
            return try #require(try await self.store.fetch(Project.self, id: id.rawValue))
        }

        mutating func createProject() async throws {
            self.created += 1
            let id = ID<Project>("p\(self.created)")
            let project = try await self.store.create(
                Project(
                    id: id,
                    name: "项目\(id)",
                    enterpriseID: self.pick(self.enterprises),
                    stageOn: self.someDay(from: Self.first),
                    plannedInvestment: try Yuan(parsing: self.pick(Self.amounts))
                ),
                by: liActs
            )
            self.projects.append(project.id)
        }

        mutating func advance() async throws {
            let project = try await self.project()
            let later = Project.Stage.allCases.filter { $0 > project.stage }
            guard !later.isEmpty else { return }
            // Mostly the next stage, sometimes a jump straight to 签约 (a signing at a fair).
            let stage = self.random.next() % 4 == 0 && project.stage < .signed ? .signed : later[0]
            _ = try await self.store.advanceProject(
                project.id,
                to: stage,
                on: self.someDay(from: project.stageOn),
                evidence: "依据",
                expecting: project.version,
                by: liActs
            )
        }

        mutating func verify() async throws {
            let project = try await self.project()
            _ = try await self.store.verifySigning(
                project.id,
                on: self.someDay(from: project.signedOn ?? project.stageOn),
                note: "核实",
                expecting: project.version,
                by: bossActs
            )
        }

        mutating func setStatus() async throws {
            let project = try await self.project()
            let status = self.pick(Project.Status.allCases)
            _ = try await self.store.setProjectStatus(
                project.id,
                to: status,
                reason: status == .active ? nil : "原因",
                on: self.someDay(from: project.stageOn),
                expecting: project.version,
                by: liActs
            )
        }

        mutating func addCapital() async throws {
            let project = try await self.project()
            _ = try await self.store.addInvestment(
                project.id,
                amount: try Yuan(parsing: self.pick(["500万", "5000万", "1亿"])),
                on: self.someDay(from: project.signedOn ?? project.stageOn),
                note: "增资",
                expecting: project.version,
                by: liActs
            )
        }

        /// A rename, a new owner, or (before signing) a new planned amount: direct edits.
        mutating func editProject() async throws {
            var project = try await self.project()
            switch self.random.next() % 3 {
            case 0: project.name = "更名\(self.random.next() % 100)"
            case 1: project.ownerID = self.pick([li.id, chen.id])
            default:
                project.plannedInvestment = try Yuan(parsing: self.pick(Self.amounts))
                project.fixedAssetInvestment = .zero
            }
            _ = try await self.store.update(project, expecting: project.version, by: chenActs)
        }

        mutating func createEnterprise() async throws {
            self.created += 1
            let id = ID<Enterprise>("e\(self.created)")
            let enterprise = try await self.store.create(
                Enterprise(
                    id: id,
                    kind: self.pick(Enterprise.Kind.allCases),
                    legalName: "企业\(self.created)有限公司",
                    relationship: self.pick(Enterprise.Relationship.allCases)
                ),
                by: liActs
            )
            self.enterprises.append(enterprise.id)
        }

        /// A relationship move, a change of kind (a target lands in the park) or a reassignment to another officer.
        mutating func editEnterprise() async throws {
            let id = self.pick(self.enterprises)
            var enterprise = try #require(try await self.store.fetch(Enterprise.self, id: id.rawValue))
            switch self.random.next() % 3 {
            case 0: try enterprise.move(to: self.pick(Enterprise.Relationship.allCases), reason: "调整")
            case 1: enterprise.kind = self.pick(Enterprise.Kind.allCases)
            default:
                let owner = enterprise.ownerID
                _ = try await self.store.applyAssignment(
                    [.init(enterpriseID: id, from: owner, to: owner == li.id ? chen.id : li.id, reason: "均衡")],
                    by: chenActs
                )
                return
            }
            _ = try await self.store.update(enterprise, expecting: enterprise.version, by: chenActs)
        }

        /// Removing a project that has no log yet, or an enterprise that nothing refers to; the schema's foreign
        /// keys refuse the others, and nothing of them is written.
        mutating func remove() async throws {
            do {
                try await self.removeOne()
            } catch let error as StoreError {
                // Each engine's words: SQLite's "FOREIGN KEY constraint failed", PostgreSQL's "violates foreign key".
                guard case .database(let message) = error.kind, message.lowercased().contains("foreign key") else {
                    throw error
                }
                self.refused += 1
            }
        }

        mutating func removeOne() async throws {
            if self.random.next() % 2 == 0, !self.projects.isEmpty {
                let project = try await self.project()
                _ = try await self.store.remove(
                    Project.self,
                    id: project.id.rawValue,
                    expecting: project.version,
                    by: chenActs
                )
                self.projects.removeAll { $0 == project.id }
            } else {
                let id = self.pick(self.enterprises)
                guard id != "haoshun",
                    let enterprise = try await self.store.fetch(Enterprise.self, id: id.rawValue)
                else { return }
                _ = try await self.store.remove(
                    Enterprise.self,
                    id: id.rawValue,
                    expecting: enterprise.version,
                    by: chenActs
                )
                self.enterprises.removeAll { $0 == id }
            }
        }
    }

    /// Every maintained figure against its definition over all records.
    static func expectFiguresMatchRecords(_ store: Store, _ note: Comment) async throws {
        let projects = try await store.fetchAll(Project.self)
        var log: [ProjectLogEntry] = []
        for project in projects { log += try await store.projectLog(project.id) }
        for (year, month) in [(2025, 6), (2025, 12), (2026, 1), (2026, 3), (2026, 9), (2026, 10), (2026, 12)] {
            let maintained = try await store.cumulativeReport(year: year, throughMonth: month)
            let recomputed = try Reports.cumulative(
                year: year,
                throughMonth: month,
                projects: projects,
                investmentLog: log,
                threshold: store.majorProjectThreshold
            )
            #expect(maintained == recomputed, "\(year)-\(month): \(note)")
        }
        #expect(try await store.funnelReport() == Reports.funnel(projects: projects), note)
        #expect(
            try await store.relationshipReport()
                == Reports.relationships(enterprises: try await store.fetchAll(Enterprise.self)),
            note
        )
    }

    @Test(
        "after random operations every figure equals the definition computed from all records",
        arguments: TestEngine.all,
        [1, 2, 3]
    )
    func randomOperations(engine: TestEngine, seed: UInt64) async throws {
        let temporary = try await seededStore(engine)
        var office = Office(store: temporary.store, random: SplitMix64(seed: seed))
        for round in 0..<12 {
            for _ in 0..<15 { try await office.step() }
            try await Self.expectFiguresMatchRecords(temporary.store, "seed \(seed), round \(round)")
        }
        // The sequence did reach the cases that matter: counted signings, refusals, and capital taken off.
        let counted = try await temporary.store.cumulativeReport(year: 2026, throughMonth: 11)
        #expect(!counted.projects.isEmpty)
        #expect(office.applied > 100)
        #expect(office.refused > 0)
    }

    @Test("figures rebuilt from the records equal the figures maintained change by change", arguments: TestEngine.all)
    func rebuild(engine: TestEngine) async throws {
        let temporary = try await seededStore(engine)
        var office = Office(store: temporary.store, random: SplitMix64(seed: 9))
        for _ in 0..<120 { try await office.step() }
        let store = temporary.store
        let before = (
            try await store.cumulativeReport(year: 2026, throughMonth: 11), try await store.funnelReport(),
            try await store.relationshipReport()
        )
        try await store.rebuildFigures()
        #expect(try await store.cumulativeReport(year: 2026, throughMonth: 11) == before.0)
        #expect(try await store.funnelReport() == before.1)
        #expect(try await store.relationshipReport() == before.2)
        // A store reopened keeps them: they live in the file, not in the process.
        let reopened = try await temporary.reopen()
        #expect(try await reopened.cumulativeReport(year: 2026, throughMonth: 11) == before.0)
    }
}
