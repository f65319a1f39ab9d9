internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskServer
internal import ChainDeskSheets
internal import Foundation
internal import Hummingbird
internal import SwiftProtobuf

/// 企业: search by name, short name, pinyin, initials, credit code or phone — the Search method, as the command
/// line's `chaindesk search` — and an enterprise's page: its record, contacts, history, projects and requests.
enum EnterprisePages {
    struct SearchModel {
        struct Hit {
            let href: String?
            let title: String
            let kind: String
        }

        let chrome: Chrome
        let words: [String: String]
        let query: String
        let searched: Bool
        let hits: [Hit]
    }

    struct Model {
        struct Pair {
            let label: String
            let value: String
        }

        let chrome: Chrome
        let words: [String: String]
        let fields: [Pair]
        let contacts: [[String]]
        let history: [[String]]
        let projects: [[String]]
        let requests: [[String]]
    }

    static let searchTemplate = """
        {{<layout}}{{$body}}
        <form class="search" method="get" action="/enterprises">
          <label>{{words.search}} <input name="q" value="{{query}}" autofocus></label>
          <button type="submit">{{words.search}}</button>
        </form>
        {{#searched}}
        <ul id="hits">{{#hits}}<li>{{#href}}<a href="{{href}}">{{title}}</a>{{/href}}{{^href}}{{title}}{{/href}}
        <small>{{kind}}</small></li>{{/hits}}</ul>
        {{^hits}}<p>{{words.none}}</p>{{/hits}}
        {{/searched}}
        {{/body}}{{/layout}}
        """

    static let template = """
        {{<layout}}{{$body}}
        <table class="figures" id="record"><tbody>
        {{#fields}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/fields}}
        </tbody></table>
        <h2>{{words.contacts}}</h2>
        <table id="contacts"><tbody>{{#contacts}}<tr>{{#.}}<td>{{.}}</td>{{/.}}</tr>{{/contacts}}
        {{^contacts}}<tr><td>{{words.none}}</td></tr>{{/contacts}}</tbody></table>
        <h2>{{words.history}}</h2>
        <table id="history"><tbody>{{#history}}<tr>{{#.}}<td>{{.}}</td>{{/.}}</tr>{{/history}}
        {{^history}}<tr><td>{{words.none}}</td></tr>{{/history}}</tbody></table>
        <h2>{{words.projects}}</h2>
        <table id="projects"><tbody>{{#projects}}<tr>{{#.}}<td>{{.}}</td>{{/.}}</tr>{{/projects}}
        {{^projects}}<tr><td>{{words.none}}</td></tr>{{/projects}}</tbody></table>
        <h2>{{words.requests}}</h2>
        <table id="requests"><tbody>{{#requests}}<tr>{{#.}}<td>{{.}}</td>{{/.}}</tr>{{/requests}}
        {{^requests}}<tr><td>{{words.none}}</td></tr>{{/requests}}</tbody></table>
        {{/body}}{{/layout}}
        """

    static func words(_ labels: Labels) -> [String: String] {
        labels.commonWords.merging(
            [
                "search": labels.phrase("search"), "contacts": labels.phrase("contacts"),
                "history": labels.phrase("history"), "projects": labels["projects"],
                "requests": labels.phrase("requests"),
            ],
            uniquingKeysWith: { _, new in new }
        )
    }

    static func search(_ visit: Visit) async throws -> Response {
        let labels = visit.labels
        let query =
            visit.request.uri.queryParameters["q"].map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        var hits: [SearchModel.Hit] = []
        if !query.isEmpty {
            let response = try await visit.call(API.Enterprises.search) { caller, services in
                try await services.enterpriseService.search(
                    .with {
                        $0.query = String(query.prefix(100))
                        $0.limit = 50
                    },
                    caller: caller
                )
            }
            hits = response.hits.map {
                SearchModel.Hit(
                    href: $0.kind == "enterprise"
                        ? "/enterprises/\($0.id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0.id)"
                        : nil,
                    title: $0.title,
                    kind: labels[$0.kind]
                )
            }
        }
        let model = SearchModel(
            chrome: Chrome(title: labels.phrase("enterprises"), visit: visit, current: "/enterprises"),
            words: Self.words(labels),
            query: query,
            searched: !query.isEmpty,
            hits: hits
        )
        return visit.render("enterprises", model)
    }

    static func page(id: String, _ visit: Visit) async throws -> Response {
        let labels = visit.labels
        let enterprise = try await visit.call(API.Enterprises.getEnterprise) { caller, services in
            try await services.enterpriseService.getEnterprise(.with { $0.id = id }, caller: caller)
        }
        let contacts = try await visit.call(API.Contacts.listContacts) { caller, services in
            try await services.contactService.listContacts(.with { $0.enterpriseID = id }, caller: caller)
        }
        let history = try await visit.call(API.Interactions.listInteractions) { caller, services in
            try await services.interactionService.listInteractions(
                .with {
                    $0.enterpriseID = id
                    $0.limit = 50
                },
                caller: caller
            )
        }
        let projects = try await visit.call(API.Projects.listProjects) { caller, services in
            try await services.projectService.listProjects(.with { $0.enterpriseID = id }, caller: caller)
        }
        let requests = try await visit.call(API.ServiceRequests.listServiceRequests) { caller, services in
            try await services.serviceRequestService.listServiceRequests(.with { $0.enterpriseID = id }, caller: caller)
        }
        let fields: [(String, String)] = [
            ("name", enterprise.legalName), ("short name", enterprise.shortName),
            ("alias", enterprise.aliases.joined(separator: "、")), ("credit code", enterprise.creditCode),
            ("kind", labels[enterprise.kind]), ("location", enterprise.location), ("industry", enterprise.industry),
            ("scale", labels[enterprise.scale]), ("relationship", labels[enterprise.relationship]),
            ("owner", enterprise.ownerID),
        ]
        let model = Model(
            chrome: Chrome(title: enterprise.legalName, visit: visit, current: "/enterprises"),
            words: Self.words(labels),
            fields: fields.filter { !$0.1.isEmpty }.map { Model.Pair(label: labels[$0.0], value: $0.1) },
            contacts: contacts.contacts.map { [$0.name, $0.title, $0.phone, $0.wechat, $0.email] },
            history: history.interactions.map {
                [
                    ReportSheets.officeTime($0.occurredAtMs), labels[$0.kind], $0.staffID, $0.summary,
                    $0.nextStep.isEmpty ? "" : "\(labels["next step"]): \($0.nextStep) \($0.nextStepDue)",
                ]
            },
            projects: projects.projects.map {
                [
                    $0.name, labels.value("stage", $0.stage), labels.value("status", $0.status),
                    Yuan($0.plannedInvestmentYuan).description, $0.signedOn,
                ]
            },
            requests: requests.requests.map {
                [$0.title, labels[$0.category], labels.value("status", $0.status), $0.resolution]
            }
        )
        return visit.render("enterprise", model)
    }
}
