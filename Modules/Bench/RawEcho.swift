internal import NIOCore
internal import NIOPosix
internal import Synchronization

/// The physical floor: a TCP echo of fixed-size messages, with a client that keeps many round trips in flight on
/// one connection (each request is answered in order, so a FIFO of waiters matches answers to requests).
struct RawEcho: Sendable {
    let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    let port: Int

    static func bind(port: Int = 0) async throws -> RawEcho {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawEcho(channel: channel, port: channel.channel.localAddress?.port ?? 0)
    }

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await self.channel.executeThenClose { inbound in
                for try await connection in inbound {
                    group.addTask {
                        try? await connection.executeThenClose { inbound, outbound in
                            for try await bytes in inbound { try await outbound.write(bytes) }
                        }
                    }
                }
            }
        }
    }

    func close() async {
        try? await self.channel.channel.close()
    }

    /// Connects and gives `body` a round-trip function: send `payload` bytes, wait for `payload` bytes back.
    static func withClient<Result: Sendable>(
        port: Int,
        payload: Int,
        _ body: @escaping @Sendable (@escaping @Sendable () async throws -> Void) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let waiters = Waiters()
        var message = ByteBuffer()
        message.writeRepeatingByte(0x2A, count: payload)
        let request = message
        return try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    for try await bytes in inbound {
                        let done = waiters.state.withLock { state -> [CheckedContinuation<Void, any Error>] in
                            state.buffered += bytes.readableBytes
                            var done: [CheckedContinuation<Void, any Error>] = []
                            while state.buffered >= payload, !state.queue.isEmpty {
                                state.buffered -= payload
                                done.append(state.queue.removeFirst())
                            }
                            return done
                        }
                        for waiter in done { waiter.resume() }
                    }
                    return nil
                }
                let roundTrip: @Sendable () async throws -> Void = {
                    try await withCheckedThrowingContinuation { continuation in
                        waiters.state.withLock { $0.queue.append(continuation) }
                        Task { try? await outbound.write(request) }
                    }
                }
                let result = try await body(roundTrip)
                group.cancelAll()
                return result
            }
        }
    }
}

/// Round trips waiting for their answers, oldest first, and the answer bytes not yet matched.
private final class Waiters: Sendable {
    let state = Mutex<(queue: [CheckedContinuation<Void, any Error>], buffered: Int)>(([], 0))
}
