public import ChainDeskRPC
internal import ChainDeskWire
public import NIOCore

/// Runs a client and a server in one process over an in-memory byte pipe: the whole protocol, no sockets.
public enum InProcessTransport {
    /// Serves `server` on one end of a pipe and runs `body` with a client on the other; closes both afterwards.
    public static func withClient<Result: Sendable>(
        server: RPCServer,
        configuration: RPCConfiguration = RPCConfiguration(),
        _ body: @escaping @Sendable (RPCClient) async throws -> Result
    ) async throws -> Result {
        let (toServer, serverInput) = AsyncStream.makeStream(of: ByteBuffer.self)
        let (toClient, clientInput) = AsyncStream.makeStream(of: ByteBuffer.self)
        let connection = Connection(role: .client, configuration: configuration)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await server.serve(inbound: toServer) { clientInput.yield($0) }
                clientInput.finish()
                return nil
            }
            group.addTask {
                await connection.run(inbound: toClient) { serverInput.yield($0) }
                serverInput.finish()
                return nil
            }
            defer {
                connection.close(RPCError(code: .unavailable, message: "the client closed the connection"))
            }
            let result = try await body(RPCClient(connection: connection))
            connection.close(RPCError(code: .unavailable, message: "the client closed the connection"))
            serverInput.finish()
            try await group.waitForAll()
            return result
        }
    }
}
