public import ChainDeskProto
public import ChainDeskRPC

/// ChainDesk's services as the wire sees them: each method's stable id, name, kind and message types, shared by
/// the server that implements them and the clients that call them. The ids are those of the `.proto` files'
/// headers; they never change.
public enum API {
    public enum System {
        public static let health = Method<Chaindesk_V1_HealthRequest, Chaindesk_V1_HealthResponse>(
            id: 16,
            name: "chaindesk.v1.System/Health",
            kind: .unary
        )
        public static let serverInfo = Method<Chaindesk_V1_ServerInfoRequest, Chaindesk_V1_ServerInfoResponse>(
            id: 17,
            name: "chaindesk.v1.System/ServerInfo",
            kind: .unary
        )
    }

    public enum Auth {
        public static let login = Method<Chaindesk_V1_LoginRequest, Chaindesk_V1_LoginResponse>(
            id: 18,
            name: "chaindesk.v1.Auth/Login",
            kind: .unary
        )
        public static let logout = Method<Chaindesk_V1_LogoutRequest, Chaindesk_V1_LogoutResponse>(
            id: 19,
            name: "chaindesk.v1.Auth/Logout",
            kind: .unary
        )
        public static let whoAmI = Method<Chaindesk_V1_WhoAmIRequest, Chaindesk_V1_UserInfo>(
            id: 20,
            name: "chaindesk.v1.Auth/WhoAmI",
            kind: .unary
        )
        public static let createUser = Method<Chaindesk_V1_CreateUserRequest, Chaindesk_V1_UserInfo>(
            id: 21,
            name: "chaindesk.v1.Auth/CreateUser",
            kind: .unary
        )
    }

    public enum Enterprises {
        public static let create = Method<Chaindesk_V1_CreateEnterpriseRequest, Chaindesk_V1_Enterprise>(
            id: 32,
            name: "chaindesk.v1.Enterprises/CreateEnterprise",
            kind: .unary
        )
        public static let get = Method<Chaindesk_V1_GetEnterpriseRequest, Chaindesk_V1_Enterprise>(
            id: 33,
            name: "chaindesk.v1.Enterprises/GetEnterprise",
            kind: .unary
        )
        public static let update = Method<Chaindesk_V1_UpdateEnterpriseRequest, Chaindesk_V1_Enterprise>(
            id: 34,
            name: "chaindesk.v1.Enterprises/UpdateEnterprise",
            kind: .unary
        )
        public static let list = Method<Chaindesk_V1_ListEnterprisesRequest, Chaindesk_V1_EnterpriseList>(
            id: 35,
            name: "chaindesk.v1.Enterprises/ListEnterprises",
            kind: .unary
        )
        public static let search = Method<Chaindesk_V1_SearchRequest, Chaindesk_V1_SearchResponse>(
            id: 36,
            name: "chaindesk.v1.Enterprises/Search",
            kind: .unary
        )
    }

    public enum Interactions {
        public static let log = Method<Chaindesk_V1_LogInteractionRequest, Chaindesk_V1_Interaction>(
            id: 48,
            name: "chaindesk.v1.Interactions/LogInteraction",
            kind: .unary
        )
        public static let list = Method<Chaindesk_V1_ListInteractionsRequest, Chaindesk_V1_InteractionList>(
            id: 49,
            name: "chaindesk.v1.Interactions/ListInteractions",
            kind: .unary
        )
    }

    public enum Contacts {
        public static let create = Method<Chaindesk_V1_CreateContactRequest, Chaindesk_V1_Contact>(
            id: 64,
            name: "chaindesk.v1.Contacts/CreateContact",
            kind: .unary
        )
        public static let list = Method<Chaindesk_V1_ListContactsRequest, Chaindesk_V1_ContactList>(
            id: 65,
            name: "chaindesk.v1.Contacts/ListContacts",
            kind: .unary
        )
    }
}
