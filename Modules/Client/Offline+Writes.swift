internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// Writes applied to the cache and queued for the next sync: the QUEUED half of `API.FieldCopy`.
extension Offline {
    /// The device's clock now, in Unix milliseconds, for what a write made offline leaves unset.
    var now: Int64 { Int64(ClientClock.current.now.timeIntervalSince1970 * 1000) }

    /// The signed-in staff member, as the device last learned it.
    var me: String { self.cache.identity?.staffID ?? "" }

    func logInteraction(_ request: Chaindesk_V1_LogInteractionRequest, key: String) throws -> Chaindesk_V1_Interaction {
        var request = request
        if request.interaction.id.isEmpty { request.interaction.id = UUID().uuidString.lowercased() }
        if request.interaction.occurredAtMs == 0 { request.interaction.occurredAtMs = now }
        guard try self.cache.record("enterprise", id: request.interaction.enterpriseID) != nil else {
            throw ClientError(
                .notFound,
                "no enterprise \(request.interaction.enterpriseID) in this device's copy"
            )
        }
        var stored = request.interaction
        stored.staffID = me
        try self.queue(
            API.Interactions.logInteraction.id,
            request,
            key,
            "log \(stored.kind) with \(stored.enterpriseID)",
            .with { $0.interaction = stored }
        )
        return stored
    }

    func createEnterprise(_ request: Chaindesk_V1_CreateEnterpriseRequest, key: String) throws
        -> Chaindesk_V1_Enterprise
    {
        var request = request
        if request.enterprise.id.isEmpty { request.enterprise.id = UUID().uuidString.lowercased() }
        var stored = request.enterprise
        stored.version = 1
        if stored.ownerID.isEmpty { stored.ownerID = me }
        try self.queue(
            API.Enterprises.createEnterprise.id,
            request,
            key,
            "add \(stored.legalName)",
            .with { $0.enterprise = stored }
        )
        return stored
    }

    func updateEnterprise(_ request: Chaindesk_V1_UpdateEnterpriseRequest, key: String) throws
        -> Chaindesk_V1_Enterprise
    {
        var request = request
        guard case .enterprise(let base) = try self.cache.record("enterprise", id: request.enterprise.id)?.record
        else {
            throw ClientError(.notFound, "no enterprise \(request.enterprise.id) in this device's copy")
        }
        if !request.hasBase { request.base = base }
        let stored = request.enterprise
        try self.queue(
            API.Enterprises.updateEnterprise.id,
            request,
            key,
            "edit \(stored.legalName)",
            .with { $0.enterprise = stored }
        )
        return stored
    }

    func createContact(_ request: Chaindesk_V1_CreateContactRequest, key: String) throws -> Chaindesk_V1_Contact {
        var request = request
        if request.contact.id.isEmpty { request.contact.id = UUID().uuidString.lowercased() }
        var stored = request.contact
        stored.version = 1
        try self.queue(
            API.Contacts.createContact.id,
            request,
            key,
            "add contact \(stored.name)",
            .with { $0.contact = stored }
        )
        return stored
    }

    func createProject(_ request: Chaindesk_V1_CreateProjectRequest, key: String) throws -> Chaindesk_V1_Project {
        var request = request
        if request.project.id.isEmpty { request.project.id = UUID().uuidString.lowercased() }
        var stored = request.project
        stored.version = 1
        if stored.stage.isEmpty { stored.stage = "lead" }
        if stored.status.isEmpty { stored.status = "active" }
        if stored.ownerID.isEmpty { stored.ownerID = me }
        try self.queue(
            API.Projects.createProject.id,
            request,
            key,
            "add project \(stored.name)",
            .with { $0.project = stored }
        )
        return stored
    }

    func advanceProject(_ request: Chaindesk_V1_AdvanceProjectRequest, key: String) throws -> Chaindesk_V1_Project {
        var request = request
        request.version = 0
        var project = try self.project(request.id)
        try self.checkAdvance(project, request)
        project.stage = request.stage
        project.stageOn = request.on.isEmpty ? ClientClock.current.today.description : request.on
        if request.stage == "signed", project.signedOn.isEmpty { project.signedOn = project.stageOn }
        try self.queue(
            API.Projects.advanceProject.id,
            request,
            key,
            "advance \(project.name) to \(request.stage)",
            .with { $0.project = project }
        )
        return project
    }

