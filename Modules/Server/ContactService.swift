public import ChainDeskAPI
public import ChainDeskDomain
public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire

/// Contacts (Protocol/chaindesk/v1/contacts.proto).
struct ContactService: API.Contacts.Service {
    let store: Store
    let gate: Gate

    typealias Message = Chaindesk_V1_Contact

    func createContact(_ request: Chaindesk_V1_CreateContactRequest, caller: Caller) async throws
        -> Chaindesk_V1_Contact
    {
        let actor = caller.actor
        let wire = request.contact
        if actor.role == .officer, !(try await gate.mayEdit(enterprise: wire.enterpriseID, actor)) {
            throw RPCError(
                code: .permissionDenied,
                message: "an officer adds contacts only to the enterprises assigned to them or that they created"
            )
        }
        let contact = try Contact(wire: wire)
        return Self.message(try await store.create(contact, by: actor, key: caller.key))
    }

    func listContacts(_ request: Chaindesk_V1_ListContactsRequest, caller: Caller) async throws
        -> Chaindesk_V1_ContactList
    {
        var list = Chaindesk_V1_ContactList()
        list.contacts = try await store.contacts(of: ID(request.enterpriseID)).map(Self.message)
        return list
    }

    static func message(_ contact: Contact) -> Message {
        var message = Message()
        message.id = contact.id.rawValue
        message.enterpriseID = contact.enterpriseID.rawValue
        message.name = contact.name
        message.title = contact.title
        message.phone = contact.phone ?? ""
        message.wechat = contact.wechat ?? ""
        message.email = contact.email ?? ""
        message.version = Int64(contact.version)
        return message
    }
}
