internal import ChainDeskAPI
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
