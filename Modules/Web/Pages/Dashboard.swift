internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskServer
internal import ChainDeskSheets
internal import ChainDeskWire
internal import Foundation
internal import Hummingbird
internal import SwiftProtobuf

/// 驾驶舱: the cumulative period report in the government's sentence and as a table, this year against the same
/// months of last year, the major projects behind it, and the signings a director has still to verify — every
/// figure from the Cumulative and ListProjects methods, as the protocol returns them.
enum Dashboard {
    struct Model {
        struct Comparison {
            let label: String
            let count: Int
            let yuan: Int64
            let amount: String
        }

        struct Row {
            let id: String
            let name: String
            let signedOn: String
            let yuan: Int64
            let amount: String
            let version: Int64
        }

        let chrome: Chrome
        let words: [String: String]
        let period: String
        let sentence: String
        let comparison: [Comparison]
        let chart: String
        let threshold: String
        /// The major projects' rows, written directly: an office reports thousands, which Mustache's reflection
        /// took a third of the page's time to render.
        let projectRows: String
        let projectCount: Int
        let totalYuan: Int64
        let total: String
        let awaiting: [Row]
        let canVerify: Bool
        let csrf: String
        let closing: Closing?
        let mayClose: Bool
        let mayReopen: Bool
    }

    /// A closed period's banner and what changed since closing.
    struct Closing {
        struct Change {
            let id: String
            let name: String
            let kind: String
            let closedAmount: String
            let currentAmount: String
            let changes: [String]
        }

        let text: String
        let current: String
        let changes: [Change]
    }

    static func page(_ visit: Visit) async throws -> Response {
        let labels = visit.labels
        let (year, month) = try Self.period(visit.request.uri.queryParameters["period"].map(String.init))
        let report = try await Self.cumulative(visit, year: year, month: month)
        let lastYear = try await Self.cumulative(visit, year: Int(report.year) - 1, month: Int(report.throughMonth))
        let awaiting = try await visit.call(API.Projects.listProjects) { caller, services in
            try await services.projectService.listProjects(
                .with {
                    $0.awaitingVerification = true
                    $0.limit = UInt32(Self.awaitingShown)
                },
                caller: caller
            )
        }.projects
        let through = Int(report.throughMonth)
        let closing = report.hasClosing ? try await Self.closing(visit, report) : nil
        let model = Model(
            chrome: Chrome(title: labels.phrase("dashboard"), visit: visit, current: "/"),
            words: labels.commonWords.merging(
                labels.words([
                    "period": "period", "show": "show", "majorProjects": "major projects",
                    "totalInvestment": "total investment", "signedByMonth": "signed by month",
                    "majorProjectsSigned": "major projects signed", "threshold": "threshold",
                    "awaitingVerification": "awaiting verification", "verify": "verify",
                    "closePeriod": "close this period", "reopenPeriod": "reopen this period", "note": "note",
                    "reason": "reason", "changedSinceClosing": "changed since closing", "kind": "kind",
                    "closedFigure": "when closed", "currentFigure": "now", "changes": "changes",
                ]),
                uniquingKeysWith: { _, new in new }
            ),
            period: String(format: "%04d-%02d", Int(report.year), through),
            sentence: report.sentence,
            comparison: [
                Self.comparison(Self.periodName(Int(report.year), through, labels), report),
                Self.comparison(Self.periodName(Int(lastYear.year), through, labels), lastYear),
            ],
            chart: Charts.monthlyBars(
                this: Self.byMonth(report, through: through),
                last: Self.byMonth(lastYear, through: through),
                legend: (labels.phrase("this year"), labels.phrase("last year")),
                monthLabel: { labels.language == .zh ? "\($0)月" : Self.englishMonths[$0 - 1] },
                format: { "\($0)" }
            ),
            threshold: Yuan(report.thresholdYuan).description,
            projectRows: Self.rows(report.projects, none: labels.phrase("none")),
            projectCount: report.projects.count,
            totalYuan: report.totalYuan,
            total: Yuan(report.totalYuan).description,
            awaiting: awaiting.map {
                Model.Row(
                    id: $0.id,
                    name: $0.name,
                    signedOn: $0.signedOn,
                    yuan: $0.plannedInvestmentYuan,
                    amount: Yuan($0.plannedInvestmentYuan).description,
                    version: $0.version
                )
            },
            canVerify: visit.may(API.Projects.verifySigning),
            csrf: visit.csrf,
            closing: closing,
            mayClose: !report.hasClosing && visit.may(API.Reports.closePeriod),
            mayReopen: report.hasClosing && visit.may(API.Reports.reopenPeriod)
        )
        return visit.render("dashboard", model)
    }

    /// The major projects as table rows, every value escaped.
    static func rows(_ projects: [Chaindesk_V1_CountedProject], none: String) -> String {
        guard !projects.isEmpty else { return "<tr><td colspan=\"3\">\(Charts.escape(none))</td></tr>" }
        var html = ""
        html.reserveCapacity(projects.count * 160)
        for project in projects {
            html += "<tr data-id=\"\(Charts.escape(project.id))\"><td>\(Charts.escape(project.name))</td>"
            html +=
                "<td>\(Charts.escape(project.signedOn))</td><td class=\"n\" data-yuan=\"\(project.investmentYuan)\">"
            html += "\(Yuan(project.investmentYuan).description)</td></tr>\n"
        }
        return html
    }

