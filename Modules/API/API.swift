public import ChainDeskDomain
public import ChainDeskProto
public import ChainDeskRPC
public import SwiftProtobuf

/// ChainDesk's services as the wire sees them: each method's stable id, name, kind and message types, shared by
/// the node that implements them and the clients that call them, with who may call each and what a field device
/// does with it offline.
///
/// Every method is declared once, on its rpc in `Protocol/chaindesk/v1/*.proto` (the option `chaindesk.v1.method`,
/// options.proto); `Generated/API+Methods.swift` is written from those declarations by Tools/generate-protos.sh:
/// one `Method` per rpc (`API.Projects.listProjects`) and ``API/declarations``. docs/adding-a-method.md walks
/// through adding one.
public enum API {
    /// The declaration of a method, by id.
    public static func declaration(_ id: UInt32) -> Declaration? { Self.byID[id] }

    private static let byID = Dictionary(uniqueKeysWithValues: Self.declarations.map { ($0.id, $0) })
}

/// One method's declaration: who may call it, and what a field device without the node does with it.
public struct Declaration: Sendable {
    /// Who may call a method: checked by the node before the method runs.
    public enum Access: Sendable, Hashable {
        /// No session needed.
        case open
        /// Any signed-in staff member; the method may narrow what it answers.
        case signedIn
        /// Staff with one of these roles; others are refused with PERMISSION_DENIED.
        case roles(Set<Staff.Role>)

        /// The roles admitted, or nil for every signed-in role (and for open methods, which need no session).
        public var roles: Set<Staff.Role>? {
            if case .roles(let roles) = self { roles } else { nil }
        }
    }

    /// What the field client does with a call while the node is unreachable.
    public enum Offline: String, Sendable, Hashable {
        /// Answered from the device's copy of its working set.
        case fromCopy
        /// Checked with the domain's rules, applied to the copy and queued for the next sync.
        case queued
        /// Fails at once with UNAVAILABLE.
        case needsNode
    }

    public let id: UInt32
    /// `package.Service/Method`.
    public let name: String
    public let kind: CallKind
    public let access: Access
    public let offline: Offline
    /// The request's message type: an empty one is what a probe or a fuzzer starts from.
    public let request: any SwiftProtobuf.Message.Type
    public let response: any SwiftProtobuf.Message.Type

    public init<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ method: Method<Request, Response>,
        access: Access,
        offline: Offline
    ) {
        self.id = method.id
        self.name = method.name
        self.kind = method.kind
        self.access = access
        self.offline = offline
        self.request = Request.self
        self.response = Response.self
    }
}
