internal import ChainDeskAPI
internal import ChainDeskProto
internal import SwiftProtobuf

/// Every request type a ChainDesk node decodes: each declared method's (`API.declarations`, so a new method's
/// request is fuzzed from the day it is declared) and the test service's, once each.
let requestTypes: [any SwiftProtobuf.Message.Type] = {
    let test: [any SwiftProtobuf.Message.Type] = [
        Chaindesk_Test_V1_CountRequest.self, Chaindesk_Test_V1_EchoRequest.self, Chaindesk_Test_V1_FailRequest.self,
        Chaindesk_Test_V1_SleepRequest.self, Chaindesk_Test_V1_StreamRequest.self, Chaindesk_Test_V1_SumRequest.self,
    ]
    var seen: Set<String> = []
    return (API.declarations.map(\.request) + test).filter { seen.insert($0.protoMessageName).inserted }
}()
