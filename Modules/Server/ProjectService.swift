internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// Projects (Protocol/chaindesk/v1/projects.proto).
struct ProjectService: API.Projects.Service {
    let store: Store
    let gate: Gate

    /// A project as the wire carries it, major or not by the store's threshold.
    func message(_ project: Project) -> Chaindesk_V1_Project {
        Self.message(project, threshold: self.store.majorProjectThreshold)
    }

    /// The project, once the actor is known to be allowed to change it.
    func editable(_ id: String, _ actor: Actor) async throws -> Project {
        guard let project = try await store.fetch(Project.self, id: id) else {
            throw RPCError(code: .notFound, message: "no project \(id)")
        }
        guard try await gate.mayEdit(project: project, actor) else {
            throw RPCError(
                code: .permissionDenied,
                message: "an officer changes only the projects they own or created, or of enterprises they follow"
            )
        }
        return project
    }

    func createProject(_ request: Chaindesk_V1_CreateProjectRequest, caller: Caller) async throws
        -> Chaindesk_V1_Project
    {
        let actor = caller.actor
        let project = try Project(wire: request.project, creator: actor, today: Day(store.now))
        guard try await store.fetch(Enterprise.self, id: project.enterpriseID.rawValue) != nil else {
            throw RPCError(code: .notFound, message: "no enterprise \(project.enterpriseID)")
        }
        return message(try await store.create(project, by: actor, key: caller.key))
    }

    func getProject(_ request: Chaindesk_V1_GetProjectRequest, caller: Caller) async throws
        -> Chaindesk_V1_ProjectDetail
    {
        guard let project = try await store.fetch(Project.self, id: request.id) else {
            throw RPCError(code: .notFound, message: "no project \(request.id)")
        }
        let log = try await store.projectLog(project.id)
        return .with {
            $0.project = message(project)
            $0.log = log.map(Self.message)
        }
    }

    func listProjects(_ request: Chaindesk_V1_ListProjectsRequest, caller: Caller) async throws
        -> Chaindesk_V1_ProjectList
    {
        let selected = try await store.projects(
            matching: .init(
                enterpriseID: Fields.id(request.enterpriseID),
                ownerID: Fields.id(request.ownerID),
                stage: request.stage.isEmpty ? nil : try Fields.value(request.stage, "stage"),
                status: request.status.isEmpty ? nil : try Fields.value(request.status, "status"),
                awaitingVerification: request.awaitingVerification,
                limit: Int(request.limit)
            )
        )
        return .with { $0.projects = selected.map(message) }
    }

    func advanceProject(_ request: Chaindesk_V1_AdvanceProjectRequest, caller: Caller) async throws
        -> Chaindesk_V1_Project
    {
        let actor = caller.actor
        let project = try await editable(request.id, actor)
        let event: ID<Event>? = Fields.id(request.eventID)
        if let event, try await store.fetch(Event.self, id: event.rawValue) == nil {
            throw RPCError(code: .notFound, message: "no event \(event)")
        }
        return message(
            try await store.advanceProject(
                project.id,
                to: try Fields.value(request.stage, "stage"),
                on: try Fields.day(request.on, "on", default: Day(store.now)),
                evidence: request.evidence,
                atEvent: event,
                expecting: request.version == 0 ? project.version : Int(request.version),
                by: actor,
                key: caller.key
            )
        )
    }

    func verifySigning(_ request: Chaindesk_V1_VerifySigningRequest, caller: Caller) async throws
        -> Chaindesk_V1_Project
    {
        let actor = caller.actor
        guard let project = try await store.fetch(Project.self, id: request.id) else {
            throw RPCError(code: .notFound, message: "no project \(request.id)")
        }
        return message(
            try await store.verifySigning(
                ID(request.id),
                on: try Fields.day(request.on, "on", default: Day(store.now)),
                note: request.note,
                expecting: request.version == 0 ? project.version : Int(request.version),
                by: actor,
                key: caller.key
            )
        )
    }

    func setProjectStatus(_ request: Chaindesk_V1_SetProjectStatusRequest, caller: Caller) async throws
        -> Chaindesk_V1_Project
    {
        let actor = caller.actor
        let project = try await editable(request.id, actor)
        return message(
            try await store.setProjectStatus(
                project.id,
                to: try Fields.value(request.status, "status"),
                reason: request.reason.isEmpty ? nil : request.reason,
                on: try Fields.day(request.on, "on", default: Day(store.now)),
                expecting: request.version == 0 ? project.version : Int(request.version),
                by: actor,
                key: caller.key
            )
        )
    }

    func addInvestment(_ request: Chaindesk_V1_AddInvestmentRequest, caller: Caller) async throws
        -> Chaindesk_V1_Project
    {
        let actor = caller.actor
        let project = try await editable(request.id, actor)
        return message(
            try await store.addInvestment(
                project.id,
                amount: try Fields.yuan(request.amountYuan, "amount_yuan"),
                fixedAssets: try Fields.yuan(request.fixedAssetsYuan, "fixed_assets_yuan"),
                on: try Fields.day(request.on, "on", default: Day(store.now)),
                note: request.note,
                expecting: request.version == 0 ? project.version : Int(request.version),
                by: actor,
                key: caller.key
            )
        )
    }

    static func message(_ project: Project, threshold: Yuan) -> Chaindesk_V1_Project {
        .with {
            $0.id = project.id.rawValue
            $0.name = project.name
            $0.enterpriseID = project.enterpriseID.rawValue
            $0.chainID = project.chainID.text
            $0.ownerID = project.ownerID.text
            $0.stage = project.stage.rawValue
            $0.stageOn = project.stageOn.description
            $0.status = project.status.rawValue
            $0.statusReason = project.statusReason ?? ""
            $0.plannedInvestmentYuan = project.plannedInvestment.amount
            $0.fixedAssetInvestmentYuan = project.fixedAssetInvestment.amount
            $0.jobs = Int32(project.jobs)
            $0.landMu = Int32(project.landMu)
            $0.signedOn = project.signedOn.text
            $0.signingVerifiedBy = project.signingVerifiedBy.text
            $0.signingVerifiedOn = project.signingVerifiedOn.text
            $0.signedAtEventID = project.signedAtEventID.text
            $0.version = Int64(project.version)
            $0.major = project.isMajor(threshold: threshold)
        }
    }

    static func message(_ entry: ProjectLogEntry) -> Chaindesk_V1_ProjectLogEntry {
        .with {
            $0.id = entry.id.rawValue
            $0.kind = entry.kind.rawValue
            $0.from = entry.from ?? ""
            $0.to = entry.to ?? ""
            $0.on = entry.on.description
            $0.note = entry.note
            $0.amountYuan = entry.amount?.amount ?? 0
            $0.by = entry.by.rawValue
            $0.recordedAtMs = Fields.ms(entry.recordedAt)
        }
    }
}

extension Gate {
    /// Whether `actor` may change a project: deputy heads and directors any; officers those they own or created,
    /// or whose enterprise they follow.
    func mayEdit(project: Project, _ actor: Actor) async throws -> Bool {
        if [.deputyHead, .director].contains(actor.role) { return true }
        guard actor.role == .officer else { return false }
        if project.ownerID == actor.staffID { return true }
        if try await self.store.creator(entity: Project.entity, id: project.id.rawValue) == actor.staffID {
            return true
        }
        return try await self.store.fetch(Enterprise.self, id: project.enterpriseID.rawValue)?.ownerID == actor.staffID
    }
}
