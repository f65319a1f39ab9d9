public import ChainDeskAPI
public import ChainDeskDomain
public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// The office's services as the node's own surfaces call them (the web pages): each call names the RPC method
/// whose implementation it runs and passes the node's gate exactly as that method's calls do — the same session
/// check, the same declared roles, the same log line and metrics — so a page can show and change nothing that the
/// same person could not through the protocol.
package struct OfficeServices: Sendable {
    let gate: Gate
    let auth: AuthService
    let admin: AdminService
    let enterprises: EnterpriseService
    let interactions: InteractionService
    let contacts: ContactService
    let leads: LeadService
    let industryMap: IndustryMapService
    let projects: ProjectService
    let events: EventService
    let serviceRequests: ServiceRequestService
    let reports: ReportService
    let sync: SyncService

    init(store: Store, gate: Gate) {
        self.gate = gate
        self.auth = AuthService(store: store, gate: gate)
        self.admin = AdminService(store: store, gate: gate)
        self.enterprises = EnterpriseService(store: store, gate: gate)
        self.interactions = InteractionService(store: store, gate: gate)
        self.contacts = ContactService(store: store, gate: gate)
        self.leads = LeadService(store: store, gate: gate)
        self.industryMap = IndustryMapService(store: store, gate: gate)
        self.projects = ProjectService(store: store, gate: gate)
        self.events = EventService(store: store, gate: gate)
        self.serviceRequests = ServiceRequestService(store: store, gate: gate)
        self.reports = ReportService(store: store, gate: gate)
        self.sync = SyncService(store: store, gate: gate)
    }

    /// Serves every office service on `router`, each call through the gate.
    func register(on router: inout Router) {
        self.auth.register(on: &router, through: self.gate)
        self.admin.register(on: &router, through: self.gate)
        self.enterprises.register(on: &router, through: self.gate)
        self.interactions.register(on: &router, through: self.gate)
        self.contacts.register(on: &router, through: self.gate)
        self.leads.register(on: &router, through: self.gate)
        self.industryMap.register(on: &router, through: self.gate)
        self.projects.register(on: &router, through: self.gate)
        self.events.register(on: &router, through: self.gate)
        self.serviceRequests.register(on: &router, through: self.gate)
        self.reports.register(on: &router, through: self.gate)
        self.sync.register(on: &router, through: self.gate)
    }

    /// Runs `body` as the method `method` would run for the holder of `sessionToken`: admitted by the gate by
    /// `method`'s declaration, or refused with the RPC status the protocol would answer.
    package func call<Request, Response, Result: Sendable>(
        _ method: Method<Request, Response>,
        sessionToken: String?,
        key: String? = nil,
        _ body: (Caller) async throws -> Result
    ) async throws -> Result {
        guard let declaration = API.declaration(method.id) else {
            throw RPCError(code: .internal, message: "\(method.name) has no declaration")
        }
        return try await self.gate.perform(declaration, token: sessionToken) { actor in
            guard let actor else {
                throw RPCError(code: .internal, message: "\(method.name) is open; call it without a session")
            }
            return try await body(Caller(actor, key: key, sessionToken: sessionToken))
        }
    }

    /// The signed-in actor behind a session token, or UNAUTHENTICATED saying why not.
    package func actor(sessionToken: String?) async throws -> Actor {
        try await self.gate.authenticate(token: sessionToken)
    }

    /// Signs in as the Login method does (the same throttling, sign-in log and session), for a device named
    /// `device`.
    package func signIn(username: String, password: String, device: String) async throws
        -> Chaindesk_V1_LoginResponse
    {
        guard let declaration = API.declaration(API.Auth.login.id) else {
            throw RPCError(code: .internal, message: "Login has no declaration")
        }
        let request = Chaindesk_V1_LoginRequest.with {
            $0.username = username
            $0.password = password
            $0.device = device
        }
        return try await self.gate.perform(declaration, token: nil) { _ in try await self.auth.signIn(request) }
    }

    /// Opens a session for `staffID` without a password: for tools that run a node in their own process (the
    /// benchmark), never reachable from outside it.
    package func openSession(for staffID: ID<Staff>, device: String) async throws -> String {
        let token = Credentials.newToken()
        let lifetime = self.gate.sessionLifetime.components.seconds
        try await self.gate.store.createSession(
            tokenHash: Credentials.tokenHash(token),
            staffID: staffID,
            device: device,
            expiresAt: self.gate.store.now.addingTimeInterval(TimeInterval(lifetime))
        )
        return token
    }

    /// Ends the session, as the Logout method does.
    package func signOut(sessionToken: String) async throws {
        _ = try await self.call(API.Auth.logout, sessionToken: sessionToken) { caller in
            try await self.auth.logout(.init(), caller: caller)
        }
    }

    // Each service as the protocol declares it, for the pages to call (through `call`).
    package var reportService: some API.Reports.Service { self.reports }
    package var projectService: some API.Projects.Service { self.projects }
    package var industryMapService: some API.IndustryMap.Service { self.industryMap }
    package var enterpriseService: some API.Enterprises.Service { self.enterprises }
    package var contactService: some API.Contacts.Service { self.contacts }
    package var interactionService: some API.Interactions.Service { self.interactions }
    package var leadService: some API.Leads.Service { self.leads }
    package var serviceRequestService: some API.ServiceRequests.Service { self.serviceRequests }
    package var eventService: some API.Events.Service { self.events }
}
