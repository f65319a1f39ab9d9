import ChainDeskClient
import ChainDeskRPCNIO
import Testing

@Suite("The node's address as people write it")
struct AddressTests {
    @Test(
        "one node or several, comma-separated, with 7420 where the port is left out",
        arguments: [
            ("10.0.0.5", ["10.0.0.5:7420"]),
            ("office.example:7421", ["office.example:7421"]),
            ("10.0.0.5:7420,10.0.0.6:7420, 10.0.0.7", ["10.0.0.5:7420", "10.0.0.6:7420", "10.0.0.7:7420"]),
        ]
    )
    func parsed(address: String, endpoints: [String]) throws {
        let client = try OfficeClient(address: address)
        #expect(client.connection.endpoints.map(\.description) == endpoints)
        #expect(client.host == client.connection.endpoints[0].host)
    }

    @Test("a wrong address is refused naming what is wrong", arguments: ["", "a:b", "a:1,", "a:70000", "a:1:2"])
    func refused(address: String) {
        #expect(throws: ClientError.self) { try OfficeClient(address: address) }
    }
}
