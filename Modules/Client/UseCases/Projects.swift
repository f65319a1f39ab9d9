internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskProto
internal import ChainDeskRPC
public import Foundation
internal import SwiftProtobuf

/// A new project, as typed: amounts as `2.4亿`, days as `YYYY-MM-DD` or `+7d`, people and chains by reference.
public struct ProjectDraft: Sendable {
    /// The enterprise: id, credit code or an unambiguous part of its name.
    public var enterprise: String
    public var name: String
    public var planned: String?
    public var fixedAssets: String?
    public var jobs = 0
    public var landMu = 0
    /// The chain: id or name (default: the enterprise's).
    public var chain: String?
    /// Who owns it: username, id or name (default: the creator, if an officer).
    public var owner: String?
    /// lead, contacted or siteVisit (default lead).
    public var stage: String?
    /// The day it reached that stage (default today).
    public var since: String?

    public init(enterprise: String, name: String) {
        self.enterprise = enterprise
        self.name = name
    }
}

/// A project with its history, and the name of its enterprise.
public struct ProjectDossier: Presentable {
    public let detail: Chaindesk_V1_ProjectDetail
    public let enterpriseName: String

    public func present(into out: inout Printout) throws {
        try out.json(self.detail)
        let project = self.detail.project
        let labels = out.labels
        out.fields([
            ("name", project.name), ("id", project.id), ("enterprise", self.enterpriseName),
            ("stage", labels.value("stage", project.stage)), ("since", project.stageOn),
            (
                "status",
                labels.value("status", project.status)
                    + (project.statusReason.isEmpty ? "" : "（\(project.statusReason)）")
            ),
            ("planned", Formats.money(project.plannedInvestmentYuan)),
            ("fixed assets", Formats.money(project.fixedAssetInvestmentYuan, blankZero: true)),
            ("signed", project.signedOn),
            (
                "verified",
                project.signingVerifiedOn.isEmpty ? "" : "\(project.signingVerifiedOn) \(project.signingVerifiedBy)"
            ),
            ("owner", project.ownerID), ("major", project.major ? labels["yes"] : labels["no"]),
        ])
        out.line("")
        out.table(
            ["when", "kind", "from", "to", "amount", "note", "who"],
            self.detail.log.map {
                [
                    $0.on, labels[$0.kind], labels.value($0.kind, $0.from), labels.value($0.kind, $0.to),
                    Formats.money($0.amountYuan, blankZero: true), $0.note, $0.by,
                ]
            }
        )
    }
}

/// Projects, one line each.
public struct ProjectListing: Presentable {
    public let projects: [Chaindesk_V1_Project]

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_ProjectList.with { $0.projects = self.projects })
        let labels = out.labels
        out.table(
            ["name", "stage", "status", "planned", "signed", "verified", "id"],
            self.projects.map {
                [
                    $0.name, labels.value("stage", $0.stage), labels.value("status", $0.status),
                    Formats.money($0.plannedInvestmentYuan), $0.signedOn, $0.signingVerifiedOn,
                    Formats.shortID($0.id),
                ]
            }
        )
    }
}

extension OfficeCalls {
    /// Adds a project for an enterprise, on the enterprise's chain unless another is named.
    public func addProject(_ draft: ProjectDraft) async throws -> Written<Chaindesk_V1_Project> {
        var project = Chaindesk_V1_Project.with {
            $0.name = draft.name
            $0.jobs = Int32(clamping: draft.jobs)
            $0.landMu = Int32(clamping: draft.landMu)
            $0.stage = draft.stage ?? ""
        }
        if let planned = draft.planned { project.plannedInvestmentYuan = try Arguments.money(planned, "--planned") }
        if let fixed = draft.fixedAssets {
            project.fixedAssetInvestmentYuan = try Arguments.money(fixed, "--fixed-assets")
        }
        if let since = draft.since { project.stageOn = try Arguments.day(since, "--since") }
        let enterprise = try await self.resolveEnterprise(draft.enterprise)
        project.enterpriseID = enterprise.id
        project.chainID = enterprise.chainID
        if let chain = draft.chain { project.chainID = try await self.resolveChain(chain).id }
        if let owner = draft.owner { project.ownerID = try await self.resolveStaff(owner).id }
        let stored = try await self.call(API.Projects.createProject, .with { $0.project = project }, key: newKey())
        return Written(stored) { stored, labels in
            "added project \(stored.name) [\(stored.id)] at \(labels.value("stage", stored.stage))"
        }
    }

