internal import ChainDeskAPI
internal import ChainDeskDomain
public import ChainDeskProto
public import Foundation
internal import SwiftProtobuf

/// The fields of an enterprise a person gives, as typed: names of staff and chains are references, resolved by the
/// use case. A field left nil stays as it is (or takes the office's default on a new enterprise).
public struct EnterpriseDraft: Sendable {
    public var legalName: String?
    public var shortName: String?
    public var creditCode: String?
    public var kind: String?
    public var industry: String?
    public var location: String?
    /// The chain: id or name.
    public var chain: String?
    public var scale: String?
    /// The officer who follows it: username, id, name or `me`.
    public var owner: String?
    public var relationship: String?
    public var development: String?
    /// Replaces the aliases when not empty.
    public var aliases: [String] = []

    public init() {}

    /// The draft's values on `enterprise`, references resolved with `calls`.
    func apply(to enterprise: inout Chaindesk_V1_Enterprise, calls: some OfficeCalls) async throws {
        if let legalName { enterprise.legalName = legalName }
        if let shortName { enterprise.shortName = shortName }
        if let creditCode { enterprise.creditCode = creditCode.uppercased() }
        if let kind { enterprise.kind = kind }
        if let industry { enterprise.industry = industry }
        if let location { enterprise.location = location }
        if let scale { enterprise.scale = scale }
        if let relationship { enterprise.relationship = relationship }
        if let development { enterprise.developmentStatus = development }
        if !self.aliases.isEmpty { enterprise.aliases = self.aliases }
        if let chain { enterprise.chainID = try await calls.resolveChain(chain).id }
        if let owner { enterprise.ownerID = try await calls.resolveStaff(owner).id }
    }
}

/// A person at an enterprise or chamber, as typed.
public struct ContactDraft: Sendable {
    public var name: String
    public var title: String?
    public var phone: String?
    public var wechat: String?
    public var email: String?

    public init(name: String) {
        self.name = name
    }
}

extension OfficeCalls {
    /// Adds an enterprise. Its values are checked as the office checks them (a GB 32100 credit code, names)
    /// before anything is sent or, offline, queued.
    public func addEnterprise(_ draft: EnterpriseDraft) async throws -> Written<Chaindesk_V1_Enterprise> {
        var enterprise = Chaindesk_V1_Enterprise()
        try await draft.apply(to: &enterprise, calls: self)
        let stored = try await self.call(
            API.Enterprises.createEnterprise,
            .with { $0.enterprise = enterprise },
            key: newKey()
        )
        return Written(stored) { stored, _ in "added \(stored.legalName) [\(stored.id)]" }
    }

    /// Changes an enterprise: the draft's fields, the rest as they are.
    public func editEnterprise(_ reference: String, _ draft: EnterpriseDraft) async throws
        -> Written<Chaindesk_V1_Enterprise>
    {
        var enterprise = try await self.resolveEnterprise(reference)
        try await draft.apply(to: &enterprise, calls: self)
        let stored = try await self.call(
            API.Enterprises.updateEnterprise,
            .with { $0.enterprise = enterprise },
            key: newKey()
        )
        return Written(stored) { stored, _ in "updated \(stored.legalName) [\(stored.id)] to version \(stored.version)"
        }
    }

    /// Adds a contact person to an enterprise.
    public func addContact(at reference: String, _ draft: ContactDraft) async throws -> Written<Chaindesk_V1_Contact> {
        let enterprise = try await self.resolveEnterprise(reference)
        let contact = Chaindesk_V1_Contact.with {
            $0.enterpriseID = enterprise.id
            $0.name = draft.name
            $0.title = draft.title ?? ""
            $0.phone = draft.phone ?? ""
            $0.wechat = draft.wechat ?? ""
            $0.email = draft.email ?? ""
        }
        let stored = try await self.call(API.Contacts.createContact, .with { $0.contact = contact }, key: newKey())
        let name = enterprise.legalName
        return Written(stored) { stored, _ in "added \(stored.name) at \(name) [\(stored.id)]" }
    }
}

/// A fresh idempotency key for one write: a retry of the same call has one effect.
public func newKey() -> String { UUID().uuidString.lowercased() }

/// An enterprise with its contacts, its latest contacts logged and its projects.
public struct EnterpriseDossier: Presentable {
    public let enterprise: Chaindesk_V1_Enterprise
    public let contacts: [Chaindesk_V1_Contact]
    public let interactions: [Chaindesk_V1_Interaction]
    public let projects: [Chaindesk_V1_Project]

