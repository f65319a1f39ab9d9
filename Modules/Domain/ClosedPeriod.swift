public import Foundation

/// A period whose cumulative figures a director closed (docs/reports.md §7): the report as it stood then, kept
/// unchanged by later edits, late verifications and back-dated signings, until a director reopens it.
public struct ClosedPeriod: Hashable, Sendable, Codable {
    public var id: ID<ClosedPeriod>
    public var year: Int
    public var throughMonth: Int
    /// False once reopened; closing it again freezes the figures of that moment.
    public var closed: Bool
    public var closedBy: ID<Staff>
    public var closedAt: Date
    /// The store's latest revision when it was closed: the changes after it are what moved the live figures.
    public var closedAtRevision: Int64
    public var note: String
    /// Why it was last reopened; empty when it never was.
    public var reopenReason: String
    /// The frozen report: every counted project with its amount and signing day, and the total.
    public var figures: Reports.Cumulative
    /// The 重大项目 threshold the figures were counted with.
    public var threshold: Yuan
    public var version: Int

    public init(
        year: Int,
        throughMonth: Int,
        closedBy: ID<Staff>,
        closedAt: Date,
        closedAtRevision: Int64,
        note: String,
        figures: Reports.Cumulative,
        threshold: Yuan
    ) throws(DomainError) {
        self.id = try Self.id(year: year, throughMonth: throughMonth)
        self.year = year
        self.throughMonth = throughMonth
        self.closed = true
        self.closedBy = closedBy
        self.closedAt = closedAt
        self.closedAtRevision = closedAtRevision
        self.note = note
        self.reopenReason = ""
        self.figures = figures
        self.threshold = threshold
        self.version = 0
    }

    /// A period's id: `2026-10` for January through October 2026.
    public static func id(year: Int, throughMonth: Int) throws(DomainError) -> ID<ClosedPeriod> {
        guard (2000...2100).contains(year), (1...12).contains(throughMonth) else {
            throw DomainError(
                .invalidValue,
                "统计期应为2000–2100年的1–12月",
                "the period must be a year 2000–2100 and a month 1–12"
            )
        }
        return ID(String(format: "%04d-%02d", year, throughMonth))
    }
}

extension Reports {
    /// How a period's live figures differ from its closed ones, project by project.
    public struct PeriodDifference: Hashable, Sendable {
        public enum Kind: String, Sendable {
            /// Counted now, not when closed.
            case added
            /// Counted when closed, not now.
            case removed
            /// Counted in both, with another amount or signing day.
            case changed
        }

        public var projectID: ID<Project>
        public var name: String
        public var kind: Kind
        public var closed: Cumulative.Counted?
        public var current: Cumulative.Counted?
    }

    /// The projects whose place in the figures differs between `closed` and `current`, by project id.
    public static func differences(closed: Cumulative, current: Cumulative) -> [PeriodDifference] {
        let before = Dictionary(closed.projects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let now = Dictionary(current.projects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [PeriodDifference] = []
        for id in Set(before.keys).union(now.keys).sorted() {
            switch (before[id], now[id]) {
            case (nil, let counted?):
                result.append(.init(projectID: id, name: counted.name, kind: .added, closed: nil, current: counted))
            case (let counted?, nil):
                result.append(.init(projectID: id, name: counted.name, kind: .removed, closed: counted, current: nil))
            case (let old?, let new?) where old.investment != new.investment || old.signedOn != new.signedOn:
                result.append(.init(projectID: id, name: new.name, kind: .changed, closed: old, current: new))
            default:
                continue
            }
        }
        return result
    }
}
