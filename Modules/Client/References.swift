internal import Foundation

/// How people name records on the command line: by id, by a unique start of the id, or by an unambiguous part of
/// a name. An ambiguous reference fails listing the candidates, so the user can pick one.
public enum References {
    /// The one item `reference` names among `items`.
    ///
    /// In order: an exact id; an exact name; a unique id prefix (at least 4 characters); a unique name containing
    /// the reference (case-insensitive).
    public static func resolve<Item>(
        _ reference: String,
        among items: [Item],
        kind: String,
        id: (Item) -> String,
        names: (Item) -> [String]
    ) throws -> Item {
        let reference = reference.trimmingCharacters(in: .whitespaces)
        guard !reference.isEmpty else {
            throw ClientError(.badArgument, "the \(kind) reference is empty")
        }
        if let exact = items.first(where: { id($0) == reference }) { return exact }
        let exactName = items.filter { names($0).contains(reference) }
        if exactName.count == 1 { return exactName[0] }
        if reference.count >= 4 {
            let prefixed = items.filter { id($0).hasPrefix(reference) }
            if prefixed.count == 1 { return prefixed[0] }
        }
        let needle = reference.lowercased()
        let matching =
            exactName.isEmpty
            ? items.filter { item in names(item).contains { $0.lowercased().contains(needle) } } : exactName
        switch matching.count {
        case 0:
            throw ClientError(.notFound, "no \(kind) matches \"\(reference)\"")
        case 1:
            return matching[0]
        default:
            let listed = matching.prefix(8).map { "\(names($0).first ?? "") [\(id($0))]" }.joined(separator: "; ")
            let more = matching.count > 8 ? " and \(matching.count - 8) more" : ""
            throw ClientError(
                .refused,
                "\"\(reference)\" matches \(matching.count) \(kind)s: \(listed)\(more); use the id"
            )
        }
    }
}
