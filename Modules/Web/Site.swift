internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskServer
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import Logging
internal import NIOCore
internal import SwiftProtobuf

/// The web pages' routes and what every page shares: who is signed in, the language, the form token, and how a
/// refusal or failure is shown.
struct Site: Sendable {
    let node: OfficeNode
    let services: OfficeServices
    let session: WebSession
    let views: Views
    let configuration: WebSurface.Configuration
    let logger: Logger
    let reported = TrafficReported()

    init(node: OfficeNode, configuration: WebSurface.Configuration, logger: Logger) throws {
        self.node = node
        self.services = node.services
        self.session = WebSession(secure: configuration.secureCookies)
        self.views = try Views()
        self.configuration = configuration
        self.logger = logger
    }

    func routes(on router: Hummingbird.Router<BasicRequestContext>) {
        router.get("/style.css") { _, _ in
            var response = Self.response(Views.stylesheet, type: "text/css; charset=utf-8")
            response.headers[.cacheControl] = "public, max-age=3600"
            return response
        }
        router.get("/health") { _, _ in await Operations.health(self.node) }
        router.get("/health/live") { _, _ in Operations.live() }
        router.get("/metrics") { _, _ in Operations.metrics(self.configuration.metrics, self.node, self.reported) }
        router.get("/sign-in") { request, _ in self.signInPage(request, problem: nil) }
        router.post("/sign-in") { request, context in try await self.signIn(request, context) }
        router.post("/sign-out") { request, context in
            try await self.form(request, context, CSRFForm.self) { visit, _ in
                try? await self.services.signOut(sessionToken: visit.token)
                var response = Self.redirect("/sign-in")
                response.setCookie(self.session.clearedSessionCookie())
                return response
            }
        }
        router.get("/") { request, _ in try await self.page(request) { try await Dashboard.page($0) } }
        router.get("/funnel") { request, _ in try await self.page(request) { try await FunnelPage.page($0) } }
        router.get("/map") { request, _ in try await self.page(request) { try await IndustryMapPage.page($0) } }
        router.get("/referrals") { request, _ in try await self.page(request) { try await ReferralsPage.page($0) } }
        router.get("/aftercare") { request, _ in try await self.page(request) { try await AftercarePage.page($0) } }
        router.get("/activity") { request, _ in try await self.page(request) { try await ActivityPage.page($0) } }
        router.get("/enterprises") { request, _ in
            try await self.page(request) { try await EnterprisePages.search($0) }
        }
        router.get("/enterprises/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.page(request) { try await EnterprisePages.page(id: id, $0) }
        }
        router.get("/reports/{file}") { request, context in
            let file = context.parameters.get("file") ?? ""
            return try await self.page(request) { try await Exports.download(file, $0) }
        }
        router.post("/periods/{period}/{action}") { request, context in
            let period = context.parameters.get("period") ?? ""
            let action = context.parameters.get("action") ?? ""
            guard action == "close" || action == "reopen" else { return Response(status: .notFound) }
            return try await self.form(request, context, PeriodForm.self) { visit, form in
                try await Dashboard.closeOrReopen(action, period: period, form: form, visit)
            }
        }
        router.post("/projects/{id}/verify") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.form(request, context, VerifyForm.self) { visit, form in
                try await Dashboard.verify(id: id, form: form, visit)
            }
        }
    }

    // MARK: Pages and forms

    /// A page for a signed-in person: the sign-in page instead when the browser has no valid session.
    func page(_ request: Request, _ build: (Visit) async throws -> Response) async throws -> Response {
        let labels = self.labels(for: request)
        guard let token = self.session.token(in: request) else { return Self.toSignIn(request) }
        let actor: Actor
        do {
            actor = try await self.services.actor(sessionToken: token)
        } catch {
            return Self.toSignIn(request)
        }
        let visit = Visit(site: self, request: request, token: token, actor: actor, labels: labels)
        do {
            var response = try await build(visit)
            if let language = request.uri.queryParameters["lang"].map(String.init),
                Labels.Language(rawValue: language) != nil
            {
                response.setCookie(
                    Cookie(
                        name: WebSession.languageCookie,
                        value: language,
                        maxAge: 365 * 86400,
                        path: "/",
                        sameSite: .strict
                    )
                )
            }
            return response
        } catch {
            return self.failure(error, visit)
        }
    }

    /// A form post from a signed-in page: refused unless it comes from this node's pages (Origin, when sent) and
    /// carries the session's form token; then `handle` runs with the decoded form.
    func form<Form: Decodable & CSRFCarrying>(
        _ request: Request,
        _ context: BasicRequestContext,
        _ type: Form.Type,
        _ handle: @escaping (Visit, Form) async throws -> Response
    ) async throws -> Response {
        guard let token = self.session.token(in: request) else { return Self.redirect("/sign-in") }
        let form: Form
        do {
            form = try await self.decode(Form.self, request, context)
        } catch {
            return self.refusal(.badRequest, self.labels(for: request).phrase("the form could not be read"))
        }
        guard self.sameOrigin(request), WebSession.same(form.csrf ?? "", WebSession.formToken(session: token)) else {
            self.logger.notice(
                "web form refused: missing or wrong form token",
                metadata: ["path": "\(request.uri.path)"]
            )
            return self.refusal(.forbidden, self.labels(for: request).phrase("form token refused"))
        }
        return try await self.page(request) { visit in try await handle(visit, form) }
    }

    func decode<Form: Decodable>(_ type: Form.Type, _ request: Request, _ context: BasicRequestContext) async throws
        -> Form
    {
        var request = request
        let body = try await request.collectBody(upTo: self.configuration.maxFormBytes)
        return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
    }

    /// Whether a post's `Origin` (when the browser sends one) is this node's own.
    func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        let scheme = self.configuration.tls == nil ? "http" : "https"
        return origin == "\(scheme)://\(host)"
    }

    // MARK: Signing in

    func signInPage(_ request: Request, problem: String?, status: HTTPResponse.Status = .ok) -> Response {
        let labels = self.labels(for: request)
        let value = WebSession.randomValue()
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        let html = self.views.render(
            "sign-in",
            SignInModel(
                chrome: Chrome(title: labels.phrase("sign in"), labels: labels, request: request),
                csrf: value,
                next: next,
                problem: problem,
                labels: labels
            )
        )
        var response = Self.response(html, status: status)
        response.setCookie(self.session.signInCookie(value))
        return response
    }

    func signIn(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let labels = self.labels(for: request)
        guard let form = try? await self.decode(SignInForm.self, request, context) else {
            return self.signInPage(request, problem: labels.phrase("the form could not be read"), status: .badRequest)
        }
        guard self.sameOrigin(request), let expected = request.cookies[self.session.signInCookieName]?.value,
            WebSession.same(form.csrf ?? "", expected)
        else {
            return self.signInPage(request, problem: labels.phrase("form token refused"), status: .forbidden)
        }
        let agent = request.headers[.userAgent].map { String($0.prefix(40)) } ?? "browser"
        do {
            let login = try await self.services.signIn(
                username: form.username,
                password: form.password,
                device: "web: \(agent)"
            )
            let seconds = max(60, Int(login.expiresAtMs / 1000) - Int(self.node.store.now.timeIntervalSince1970))
            var response = Self.redirect(Self.safeNext(form.next) ?? "/")
            response.setCookie(self.session.sessionCookie(login.token, seconds: seconds))
            response.setCookie(
                Cookie(
                    name: self.session.signInCookieName,
                    value: "",
                    maxAge: 0,
                    path: "/",
                    secure: self.session.secure,
                    httpOnly: true,
                    sameSite: .strict
                )
            )
            return response
        } catch let error as RPCError {
            let status: HTTPResponse.Status = error.code == .resourceExhausted ? .tooManyRequests : .unauthorized
            let problem = error.code == .resourceExhausted ? error.message : labels.phrase("wrong username or password")
            return self.signInPage(request, problem: problem, status: status)
        }
    }

    /// A `next` target that stays on this node: a path, never another origin.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 512 else {
            return nil
        }
        return next
    }

    static func toSignIn(_ request: Request) -> Response {
        var target = request.uri.path
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }
        let next =
            target.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.~"))
            ) ?? "/"
        return self.redirect(target == "/" ? "/sign-in" : "/sign-in?next=\(next)")
    }

    // MARK: Answers

    func labels(for request: Request) -> Labels {
        if let language = request.uri.queryParameters["lang"].flatMap({ Labels.Language(rawValue: String($0)) }) {
            return Labels(language)
        }
        if let language = request.cookies[WebSession.languageCookie].flatMap({ Labels.Language(rawValue: $0.value) }) {
            return Labels(language)
        }
        return Labels(.zh)
    }

    /// A refusal or failure as a page: the protocol's status becomes the HTTP one, with the node's words.
    func failure(_ error: any Error, _ visit: Visit) -> Response {
        let status: RPCError = (error as? RPCError) ?? RPCError(code: .internal, message: "the page could not be built")
        if status.code == .internal {
            self.logger.error("web page failed", metadata: ["path": "\(visit.request.uri.path)", "error": "\(error)"])
        }
        let http: HTTPResponse.Status =
            switch status.code {
            case .permissionDenied: .forbidden
            case .unauthenticated: .unauthorized
            case .notFound: .notFound
            case .invalidArgument, .failedPrecondition, .outOfRange: .badRequest
            case .aborted, .alreadyExists: .conflict
            case .resourceExhausted: .tooManyRequests
            case .unavailable: .serviceUnavailable
            default: .internalServerError
            }
        return self.refusal(http, status.message, visit: visit)
    }

    func refusal(_ status: HTTPResponse.Status, _ message: String, visit: Visit? = nil) -> Response {
        let labels = visit?.labels ?? Labels(.zh)
        let chrome =
            visit.map { Chrome(title: labels.phrase("refused"), visit: $0, current: "") }
            ?? Chrome(title: labels.phrase("refused"), labels: labels, request: nil)
        let html = self.views.render(
            "problem",
            ProblemModel(chrome: chrome, status: "\(status.code)", message: message)
        )
        return Self.response(html, status: status)
    }

    static func response(_ text: String, status: HTTPResponse.Status = .ok, type: String = "text/html; charset=utf-8")
        -> Response
    {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// A signed-in request being answered: who, in which language, with which form token, and the services to call.
struct Visit: Sendable {
    let site: Site
    let request: Request
    let token: String
    let actor: Actor
    let labels: Labels

    var csrf: String { WebSession.formToken(session: self.token) }

    /// Runs a service method's implementation as this visitor, admitted as `method`'s RPC calls are.
    func call<Request, Response, Result: Sendable>(
        _ method: Method<Request, Response>,
        key: String? = nil,
        _ body: (Caller, OfficeServices) async throws -> Result
    ) async throws -> Result {
        let services = self.site.services
        return try await services.call(method, sessionToken: self.token, key: key) { try await body($0, services) }
    }

    /// The report period the page's `from` and `through` name; the current month to date when absent.
    var periodRequest: Chaindesk_V1_PeriodRequest {
        let query = self.request.uri.queryParameters
        return .with {
            $0.from = query["from"].map(String.init) ?? ""
            $0.through = query["through"].map(String.init) ?? ""
        }
    }

    /// Whether this visitor's role may call `method` (to show or hide its buttons; the call is checked anyway).
    func may<Request, Response>(_ method: Method<Request, Response>) -> Bool {
        guard let declaration = API.declaration(method.id) else { return false }
        return declaration.access.roles.map { $0.contains(self.actor.role) } ?? true
    }

    func render(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Hummingbird.Response {
        Site.response(self.site.views.render(template, model), status: status)
    }
}

protocol CSRFCarrying {
    var csrf: String? { get }
}

struct CSRFForm: Decodable, CSRFCarrying {
    var csrf: String?
}

struct SignInForm: Decodable {
    var username: String
    var password: String
    var csrf: String?
    var next: String?
}
