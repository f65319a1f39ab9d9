internal import ChainDeskDomain
internal import Foundation
internal import Hummingbird
internal import Mustache

/// The pages' Mustache templates (`layout` and one per page, each filling the layout's `body` block), rendered
/// from plain model structs; Mustache escapes every `{{value}}`, and only the node's own SVG goes in unescaped
/// (`{{{chart}}}`).
struct Views: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all { try library.register(text, named: name) }
        self.library = library
    }

    func render(_ name: String, _ model: Any) -> String {
        self.library.render(Fields(model), withTemplate: name)
            ?? "<!doctype html><title>ChainDesk</title><p>\(name) is missing"
    }
}

/// A model's fields by name, read through reflection once. Mustache looks a name up in every enclosing context
/// from the innermost out, so each `{{csrf}}` or `{{words.verify}}` inside a list row otherwise reflects the whole
/// page model again; the 驾驶舱's 50 awaiting rows spent a tenth of the page's time doing that.
struct Fields: MustacheParent {
    let fields: [String: Any]

    init(_ model: Any) {
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: model).children {
            guard let label = child.label else { continue }
            // An optional field that is nil is no field, as Mustache's own reflection has it.
            let value = Mirror(reflecting: child.value)
            if value.displayStyle == .optional {
                if let wrapped = value.children.first { fields[label] = wrapped.value }
            } else {
                fields[label] = child.value
            }
        }
        self.fields = fields
    }

    func child(named name: String) -> Any? { self.fields[name] }
}

/// What the layout shows around every page: the title, the navigation, who is signed in, the language switch.
struct Chrome {
    struct Link {
        let href: String
        let label: String
        let current: Bool
    }

    let title: String
    let lang: String
    let signedIn: Bool
    let who: String
    let csrf: String
    let nav: [Link]
    let otherLanguage: Link
    let signOut: String
    let print: String

    /// The chrome of a signed-in page; `current` is the path of its navigation entry.
    init(title: String, visit: Visit, current: String) {
        let labels = visit.labels
        self.title = title
        self.lang = labels.language == .zh ? "zh-CN" : "en"
        self.signedIn = true
        self.who = "\(visit.actor.staffID.rawValue) · \(labels[visit.actor.role.rawValue])"
        self.csrf = visit.csrf
        self.nav = Self.pages.map { Link(href: $0.path, label: labels.phrase($0.phrase), current: $0.path == current) }
        self.otherLanguage = Self.languageLink(labels, visit.request)
        self.signOut = labels.phrase("sign out")
        self.print = labels.phrase("print")
    }

    /// The chrome of a page without a session (sign-in, a refusal).
    init(title: String, labels: Labels, request: Request?) {
        self.title = title
        self.lang = labels.language == .zh ? "zh-CN" : "en"
        self.signedIn = false
        self.who = ""
        self.csrf = ""
        self.nav = []
        self.otherLanguage = request.map { Self.languageLink(labels, $0) } ?? Link(href: "/", label: "", current: false)
        self.signOut = ""
        self.print = ""
    }

    /// The pages in the navigation, in order.
    static let pages: [(path: String, phrase: String)] = [
        ("/", "dashboard"), ("/funnel", "funnel"), ("/map", "industry map"), ("/referrals", "referrals"),
        ("/aftercare", "aftercare"), ("/activity", "activity"), ("/enterprises", "enterprises"),
    ]

    /// The same page in the other language.
    static func languageLink(_ labels: Labels, _ request: Request) -> Link {
        let other = labels.language == .zh ? "en" : "zh"
        var items = URLComponents(string: "http://node\(request.uri.description)")?.queryItems ?? []
        items.removeAll { $0.name == "lang" }
        items.append(URLQueryItem(name: "lang", value: other))
        var components = URLComponents()
        components.path = request.uri.path
        components.queryItems = items
        return Link(
            href: components.string ?? "/?lang=\(other)",
            label: other == "en" ? "English" : "中文",
            current: false
        )
    }
}

struct SignInModel {
    let chrome: Chrome
    let csrf: String
    let next: String?
    let problem: String?
    let words: [String: String]

    init(chrome: Chrome, csrf: String, next: String?, problem: String?, labels: Labels) {
        self.chrome = chrome
        self.csrf = csrf
        self.next = next
        self.problem = problem
        self.words = labels.words(["username": "username", "password": "password", "signIn": "sign in"])
    }
}

struct ProblemModel {
    let chrome: Chrome
    let status: String
    let message: String
}
