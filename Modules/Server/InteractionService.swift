public import ChainDeskAPI
public import ChainDeskDomain
public import ChainDeskProto
public import ChainDeskRPC
internal import ChainDeskStore
internal import ChainDeskWire
internal import Foundation

/// Interactions (Protocol/chaindesk/v1/interactions.proto).
struct InteractionService: API.Interactions.Service {
    let store: Store
    let gate: Gate

    typealias Message = Chaindesk_V1_Interaction

    func logInteraction(_ request: Chaindesk_V1_LogInteractionRequest, caller: Caller) async throws
        -> Chaindesk_V1_Interaction
    {
        let actor = caller.actor
        let interaction = try Interaction(wire: request.interaction, by: actor.staffID, now: store.now)
        return Self.message(try await store.logInteraction(interaction, by: actor, key: caller.key))
    }

    func listInteractions(_ request: Chaindesk_V1_ListInteractionsRequest, caller: Caller) async throws
        -> Chaindesk_V1_InteractionList
    {
        let limit = Int(request.limit == 0 ? 50 : min(request.limit, 500))
        var list = Chaindesk_V1_InteractionList()
        list.interactions = try await store.interactions(of: ID(request.enterpriseID), limit: limit).map(
            Self.message
        )
        return list
    }

    static func message(_ interaction: Interaction) -> Message {
        var message = Message()
        message.id = interaction.id.rawValue
        message.kind = interaction.kind.rawValue
        message.enterpriseID = interaction.enterpriseID.rawValue
        message.contactIds = interaction.contactIDs.map(\.rawValue)
        message.staffID = interaction.staffID.rawValue
        message.occurredAtMs = Int64(interaction.occurredAt.timeIntervalSince1970 * 1000)
        message.summary = interaction.summary
        message.needsFound = interaction.needsFound
        message.nextStep = interaction.nextStep ?? ""
        message.nextStepDue = interaction.nextStepDue?.description ?? ""
        message.correctsID = interaction.correctsID?.rawValue ?? ""
        message.eventID = interaction.eventID?.rawValue ?? ""
        return message
    }
}
