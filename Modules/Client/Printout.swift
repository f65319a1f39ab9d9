public import ChainDeskDomain
public import Foundation
public import SwiftProtobuf

/// What a field command shows: lines, aligned `key: value` fields and tables for a person, in the user's language,
/// or one JSON document for a script. A command builds it; the app prints the one its user asked for.
public struct Printout: Sendable {
    /// The text, line by line.
    public private(set) var lines: [String] = []
    /// The JSON document, when the command has one.
    public private(set) var json: String?
    /// The words columns and values are shown in.
    public let labels: Labels
    /// Whether the user asked for JSON: a command that has it may then skip what only the text needs.
    public let wantsJSON: Bool

    public init(_ labels: Labels, json: Bool = false) {
        self.labels = labels
        self.wantsJSON = json
    }

    /// What to print: the JSON document when it was asked for and there is one, else the text.
    public var output: String { self.wantsJSON ? self.json ?? self.text : self.text }

    /// The text for a person.
    public var text: String { self.lines.joined(separator: "\n") }

    /// A line as it is.
    public mutating func line(_ text: String) {
        self.lines.append(text)
    }

    /// A table with translated column names, or nothing-found in the chosen language.
    public mutating func table(_ columns: [String], _ rows: [[String]], empty: String = "nothing to show") {
        if rows.isEmpty {
            self.line(self.labels.language == .zh ? "（无）" : empty)
            return
        }
        self.line(TextTable(header: columns.map { self.labels[$0] }, rows: rows).render())
    }

    /// `key: value` lines, keys translated and aligned; empty values left out.
    public mutating func fields(_ pairs: [(String, String)]) {
        let rows = pairs.filter { !$0.1.isEmpty }.map { [self.labels[$0.0] + ":", $0.1] }
        self.line(TextTable(header: rows.first ?? [], rows: Array(rows.dropFirst())).render())
    }

    /// A protocol message as JSON, field names as in the .proto files.
    public mutating func json(_ message: some SwiftProtobuf.Message) throws {
        self.json = try message.jsonString(options: Self.options)
    }

    /// Several messages as one JSON object, one member each.
    public mutating func json(_ members: KeyValuePairs<String, any SwiftProtobuf.Message>) throws {
        let parts = try members.map { key, message in
            "\"\(key)\":\(try message.jsonString(options: Self.options))"
        }
        self.json = "{" + parts.joined(separator: ",") + "}"
    }

    /// A value as JSON, keys sorted.
    public mutating func json<T: Encodable>(value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        self.json = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static var options: JSONEncodingOptions {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        return options
    }
}
