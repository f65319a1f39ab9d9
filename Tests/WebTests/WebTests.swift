import ChainDeskAPI
import ChainDeskDomain
import ChainDeskProto
import ChainDeskServer
import ChainDeskStore
import ChainDeskTesting
import ChainDeskWeb
import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import Testing

/// The demo office's node with its web side on a free port, its clock fixed on 2026-11-20 (office time).
struct WebOffice: Sendable {
    let node: OfficeNode
    let port: Int
    let password: String

    static let now = Date(timeIntervalSince1970: 1_795_136_400)  // 2026-11-20 09:00 Asia/Shanghai

    static func with(
        tls: WebSurface.Configuration? = nil,
        _ body: @escaping @Sendable (WebOffice) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chaindesk-web-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = OfficeNode.Configuration(dataDirectory: folder)
        configuration.loadDemo = true
        configuration.store.clock = { WebOffice.now }
        var logger = Logger(label: "web-test")
        logger.logLevel = .critical
        let node = try await OfficeNode.open(configuration, logger: logger)
        let password = try #require(node.demoPassword)
        let started = AsyncStream<Int>.makeStream()
        let web = try WebSurface.service(node: node, configuration: tls ?? .init(port: 0), logger: logger) { port in
            started.continuation.yield(port)
        }
        let group = ServiceGroup(services: [web], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = started.stream.makeAsyncIterator()
            let port = try #require(await ports.next())
            do {
                try await body(WebOffice(node: node, port: port, password: password))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        try await node.store.close()
    }

    /// Signs `username` in through the sign-in form; returns the session cookie's value.
    func signIn(_ username: String) async throws -> String {
        let form = try await http("GET", self.port, "/sign-in")
        let csrf = try #require(form.field("csrf"))
        let answer = try await http(
            "POST",
            self.port,
            "/sign-in",
            cookies: ["chaindesk-signin": csrf],
            form: ["username": username, "password": self.password, "csrf": csrf]
        )
        #expect(answer.status == 303)
        let cookie = try #require(answer.setCookie("chaindesk"))
        return String(cookie.dropFirst("chaindesk=".count).prefix { $0 != ";" })
    }

    func get(_ path: String, as session: String) async throws -> Answer {
        try await http("GET", self.port, path, cookies: ["chaindesk": session])
    }
}

@Suite("The web pages as a browser meets them")
struct WebTests {
    @Test("a browser without a session is sent to sign in and brought back; the cookies are HttpOnly and SameSite")
    func signingIn() async throws {
        try await WebOffice.with { office in
            let away = try await http("GET", office.port, "/funnel?lang=en")
            #expect(away.status == 303)
            #expect(away.header("Location") == "/sign-in?next=/funnel%3Flang%3Den")
            let form = try await http("GET", office.port, "/sign-in?next=/funnel")
            let csrf = try #require(form.field("csrf"))
            let formCookie = try #require(form.setCookie("chaindesk-signin"))
            #expect(formCookie.contains("HttpOnly") && formCookie.contains("SameSite=Strict"))
            // The form's token must come back in the form and in its cookie.
            let forged = try await http(
                "POST",
                office.port,
                "/sign-in",
                cookies: ["chaindesk-signin": csrf],
                form: [
                    "username": "director", "password": office.password,
                    "csrf": (csrf.hasPrefix("0") ? "1" : "0") + csrf.dropFirst(),
                ]
            )
            #expect(forged.status == 403)
            #expect(forged.setCookie("chaindesk") == nil)
            let signedIn = try await http(
                "POST",
                office.port,
                "/sign-in",
                cookies: ["chaindesk-signin": csrf],
                form: ["username": "director", "password": office.password, "csrf": csrf, "next": "/funnel"]
            )
            #expect(signedIn.status == 303)
            #expect(signedIn.header("Location") == "/funnel")
            let session = try #require(signedIn.setCookie("chaindesk"))
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"))
            #expect(!session.contains("Secure"), "a Secure cookie on plain HTTP would be dropped by the browser")
            // A next that leaves the node is not followed.
            let elsewhere = try await http(
                "POST",
                office.port,
                "/sign-in",
                cookies: ["chaindesk-signin": csrf],
                form: ["username": "director", "password": office.password, "csrf": csrf, "next": "//evil.example"]
            )
            #expect(elsewhere.header("Location") == "/")
        }
    }

    @Test("with the node's certificate the pages are HTTPS, and the session cookie is Secure and __Host-")
    func overTLS() async throws {
        let folder = try devCertificate()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = folder.appendingPathComponent("dev-cert.pem")
        let configuration = WebSurface.Configuration(
            port: 0,
            tls: try WebSurface.tls(
                certificateChain: certificate.path,
                privateKey: folder.appendingPathComponent("dev-key.pem").path
            )
        )
        try await WebOffice.with(tls: configuration) { office in
            let form = try await http("GET", office.port, "/sign-in", trusting: certificate)
            let csrf = try #require(form.field("csrf"))
            let formCookie = try #require(form.setCookie("__Host-chaindesk-signin"))
            #expect(formCookie.contains("Secure"))
            let signedIn = try await http(
                "POST",
                office.port,
                "/sign-in",
                cookies: ["__Host-chaindesk-signin": csrf],
                form: ["username": "director", "password": office.password, "csrf": csrf],
                headers: ["Origin": "https://127.0.0.1:\(office.port)"],
                trusting: certificate
            )
            #expect(signedIn.status == 303)
            let session = try #require(signedIn.setCookie("__Host-chaindesk"))
            #expect(session.contains("Secure") && session.contains("HttpOnly") && session.contains("Path=/"))
            #expect(!session.contains("Domain"))
            await #expect(throws: (any Error).self, "the port speaks no plain HTTP") {
                _ = try await http("GET", office.port, "/health")
            }
        }
    }

    @Test("wrong passwords are refused, then throttled, as the protocol's sign-in is")
    func throttled() async throws {
        try await WebOffice.with { office in
            let form = try await http("GET", office.port, "/sign-in")
            let csrf = try #require(form.field("csrf"))
            var statuses: [Int] = []
            for _ in 0..<7 {
                let answer = try await http(
                    "POST",
                    office.port,
                    "/sign-in",
                    cookies: ["chaindesk-signin": csrf],
                    form: ["username": "leader", "password": "not-the-password", "csrf": csrf]
                )
                statuses.append(answer.status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == 401 })
            #expect(statuses.last == 429)
            let entries = try await office.node.store.signIns(limit: 20)
            #expect(entries.contains { $0.outcome == .throttled && $0.username == "leader" })
        }
    }

    @Test("the 驾驶舱 shows the Cumulative method's figures for the period asked, with the pages' headers")
    func dashboard() async throws {
        try await WebOffice.with { office in
            let session = try await office.signIn("leader")
            let page = try await office.get("/?period=2026-10", as: session)
            #expect(page.status == 200)
            #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
            #expect(page.header("X-Frame-Options") == "DENY")
            #expect(page.header("Cache-Control") == "no-store")
            let report = try await office.node.services.call(API.Reports.cumulative, sessionToken: session) {
                try await office.node.services.reportService.cumulative(
                    .with {
                        $0.year = 2026
                        $0.throughMonth = 10
                    },
                    caller: $0
                )
            }
            #expect(page.text.contains(report.sentence))
            #expect(page.text.contains("data-count=\"\(report.projects.count)\""))
            #expect(page.text.contains("data-yuan=\"\(report.totalYuan)\""))
            for project in report.projects { #expect(page.text.contains("data-id=\"\(project.id)\"")) }
            #expect(
                !page.text.contains("id=\"closed\"") && !page.text.contains("id=\"since-closing\""),
                "an open period"
            )
            let english = try await office.get("/?period=2026-10&lang=en", as: session)
            #expect(english.text.contains("<h1>dashboard</h1>"))
            #expect(english.setCookie("chaindesk-lang")?.hasPrefix("chaindesk-lang=en") == true)
            let bad = try await office.get("/?period=2026-13", as: session)
            #expect(bad.status == 400)
            #expect(bad.text.contains("not a month like 2026-10"))
        }
    }

    @Test("a leader's verification is refused by role, a form without its token by CSRF; a director's goes through")
    func forms() async throws {
        try await WebOffice.with { office in
            let awaiting = try await office.node.store.fetchAll(Project.self).filter {
                $0.signedOn != nil && $0.signingVerifiedBy == nil
            }
            let project = try #require(awaiting.first)
            let leader = try await office.signIn("leader")
            let leaderPage = try await office.get("/", as: leader)
            #expect(!leaderPage.text.contains("/projects/\(project.id)/verify"), "a leader is offered no button")
            let leaderToken = try #require(leaderPage.field("csrf"))
            let byLeader = try await http(
                "POST",
                office.port,
                "/projects/\(project.id)/verify",
                cookies: ["chaindesk": leader],
                form: ["csrf": leaderToken, "version": "0"]
            )
            #expect(byLeader.status == 403)
            #expect(byLeader.text.contains("leadership may not call this method"))

            let director = try await office.signIn("director")
            let page = try await office.get("/", as: director)
            #expect(page.text.contains("/projects/\(project.id)/verify"))
            let token = try #require(page.field("csrf"))
            let withoutToken = try await http(
                "POST",
                office.port,
                "/projects/\(project.id)/verify",
                cookies: ["chaindesk": director],
                form: ["version": "0"]
            )
            #expect(withoutToken.status == 403)
            let otherOrigin = try await http(
                "POST",
                office.port,
                "/projects/\(project.id)/verify",
                cookies: ["chaindesk": director],
                form: ["csrf": token, "version": "0"],
                headers: ["Origin": "http://evil.example"]
            )
            #expect(otherOrigin.status == 403)
            #expect(try await office.node.store.fetch(Project.self, id: project.id.rawValue)?.signingVerifiedBy == nil)

            let verified = try await http(
                "POST",
                office.port,
                "/projects/\(project.id)/verify",
                cookies: ["chaindesk": director],
                form: ["csrf": token, "version": "0"]
            )
            #expect(verified.status == 303)
            #expect(
                try await office.node.store.fetch(Project.self, id: project.id.rawValue)?.signingVerifiedBy
                    == "director"
            )

            let out = try await http(
                "POST",
                office.port,
                "/sign-out",
                cookies: ["chaindesk": director],
                form: ["csrf": token]
            )
            #expect(out.status == 303)
            #expect(try await office.get("/", as: director).status == 303, "the session is revoked on the node")
        }
    }

