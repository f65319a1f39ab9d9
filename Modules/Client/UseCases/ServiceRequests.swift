internal import ChainDeskAPI
public import ChainDeskDomain
public import ChainDeskProto
internal import SwiftProtobuf

/// A park enterprise's request (企业诉求) as it is registered.
public struct ServiceRequestDraft: Sendable {
    /// The enterprise: id, credit code or an unambiguous part of its name.
    public var enterprise: String
    public var title: String
    public var category: String = ServiceRequest.Category.other.rawValue
    public var urgency: String = ServiceRequest.Urgency.normal.rawValue
    public var details = ""

    public init(enterprise: String, title: String) {
        self.enterprise = enterprise
        self.title = title
    }
}

/// A step in a request's loop, with what the step needs.
public enum ServiceRequestStep: Sendable {
    /// Given to a handler: username, id or name.
    case assign(to: String)
    case respond
    /// Resolved, with the account of what was done (凡事有交代).
    case resolve(account: String)
    /// Called back, with the enterprise's satisfaction, 1–5.
    case callBack(satisfaction: Int)
    case close
    case reopen

    var action: ServiceRequest.Action {
        switch self {
        case .assign: .assign
        case .respond: .respond
        case .resolve: .resolve
        case .callBack: .callBack
        case .close: .close
        case .reopen: .reopen
        }
    }
}

/// Service requests, newest first, with their enterprises' names.
public struct ServiceRequestListing: Presentable {
    public let requests: [Chaindesk_V1_ServiceRequest]
    public let enterpriseNames: [String: String]

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_ServiceRequestList.with { $0.requests = self.requests })
        let labels = out.labels
        out.table(
            [
                "id", "enterprise", "title", "category", "urgency", "status", "handler", "respond by", "resolve by",
                "overdue",
            ],
            self.requests.map {
                [
                    Formats.shortID($0.id), self.enterpriseNames[$0.enterpriseID] ?? $0.enterpriseID, $0.title,
                    labels[$0.category], labels[$0.urgency],
                    labels.value("request", $0.status), $0.handlerID, Formats.time($0.respondByMs),
                    Formats.time($0.resolveByMs), $0.escalation > 0 ? "\($0.escalation)" : "",
                ]
            }
        )
    }
}

/// One service request against its clocks.
public struct ServiceRequestDossier: Presentable {
    public let request: Chaindesk_V1_ServiceRequest
    public let enterpriseName: String

    public func present(into out: inout Printout) throws {
        try out.json(self.request)
        let found = self.request
        let labels = out.labels
        out.fields([
            ("title", found.title), ("id", found.id), ("enterprise", self.enterpriseName),
            ("category", labels[found.category]), ("urgency", labels[found.urgency]),
            ("status", labels.value("request", found.status)), ("handler", found.handlerID),
            ("registered", Formats.time(found.registeredAtMs)), ("respond by", Formats.time(found.respondByMs)),
            ("responded", Formats.time(found.respondedAtMs)), ("resolve by", Formats.time(found.resolveByMs)),
            ("resolved", Formats.time(found.resolvedAtMs)), ("summary", found.resolution),
            ("calledBack", Formats.time(found.calledBackAtMs)),
            ("satisfaction", found.satisfaction == 0 ? "" : "\(found.satisfaction)/5"),
            ("closed", Formats.time(found.closedAtMs)),
            ("overdue", found.escalation > 0 ? "\(found.escalation)" : ""),
        ])
    }
}

extension OfficeCalls {
    /// Registers a park enterprise's request; the node sets its response and resolution deadlines.
    public func openServiceRequest(_ draft: ServiceRequestDraft) async throws -> Written<Chaindesk_V1_ServiceRequest> {
        let enterprise = try await self.resolveEnterprise(draft.enterprise)
        let request = Chaindesk_V1_OpenServiceRequestRequest.with {
            $0.enterpriseID = enterprise.id
            $0.title = draft.title
            $0.category = draft.category
            $0.urgency = draft.urgency
            $0.details = draft.details
        }
        let stored = try await self.call(API.ServiceRequests.openServiceRequest, request, key: newKey())
        let name = enterprise.legalName
        return Written(stored) { stored, _ in
            "registered \(Formats.shortID(stored.id)) for \(name): respond by "
                + "\(Formats.time(stored.respondByMs)), resolve by \(Formats.time(stored.resolveByMs))"
        }
    }

    /// Service requests, only open ones or one handler's (a reference) when asked.
    public func serviceRequests(openOnly: Bool, handler: String?, withNames: Bool = true) async throws
        -> ServiceRequestListing
    {
        var request = Chaindesk_V1_ListServiceRequestsRequest.with { $0.openOnly = openOnly }
        if let handler { request.handlerID = try await self.resolveStaff(handler).id }
        let list = try await self.call(API.ServiceRequests.listServiceRequests, request, key: nil)
        let names = withNames ? try await self.enterpriseNames(list.requests.map(\.enterpriseID)) : [:]
        return ServiceRequestListing(requests: list.requests, enterpriseNames: names)
    }

    /// One service request by id, the start of its id, or part of its title.
    public func serviceRequest(_ reference: String, withNames: Bool = true) async throws -> ServiceRequestDossier {
        let id = try await self.resolveServiceRequest(reference).id
        let found = try await self.call(API.ServiceRequests.getServiceRequest, .with { $0.id = id }, key: nil)
        let names = withNames ? try await self.enterpriseNames([found.enterpriseID]) : [:]
        return ServiceRequestDossier(request: found, enterpriseName: names[found.enterpriseID] ?? found.enterpriseID)
    }

    /// Moves a request one step along its loop.
    public func changeServiceRequest(_ reference: String, _ step: ServiceRequestStep) async throws
        -> Written<Chaindesk_V1_ServiceRequest>
    {
        let found = try await self.resolveServiceRequest(reference)
        var request = Chaindesk_V1_ChangeServiceRequestRequest.with {
            $0.id = found.id
            $0.action = step.action.rawValue
            $0.version = found.version
        }
        switch step {
        case .assign(let handler): request.handlerID = try await self.resolveStaff(handler).id
        case .resolve(let account): request.account = account
        case .callBack(let satisfaction): request.satisfaction = Int32(clamping: satisfaction)
        case .respond, .close, .reopen: break
        }
        let stored = try await self.call(API.ServiceRequests.changeServiceRequest, request, key: newKey())
        return Written(stored) { stored, labels in "\(stored.title): \(labels.value("request", stored.status))" }
    }
}
