internal import ChainDeskAPI
public import ChainDeskDomain
public import ChainDeskProto
public import Foundation
internal import SwiftProtobuf

/// A contact with an enterprise to log, as a person gives it in one line: `wechat 豪顺 "sent the brochure" --next +7d`.
public struct ContactLog: Sendable {
    public var kind: Interaction.Kind
    /// The enterprise: id, credit code or an unambiguous part of its name.
    public var enterprise: String
    public var summary: String
    /// When the next step is due: `YYYY-MM-DD`, `tomorrow`, `+7d`, `+2w`.
    public var nextDue: String?
    public var nextStep: String?
    public var needs: [String] = []
    /// Contacts at the enterprise spoken with, by name.
    public var with: [String] = []
    /// The event it happened at: id or name.
    public var event: String?
    /// When it happened, if not now: `YYYY-MM-DD` (noon, local time) or `YYYY-MM-DDTHH:MM`.
    public var at: String?

    public init(kind: Interaction.Kind, enterprise: String, summary: String) {
        self.kind = kind
        self.enterprise = enterprise
        self.summary = summary
    }
}

/// A logged contact and the enterprise it was with.
public struct LoggedContact: Presentable {
    public let interaction: Chaindesk_V1_Interaction
    public let enterpriseName: String

    public func present(into out: inout Printout) throws {
        try out.json(
            value: [
                "id": self.interaction.id, "enterprise": self.enterpriseName, "kind": self.interaction.kind,
                "next_step_due": self.interaction.nextStepDue,
            ]
        )
        let next = self.interaction.nextStepDue.isEmpty ? "" : "; next step due \(self.interaction.nextStepDue)"
        out.line("logged \(self.interaction.kind) with \(self.enterpriseName)\(next)")
    }
}

extension OfficeCalls {
    /// Logs a contact. Its days are read as the user typed them, its summary and next step checked as the office
    /// checks them, before anything is sent or, offline, queued; a retry has one effect.
    public func log(_ entry: ContactLog) async throws -> LoggedContact {
        guard !entry.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ClientError(.badArgument, "the summary is empty")
        }
        var interaction = Chaindesk_V1_Interaction()
        interaction.id = newKey()
        interaction.kind = entry.kind.rawValue
        interaction.summary = entry.summary
        interaction.nextStepDue = try entry.nextDue.map { try Arguments.day($0, "--next") } ?? ""
        interaction.nextStep = entry.nextStep ?? ""
        interaction.needsFound = entry.needs
        if let at = entry.at { interaction.occurredAtMs = try Arguments.instant(at, "--at") }
        let enterprise = try await self.resolveEnterprise(entry.enterprise)
        interaction.enterpriseID = enterprise.id
        if !entry.with.isEmpty {
            let known = try await self.call(
                API.Contacts.listContacts,
                .with { $0.enterpriseID = enterprise.id },
                key: nil
            ).contacts
            interaction.contactIds = try entry.with.map { name in
                try References.resolve(name, among: known, kind: "contact", id: \.id, names: { [$0.name] }).id
            }
        }
        if let event = entry.event { interaction.eventID = try await self.resolveEvent(event).id }
        let stored = try await self.logInteraction(interaction, key: "log-\(interaction.id)")
        return LoggedContact(interaction: stored, enterpriseName: enterprise.legalName)
    }
}

/// What a person types for days, instants and money, read with the problem named after the option it came with.
public enum Arguments {
    /// A day: `YYYY-MM-DD`, `today`, `tomorrow`, `+7d`, `+2w`; as `YYYY-MM-DD`.
    public static func day(_ text: String, _ what: String) throws -> String {
        do {
            return try Formats.parseDay(text)
        } catch {
            throw ClientError(.badArgument, "\(what): \(error)")
        }
    }

    /// An amount: `2.4亿`, `5000万`, `1,200万元`, `300`; in yuan.
    public static func money(_ text: String, _ what: String) throws -> Int64 {
        do {
            return try Formats.parseMoney(text)
        } catch {
            throw ClientError(.badArgument, "\(what): \(error)")
        }
    }

    /// `YYYY-MM-DD` (noon) or `YYYY-MM-DDTHH:MM`, local time, as Unix milliseconds.
    public static func instant(_ text: String, _ what: String, timeZone: TimeZone = .current) throws -> Int64 {
        let parts = text.split(separator: "T", maxSplits: 1).map(String.init)
        let day = try Self.day(parts.first ?? "", what)
        var hour = 12
        var minute = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":").compactMap { Int($0) }
            guard time.count == 2, (0..<24).contains(time[0]), (0..<60).contains(time[1]) else {
                throw ClientError(.badArgument, "\(what) \(text): the time is not HH:MM")
            }
            (hour, minute) = (time[0], time[1])
        }
        let numbers = day.split(separator: "-").compactMap { Int($0) }
        var components = DateComponents()
        components.year = numbers[0]
        components.month = numbers[1]
        components.day = numbers[2]
        components.hour = hour
        components.minute = minute
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let date = calendar.date(from: components) else {
            throw ClientError(.badArgument, "\(what) \(text) is not a time")
        }
        return Int64(date.timeIntervalSince1970 * 1000)
    }
}

/// A correction of a logged contact: a new record that stands in for the one it corrects. What is nil stays as it
/// was.
public struct ContactCorrection: Sendable {
    /// The enterprise: id, credit code or an unambiguous part of its name.
    public var enterprise: String
    /// The contact to correct: its id or the start of it.
    public var interaction: String
    public var summary: String
    public var kind: Interaction.Kind?
    public var nextDue: String?
    public var nextStep: String?

    public init(enterprise: String, interaction: String, summary: String) {
        self.enterprise = enterprise
        self.interaction = interaction
        self.summary = summary
    }
}

/// A correction logged: the new record, the one it corrects and their enterprise.
public struct CorrectedContact: Presentable {
    public let correction: Chaindesk_V1_Interaction
    public let corrected: Chaindesk_V1_Interaction
    public let enterpriseName: String

    public func present(into out: inout Printout) throws {
        try out.json(
            value: ["id": self.correction.id, "corrects": self.corrected.id, "enterprise": self.enterpriseName]
        )
        out.line(
            "corrected \(Formats.shortID(self.corrected.id)) with \(Formats.shortID(self.correction.id)) at "
                + self.enterpriseName
        )
    }
}

extension OfficeCalls {
    /// Corrects a logged contact: about the same contact (same kind and time unless given), checked as a new one.
    public func correct(_ entry: ContactCorrection) async throws -> CorrectedContact {
        guard !entry.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ClientError(.badArgument, "the corrected summary is empty")
        }
        let enterprise = try await self.resolveEnterprise(entry.enterprise)
        let logged = try await self.interactions(of: enterprise.id, limit: 500)
        let original = try References.resolve(
            entry.interaction,
            among: logged,
            kind: "contact",
            id: \.id,
            names: { _ in [] }
        )
        var correction = original
        correction.id = newKey()
        correction.correctsID = original.id
        correction.summary = entry.summary
        if let kind = entry.kind { correction.kind = kind.rawValue }
        if let next = entry.nextDue { correction.nextStepDue = try Arguments.day(next, "--next") }
        if let step = entry.nextStep { correction.nextStep = step }
        let stored = try await self.logInteraction(correction, key: "log-\(correction.id)")
        return CorrectedContact(correction: stored, corrected: original, enterpriseName: enterprise.legalName)
    }
}
