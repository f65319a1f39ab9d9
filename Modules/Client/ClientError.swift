internal import ChainDeskAPI
public import ChainDeskDomain
internal import ChainDeskRPC
internal import ChainDeskWire

/// A failure of the field client as its user meets it: a reference that names nothing or several records, a
/// value the office's rules refuse, a node that cannot be reached, this device's copy that cannot answer — or the
/// node's own refusal, translated.
///
/// The wire's ``RPCError`` is what the node answers; this is what the client library throws and what an app shows.
/// ``ClientError/init(_:)`` turns any error a client call can throw into one, so an app handles a single type.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is, which decides what the user can do about it (and a command's exit status):
    /// a struct over a private enum, so kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case badArgument = "bad argument"
            case refused
            case notFound = "not found"
            case notSignedIn = "not signed in"
            case notPermitted = "not permitted"
            case unreachable
            case officeFailed = "office failed"
            case localCopy = "local copy"
        }

        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// What the user gave cannot be read: a malformed address, day or amount.
        public static let badArgument = Code(.badArgument)
        /// The office's rules refuse it (on the node, or on this device before anything was sent), or a reference
        /// is ambiguous.
        public static let refused = Code(.refused)
        /// Nothing has that id, code or name.
        public static let notFound = Code(.notFound)
        /// No valid session: sign in again.
        public static let notSignedIn = Code(.notSignedIn)
        /// The user's role may not do this.
        public static let notPermitted = Code(.notPermitted)
        /// The node cannot be reached and this can only be done with it.
        public static let unreachable = Code(.unreachable)
        /// The node, or this client, failed: a fault to report, not the user's doing.
        public static let officeFailed = Code(.officeFailed)
        /// This device's copy of the office cannot be opened or written.
        public static let localCopy = Code(.localCopy)

        public var description: String { self.kind.rawValue }
    }

    public let code: Code
    /// What went wrong, in words for the user.
    public let message: String
    /// What it came from, when it came from something: the node's status, a domain rule.
    public let cause: (any Error)?
    /// The words the message is introduced with: the node's status name (`invalid argument`, `failed
    /// precondition`) when the node or one of its rules refused, else the code.
    let label: String

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.init(code, message, cause: cause, label: code.description)
    }

    private init(_ code: Code, _ message: String, cause: (any Error)?, label: String) {
        self.code = code
        self.message = message
        self.cause = cause
        self.label = label
    }

    /// `not found: no enterprise matches "豪顺x"`.
    public var description: String { "\(self.label): \(self.message)" }

    /// Any error a client call throws, as the user should meet it: a ``ClientError`` as it is; the node's status,
    /// with its name and message; a broken domain rule with the same words the node would answer with, so that
    /// a value refused on this device and one refused by the node read alike.
    public init(_ error: any Error) {
        switch error {
        case let error as ClientError:
            self = error
        case let error as RPCError:
            self.init(Self.code(error.code), error.message, cause: error, label: Self.label(error.code))
        case let error as DomainError:
            self.init(Self.code(error.status), error.description, cause: error, label: Self.label(error.status))
        default:
            self.init(.officeFailed, "\(error)", cause: error)
        }
    }

    /// A broken domain rule, found on this device, as the node would have answered it.
    init(rule error: DomainError, prefix: String = "") {
        self.init(Self.code(error.status), prefix + error.description, cause: error, label: Self.label(error.status))
    }

    private static func code(_ status: StatusCode) -> Code {
        switch status {
        case .notFound: .notFound
        case .unauthenticated: .notSignedIn
        case .permissionDenied: .notPermitted
        case .unavailable, .deadlineExceeded: .unreachable
        case .internal, .unknown, .dataLoss, .unimplemented: .officeFailed
        default: .refused
        }
    }

    private static func label(_ status: StatusCode) -> String {
        String(status.name.lowercased().map { $0 == "_" ? " " : $0 })
    }
}
