import ChainDeskAPI
import ChainDeskClient
import ChainDeskRPC
import ChainDeskWire
import Foundation
import Testing

@Suite("The CRM compression dictionary")
struct DictionaryTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protocol/dictionaries/crm-v1.dict")

    @Test("the node and the client carry exactly the committed file, within zlib's 32 KiB")
    func embedded() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.file))
        #expect(API.crmDictionary == bytes, "run Tools/embed-dictionary.sh after training")
        #expect(bytes.count <= 32_768 && bytes.count > 16_384)
    }

    @Test("the client announces it by default")
    func announced() {
        let dictionaries = OfficeClient.defaultConfiguration.wire.compression.dictionaries
        #expect(dictionaries == [API.crmDictionary])
        #expect(Zlib.dictionaryID(of: API.crmDictionary) == 0x39FE_426D)
    }
}
