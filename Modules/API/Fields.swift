package import ChainDeskDomain
package import ChainDeskRPC
internal import ChainDeskWire
package import Foundation
internal import SwiftProtobuf

/// Reading request fields into domain values, each failure an INVALID_ARGUMENT naming the field and what was wrong.
package enum Fields {
    /// A day `YYYY-MM-DD`; `fallback` when empty (an error when there is none).
    package static func day(_ text: String, _ field: String, default fallback: Day? = nil) throws -> Day {
        if text.isEmpty {
            guard let fallback else { throw RPCError(code: .invalidArgument, message: "\(field) is missing") }
            return fallback
        }
        do {
            return try Day(parsing: text)
        } catch {
            throw RPCError(code: .invalidArgument, message: "\(field): \(error.english)")
        }
    }

    /// A day, or nil when empty.
    package static func optionalDay(_ text: String, _ field: String) throws -> Day? {
        text.isEmpty ? nil : try Self.day(text, field)
    }

    /// One of an enumeration's values; `fallback` when empty.
    package static func value<T: RawRepresentable & CaseIterable>(
        _ text: String,
        _ field: String,
        default fallback: T? = nil
    )
        throws -> T where T.RawValue == String
    {
        if text.isEmpty, let fallback { return fallback }
        guard let value = T(rawValue: text) else {
            let known = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw RPCError(code: .invalidArgument, message: "\(field) \"\(text)\" is not one of \(known)")
        }
        return value
    }

    /// A field that must be given and was not.
    package static func missing(_ field: String) -> RPCError {
        RPCError(code: .invalidArgument, message: "\(field) is missing")
    }

    /// An id, or nil when empty.
    package static func id<T>(_ text: String) -> ID<T>? { text.isEmpty ? nil : ID(text) }

    /// A required id.
    package static func required<T>(_ text: String, _ field: String) throws -> ID<T> {
        guard !text.isEmpty else { throw RPCError(code: .invalidArgument, message: "\(field) is missing") }
        return ID(text)
    }

    /// A new record's id: the client's (offline creation) or a fresh one.
    package static func newID<T>(_ text: String) -> ID<T> { text.isEmpty ? .random() : ID(text) }

    /// A non-negative amount of yuan.
    /// A sum of money from a request: not negative and not over `Yuan.maximum` (1万亿元).
    package static func yuan(_ amount: Int64, _ field: String) throws -> Yuan {
        do {
            return try Yuan(checking: amount, field)
        } catch {
            throw RPCError(code: .invalidArgument, message: error.description)
        }
    }

    package static func ms(_ date: Date?) -> Int64 {
        date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0
    }

    /// Checks a value against its domain rules.
    package static func validated<T: Validating>(_ value: T) throws -> T {
        do {
            try value.validate()
        } catch {
            throw RPCError(code: .invalidArgument, message: error.description)
        }
        return value
    }
}

extension Optional where Wrapped: CustomStringConvertible {
    /// The value as text, empty when nil: how proto3 carries an absent string.
    package var text: String { self?.description ?? "" }
}
