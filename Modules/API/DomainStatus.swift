public import ChainDeskDomain
public import ChainDeskWire

extension DomainError {
    /// The status a broken rule of the office reaches a client with: from the node, or from a field client that
    /// checks the same rule before it queues a change offline.
    public var status: StatusCode {
        switch self.code {
        case .notPermitted: .permissionDenied
        case .notFound: .notFound
        case .duplicate: .alreadyExists
        case .conflict: .aborted
        case .illegalTransition: .failedPrecondition
        default: .invalidArgument
        }
    }
}
