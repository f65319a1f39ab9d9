internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// Service requests (Protocol/chaindesk/v1/service_requests.proto).
struct ServiceRequestService: API.ServiceRequests.Service {
    let store: Store
    let gate: Gate

    /// Those who run the loop for any request; a handler also moves their own.
    static let managers: Set<Staff.Role> = [.aftercare, .deputyHead, .director]

    typealias Action = ServiceRequest.Action

    func openServiceRequest(_ request: Chaindesk_V1_OpenServiceRequestRequest, caller: Caller) async throws
        -> Chaindesk_V1_ServiceRequest
    {
        let actor = caller.actor
        let enterprise: ID<Enterprise> = try Fields.required(request.enterpriseID, "enterprise_id")
        guard let found = try await store.fetch(Enterprise.self, id: enterprise.rawValue) else {
            throw RPCError(code: .notFound, message: "no enterprise \(enterprise)")
        }
        // 企业诉求 are the park's enterprises': aftercare serves those that have landed.
        guard found.kind == .park else {
            throw DomainError(
                .invalidValue,
                "\(found.legalName)不是园区企业（\(found.kind.rawValue)），诉求只登记园区企业的",
                "\(found.legalName) is not a park enterprise (\(found.kind.rawValue)); service requests are park enterprises'"
            )
        }
        guard !request.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RPCError(code: .invalidArgument, message: "title is missing")
        }
        let stored = try await store.registerServiceRequest(
            id: Fields.newID(request.id),
            enterpriseID: enterprise,
            category: try Fields.value(request.category, "category", default: .other),
            urgency: try Fields.value(request.urgency, "urgency", default: .normal),
            title: request.title,
            details: request.details,
            by: actor,
            key: caller.key
        )
        return Self.message(stored, now: store.now)
    }

    func listServiceRequests(_ request: Chaindesk_V1_ListServiceRequestsRequest, caller: Caller) async throws
        -> Chaindesk_V1_ServiceRequestList
    {
        let all = try await store.fetchAll(ServiceRequest.self)
        let selected = all.filter {
            (!request.openOnly || $0.status != .closed)
                && (request.handlerID.isEmpty || $0.handlerID?.rawValue == request.handlerID)
                && (request.enterpriseID.isEmpty || $0.enterpriseID.rawValue == request.enterpriseID)
        }
        return .with {
            $0.requests = selected.sorted { $0.registeredAt > $1.registeredAt }.map {
                Self.message($0, now: store.now)
            }
        }
    }

    func getServiceRequest(_ request: Chaindesk_V1_GetServiceRequestRequest, caller: Caller) async throws
        -> Chaindesk_V1_ServiceRequest
    {
        guard let stored = try await store.fetch(ServiceRequest.self, id: request.id) else {
            throw RPCError(code: .notFound, message: "no service request \(request.id)")
        }
        return Self.message(stored, now: store.now)
    }

    func changeServiceRequest(_ request: Chaindesk_V1_ChangeServiceRequestRequest, caller: Caller) async throws
        -> Chaindesk_V1_ServiceRequest
    {
        let actor = caller.actor
        guard let current = try await store.fetch(ServiceRequest.self, id: request.id) else {
            throw RPCError(code: .notFound, message: "no service request \(request.id)")
        }
        let action: Action = try Fields.value(request.action, "action")
        let mayRun =
            Self.managers.contains(actor.role)
            || ([.respond, .resolve, .callBack].contains(action) && current.handlerID == actor.staffID)
        guard mayRun else {
            let who =
                [.respond, .resolve, .callBack].contains(action)
                ? "the request's handler, aftercare, a deputy head or a director"
                : "aftercare, a deputy head or a director"
            throw RPCError(code: .permissionDenied, message: "only \(who) may \(action.rawValue) a service request")
        }
        let handler: ID<Staff>? = action == .assign ? try Fields.required(request.handlerID, "handler_id") : nil
        if let handler {
            guard let staff = try await store.fetch(Staff.self, id: handler.rawValue), staff.active else {
                throw RPCError(code: .notFound, message: "no active staff member \(handler)")
            }
        }
        let account = request.account
        let satisfaction = Int(request.satisfaction)
        let stored = try await store.changeServiceRequest(
            current.id,
            expecting: request.version == 0 ? current.version : Int(request.version),
            by: actor,
            key: caller.key,
            operation: action.rawValue
        ) { serviceRequest, now throws(DomainError) in
            switch action {
            case .assign: try serviceRequest.assign(to: handler!)
            case .respond: try serviceRequest.respond(at: now)
            case .resolve: try serviceRequest.resolve(at: now, account: account)
            case .callBack: try serviceRequest.callBack(at: now, satisfaction: satisfaction)
            case .close: try serviceRequest.close(at: now)
            case .reopen: try serviceRequest.reopen()
            }
        }
        return Self.message(stored, now: store.now)
    }

    static func message(_ request: ServiceRequest, now: Date) -> Chaindesk_V1_ServiceRequest {
        .with {
            $0.id = request.id.rawValue
            $0.enterpriseID = request.enterpriseID.rawValue
            $0.category = request.category.rawValue
            $0.urgency = request.urgency.rawValue
            $0.title = request.title
            $0.details = request.details
            $0.status = request.status.rawValue
            $0.registeredAtMs = Fields.ms(request.registeredAt)
            $0.registeredBy = request.registeredBy.rawValue
            $0.handlerID = request.handlerID.text
            $0.respondByMs = Fields.ms(request.respondBy)
            $0.resolveByMs = Fields.ms(request.resolveBy)
            $0.respondedAtMs = Fields.ms(request.respondedAt)
            $0.resolvedAtMs = Fields.ms(request.resolvedAt)
            $0.resolution = request.resolution ?? ""
            $0.calledBackAtMs = Fields.ms(request.calledBackAt)
            $0.satisfaction = Int32(request.satisfaction ?? 0)
            $0.closedAtMs = Fields.ms(request.closedAt)
            $0.version = Int64(request.version)
            $0.escalation = Int32(request.escalationLevel(now: now))
        }
    }
}
