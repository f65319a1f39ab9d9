internal import Histogram
package import NIOCore
internal import NIOPosix

/// The physical floor: a TCP echo of fixed-size messages written as plain event-loop handlers — no tasks, no
/// framing, no copies beyond NIO's own — and a client, also a handler, that keeps a number of round trips in
/// flight on one connection (answers come back in order, so a FIFO of send times matches them to requests).
package enum RawEcho {
    /// Binds the echo server; it runs until `channel.close()`.
    package static func bind(port: Int = 0) async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Echo()) }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
    }

    /// Keeps `inFlight` echoes of `payload` bytes going for `warmup + seconds`; measures after the warm-up.
    static func measure(port: Int, payload: Int, inFlight: Int, seconds: Double, warmup: Double = 0.3) async throws
        -> LoadFigures
    {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: "127.0.0.1", port: port)
            .get()
        let done = channel.eventLoop.makePromise(of: Driver.Outcome.self)
        let run = LoadWindow(seconds: seconds, warmup: warmup)
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(
                Driver(payload: payload, inFlight: inFlight, window: run, done: done)
            )
        }.get()
        let outcome = try await done.futureResult.get()
        try? await channel.close()
        let perCall = Double(outcome.bytes) / Double(max(1, outcome.answered))
        return LoadFigures(
            calls: outcome.measured,
            messages: outcome.measured,
            seconds: seconds,
            latency: CallLatency(outcome.histogram),
            // Counted as sent and received: with no framing, every byte on the wire is payload.
            bytes: BytesPerCall(wire: perCall, payload: perCall, messages: perCall)
        )
    }

    private final class Echo: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.write(data, promise: nil)
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            context.flush()
        }
    }

    private final class Driver: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        struct Outcome: Sendable {
            var histogram: Histogram<UInt64>
            var measured = 0
            /// Round trips answered, warm-up included, and the bytes written and read for them.
            var answered = 0
            var bytes = 0
        }

        let request: ByteBuffer
        let payload: Int
        let inFlight: Int
        let window: LoadWindow
        let done: EventLoopPromise<Outcome>
        var sent: [UInt64] = []
        var head = 0
        var buffered = 0
        var outcome = Outcome(histogram: CallLatency.makeHistogram())

        init(payload: Int, inFlight: Int, window: LoadWindow, done: EventLoopPromise<Outcome>) {
            var request = ByteBuffer()
            request.writeRepeatingByte(0x2A, count: max(1, payload))
            self.request = request
            self.payload = max(1, payload)
            self.inFlight = inFlight
            self.window = window
            self.done = done
        }

        func handlerAdded(context: ChannelHandlerContext) {
            for _ in 0..<self.inFlight { self.send(context) }
            context.flush()
        }

        func send(_ context: ChannelHandlerContext) {
            self.sent.append(Monotonic.now)
            self.outcome.bytes += self.request.readableBytes
            context.write(self.wrapOutboundOut(self.request), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let received = self.unwrapInboundIn(data).readableBytes
            self.buffered += received
            self.outcome.bytes += received
            while self.buffered >= self.payload, self.head < self.sent.count {
                self.buffered -= self.payload
                self.outcome.answered += 1
                let started = self.sent[self.head]
                self.head += 1
                let now = Monotonic.now
                if self.window.measures(started) {
                    _ = self.outcome.histogram.record(now - started)
                    self.outcome.measured += 1
                }
                if self.window.isOpen(at: now) { self.send(context) }
            }
            if self.head == self.sent.count {
                self.done.succeed(self.outcome)
            } else if self.head > 4096 {
                self.sent.removeFirst(self.head)
                self.head = 0
            }
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            context.flush()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            self.done.fail(error)
            context.close(promise: nil)
        }
    }
}
