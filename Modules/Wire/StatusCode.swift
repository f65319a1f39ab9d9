/// The status of a finished call: gRPC's seventeen codes, with the same numbers and meanings.
///
/// A status code travels as a varint in END and CANCEL frames (SPEC.md §8.2, §8.4). Values above 16 are
/// carried unchanged by the codec; ``normalized`` maps them to ``unknown`` as SPEC.md §8.3 requires
/// of a receiver.
public struct StatusCode: WireCode {
    /// The value on the wire.
    public let rawValue: UInt32

    /// A status code with the given wire value, known or not.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Not an error; returned on success.
    public static let ok = StatusCode(rawValue: 0)
    /// The operation was cancelled, typically by the caller.
    public static let cancelled = StatusCode(rawValue: 1)
    /// Unknown error, or a status value this endpoint does not know.
    public static let unknown = StatusCode(rawValue: 2)
    /// The client specified an invalid argument.
    public static let invalidArgument = StatusCode(rawValue: 3)
    /// The deadline expired before the operation could complete.
    public static let deadlineExceeded = StatusCode(rawValue: 4)
    /// Some requested entity was not found.
    public static let notFound = StatusCode(rawValue: 5)
    /// The entity that a client attempted to create already exists.
    public static let alreadyExists = StatusCode(rawValue: 6)
    /// The caller does not have permission to execute the operation.
    public static let permissionDenied = StatusCode(rawValue: 7)
    /// Some resource has been exhausted, or a limit was exceeded.
    public static let resourceExhausted = StatusCode(rawValue: 8)
    /// The system is not in a state required for the operation's execution.
    public static let failedPrecondition = StatusCode(rawValue: 9)
    /// The operation was aborted, typically due to a concurrency issue.
    public static let aborted = StatusCode(rawValue: 10)
    /// The operation was attempted past the valid range.
    public static let outOfRange = StatusCode(rawValue: 11)
    /// The operation is not implemented, supported or enabled.
    public static let unimplemented = StatusCode(rawValue: 12)
    /// An invariant expected by the underlying system was broken.
    public static let `internal` = StatusCode(rawValue: 13)
    /// The service is currently unavailable; a retry may succeed.
    public static let unavailable = StatusCode(rawValue: 14)
    /// Unrecoverable data loss or corruption.
    public static let dataLoss = StatusCode(rawValue: 15)
    /// The request does not have valid authentication credentials.
    public static let unauthenticated = StatusCode(rawValue: 16)

    /// The canonical names, by value.
    public static let names = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ]

    /// The code a receiver acts on: the value itself if known, otherwise ``unknown``.
    public var normalized: StatusCode { self.isKnown ? self : .unknown }

    /// All seventeen defined codes, in numeric order.
    public static var allKnown: [StatusCode] {
        (0..<UInt32(Self.names.count)).map { StatusCode(rawValue: $0) }
    }
}