    public func present(into out: inout Printout) throws {
        try out.json([
            "enterprise": self.enterprise,
            "contacts": Chaindesk_V1_ContactList.with { $0.contacts = self.contacts },
            "interactions": Chaindesk_V1_InteractionList.with { $0.interactions = self.interactions },
            "projects": Chaindesk_V1_ProjectList.with { $0.projects = self.projects },
        ])
        let labels = out.labels
        let enterprise = self.enterprise
        out.fields([
            ("name", enterprise.legalName), ("short name", enterprise.shortName), ("id", enterprise.id),
            ("kind", labels[enterprise.kind]), ("credit code", enterprise.creditCode),
            ("industry", enterprise.industry), ("location", enterprise.location),
            ("chain", enterprise.chainID), ("scale", labels[enterprise.scale]),
            ("owner", enterprise.ownerID), ("relationship", labels[enterprise.relationship]),
            ("alias", enterprise.aliases.joined(separator: ", ")),
        ])
        if !self.contacts.isEmpty {
            out.line("")
            out.table(
                ["contact", "job title", "phone", "wechat"],
                self.contacts.map { [$0.name, $0.title, $0.phone, $0.wechat] }
            )
        }
        if !self.interactions.isEmpty {
            out.line("")
            out.table(
                ["when", "kind", "summary", "due"],
                self.interactions.map { [Formats.time($0.occurredAtMs), labels[$0.kind], $0.summary, $0.nextStepDue] }
            )
        }
        if !self.projects.isEmpty {
            out.line("")
            out.table(
                ["project", "stage", "status", "planned"],
                self.projects.map {
                    [
                        $0.name, labels.value("stage", $0.stage), labels.value("status", $0.status),
                        Formats.money($0.plannedInvestmentYuan),
                    ]
                }
            )
        }
    }
}

/// Enterprises, one line each.
public struct EnterpriseListing: Presentable {
    public let enterprises: [Chaindesk_V1_Enterprise]

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_EnterpriseList.with { $0.enterprises = self.enterprises })
        let labels = out.labels
        out.table(
            ["name", "kind", "owner", "relationship", "id"],
            self.enterprises.map {
                [$0.legalName, labels[$0.kind], $0.ownerID, labels[$0.relationship], Formats.shortID($0.id)]
            }
        )
    }
}

/// An enterprise's contact people.
public struct ContactListing: Presentable {
    public let contacts: [Chaindesk_V1_Contact]

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_ContactList.with { $0.contacts = self.contacts })
        out.table(
            ["contact", "job title", "phone", "wechat", "email", "id"],
            self.contacts.map { [$0.name, $0.title, $0.phone, $0.wechat, $0.email, Formats.shortID($0.id)] }
        )
    }
}

/// The contacts logged with an enterprise, newest first: what stands, or with `all` the corrected ones too, marked.
public struct ContactHistory: Presentable {
    public let interactions: [Chaindesk_V1_Interaction]
    public let all: Bool

    public func present(into out: inout Printout) throws {
        try out.json(Chaindesk_V1_InteractionList.with { $0.interactions = self.interactions })
        let labels = out.labels
        // A correction stands in for what it corrects; `all` shows both, the replaced one marked.
        let corrected = Set(self.interactions.map(\.correctsID).filter { !$0.isEmpty })
        let shown = self.interactions.filter { self.all || !corrected.contains($0.id) }
        out.table(
            ["id", "when", "kind", "who", "summary", "next step", "due"],
            shown.map {
                let mark =
                    corrected.contains($0.id)
                    ? "[\(labels["corrected"])] " : $0.correctsID.isEmpty ? "" : "[\(labels["correction"])] "
                return [
                    Formats.shortID($0.id), Formats.time($0.occurredAtMs), labels[$0.kind], $0.staffID,
                    mark + $0.summary, $0.nextStep, $0.nextStepDue,
                ]
            }
        )
    }
}

extension OfficeCalls {
    /// An enterprise, by reference, with its contacts, its ten latest contacts logged and its projects.
    public func dossier(of reference: String) async throws -> EnterpriseDossier {
        let enterprise = try await self.resolveEnterprise(reference)
        let contacts = try await self.contacts(ofID: enterprise.id)
        let interactions = try await self.interactions(of: enterprise.id, limit: 10)
        let projects = try await self.call(
            API.Projects.listProjects,
            .with { $0.enterpriseID = enterprise.id },
            key: nil
        ).projects
        return EnterpriseDossier(
            enterprise: enterprise,
            contacts: contacts,
            interactions: interactions,
            projects: projects
        )
    }

    /// Enterprises, by owner and chain (references) and kind, at most `limit`, read page by page.
    public func enterprises(owner: String?, kind: String?, chain: String?, limit: Int) async throws
        -> EnterpriseListing
    {
        var request = Chaindesk_V1_ListEnterprisesRequest()
        if let owner { request.ownerID = try await self.resolveStaff(owner).id }
        if let kind { request.kind = kind }
        if let chain { request.chainID = try await self.resolveChain(chain).id }
        var all: [Chaindesk_V1_Enterprise] = []
        repeat {
            request.limit = UInt32(max(1, min(1000, limit - all.count)))
            let page = try await self.call(API.Enterprises.listEnterprises, request, key: nil)
            all += page.enterprises
            request.after = page.next
        } while !request.after.isEmpty && all.count < limit
        return EnterpriseListing(enterprises: all)
    }

    /// An enterprise's contact people, by reference.
    public func contacts(of reference: String) async throws -> ContactListing {
        ContactListing(contacts: try await self.contacts(ofID: try await self.resolveEnterprise(reference).id))
    }

    /// The contacts logged with an enterprise (a reference), newest first, at most `limit`.
    public func history(of reference: String, limit: Int, all: Bool) async throws -> ContactHistory {
        let enterprise = try await self.resolveEnterprise(reference)
        return ContactHistory(interactions: try await self.interactions(of: enterprise.id, limit: limit), all: all)
    }

    func contacts(ofID id: String) async throws -> [Chaindesk_V1_Contact] {
        try await self.call(API.Contacts.listContacts, .with { $0.enterpriseID = id }, key: nil).contacts
    }
}