    @Test("every page answers a signed-in officer; exports are a CSV with a BOM and a workbook; /health is ready")
    func pages() async throws {
        try await WebOffice.with { office in
            let session = try await office.signIn("li-xingzhi")
            for path in ["/", "/funnel", "/map", "/referrals", "/aftercare", "/activity", "/enterprises?q=haoshun"] {
                let page = try await office.get(path, as: session)
                #expect(page.status == 200, "\(path): \(page.status) \(page.text.prefix(300))")
            }
            let search = try await office.get("/enterprises?q=%E8%B1%AA%E9%A1%BA", as: session)  // 豪顺
            let link = try #require(
                search.text.range(of: "href=\"/enterprises/").map {
                    String(search.text[$0.upperBound...].prefix { $0 != "\"" })
                }
            )
            let enterprise = try await office.get("/enterprises/\(link)", as: session)
            #expect(enterprise.status == 200)
            #expect(enterprise.text.contains("豪顺"))
            #expect(try await office.get("/enterprises/no-such-id", as: session).status == 404)

            let csv = try await office.get("/reports/cumulative.csv?period=2026-10", as: session)
            #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.header("Content-Disposition")?.contains("chaindesk-cumulative-2026-10.csv") == true)
            let xlsx = try await office.get("/reports/funnel.xlsx", as: session)
            #expect(Array(xlsx.body.prefix(2)) == Array("PK".utf8))
            #expect(try await office.get("/reports/nothing.xlsx", as: session).status == 404)

            let health = try await http("GET", office.port, "/health")
            #expect(health.status == 200)
            #expect(health.text.contains("\"ready\":true") && health.text.contains("\"migrationsCurrent\":true"))
            #expect(try await http("GET", office.port, "/metrics").status == 404, "no registry in this process")
        }
    }
}