    /// The closing of a closed period and the attributed difference to its live figures (PeriodFigures).
    static func closing(_ visit: Visit, _ report: Chaindesk_V1_CumulativeReport) async throws -> Closing {
        let labels = visit.labels
        let figures = try await visit.call(API.Reports.periodFigures) { caller, services in
            try await services.reportService.periodFigures(
                .with {
                    $0.year = report.year
                    $0.throughMonth = report.throughMonth
                },
                caller: caller
            )
        }
        let when = ReportSheets.officeTime(report.closing.closedAtMs)
        let note = report.closing.note.isEmpty ? "" : "（\(report.closing.note)）"
        let text =
            labels.language == .zh
            ? "本期已由 \(report.closing.closedBy) 于 \(when) 关账\(note)；以下为关账时的数据。"
            : "Closed by \(report.closing.closedBy) at \(when)\(note); the figures below are those at closing."
        return Closing(
            text: text,
            current: figures.currentReport.sentence,
            changes: figures.differences.map { difference in
                Closing.Change(
                    id: difference.projectID,
                    name: difference.name,
                    kind: labels[difference.kind],
                    closedAmount: Yuan(difference.closedInvestmentYuan).description,
                    currentAmount: Yuan(difference.currentInvestmentYuan).description,
                    changes: difference.changes.map {
                        "\($0.staffID) \(ReportSheets.officeTime($0.atMs)) \($0.field): \($0.oldValue) → \($0.newValue)"
                    }
                )
            }
        )
    }

    /// A director closes or reopens the period shown (ClosePeriod, ReopenPeriod), then sees it again.
    static func closeOrReopen(_ action: String, period: String, form: PeriodForm, _ visit: Visit) async throws
        -> Response
    {
        let (year, month) = try Self.period(period)
        if action == "close" {
            _ = try await visit.call(API.Reports.closePeriod) { caller, services in
                try await services.reportService.closePeriod(
                    .with {
                        $0.year = Int32(year)
                        $0.throughMonth = Int32(month)
                        $0.note = form.note ?? ""
                    },
                    caller: caller
                )
            }
        } else {
            _ = try await visit.call(API.Reports.reopenPeriod) { caller, services in
                try await services.reportService.reopenPeriod(
                    .with {
                        $0.year = Int32(year)
                        $0.throughMonth = Int32(month)
                        $0.reason = form.reason ?? ""
                    },
                    caller: caller
                )
            }
        }
        return Site.redirect("/?period=\(period)")
    }

    /// A director verifies a signing from the list: VerifySigning, as the protocol's method, then back to the page.
    static func verify(id: String, form: VerifyForm, _ visit: Visit) async throws -> Response {
        _ = try await visit.call(API.Projects.verifySigning) { caller, services in
            try await services.projectService.verifySigning(
                .with {
                    $0.id = id
                    $0.version = Int64(form.version ?? "") ?? 0
                    $0.note = form.note ?? ""
                },
                caller: caller
            )
        }
        return Site.redirect("/")
    }

    static func cumulative(_ visit: Visit, year: Int, month: Int) async throws -> Chaindesk_V1_CumulativeReport {
        try await visit.call(API.Reports.cumulative) { caller, services in
            try await services.reportService.cumulative(
                .with {
                    $0.year = Int32(year)
                    $0.throughMonth = Int32(month)
                },
                caller: caller
            )
        }
    }

    /// `YYYY-MM` from the period field; (0, 0), the node's current month, when absent.
    static func period(_ text: String?) throws -> (Int, Int) {
        guard let text, !text.isEmpty else { return (0, 0) }
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (2000...2100).contains(year),
            (1...12).contains(month)
        else {
            throw RPCError(
                code: .invalidArgument,
                message: "the period \"\(text.prefix(20))\" is not a month like 2026-10"
            )
        }
        return (year, month)
    }

    /// 2026年1–10月, or Jan–Oct 2026.
    static func periodName(_ year: Int, _ through: Int, _ labels: Labels) -> String {
        labels.language == .zh
            ? "\(year)年1–\(through)月" : "\(through == 1 ? "Jan" : "Jan–\(Self.englishMonths[through - 1])") \(year)"
    }

    static func comparison(_ label: String, _ report: Chaindesk_V1_CumulativeReport) -> Model.Comparison {
        Model.Comparison(
            label: label,
            count: report.projects.count,
            yuan: report.totalYuan,
            amount: Yuan(report.totalYuan).description
        )
    }

    /// Major projects first signed in each month 1…`through`.
    static func byMonth(_ report: Chaindesk_V1_CumulativeReport, through: Int) -> [Int64] {
        var counts = [Int64](repeating: 0, count: max(1, through))
        for project in report.projects {
            if let month = try? Day(parsing: project.signedOn).month, (1...counts.count).contains(month) {
                counts[month - 1] += 1
            }
        }
        return counts
    }

    /// The signings awaiting verification the page lists, earliest first.
    static let awaitingShown = 50

    static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

struct PeriodForm: Decodable, CSRFCarrying {
    var csrf: String?
    var note: String?
    var reason: String?
}

struct VerifyForm: Decodable, CSRFCarrying {
    var csrf: String?
    var version: String?
    var note: String?
}
