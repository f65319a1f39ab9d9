internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskWire
internal import Foundation

// The office's own rules, applied on the device before a change is queued: a change the office will certainly
// refuse (a stage going back, a signing verified by someone who is not a director, a bad credit code) is refused
// now, with the office's words, instead of printing success and failing at the next sync.

extension Offline {
    /// Runs a domain rule; its refusal becomes the status the node would answer with.
    func rule<T>(_ body: () throws(DomainError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ClientError(rule: error, prefix: "refused on this device, as the office would: ")
        }
    }

    /// Who is making the change, as the node told this device at sign-in.
    var actor: Actor { Self.actor(self.cache.identity, device: "offline") }

    /// The staff member `identity` names, an officer when this device has not learned who.
    static func actor(_ identity: Chaindesk_V1_UserInfo?, device: String) -> Actor {
        Actor(
            staffID: ID(identity?.staffID ?? ""),
            role: identity.flatMap { Staff.Role(rawValue: $0.role) } ?? .officer,
            device: device
        )
    }

    var today: Day { ClientClock.current.today }

    /// A day as the request gives it, or today.
    func day(_ text: String) throws -> Day {
        try self.rule { () throws(DomainError) in text.isEmpty ? self.today : try Day(parsing: text) }
    }

    /// The cached project as the domain sees it, for its rules.
    func domain(_ project: Chaindesk_V1_Project) throws -> Project {
        try self.rule { () throws(DomainError) in
            func optionalDay(_ text: String) throws(DomainError) -> Day? { text.isEmpty ? nil : try Day(parsing: text) }
            return Project(
                id: ID(project.id),
                name: project.name,
                enterpriseID: ID(project.enterpriseID),
                stage: Project.Stage(rawValue: project.stage) ?? .lead,
                stageOn: try optionalDay(project.stageOn) ?? self.today,
                status: Project.Status(rawValue: project.status) ?? .active,
                statusReason: project.statusReason.isEmpty ? nil : project.statusReason,
                plannedInvestment: Yuan(project.plannedInvestmentYuan),
                fixedAssetInvestment: Yuan(project.fixedAssetInvestmentYuan),
                signedOn: try optionalDay(project.signedOn),
                signingVerifiedBy: project.signingVerifiedBy.isEmpty ? nil : ID(project.signingVerifiedBy),
                signingVerifiedOn: try optionalDay(project.signingVerifiedOn)
            )
        }
    }

    /// Advancing a project, checked: forward only, from an active or delayed project, on a day not before its
    /// stage's nor in the future; later than 签约 only once the signing is verified.
    func checkAdvance(_ project: Chaindesk_V1_Project, _ request: Chaindesk_V1_AdvanceProjectRequest) throws {
        var domain = try self.domain(project)
        let stage = try self.rule { () throws(DomainError) in
            guard let stage = Project.Stage(rawValue: request.stage) else {
                throw DomainError(.invalidValue, "阶段“\(request.stage)”不存在", "there is no stage \(request.stage)")
            }
            return stage
        }
        let on = try self.day(request.on)
        _ = try self.rule { () throws(DomainError) in
            try domain.advance(
                to: stage,
                on: on,
                evidence: request.evidence,
                by: self.actor,
                now: ClientClock.current.now
            )
        }
    }

    /// A status change, checked: every status but active needs a reason, abandoned is final.
    func checkStatus(_ project: Chaindesk_V1_Project, _ request: Chaindesk_V1_SetProjectStatusRequest) throws {
        var domain = try self.domain(project)
        let status = try self.rule { () throws(DomainError) in
            guard let status = Project.Status(rawValue: request.status) else {
                throw DomainError(.invalidValue, "状态“\(request.status)”不存在", "there is no status \(request.status)")
            }
            return status
        }
        let on = try self.day(request.on)
        _ = try self.rule { () throws(DomainError) in
            try domain.setStatus(
                status,
                reason: request.reason.isEmpty ? nil : request.reason,
                on: on,
                by: self.actor,
                now: ClientClock.current.now
            )
        }
    }

    /// Verifying a signing, checked: a director only, once, on a signed project.
    func checkVerify(_ project: Chaindesk_V1_Project, _ request: Chaindesk_V1_VerifySigningRequest) throws {
        var domain = try self.domain(project)
        let on = try self.day(request.on)
        _ = try self.rule { () throws(DomainError) in
            try domain.verifySigning(by: self.actor, on: on, note: request.note, now: ClientClock.current.now)
        }
    }

    /// A service request, checked: a park enterprise's (when this device knows the enterprise), with a title.
    func checkServiceRequest(_ request: Chaindesk_V1_OpenServiceRequestRequest) throws {
        let enterprise: Chaindesk_V1_Enterprise? =
            if case .enterprise(let e) = try self.cache.record("enterprise", id: request.enterpriseID)?.record {
                e
            } else { nil }
        try self.rule { () throws(DomainError) in
            try TextRule.line.check(request.title, "诉求标题", "title")
            try TextRule.text.check(request.details, "诉求内容", "details")
            if let enterprise, enterprise.kind != "park" {
                throw DomainError(
                    .invalidValue,
                    "\(enterprise.legalName)不是园区企业（\(enterprise.kind)），诉求只登记园区企业的",
                    "\(enterprise.legalName) is not a park enterprise (\(enterprise.kind)); service requests are park enterprises'"
                )
            }
        }
    }

    /// A visit marked done, checked: not before the day it is planned for.
    func checkVisit(_ visit: Chaindesk_V1_PlannedVisit, status: String) throws {
        let planned = try self.day(visit.plannedOn)
        var domain = PlannedVisit(
            id: ID(visit.id),
            tripID: ID(visit.tripID),
            enterpriseID: ID(visit.enterpriseID),
            plannedOn: planned
        )
        try self.rule { () throws(DomainError) in
            guard let next = PlannedVisit.Status(rawValue: status) else {
                throw DomainError(.invalidValue, "拜访状态“\(status)”不存在", "there is no visit status \(status)")
            }
            try domain.mark(next, today: self.today)
        }
    }
}
