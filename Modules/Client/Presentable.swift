public import ChainDeskDomain
public import SwiftProtobuf

/// A result of the client's use cases that knows how it is shown: as text in the user's language, or as JSON.
public protocol Presentable: Sendable {
    /// Adds the result's lines and JSON to `out`.
    func present(into out: inout Printout) throws
}

/// A record a write stored, shown as the one line that says what was done, or as the record in JSON.
public struct Written<Record: SwiftProtobuf.Message & Sendable>: Presentable {
    /// The record as the office (or, offline, this device) stored it.
    public let record: Record
    let line: @Sendable (Record, Labels) -> String

    public init(_ record: Record, line: @escaping @Sendable (Record, Labels) -> String) {
        self.record = record
        self.line = line
    }

    public func present(into out: inout Printout) throws {
        try out.json(self.record)
        out.line(self.line(self.record, out.labels))
    }
}
