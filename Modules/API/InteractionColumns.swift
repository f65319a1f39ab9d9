public import ChainDeskProto

/// Interactions in columns (sync.proto `InteractionColumns`), both ways: what the node sends a field client in
/// place of one record per interaction, because a column of kinds or of times compresses far better than the
/// same values spread through records.
public enum InteractionColumnsCodec {
    /// The columns of `interactions`, ordered by time (then id).
    public static func encode(_ interactions: [Chaindesk_V1_Interaction]) -> Chaindesk_V1_InteractionColumns {
        let sorted = interactions.sorted { ($0.occurredAtMs, $0.id) < ($1.occurredAtMs, $1.id) }
        var table = StringTable()
        var columns = Chaindesk_V1_InteractionColumns()
        columns.timeUnit = sorted.allSatisfy { $0.occurredAtMs % 1000 == 0 } ? 1000 : 1
        let unit = Int64(columns.timeUnit)
        var previous: Int64 = 0
        for interaction in sorted {
            let (prefix, number) = Self.split(interaction.id)
            columns.idPrefix.append(table.index(prefix))
            columns.idNumber.append(number.map { $0 + 1 } ?? 0)
            columns.kind.append(table.index(interaction.kind))
            columns.enterpriseID.append(table.index(interaction.enterpriseID))
            columns.contactIds.append(table.index(interaction.contactIds.joined(separator: ",")))
            columns.staffID.append(table.index(interaction.staffID))
            columns.occurredAt.append((interaction.occurredAtMs - previous) / unit)
            previous = interaction.occurredAtMs
            columns.summary.append(table.index(interaction.summary))
            columns.needsFound.append(table.index(interaction.needsFound.joined(separator: "\n")))
            columns.nextStep.append(table.index(interaction.nextStep))
            columns.nextStepDue.append(table.index(interaction.nextStepDue))
            columns.correctsID.append(table.index(interaction.correctsID))
            columns.eventID.append(table.index(interaction.eventID))
        }
        columns.strings = table.strings
        return columns
    }

    /// The interactions the columns hold; a malformed column set is an error naming what was wrong.
    public static func decode(_ columns: Chaindesk_V1_InteractionColumns) throws(ColumnsError)
        -> [Chaindesk_V1_Interaction]
    {
        let count = columns.idPrefix.count
        let lengths = [
            columns.idNumber.count, columns.kind.count, columns.enterpriseID.count, columns.contactIds.count,
            columns.staffID.count, columns.occurredAt.count, columns.summary.count, columns.needsFound.count,
            columns.nextStep.count, columns.nextStepDue.count, columns.correctsID.count, columns.eventID.count,
        ]
        guard lengths.allSatisfy({ $0 == count }) else {
            throw ColumnsError("the interaction columns differ in length")
        }
        guard count == 0 || columns.timeUnit == 1 || columns.timeUnit == 1000 else {
            throw ColumnsError("time_unit \(columns.timeUnit) is not 1 or 1000")
        }
        let strings = columns.strings
        func string(_ index: UInt32) throws(ColumnsError) -> String {
            guard Int(index) < strings.count else { throw ColumnsError("string index \(index) is out of range") }
            return strings[Int(index)]
        }
        var time: Int64 = 0
        var interactions: [Chaindesk_V1_Interaction] = []
        interactions.reserveCapacity(count)
        for row in 0..<count {
            var interaction = Chaindesk_V1_Interaction()
            let prefix = try string(columns.idPrefix[row])
            let number = columns.idNumber[row]
            interaction.id = number == 0 ? prefix : prefix + String(number - 1)
            interaction.kind = try string(columns.kind[row])
            interaction.enterpriseID = try string(columns.enterpriseID[row])
            let contacts = try string(columns.contactIds[row])
            interaction.contactIds = contacts.isEmpty ? [] : contacts.split(separator: ",").map(String.init)
            interaction.staffID = try string(columns.staffID[row])
            let (step, overflow) = columns.occurredAt[row].multipliedReportingOverflow(by: Int64(columns.timeUnit))
            guard !overflow else { throw ColumnsError("a time is out of range") }
            time &+= step
            interaction.occurredAtMs = time
            interaction.summary = try string(columns.summary[row])
            let needs = try string(columns.needsFound[row])
            interaction.needsFound = needs.isEmpty ? [] : needs.split(separator: "\n").map(String.init)
            interaction.nextStep = try string(columns.nextStep[row])
            interaction.nextStepDue = try string(columns.nextStepDue[row])
            interaction.correctsID = try string(columns.correctsID[row])
            interaction.eventID = try string(columns.eventID[row])
            interactions.append(interaction)
        }
        return interactions
    }

    /// `i1234` → (`i`, 1234); an id without a decimal tail (or with a leading zero there) is all prefix.
    static func split(_ id: String) -> (String, UInt64?) {
        let digits = id.utf8.reversed().prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
        guard digits > 0, digits <= 18 else { return (id, nil) }
        let tail = id.utf8.suffix(digits)
        guard tail.first != UInt8(ascii: "0") || digits == 1, let number = UInt64(String(decoding: tail, as: UTF8.self))
        else {
            return (id, nil)
        }
        return (String(decoding: id.utf8.dropLast(digits), as: UTF8.self), number)
    }

    /// Strings numbered in the order first seen.
    struct StringTable {
        var strings: [String] = []
        var indices: [String: UInt32] = [:]

        mutating func index(_ string: String) -> UInt32 {
            if let index = self.indices[string] { return index }
            let index = UInt32(self.strings.count)
            self.strings.append(string)
            self.indices[string] = index
            return index
        }
    }
}

/// Columns that do not make records: what was wrong.
public struct ColumnsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
