internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskServer
internal import ChainDeskSheets
internal import ChainDeskWire
internal import Foundation
internal import Hummingbird
internal import NIOCore
internal import SwiftProtobuf

/// Every report as a download: `/reports/NAME.csv` or `/reports/NAME.xlsx` (NAME as `chaindesk report NAME`),
/// computed by the report's method for the signed-in person and written by ReportSheets, as the command line's
/// `--format csv|xlsx` writes it. `period=YYYY-MM` picks the cumulative report's period, `from` and `through` the
/// aftercare and activity reports'.
enum Exports {
    static let names = [
        "cumulative", "funnel", "relationships", "chains", "referrals", "aftercare", "activity", "events",
    ]

    static func download(_ file: String, _ visit: Visit) async throws -> Response {
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, Self.names.contains(parts[0]), ["csv", "xlsx"].contains(parts[1]) else {
            throw RPCError(
                code: .notFound,
                message:
                    "no export \(file.prefix(40)); there are \(Self.names.joined(separator: ", ")) as .csv or .xlsx"
            )
        }
        let (sheets, suffix) = try await Self.sheets(parts[0], visit)
        let bytes = parts[1] == "csv" ? CSV.bytes(sheets) : Workbook.bytes(sheets)
        let type =
            parts[1] == "csv"
            ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(
            status: .ok,
            headers: [
                .contentType: type,
                .contentDisposition: "attachment; filename=\"chaindesk-\(parts[0])\(suffix).\(parts[1])\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    static func sheets(_ name: String, _ visit: Visit) async throws -> ([Sheet], String) {
        let labels = visit.labels
        let query = visit.request.uri.queryParameters
        let period = visit.periodRequest
        switch name {
        case "cumulative":
            let (year, month) = try Dashboard.period(query["period"].map(String.init))
            let report = try await Dashboard.cumulative(visit, year: year, month: month)
            return (
                ReportSheets.cumulative(report, labels), String(format: "-%04d-%02d", report.year, report.throughMonth)
            )
        case "period":
            let (year, month) = try Dashboard.period(query["period"].map(String.init))
            let report = try await visit.call(API.Reports.periodFigures) { caller, services in
                try await services.reportService.periodFigures(
                    .with {
                        $0.year = Int32(year)
                        $0.throughMonth = Int32(month)
                    },
                    caller: caller
                )
            }
            return (
                ReportSheets.periodFigures(report, labels),
                String(format: "-%04d-%02d", report.year, report.throughMonth)
            )
        case "funnel":
            let report = try await visit.call(API.Reports.funnel) {
                try await $1.reportService.funnel(.init(), caller: $0)
            }
            return (ReportSheets.funnel(report, labels), "")
        case "relationships":
            let report = try await visit.call(API.Reports.relationship) {
                try await $1.reportService.relationship(.init(), caller: $0)
            }
            return (ReportSheets.relationship(report, labels), "")
        case "chains":
            let report = try await visit.call(API.Reports.chainCoverage) {
                try await $1.reportService.chainCoverage(.init(), caller: $0)
            }
            let map = try await visit.call(API.IndustryMap.getChainMap) {
                try await $1.industryMapService.getChainMap(.init(), caller: $0)
            }
            let names = Dictionary(map.chains.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            return (ReportSheets.chainCoverage(report, chains: names, labels), "")
        case "referrals":
            let report = try await visit.call(API.Reports.referral) {
                try await $1.reportService.referral(.init(), caller: $0)
            }
            return (ReportSheets.referral(report, labels), "")
        case "aftercare":
            let report = try await visit.call(API.Reports.aftercare) {
                try await $1.reportService.aftercare(period, caller: $0)
            }
            return (ReportSheets.aftercare(report, labels), "")
        case "activity":
            let report = try await visit.call(API.Reports.officerActivity) {
                try await $1.reportService.officerActivity(period, caller: $0)
            }
            return (ReportSheets.officerActivity(report, labels), "")
        default:
            let report = try await visit.call(API.Reports.eventYield) {
                try await $1.reportService.eventYield(.init(), caller: $0)
            }
            return (ReportSheets.eventYield(report, labels), "")
        }
    }
}