    func setProjectStatus(_ request: Chaindesk_V1_SetProjectStatusRequest, key: String) throws -> Chaindesk_V1_Project {
        var request = request
        request.version = 0
        var project = try self.project(request.id)
        try self.checkStatus(project, request)
        project.status = request.status
        project.statusReason = request.reason
        try self.queue(
            API.Projects.setProjectStatus.id,
            request,
            key,
            "set \(project.name) \(request.status)",
            .with { $0.project = project }
        )
        return project
    }

    func addInvestment(_ request: Chaindesk_V1_AddInvestmentRequest, key: String) throws -> Chaindesk_V1_Project {
        var request = request
        request.version = 0
        var project = try self.project(request.id)
        // The node's rule, before queueing: the total stays within Yuan.maximum, and nothing traps.
        do {
            project.plannedInvestmentYuan = try Yuan(project.plannedInvestmentYuan)
                .adding(Yuan(checking: request.amountYuan, "追加投资")).amount
            project.fixedAssetInvestmentYuan = try Yuan(project.fixedAssetInvestmentYuan)
                .adding(Yuan(checking: request.fixedAssetsYuan, "固定资产")).amount
        } catch {
            throw ClientError(.refused, error.description)
        }
        try self.queue(
            API.Projects.addInvestment.id,
            request,
            key,
            "add investment to \(project.name)",
            .with { $0.project = project }
        )
        return project
    }

    func openServiceRequest(_ request: Chaindesk_V1_OpenServiceRequestRequest, key: String) throws
        -> Chaindesk_V1_ServiceRequest
    {
        var request = request
        if request.id.isEmpty { request.id = UUID().uuidString.lowercased() }
        try self.checkServiceRequest(request)
        let stored = Chaindesk_V1_ServiceRequest.with {
            $0.id = request.id
            $0.enterpriseID = request.enterpriseID
            $0.category = request.category
            $0.urgency = request.urgency
            $0.title = request.title
            $0.details = request.details
            $0.status = "registered"
            $0.registeredAtMs = now
            $0.registeredBy = me
            $0.version = 1
        }
        try self.queue(
            API.ServiceRequests.openServiceRequest.id,
            request,
            key,
            "open request \(stored.title)",
            .with { $0.serviceRequest = stored }
        )
        return stored
    }

    func changeServiceRequest(_ request: Chaindesk_V1_ChangeServiceRequestRequest, key: String) throws
        -> Chaindesk_V1_ServiceRequest
    {
        var request = request
        request.version = 0
        guard var stored = try self.serviceRequests().first(where: { $0.id == request.id }) else {
            throw ClientError(.notFound, "no service request \(request.id) in this device's copy")
        }
        let next = [
            "assign": "assigned", "respond": "responded", "resolve": "resolved", "callBack": "calledBack",
            "close": "closed", "reopen": "assigned",
        ]
        stored.status = next[request.action] ?? stored.status
        if request.action == "assign" { stored.handlerID = request.handlerID }
        if request.action == "resolve" { stored.resolution = request.account }
        if request.action == "callBack" { stored.satisfaction = request.satisfaction }
        try self.queue(
            API.ServiceRequests.changeServiceRequest.id,
            request,
            key,
            "\(request.action) \(stored.title)",
            .with { $0.serviceRequest = stored }
        )
        return stored
    }

    func createEvent(_ request: Chaindesk_V1_CreateEventRequest, key: String) throws -> Chaindesk_V1_Event {
        var request = request
        if request.event.id.isEmpty { request.event.id = UUID().uuidString.lowercased() }
        if request.event.endsOn.isEmpty { request.event.endsOn = request.event.startsOn }
        let stored = request.event
        try self.queue(API.Events.createEvent.id, request, key, "add event \(stored.name)", .with { $0.event = stored })
        return stored
    }

