package import ChainDeskDomain
package import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskWire
package import Foundation

// Records as the wire carries them, read into domain values with a clear error for every bad field: written once,
// here, for the node that stores them and for the field client that checks a write before it sends or queues it
// (`CheckedWrite`), so that both refuse the same value in the same words.

extension Enterprise {
    /// The enterprise a request carries.
    package init(wire message: Chaindesk_V1_Enterprise) throws {
        var code: CreditCode? = nil
        if !message.creditCode.isEmpty {
            do {
                code = try CreditCode(message.creditCode)
            } catch {
                throw RPCError(code: .invalidArgument, message: "credit code: \(error)")
            }
        }
        self.init(
            id: ID(message.id),
            kind: try Fields.value(message.kind, "kind", default: .target),
            creditCode: code,
            legalName: message.legalName,
            shortName: message.shortName.isEmpty ? nil : message.shortName,
            aliases: message.aliases,
            location: message.location,
            industry: message.industry,
            chainID: Fields.id(message.chainID),
            scale: try Fields.value(message.scale, "scale", default: .unknown),
            developmentStatus: message.developmentStatus,
            ownerID: Fields.id(message.ownerID),
            relationship: try Fields.value(message.relationship, "relationship", default: .contactMade),
            version: Int(message.version)
        )
        _ = try Fields.validated(self)
    }
}

extension Contact {
    /// The contact a request carries.
    package init(wire message: Chaindesk_V1_Contact) throws {
        self.init(
            id: Fields.newID(message.id),
            enterpriseID: ID(message.enterpriseID),
            name: message.name,
            title: message.title,
            phone: message.phone.isEmpty ? nil : message.phone,
            wechat: message.wechat.isEmpty ? nil : message.wechat,
            email: message.email.isEmpty ? nil : message.email
        )
        _ = try Fields.validated(self)
    }
}

extension Interaction {
    /// The interaction a request carries, logged by `staff`; recorded `now`, and when it happened unless it says.
    package init(wire message: Chaindesk_V1_Interaction, by staff: ID<Staff>, now: Date) throws {
        let kind: Interaction.Kind = try Fields.value(message.kind, "kind")
        let due = try Fields.optionalDay(message.nextStepDue, "next step due")
        self.init(
            id: Fields.newID(message.id),
            kind: kind,
            enterpriseID: ID(message.enterpriseID),
            contactIDs: message.contactIds.map { ID($0) },
            staffID: staff,
            occurredAt: message.occurredAtMs == 0
                ? now : Date(timeIntervalSince1970: Double(message.occurredAtMs) / 1000),
            summary: message.summary,
            needsFound: message.needsFound,
            nextStep: message.nextStep.isEmpty ? (due == nil ? nil : "跟进 (follow up)") : message.nextStep,
            nextStepDue: due,
            correctsID: Fields.id(message.correctsID),
            eventID: Fields.id(message.eventID),
            recordedAt: now
        )
        do {
            try self.validate(now: now)
        } catch {
            throw RPCError(code: .invalidArgument, message: error.description)
        }
    }
}

extension Project {
    /// A new project from the wire: at 线索 and active unless the request says otherwise; signing fields are set
    /// only through the operations. An officer's project is theirs unless it names another owner.
    package init(wire message: Chaindesk_V1_Project, creator: Actor, today: Day) throws {
        guard !message.name.isEmpty else { throw RPCError(code: .invalidArgument, message: "name is missing") }
        let stage: Project.Stage = try Fields.value(message.stage, "stage", default: .lead)
        guard stage <= .siteVisit else {
            throw RPCError(
                code: .invalidArgument,
                message:
                    "a new project starts at lead, contacted or siteVisit; later stages are reached by advancing it"
            )
        }
        let stageOn = try Fields.day(message.stageOn, "stage_on", default: today)
        guard stageOn <= today else {
            throw DomainError(.invalidDate, "阶段日期\(stageOn)在今天之后", "the stage day \(stageOn) is in the future")
        }
        self.init(
            id: Fields.newID(message.id),
            name: message.name,
            enterpriseID: try Fields.required(message.enterpriseID, "enterprise_id"),
            chainID: Fields.id(message.chainID),
            ownerID: Fields.id(message.ownerID) ?? (creator.role == .officer ? creator.staffID : nil),
            stage: stage,
            stageOn: stageOn,
            plannedInvestment: try Fields.yuan(message.plannedInvestmentYuan, "planned_investment_yuan"),
            fixedAssetInvestment: try Fields.yuan(message.fixedAssetInvestmentYuan, "fixed_asset_investment_yuan"),
            jobs: Int(message.jobs),
            landMu: Int(message.landMu)
        )
        _ = try Fields.validated(self)
    }
}

extension LeadBatch {
    /// The batch a request carries, received today unless it says.
    package init(wire message: Chaindesk_V1_LeadBatch, today: Day) throws {
        guard !message.name.isEmpty else {
            throw RPCError(code: .invalidArgument, message: "the batch name is missing")
        }
        self.init(
            id: Fields.newID(message.id),
            name: message.name,
            source: try Fields.value(message.source, "source", default: .list),
            sourceEnterpriseID: Fields.id(message.sourceEnterpriseID),
            sourceEventID: Fields.id(message.sourceEventID),
            referrerContactID: Fields.id(message.referrerContactID),
            receivedOn: try Fields.day(message.receivedOn, "received_on", default: today),
            criteria: message.criteria.map { LeadBatch.Criterion(name: $0.name, weight: Int($0.weight)) }
        )
        _ = try Fields.validated(self)
    }
}

extension Event {
    /// The event a request carries: a name, a known kind, a first day, and a last one not before it.
    package init(wire message: Chaindesk_V1_Event) throws {
        guard !message.name.isEmpty else { throw RPCError(code: .invalidArgument, message: "name is missing") }
        let starts = try Fields.day(message.startsOn, "starts_on")
        self.init(
            id: Fields.newID(message.id),
            kind: try Fields.value(message.kind, "kind"),
            name: message.name,
            startsOn: starts,
            endsOn: try Fields.day(message.endsOn, "ends_on", default: starts),
            location: message.location,
            hostID: Fields.id(message.hostID)
        )
        _ = try Fields.validated(self)
    }
}

extension Trip {
    /// The trip a request carries; staffed by `creator` unless it names its staff.
    package init(wire message: Chaindesk_V1_Trip, creator: ID<Staff>) throws {
        guard !message.name.isEmpty else { throw RPCError(code: .invalidArgument, message: "name is missing") }
        let starts = try Fields.day(message.startsOn, "starts_on")
        self.init(
            id: Fields.newID(message.id),
            name: message.name,
            destination: message.destination,
            staffIDs: message.staffIds.isEmpty ? [creator] : message.staffIds.map { ID<Staff>($0) },
            startsOn: starts,
            endsOn: try Fields.day(message.endsOn, "ends_on", default: starts),
            eventID: Fields.id(message.eventID)
        )
        _ = try Fields.validated(self)
    }
}

extension Referral {
    /// The referral a request carries, made today unless it says.
    package init(wire message: Chaindesk_V1_Referral, today: Day) throws {
        self.init(
            id: Fields.newID(message.id),
            introducerKind: try Fields.value(message.introducerKind, "introducer_kind"),
            introducerID: (try Fields.required(message.introducerID, "introducer_id") as ID<Referral>).rawValue,
            introducedID: try Fields.required(message.introducedID, "introduced_id"),
            introducedOn: try Fields.day(message.introducedOn, "introduced_on", default: today),
            note: message.note
        )
        _ = try Fields.validated(self)
    }
}