    /// A project and its history of stages, statuses and investment.
    public func projectDossier(_ reference: String, withNames: Bool = true) async throws -> ProjectDossier {
        let found = try await self.resolveProject(reference)
        let detail = try await self.call(API.Projects.getProject, .with { $0.id = found.id }, key: nil)
        let enterpriseID = detail.project.enterpriseID
        let names = withNames ? try await self.enterpriseNames([enterpriseID]) : [:]
        return ProjectDossier(detail: detail, enterpriseName: names[enterpriseID] ?? enterpriseID)
    }

    /// Projects, optionally of one enterprise or owner (references), at one stage or with one status.
    public func projects(enterprise: String?, owner: String?, stage: String?, status: String?) async throws
        -> ProjectListing
    {
        var request = Chaindesk_V1_ListProjectsRequest.with {
            $0.stage = stage ?? ""
            $0.status = status ?? ""
        }
        if let enterprise { request.enterpriseID = try await self.resolveEnterprise(enterprise).id }
        if let owner { request.ownerID = try await self.resolveStaff(owner).id }
        return ProjectListing(projects: try await self.call(API.Projects.listProjects, request, key: nil).projects)
    }

    /// Moves a project to a later stage with its evidence; a signing may name the event it happened at.
    public func advanceProject(_ reference: String, to stage: String, evidence: String, on: String?, event: String?)
        async throws -> Written<Chaindesk_V1_Project>
    {
        let day = try on.map { try Arguments.day($0, "--on") } ?? ""
        var eventID = ""
        if let event { eventID = try await self.resolveEvent(event).id }
        return try await self.change(reference, API.Projects.advanceProject) { project in
            .with {
                $0.id = project.id
                $0.version = project.version
                $0.stage = stage
                $0.evidence = evidence
                $0.on = day
                $0.eventID = eventID
            }
        } line: { stored, labels in
            let note =
                stored.stage == "signed" && stored.signingVerifiedBy.isEmpty
                ? " (awaiting a director's verification)" : ""
            return "\(stored.name): \(labels.value("stage", stored.stage)) on \(stored.stageOn)\(note)"
        }
    }

    /// Verifies a project's signing (directors only): only then does it count in the reports.
    public func verifySigning(_ reference: String, note: String, on: String?) async throws
        -> Written<Chaindesk_V1_Project>
    {
        let day = try on.map { try Arguments.day($0, "--on") } ?? ""
        return try await self.change(reference, API.Projects.verifySigning) { project in
            .with {
                $0.id = project.id
                $0.version = project.version
                $0.note = note
                $0.on = day
            }
        } line: { stored, _ in
            "\(stored.name): signing of \(stored.signedOn) verified on \(stored.signingVerifiedOn)"
        }
    }

    /// Sets a project's status, with the reason anything but active needs.
    public func setProjectStatus(_ reference: String, to status: String, reason: String?, on: String?) async throws
        -> Written<Chaindesk_V1_Project>
    {
        let day = try on.map { try Arguments.day($0, "--on") } ?? ""
        return try await self.change(reference, API.Projects.setProjectStatus) { project in
            .with {
                $0.id = project.id
                $0.version = project.version
                $0.status = status
                $0.reason = reason ?? ""
                $0.on = day
            }
        } line: { stored, labels in
            "\(stored.name): \(labels.value("status", stored.status))"
        }
    }

    /// Records additional investment in a project (增资).
    public func addInvestment(_ reference: String, amount: String, fixedAssets: String?, note: String, on: String?)
        async throws -> Written<Chaindesk_V1_Project>
    {
        let yuan = try Arguments.money(amount, "the amount")
        let fixed = try fixedAssets.map { try Arguments.money($0, "--fixed-assets") } ?? 0
        let day = try on.map { try Arguments.day($0, "--on") } ?? ""
        return try await self.change(reference, API.Projects.addInvestment) { project in
            .with {
                $0.id = project.id
                $0.version = project.version
                $0.note = note
                $0.amountYuan = yuan
                $0.fixedAssetsYuan = fixed
                $0.on = day
            }
        } line: { stored, _ in
            "\(stored.name): planned investment now \(Formats.money(stored.plannedInvestmentYuan))"
        }
    }

    /// A change to one project (a reference) as it is now: the request `make` builds for it (its id and the
    /// version it was made against), sent with a fresh key; the stored project is shown by `line`.
    private func change<Request: SwiftProtobuf.Message & Sendable>(
        _ reference: String,
        _ method: Method<Request, Chaindesk_V1_Project>,
        _ make: (Chaindesk_V1_Project) -> Request,
        line: @escaping @Sendable (Chaindesk_V1_Project, Labels) -> String
    ) async throws -> Written<Chaindesk_V1_Project> {
        let project = try await self.resolveProject(reference)
        let stored = try await self.call(method, make(project), key: newKey())
        return Written(stored, line: line)
    }
}