    func createTrip(_ request: Chaindesk_V1_CreateTripRequest, key: String) throws -> Chaindesk_V1_Trip {
        var request = request
        if request.trip.id.isEmpty { request.trip.id = UUID().uuidString.lowercased() }
        if request.trip.endsOn.isEmpty { request.trip.endsOn = request.trip.startsOn }
        if request.trip.staffIds.isEmpty { request.trip.staffIds = [me] }
        var stored = request.trip
        stored.version = 1
        try self.queue(API.Events.createTrip.id, request, key, "add trip \(stored.name)", .with { $0.trip = stored })
        return stored
    }

    func planVisit(_ request: Chaindesk_V1_PlanVisitRequest, key: String) throws -> Chaindesk_V1_PlannedVisit {
        var request = request
        if request.visit.id.isEmpty { request.visit.id = UUID().uuidString.lowercased() }
        guard case .trip(let trip) = try self.cache.record("trip", id: request.visit.tripID)?.record else {
            throw ClientError(.notFound, "no trip \(request.visit.tripID) in this device's copy")
        }
        if request.visit.plannedOn.isEmpty { request.visit.plannedOn = trip.startsOn }
        var stored = request.visit
        stored.status = "planned"
        stored.version = 1
        try self.queue(
            API.Events.planVisit.id,
            request,
            key,
            "plan a visit on \(trip.name)",
            .with { $0.visit = stored }
        )
        return stored
    }

    func setVisitStatus(_ request: Chaindesk_V1_SetVisitStatusRequest, key: String) throws -> Chaindesk_V1_PlannedVisit
    {
        var request = request
        request.version = 0
        guard case .visit(var stored) = try self.cache.record("plannedVisit", id: request.id)?.record else {
            throw ClientError(.notFound, "no planned visit \(request.id) in this device's copy")
        }
        try self.checkVisit(stored, status: request.status)
        stored.status = request.status
        if !request.interactionID.isEmpty { stored.interactionID = request.interactionID }
        try self.queue(
            API.Events.setVisitStatus.id,
            request,
            key,
            "mark a visit \(request.status)",
            .with { $0.visit = stored }
        )
        return stored
    }

    func createReferral(_ request: Chaindesk_V1_CreateReferralRequest, key: String) throws -> Chaindesk_V1_Referral {
        var request = request
        if request.referral.id.isEmpty { request.referral.id = UUID().uuidString.lowercased() }
        if request.referral.introducedOn.isEmpty {
            request.referral.introducedOn = ClientClock.current.today.description
        }
        var stored = request.referral
        stored.version = 1
        try self.queue(API.Leads.createReferral.id, request, key, "record a referral", .with { $0.referral = stored })
        return stored
    }

    func importLeadBatch(_ request: Chaindesk_V1_ImportLeadBatchRequest, key: String) throws
        -> Chaindesk_V1_LeadBatchDetail
    {
        var request = request
        if request.batch.id.isEmpty { request.batch.id = UUID().uuidString.lowercased() }
        if request.batch.receivedOn.isEmpty { request.batch.receivedOn = ClientClock.current.today.description }
        for index in request.candidates.indices where request.candidates[index].id.isEmpty {
            request.candidates[index].id = UUID().uuidString.lowercased()
        }
        var batch = request.batch
        batch.version = 1
        let candidates = request.candidates.map { candidate in
            var stored = candidate
            stored.batchID = batch.id
            stored.decision = "pending"
            stored.version = 1
            return stored
        }
        try self.queue(
            API.Leads.importLeadBatch.id,
            request,
            key,
            "import \(batch.name)",
            .with { $0.leadBatch = batch }
        )
        for candidate in candidates { try self.cache.put(.with { $0.candidate = candidate }) }
        return Chaindesk_V1_LeadBatchDetail.with {
            $0.batch = batch
            $0.candidates = candidates
        }
    }

    func screenCandidate(_ request: Chaindesk_V1_ScreenCandidateRequest, key: String) throws
        -> Chaindesk_V1_LeadCandidate
    {
        var request = request
        request.version = 0
        guard case .candidate(var stored) = try self.cache.record("leadCandidate", id: request.candidateID)?.record
        else {
            throw ClientError(
                .notFound,
                "no lead candidate \(request.candidateID) in this device's copy"
            )
        }
        stored.scores.merge(request.scores) { _, new in new }
        if !request.decision.isEmpty { stored.decision = request.decision }
        if !request.reason.isEmpty { stored.reason = request.reason }
        try self.queue(
            API.Leads.screenCandidate.id,
            request,
            key,
            "screen \(stored.name)",
            .with { $0.candidate = stored }
        )
        return stored
    }

