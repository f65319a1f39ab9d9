// Protobuf decoding of every request type a server decodes, and of the interaction columns a field client
// decodes: any bytes give a message or an error. A decoded message must encode, and decode back equal.
internal import ChainDeskAPI
internal import ChainDeskProto
internal import SwiftProtobuf

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessages(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let selector = input.first else { return 0 }
    let bytes = Array(input.dropFirst())
    // The first byte chooses the type: one of the request types, or the interaction columns of a sync batch.
    let choice = Int(selector) % (requestTypes.count + 1)
    guard choice < requestTypes.count else {
        guard let columns = try? Chaindesk_V1_InteractionColumns(serializedBytes: bytes) else { return 0 }
        guard let interactions = try? InteractionColumnsCodec.decode(columns) else { return 0 }
        let again = InteractionColumnsCodec.encode(interactions)
        guard let decodedAgain = try? InteractionColumnsCodec.decode(again) else {
            fatalError("interactions encoded as columns fail to decode")
        }
        precondition(decodedAgain == interactions, "interactions change through their columns")
        return 0
    }
    let type = requestTypes[choice]
    guard let message = try? type.init(serializedBytes: bytes) else { return 0 }
    let encoded: [UInt8]
    do {
        encoded = try message.serializedBytes()
    } catch {
        fatalError("a decoded \(type) fails to encode: \(error)")
    }
    guard let again = try? type.init(serializedBytes: encoded) else {
        fatalError("an encoded \(type) fails to decode")
    }
    precondition(again.isEqualTo(message: message), "a \(type) changes through encoding")
    return 0
}
