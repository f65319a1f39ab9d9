package import ChainDeskDomain
package import ChainDeskProto
package import Foundation

/// A write whose values the office's rules judge on their own, before the records it touches are looked at: the
/// names, codes, kinds, days and amounts it carries.
///
/// The node reads every such value with the same code (`Records+Wire.swift`, `Fields`); the field client runs
/// `check` before a write is sent or queued, so that a value the node would refuse is refused at once — online or
/// offline, in the node's words — instead of failing at the next sync. Every method declared QUEUED has one
/// (`DeclarationTests`).
package protocol CheckedWrite {
    /// Throws what the node would answer for a bad value, from `actor` at `now`.
    func check(by actor: Actor, now: Date) throws
}

extension Chaindesk_V1_CreateEnterpriseRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws { _ = try Enterprise(wire: self.enterprise) }
}

extension Chaindesk_V1_UpdateEnterpriseRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws { _ = try Enterprise(wire: self.enterprise) }
}

extension Chaindesk_V1_CreateContactRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws { _ = try Contact(wire: self.contact) }
}

extension Chaindesk_V1_LogInteractionRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        _ = try Interaction(wire: self.interaction, by: actor.staffID, now: now)
    }
}

extension Chaindesk_V1_CreateProjectRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        _ = try Project(wire: self.project, creator: actor, today: Day(now))
    }
}

extension Chaindesk_V1_AdvanceProjectRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        let _: Project.Stage = try Fields.value(self.stage, "stage")
        _ = try Fields.optionalDay(self.on, "on")
    }
}

extension Chaindesk_V1_SetProjectStatusRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        let _: Project.Status = try Fields.value(self.status, "status")
        _ = try Fields.optionalDay(self.on, "on")
    }
}

extension Chaindesk_V1_VerifySigningRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws { _ = try Fields.optionalDay(self.on, "on") }
}

extension Chaindesk_V1_AddInvestmentRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        _ = try Fields.yuan(self.amountYuan, "amount_yuan")
        _ = try Fields.yuan(self.fixedAssetsYuan, "fixed_assets_yuan")
        _ = try Fields.optionalDay(self.on, "on")
    }
}

extension Chaindesk_V1_ImportLeadBatchRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws { _ = try LeadBatch(wire: self.batch, today: Day(now)) }
}

extension Chaindesk_V1_ScreenCandidateRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        if !self.decision.isEmpty { let _: LeadCandidate.Decision = try Fields.value(self.decision, "decision") }
    }
}

extension Chaindesk_V1_MarkLeadBatchRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws { _ = try Fields.optionalDay(self.on, "on") }
}

extension Chaindesk_V1_CreateReferralRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws { _ = try Referral(wire: self.referral, today: Day(now)) }
}

extension Chaindesk_V1_CreateEventRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws { _ = try Event(wire: self.event) }
}

extension Chaindesk_V1_CreateTripRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws { _ = try Trip(wire: self.trip, creator: actor.staffID) }
}

extension Chaindesk_V1_PlanVisitRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        _ = try Fields.optionalDay(self.visit.plannedOn, "planned_on")
    }
}

extension Chaindesk_V1_SetVisitStatusRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        let _: PlannedVisit.Status = try Fields.value(self.status, "status")
    }
}

extension Chaindesk_V1_OpenServiceRequestRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        guard !self.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Fields.missing("title")
        }
        let _: ServiceRequest.Category = try Fields.value(self.category, "category", default: .other)
        let _: ServiceRequest.Urgency = try Fields.value(self.urgency, "urgency", default: .normal)
    }
}

extension Chaindesk_V1_ChangeServiceRequestRequest: CheckedWrite {
    package func check(by actor: Actor, now: Date) throws {
        let _: ServiceRequest.Action = try Fields.value(self.action, "action")
    }
}