    func markLeadBatch(_ request: Chaindesk_V1_MarkLeadBatchRequest, key: String) throws -> Chaindesk_V1_LeadBatchDetail
    {
        var request = request
        request.version = 0
        guard case .leadBatch(var batch) = try self.cache.record("leadBatch", id: request.batchID)?.record else {
            throw ClientError(.notFound, "no lead batch \(request.batchID) in this device's copy")
        }
        let day = request.on.isEmpty ? ClientClock.current.today.description : request.on
        switch request.step {
        case "responded": batch.respondedOn = day
        case "screened": batch.screenedOn = day
        case "notified": batch.referrerNotifiedOn = day
        default:
            throw ClientError(.refused, "step \"\(request.step)\" is not responded, screened or notified")
        }
        try self.queue(
            API.Leads.markLeadBatch.id,
            request,
            key,
            "mark \(batch.name) \(request.step)",
            .with { $0.leadBatch = batch }
        )
        return Chaindesk_V1_LeadBatchDetail.with { $0.batch = batch }
    }

    func verifySigning(_ request: Chaindesk_V1_VerifySigningRequest, key: String) throws -> Chaindesk_V1_Project {
        var request = request
        request.version = 0
        var project = try self.project(request.id)
        try self.checkVerify(project, request)
        project.signingVerifiedBy = me
        project.signingVerifiedOn = request.on.isEmpty ? ClientClock.current.today.description : request.on
        try self.queue(
            API.Projects.verifySigning.id,
            request,
            key,
            "verify \(project.name)",
            .with { $0.project = project }
        )
        return project
    }

    /// Keeps the node's reply to a write made online, when it belongs to the working set, so the device shows it
    /// at once rather than after the next pull.
    func remember(_ response: any SwiftProtobuf.Message) throws {
        let me = self.cache.identity?.staffID ?? ""
        func known(_ enterprise: String) throws -> Bool { try self.cache.record("enterprise", id: enterprise) != nil }
        let record: Chaindesk_V1_SyncRecord? =
            switch response {
            case let value as Chaindesk_V1_Enterprise where value.ownerID == me: .with { $0.enterprise = value }
            case let value as Chaindesk_V1_Contact where try known(value.enterpriseID): .with { $0.contact = value }
            case let value as Chaindesk_V1_Interaction where try known(value.enterpriseID):
                .with { $0.interaction = value }
            case let value as Chaindesk_V1_Project where try value.ownerID == me || known(value.enterpriseID):
                .with { $0.project = value }
            case let value as Chaindesk_V1_ServiceRequest where try value.handlerID == me || known(value.enterpriseID):
                .with { $0.serviceRequest = value }
            case let value as Chaindesk_V1_Event: .with { $0.event = value }
            case let value as Chaindesk_V1_Chain: .with { $0.chain = value }
            case let value as Chaindesk_V1_ChainLink: .with { $0.link = value }
            default: nil
            }
        if let record { try self.cache.put(record) }
    }

    func project(_ id: String) throws -> Chaindesk_V1_Project {
        guard let project = try self.projects().first(where: { $0.id == id }) else {
            throw ClientError(.notFound, "no project \(id) in this device's copy")
        }
        return project
    }

    /// Applies the record locally and queues the call, in that order, before the command reports success.
    func queue(
        _ method: UInt32,
        _ request: any SwiftProtobuf.Message,
        _ key: String,
        _ summary: String,
        _ record: Chaindesk_V1_SyncRecord
    ) throws {
        let bytes = try request.serializedData()
        guard bytes.count <= self.maxMessageSize else {
            throw ClientError(
                .refused,
                "offline: \(summary) is \(Formats.size(bytes.count)), more than the \(Formats.size(self.maxMessageSize)) one call may carry, so it cannot wait on this device; nothing was saved — do it when the office is reachable"
            )
        }
        try self.cache.enqueue(
            method: method,
            request: bytes,
            key: key,
            summary: summary,
            record: record
        )
    }
}
